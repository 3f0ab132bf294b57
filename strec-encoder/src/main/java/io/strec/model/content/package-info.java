/**
 * The {@code content} model (design document §4.3, §9.3): items and a user's recent behaviour are
 * turned into text and encoded with the language-model encoder; items are ranked by the cosine
 * similarity between the user's interest vector and each item's vector, blended with popularity for
 * users with little history. New items are recommendable as soon as their text is known.
 */
package io.strec.model.content;

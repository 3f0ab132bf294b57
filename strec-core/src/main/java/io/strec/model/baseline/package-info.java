/**
 * Non-neural baselines, each a {@link io.strec.model.ModelFactory} found by name: global popularity
 * ({@code pop}), popularity by local hour of week ({@code time-pop}), popularity with a fitted
 * distance decay around the query place ({@code geo-pop}), the user's own recency-decayed visits
 * ({@code personal}), first-order item-to-item transitions ({@code markov}) and cosine item-item
 * neighbours ({@code itemknn}). Each factory offers a small grid of typed, validated trainer
 * records; the fitted models are immutable, deterministic and safe for concurrent scoring. Each is
 * a {@link io.strec.model.ServableModel}: it saves its fitted state to one {@code baseline.bin}
 * (see {@code BaselineFile}) that its factory loads back to the same scores, and it takes new
 * catalogue items without refitting, scoring them as items with no training events.
 */
package io.strec.model.baseline;

/**
 * Turning items and behaviour into text (design document §3.2.1, §3.2.2): {@link
 * io.strec.text.Template}s with optional segments, the default {@link io.strec.text.ItemText} for
 * catalogue items and {@link io.strec.text.BehaviourText} for a user's recent events, e.g. "Tue
 * 08:10, Midtown: Coffee Shop; Tue 12:30, Midtown: Ramen Restaurant".
 */
package io.strec.text;

/**
 * Built-in data that needs no download: {@link io.strec.data.synth.SyntheticCity}, a deterministic
 * generator of a believable city's places ({@link io.strec.data.Item}s with names, categories,
 * descriptions, coordinates and {@link io.strec.data.synth.OpeningHours}) and its residents'
 * check-ins, which carry time, space and text signal for the quickstart; {@link
 * io.strec.data.synth.CityWriter}, which writes a city as {@code events.csv} and {@code
 * items.jsonl}; and {@link io.strec.data.synth.WorkedExample}, the design document's two-user
 * example.
 */
package io.strec.data.synth;

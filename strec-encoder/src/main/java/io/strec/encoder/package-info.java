/**
 * Language-model text encoders: a {@link io.strec.encoder.TextEncoder} turns a batch of texts into
 * vectors. Implementations are found by scheme through {@link io.strec.encoder.EncoderProvider}
 * services and opened from a spec string with {@link io.strec.encoder.Encoders#open(String)}.
 */
package io.strec.encoder;

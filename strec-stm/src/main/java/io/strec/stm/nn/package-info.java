/**
 * The network of {@code stm}, written directly on DJL {@link ai.djl.ndarray.NDArray}s with
 * parameters this package manages: named parameters and their binary form ({@link
 * io.strec.stm.nn.Params}), AdamW with warm-up and cosine decay ({@link io.strec.stm.nn.AdamW}),
 * the custom layers (attention with interval and distance biases, the gated item encoder) and the
 * whole forward pass ({@link io.strec.stm.nn.Network}). The layers are functions of their inputs
 * and weights and work in any floating type, so gradient checks can run them in float64. For
 * serving, {@link io.strec.stm.nn.QueryForward} computes a query's terms in plain Java on float32
 * copies of the weights, without the engine's per-operation cost.
 */
package io.strec.stm.nn;

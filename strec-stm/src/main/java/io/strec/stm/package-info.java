/**
 * {@code stm}, the spatio-temporal dependency model (design document §3.2.3-§3.2.4): a causal
 * self-attention encoder over a user's events, each made of a language-model-aware item vector and
 * time and space features, with attention biases from pairwise time intervals and distances,
 * conditioned on the query's time and place, scoring the whole catalogue with a softmax. {@link
 * io.strec.stm.StmFactory} registers it (and its ablations) by name; {@link
 * io.strec.stm.StmTrainer} fits it; {@link io.strec.stm.StmModel} scores, explains and grows its
 * catalogue without refitting (cold start for items through their text); {@link
 * io.strec.stm.artifact.ModelArtifact} is its form in a model directory.
 */
package io.strec.stm;

/**
 * Persisted embeddings and the post-processing fitted on them. An {@link
 * io.strec.encoder.store.EmbeddingStore} keeps one compact binary file per encoder model, keyed by
 * a hash of each text, memory-mapped for reading and replaced atomically on {@link
 * io.strec.encoder.store.EmbeddingStore#flush()}, so that re-running an experiment encodes only the
 * texts it has not seen. {@link io.strec.encoder.store.VectorTransform}s ({@link
 * io.strec.encoder.store.Standardize}, {@link io.strec.encoder.store.Whitening}, {@link
 * io.strec.encoder.store.Pca}) are fitted on a catalogue's vectors and saved in the same binary
 * style; {@link io.strec.encoder.store.SymmetricEigen} is the eigendecomposition under them. No
 * file here is ever read or written with Java serialization.
 */
package io.strec.encoder.store;

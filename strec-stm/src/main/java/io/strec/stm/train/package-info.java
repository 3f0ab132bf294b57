/**
 * The training loop of {@code stm}: windows of user histories in seeded random mini-batches, AdamW
 * steps under autograd, a progress bar per epoch, inner-validation MRR after each epoch, early
 * stopping with the best weights kept, and per-epoch checkpoints from which a fit resumes.
 */
package io.strec.stm.train;

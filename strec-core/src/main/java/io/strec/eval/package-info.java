/**
 * Honest evaluation: protocols turn loaded data into a training {@link io.strec.data.Dataset} and
 * evaluation cases ({@link io.strec.eval.EvalSplit}); the {@link io.strec.eval.Evaluator} ranks the
 * whole catalogue for every case, breaking ties by item id, and returns an immutable {@link
 * io.strec.eval.Evaluation}. The exact definitions are in docs/protocols.md.
 */
package io.strec.eval;

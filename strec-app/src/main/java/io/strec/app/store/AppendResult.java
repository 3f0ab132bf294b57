package io.strec.app.store;

import java.util.List;

/**
 * What one append did.
 *
 * @param stored events written by this batch
 * @param duplicates events whose event id was already stored with the same content
 * @param replayed true when the Idempotency-Key had been seen with the same request, so this is the
 *     original batch's result and nothing was written now
 * @param seqs one per event of the batch, in batch order: its new seq, or for a duplicate the seq
 *     of the event already stored
 */
public record AppendResult(int stored, int duplicates, boolean replayed, List<Long> seqs) {

  public AppendResult {
    if (stored < 0 || duplicates < 0) {
      throw new IllegalArgumentException(
          "counts must be >= 0: stored=" + stored + ", duplicates=" + duplicates);
    }
    seqs = List.copyOf(seqs);
    if (seqs.size() != stored + duplicates) {
      throw new IllegalArgumentException(
          "seqs has "
              + seqs.size()
              + " entries for stored="
              + stored
              + " + duplicates="
              + duplicates);
    }
  }

  /** The same result, marked as replayed. */
  AppendResult asReplay() {
    return new AppendResult(stored, duplicates, true, seqs);
  }
}

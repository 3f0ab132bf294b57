package io.strec.app;

/**
 * The candidate stage's measured recall: over sampled live two-stage queries, the share of the
 * exact top 10 and top 100 (every visible item scored) that the two-stage top 10 and top 100 hold.
 *
 * @param samples queries measured
 * @param dropped samples skipped because the previous ones were still running
 * @param meanAt10 mean recall@10 (NaN before the first sample)
 * @param meanAt100 mean recall@100 (NaN before the first sample)
 */
public record RetrievalRecall(long samples, long dropped, double meanAt10, double meanAt100) {}

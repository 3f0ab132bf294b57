/**
 * Statistics for reporting and comparing evaluation results: a {@link io.strec.eval.stats.Summary}
 * (mean ± sample standard deviation over runs or seeds) and the {@link
 * io.strec.eval.stats.PairedTest}, which compares two systems on the same cases with a paired
 * t-test and a seeded paired bootstrap and returns an immutable {@link
 * io.strec.eval.stats.PairedResult}. The special functions behind the t distribution ({@link
 * io.strec.eval.stats.SpecialFunctions}, {@link io.strec.eval.stats.StudentT}) are implemented here
 * and checked against scipy reference values kept with the tests.
 */
package io.strec.eval.stats;

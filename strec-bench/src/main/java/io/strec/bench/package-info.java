/**
 * JMH benchmarks. Each benchmark checks the correctness of what it measures in its set-up and
 * measures a reference in the same run, so results are read as ratios on the same machine.
 */
package io.strec.bench;

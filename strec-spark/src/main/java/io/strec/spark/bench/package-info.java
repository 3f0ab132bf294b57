/**
 * Throughput of the Spark jobs at 1 and 2 cores and at 1x and 10x data ({@link
 * io.strec.spark.bench.SparkScaleBench}): a measurement to run by hand, never a timed test.
 */
package io.strec.spark.bench;

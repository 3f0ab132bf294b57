/**
 * The catalogue's language-model vectors on Spark: each item rendered as the single-node models
 * render it ({@link io.strec.text.ItemText}), encoded by one encoder session per executor JVM
 * ({@link io.strec.spark.encode.ExecutorEncoders}) over {@code mapPartitions}, written as Parquet
 * vectors and/or into the embedding store that single-node training reads, so that a catalogue
 * encoded on the cluster is never encoded again.
 */
package io.strec.spark.encode;

/**
 * STREC on Apache Spark: the batch work of a catalogue or an event log too big for one machine,
 * with the same code and the same artifacts as a single machine. {@code ingest} imports and cleans
 * any importer's format (each partition parses its lines with the importers' own row parsers),
 * {@code encode} embeds the catalogue with one encoder session per executor, {@code recommend}
 * computes every user's top K from a saved model directory broadcast to the executors; {@link
 * io.strec.spark.SparkMain} is the {@code spark-submit} entry point.
 *
 * <p>Spark ships closures to executors with Java serialization, so what crosses that boundary is
 * kept to small descriptors (strings, numbers, file bytes) from which each executor rebuilds the
 * real objects; nothing is persisted in that form.
 */
package io.strec.spark;

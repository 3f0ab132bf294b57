/**
 * Import and cleaning at scale: a dataset named as {@code KIND:PATH} is read by Spark (any file
 * system Hadoop reads), each partition parses its lines with the importer's own {@link
 * io.strec.data.io.LineTable} (same validation, same messages naming file, line, column and value),
 * rejected rows go to the same {@link io.strec.data.RowPolicy} as a single-node import, then
 * deduplication, k-core filtering and the protocol splits run as Spark jobs. The output (STREC's
 * own layout or Parquet) equals what {@code strec import} writes for the same input.
 */
package io.strec.spark.ingest;

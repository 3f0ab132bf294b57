/**
 * Readers for the file formats STREC imports (MovieLens, Foursquare, RecBole atomic files, generic
 * CSV / TSV / JSONL), built on a line reader that opens gzip transparently and a {@link
 * io.strec.data.io.Row} that parses fields and names the column and value of anything malformed.
 */
package io.strec.data.io;

package io.strec.data.io;

import io.strec.data.RowPolicy;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One text file of a source whose lines each make one record on their own: how to split the file
 * ({@link TableReader}) and how a row becomes a record ({@link RowParser}). A single reader streams
 * it with {@link #read}; a cluster reads the same lines in parallel and parses each one through
 * {@link TableReader#lines} and {@link #parser()}, with the same checks and messages.
 *
 * @param <T> the record type
 */
public record LineTable<T>(TableReader reader, RowParser<T> parser) {
  public LineTable {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(parser, "parser");
  }

  /** The file's name as messages, row counts and reject files give it. */
  public String name() {
    return reader.file().toString();
  }

  /** Streams every accepted record in file order; bad rows go to {@code policy}. */
  public void read(RowPolicy policy, Consumer<? super T> sink) throws IOException {
    reader.read(policy, row -> sink.accept(parser.parse(row)));
  }
}

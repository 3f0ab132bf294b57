package io.strec.data;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Streams raw records from somewhere (files, a generator) and knows where they came from.
 *
 * <p>A source reads; it does not index. Malformed rows go to the {@link RowPolicy}, which either
 * stops the read or records them; every row read is counted there.
 */
public interface DataSource {
  /** A human-readable description of the source, e.g. {@code movielens:/data/ml-100k}. */
  String describe();

  /** Streams every accepted event, in file order. */
  void readEvents(Consumer<RawEvent> sink, RowPolicy policy) throws IOException;

  /** Streams item metadata; sources without any stream nothing. */
  default void readItems(Consumer<Item> sink, RowPolicy policy) throws IOException {}

  /** Streams user attributes; sources without any stream nothing. */
  default void readUsers(Consumer<User> sink, RowPolicy policy) throws IOException {}
}

package io.strec.data.io;

/**
 * Turns one {@link Row} of a file into a record. A bad value is reported by throwing the {@link
 * io.strec.data.InvalidRecordException} that {@link Row}'s parsers make, naming file, line, column
 * and value (an {@link IllegalArgumentException} is turned into one for the whole row).
 *
 * @param <T> the record type
 */
@FunctionalInterface
public interface RowParser<T> {
  T parse(Row row);
}

package io.strec.spark.ingest;

import io.strec.data.DataSource;
import io.strec.data.Item;
import io.strec.data.RawEvent;
import io.strec.data.io.LineTable;
import io.strec.data.io.LineTableSource;
import io.strec.data.io.RowParser;
import io.strec.data.io.TableLines;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Parses the numbered lines of one partition of a table with the importer's own {@link LineTable}:
 * the same splitting, checks and messages as a single reader, one line at a time. Each executor
 * opens the source from its {@link SourceRef} once per partition.
 */
final class ParseLines implements FlatMapFunction<Iterator<Tuple2<String, Long>>, Row> {
  private static final long serialVersionUID = 1L;

  /** Which tables of the source. */
  enum Tables {
    EVENTS,
    ITEMS
  }

  private final SourceRef source;
  private final Tables tables;
  private final int index;
  private final int ordTable;
  private final String headerLine;

  /**
   * @param index the table's position in {@link LineTableSource#eventTables()} or {@link
   *     LineTableSource#itemTables()}
   * @param ordTable the table's position among every table of the source, for {@link EventRows#ORD}
   * @param headerLine the file's first line ("" when its columns are fixed)
   */
  ParseLines(SourceRef source, Tables tables, int index, int ordTable, String headerLine) {
    this.source = source;
    this.tables = tables;
    this.index = index;
    this.ordTable = ordTable;
    this.headerLine = headerLine;
  }

  @Override
  public Iterator<Row> call(Iterator<Tuple2<String, Long>> lines) throws IOException {
    DataSource opened = source.open();
    if (!(opened instanceof LineTableSource src)) {
      throw new IllegalStateException(source.dataset() + " is not read line by line");
    }
    TableLines parse;
    RowParser<Row> parser;
    if (tables == Tables.EVENTS) {
      LineTable<RawEvent> t = src.eventTables().get(index);
      parse = t.reader().lines(headerLine);
      Optional<RowParser<Item>> itemOf = src.itemOfEventRow();
      parser =
          row -> {
            RawEvent e = t.parser().parse(row);
            Row item =
                itemOf.isPresent()
                    ? EventRows.row(itemOf.get().parse(row), EventRows.ord(ordTable, row.line()))
                    : null;
            return ParsedRows.accepted(
                EventRows.row(e, EventRows.ord(ordTable, row.line()), 0), item);
          };
    } else {
      LineTable<Item> t = src.itemTables().get(index);
      parse = t.reader().lines(headerLine);
      parser =
          row ->
              ParsedRows.accepted(
                  null, EventRows.row(t.parser().parse(row), EventRows.ord(ordTable, row.line())));
    }
    return new Iterator<>() {
      private Row next = advance();

      private Row advance() {
        while (lines.hasNext()) {
          Tuple2<String, Long> l = lines.next();
          long no = l._2() + 1;
          TableLines.Parsed<Row> p = parse.parse(no, l._1(), parser);
          if (p instanceof TableLines.Parsed.Value<Row> v) {
            return v.value();
          }
          if (p instanceof TableLines.Parsed.Rejected<Row> r) {
            String raw = l._1();
            if (no == 1 && raw.startsWith("\uFEFF")) {
              raw = raw.substring(1);
            }
            return ParsedRows.rejected(EventRows.ord(ordTable, no), r.error(), raw);
          }
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Row next() {
        if (next == null) {
          throw new java.util.NoSuchElementException();
        }
        Row out = next;
        next = advance();
        return out;
      }
    };
  }
}

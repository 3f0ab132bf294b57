package io.strec.data.io;

import io.strec.data.DataSource;
import io.strec.data.Item;
import io.strec.data.RawEvent;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A source whose files are {@link LineTable}s: every line parses on its own, so a cluster can split
 * the files and parse their lines in parallel with the same checks and messages as {@link
 * #readEvents} and {@link #readItems}, which read exactly these tables.
 */
public interface LineTableSource extends DataSource {
  /** The tables {@link #readEvents} reads, in that order. */
  List<LineTable<RawEvent>> eventTables() throws IOException;

  /**
   * The tables {@link #readItems} reads, in that order; a reader merges the records of one id as
   * {@link io.strec.data.Loaded#read} does. Empty when the items come from the event rows ({@link
   * #itemOfEventRow()}) or the source has no item metadata.
   */
  List<LineTable<Item>> itemTables() throws IOException;

  /**
   * When the source has no item file but its event rows describe their item (a check-in row names
   * the venue's category and place), the item of an accepted event row: {@link #readItems} gives,
   * for each item id, the item of its first accepted event row, unmerged. Empty otherwise.
   */
  default Optional<RowParser<Item>> itemOfEventRow() {
    return Optional.empty();
  }
}

package io.strec.data.io;

import io.strec.data.Item;
import io.strec.data.RawEvent;
import io.strec.data.RowPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Foursquare check-ins in three formats, recognised from the first line:
 *
 * <ul>
 *   <li>{@link Format#TSMC}: the raw TSMC2014 file ({@code dataset_TSMC2014_NYC.txt}),
 *       tab-separated without header: userId, venueId, venueCategoryId, venueCategory, latitude,
 *       longitude, timezoneOffset (minutes), utcTimestamp ({@code Tue Apr 03 18:00:09 +0000 2012});
 *   <li>{@link Format#GETNEXT}: GETNext's CSV ({@code
 *       user_id,POI_id,...,UTC_time,...,trajectory_id});
 *   <li>{@link Format#TABLE}: the check-in table ({@code user_id, venue_idx, venue_id, ..., split,
 *       traj24h_id, getnext_trajectory_id}), tab-separated with header, usually gzip.
 * </ul>
 *
 * <p>The item id is the Foursquare venue id; in the table, a venue without one is {@code #} + its
 * {@code venue_idx}. Items carry the category name as their first category and the venue location.
 * Event type is {@code checkin}; split and group (trajectory) are kept when present.
 */
public final class FoursquareSource implements LineTableSource {
  /** The recognised formats. */
  public enum Format {
    TSMC,
    GETNEXT,
    TABLE
  }

  static final List<String> TSMC_COLUMNS =
      List.of(
          "user_id",
          "venue_id",
          "category_id",
          "category_name",
          "latitude",
          "longitude",
          "tz_offset_min",
          "utc_time");

  private final Path file;
  private final Format format;
  private final Optional<Path> venues;
  private final java.util.Map<String, Item> seenVenues = new java.util.LinkedHashMap<>();
  private boolean eventsRead;

  private FoursquareSource(Path file, Format format, Optional<Path> venues) {
    this.file = file;
    this.format = format;
    this.venues = venues;
  }

  /**
   * Opens {@code file}, detecting its format; a {@code nyc_venues.tsv} beside a table is used for
   * items.
   */
  public static FoursquareSource open(Path file) throws IOException {
    Format f = detect(file);
    Path v = file.resolveSibling("nyc_venues.tsv");
    return new FoursquareSource(
        file, f, f == Format.TABLE && Files.isRegularFile(v) ? Optional.of(v) : Optional.empty());
  }

  static Format detect(Path file) throws IOException {
    try (LineSource in = LineSource.open(file)) {
      String first = in.next();
      if (first == null) {
        throw new io.strec.data.InvalidRecordException(file.toString(), 1, "", null, "empty file");
      }
      if (first.startsWith("user_id\t")) {
        return Format.TABLE;
      }
      if (first.startsWith("user_id,")) {
        return Format.GETNEXT;
      }
      return Format.TSMC;
    }
  }

  public Format format() {
    return format;
  }

  public Path file() {
    return file;
  }

  @Override
  public String describe() {
    return "foursquare:" + file + " (" + format.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }

  @Override
  public void readEvents(Consumer<RawEvent> sink, RowPolicy policy) throws IOException {
    seenVenues.clear();
    reader()
        .read(
            policy,
            row -> {
              RawEvent e = event(row);
              if (venues.isEmpty() && !seenVenues.containsKey(e.itemId())) {
                seenVenues.put(e.itemId(), venueOf(row, e));
              }
              sink.accept(e);
            });
    eventsRead = true;
  }

  @Override
  public List<LineTable<RawEvent>> eventTables() {
    return List.of(new LineTable<>(reader(), this::event));
  }

  @Override
  public List<LineTable<Item>> itemTables() {
    return venues.isPresent() ? List.of(venueTable(venues.get())) : List.of();
  }

  @Override
  public Optional<RowParser<Item>> itemOfEventRow() {
    return venues.isPresent() ? Optional.empty() : Optional.of(venueOfRow());
  }

  /** The venue a check-in row names: its category and the row's place. */
  private RowParser<Item> venueOfRow() {
    return row -> venueOf(row, event(row));
  }

  private Item venueOf(Row row, RawEvent e) {
    String cat = format == Format.GETNEXT ? row.text("POI_catname") : row.text("category_name");
    return venue(e.itemId(), cat, e.latitude(), e.longitude());
  }

  private TableReader reader() {
    return switch (format) {
      case TSMC -> TableReader.of(file).optPlain('\t').optColumns(TSMC_COLUMNS);
      case GETNEXT -> TableReader.of(file).optQuoted(',');
      case TABLE -> TableReader.of(file).optPlain('\t');
    };
  }

  private RawEvent event(Row row) {
    return switch (format) {
      case TSMC ->
          new RawEvent(
              row.id("user_id"),
              row.id("venue_id"),
              row.epochSecond("utc_time", TimeFormat.TSMC),
              row.intValue("tz_offset_min"),
              requiredLat(row, "latitude"),
              requiredLon(row, "longitude"),
              "checkin",
              Double.NaN,
              "",
              "",
              row.provenance());
      case GETNEXT ->
          new RawEvent(
              row.id("user_id"),
              row.id("POI_id"),
              row.epochSecond("UTC_time", TimeFormat.ISO),
              row.intValue("timezone"),
              requiredLat(row, "latitude"),
              requiredLon(row, "longitude"),
              "checkin",
              Double.NaN,
              "",
              row.id("trajectory_id"),
              row.provenance());
      case TABLE -> {
        String group = row.textOr("getnext_trajectory_id", "");
        if (group.isEmpty()) {
          group = row.textOr("traj24h_id", "");
        }
        yield new RawEvent(
            row.id("user_id"),
            tableItemId(row),
            row.epochSecond("utc_time", TimeFormat.ISO),
            row.intValue("tz_offset_min"),
            requiredLat(row, "latitude"),
            requiredLon(row, "longitude"),
            "checkin",
            Double.NaN,
            row.textOr("split", ""),
            group,
            row.provenance());
      }
    };
  }

  /** Venue id, or {@code #venue_idx} when the table has no venue id for the row. */
  static String tableItemId(Row row) {
    String v = row.text("venue_id");
    return v.isEmpty() ? "#" + row.id("venue_idx") : v;
  }

  private static double requiredLat(Row row, String col) {
    double d = row.latitude(col);
    if (Double.isNaN(d)) {
      throw row.error(col, row.text(col), "missing latitude");
    }
    return d;
  }

  private static double requiredLon(Row row, String col) {
    double d = row.longitude(col);
    if (Double.isNaN(d)) {
      throw row.error(col, row.text(col), "missing longitude");
    }
    return d;
  }

  /**
   * Items from the venues table when there is one, else one item per distinct venue of the
   * check-ins (first row's category and location), collected by {@link #readEvents}.
   */
  @Override
  public void readItems(Consumer<Item> sink, RowPolicy policy) throws IOException {
    if (venues.isPresent()) {
      venueTable(venues.get()).read(policy, sink);
      return;
    }
    if (!eventsRead) {
      throw new IllegalStateException(
          "read the events of " + file + " before its items: they come from the same rows");
    }
    seenVenues.values().forEach(sink);
  }

  private static LineTable<Item> venueTable(Path file) {
    return new LineTable<>(
        TableReader.of(file).optPlain('\t'),
        row ->
            venue(
                tableItemId(row),
                row.text("category_name"),
                row.latitude("latitude"),
                row.longitude("longitude")));
  }

  private static Item venue(String id, String category, double lat, double lon) {
    return new Item(id, "", category.isEmpty() ? List.of() : List.of(category), "", "", lat, lon);
  }
}

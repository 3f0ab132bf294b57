package io.strec.data.io;

import io.strec.data.DataSource;
import io.strec.data.Item;
import io.strec.data.Provenance;
import io.strec.data.RawEvent;
import io.strec.data.RowPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * RecBole / UniSRec atomic files named by a prefix {@code DIR/NAME}: tab-separated with typed
 * headers ({@code user_id:token}, {@code item_id_list:token_seq}, ...).
 *
 * <p>Events come from {@code NAME.train.inter} in sequence form ({@code user_id, item_id_list,
 * item_id}: every prefix of a user's training sequence), or from a plain {@code NAME.inter} ({@code
 * user_id, item_id, timestamp}). A sequence file is turned back into events: the history of the
 * user's row with the shortest history, then the target of every row in order of history length
 * (rows of equal length in reverse file order, as UniSRec writes the longest first). Such events
 * have no clock time: their time is their position in the user's sequence.
 *
 * <p>Item text comes from {@code NAME.text} ({@code item_id, text}), keyed through {@code
 * NAME.item2index} ({@code external id, index}) when the .inter files use indices, or from a
 * RecBole {@code NAME.item} file (title, categories, brand, description columns where present).
 */
public final class AtomicSource implements DataSource {
  /** One row of a sequence {@code .inter} file: history (oldest first) and target. */
  public record SequenceRow(
      String user, List<String> history, String target, Provenance provenance) {
    public SequenceRow {
      history = List.copyOf(history);
    }
  }

  private final Path prefix;

  public AtomicSource(Path prefix) {
    this.prefix = prefix;
  }

  /** {@code DIR/NAME} + suffix, e.g. {@code .train.inter}. */
  public Path file(String suffix) {
    return prefix.resolveSibling(prefix.getFileName() + suffix);
  }

  @Override
  public String describe() {
    return "atomic:" + prefix;
  }

  /** RecBole header names without their {@code :type} suffix. */
  static String stripType(String header) {
    int c = header.indexOf(':');
    return c < 0 ? header : header.substring(0, c);
  }

  /** Reads a sequence-form .inter file ({@code user_id, item_id_list, item_id}). */
  public static List<SequenceRow> readSequences(Path file, RowPolicy policy) throws IOException {
    List<SequenceRow> rows = new ArrayList<>();
    TableReader.of(file)
        .optPlain('\t')
        .optHeaderName(AtomicSource::stripType)
        .read(
            policy,
            row -> {
              String list = row.text("item_id_list");
              List<String> history = list.isEmpty() ? List.of() : List.of(list.split(" +"));
              rows.add(
                  new SequenceRow(row.id("user_id"), history, row.id("item_id"), row.provenance()));
            });
    return rows;
  }

  @Override
  public void readEvents(Consumer<RawEvent> sink, RowPolicy policy) throws IOException {
    Path train = file(".train.inter");
    Path plain = file(".inter");
    if (Files.isRegularFile(train)) {
      sequencesToEvents(readSequences(train, policy), sink);
    } else if (Files.isRegularFile(plain)) {
      TableReader.of(plain)
          .optPlain('\t')
          .optHeaderName(AtomicSource::stripType)
          .read(
              policy,
              row -> {
                long t =
                    row.has("timestamp")
                        ? row.epochSecond("timestamp", TimeFormat.UNIX_SECONDS)
                        : row.line();
                double w = row.has("rating") ? row.doubleValue("rating") : Double.NaN;
                sink.accept(
                    new RawEvent(
                        row.id("user_id"),
                        row.id("item_id"),
                        t,
                        0,
                        Double.NaN,
                        Double.NaN,
                        "",
                        w,
                        "",
                        "",
                        row.provenance()));
              });
    } else {
      throw new NoSuchFileException(
          train.toString(), null, "no atomic interaction file (.train.inter or .inter)");
    }
  }

  /** Rebuilds each user's chronological sequence from prefix rows; see the class comment. */
  static void sequencesToEvents(List<SequenceRow> rows, Consumer<RawEvent> sink) {
    Map<String, List<SequenceRow>> byUser = new LinkedHashMap<>();
    for (SequenceRow r : rows) {
      byUser.computeIfAbsent(r.user(), u -> new ArrayList<>()).add(r);
    }
    for (var entry : byUser.entrySet()) {
      List<SequenceRow> userRows = new ArrayList<>(entry.getValue());
      java.util.Collections.reverse(userRows);
      userRows.sort(Comparator.comparingInt(r -> r.history().size()));
      SequenceRow first = userRows.get(0);
      long pos = 0;
      for (String item : first.history()) {
        sink.accept(RawEvent.of(entry.getKey(), item, pos++, first.provenance()));
      }
      for (SequenceRow r : userRows) {
        sink.accept(RawEvent.of(entry.getKey(), r.target(), pos++, r.provenance()));
      }
    }
  }

  @Override
  public void readItems(Consumer<Item> sink, RowPolicy policy) throws IOException {
    Path text = file(".text");
    Path itemFile = file(".item");
    Map<String, String> toIndex = readItem2Index(policy);
    // Every indexed item belongs to the catalogue, with or without text.
    toIndex.values().forEach(index -> sink.accept(Item.bare(index)));
    if (Files.isRegularFile(text)) {
      TableReader.of(text)
          .optPlain('\t')
          .optHeaderName(AtomicSource::stripType)
          .read(
              policy,
              row -> {
                String id = row.id("item_id");
                String mapped = toIndex.isEmpty() ? id : toIndex.get(id);
                if (mapped == null) {
                  throw row.error("item_id", id, "not listed in " + file(".item2index"));
                }
                sink.accept(
                    new Item(mapped, row.text("text"), List.of(), "", "", Double.NaN, Double.NaN));
              });
    } else if (Files.isRegularFile(itemFile)) {
      TableReader.of(itemFile)
          .optPlain('\t')
          .optHeaderName(AtomicSource::stripType)
          .read(
              policy,
              row -> {
                String cats = row.textOr("categories", "");
                sink.accept(
                    new Item(
                        row.id("item_id"),
                        row.textOr("title", row.textOr("movie_title", "")),
                        cats.isEmpty() ? List.of() : List.of(cats.split("\\s*[,|]\\s*")),
                        row.textOr("brand", ""),
                        row.textOr("description", ""),
                        Double.NaN,
                        Double.NaN));
              });
    }
  }

  private Map<String, String> readItem2Index(RowPolicy policy) throws IOException {
    Path f = file(".item2index");
    Map<String, String> map = new HashMap<>();
    if (Files.isRegularFile(f)) {
      TableReader.of(f)
          .optPlain('\t')
          .optColumns(List.of("external_id", "index"))
          .read(policy, row -> map.put(row.id("external_id"), row.id("index")));
    }
    return map;
  }
}

package io.strec.data.io;

import io.strec.data.Item;
import io.strec.data.RawEvent;
import io.strec.data.RowPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * MovieLens in its three layouts, recognised by file name in the directory: 100K ({@code u.data},
 * {@code u.item}, {@code u.genre}), 1M / 10M ({@code ratings.dat}, {@code movies.dat}, separated by
 * {@code ::}) and latest / 20M / 25M ({@code ratings.csv}, {@code movies.csv} with headers). Events
 * are ratings: type {@code rating}, weight = the rating, no location.
 */
public final class MovieLensSource implements LineTableSource {
  /** Genre order of the 100K {@code u.item} flags, used when {@code u.genre} is absent. */
  static final List<String> GENRES_100K =
      List.of(
          "unknown",
          "Action",
          "Adventure",
          "Animation",
          "Children's",
          "Comedy",
          "Crime",
          "Documentary",
          "Drama",
          "Fantasy",
          "Film-Noir",
          "Horror",
          "Musical",
          "Mystery",
          "Romance",
          "Sci-Fi",
          "Thriller",
          "War",
          "Western");

  private static final java.util.regex.Pattern YEAR =
      java.util.regex.Pattern.compile("\\((\\d{4})\\)\\s*$");

  /** The file layouts. */
  public enum Layout {
    ML_100K,
    ML_1M,
    ML_CSV
  }

  private final Path dir;
  private final Layout layout;

  public MovieLensSource(Path dir) throws IOException {
    this.dir = dir;
    if (Files.isRegularFile(dir.resolve("u.data"))) {
      layout = Layout.ML_100K;
    } else if (Files.isRegularFile(dir.resolve("ratings.dat"))) {
      layout = Layout.ML_1M;
    } else if (Files.isRegularFile(dir.resolve("ratings.csv"))) {
      layout = Layout.ML_CSV;
    } else {
      throw new NoSuchFileException(
          dir.toString(),
          null,
          "not a MovieLens directory: expected u.data, ratings.dat or ratings.csv");
    }
  }

  public Layout layout() {
    return layout;
  }

  @Override
  public String describe() {
    return "movielens:" + dir;
  }

  @Override
  public void readEvents(Consumer<RawEvent> sink, RowPolicy policy) throws IOException {
    for (LineTable<RawEvent> t : eventTables()) {
      t.read(policy, sink);
    }
  }

  @Override
  public List<LineTable<RawEvent>> eventTables() {
    List<String> cols = List.of("user_id", "item_id", "rating", "timestamp");
    TableReader reader =
        switch (layout) {
          case ML_100K -> TableReader.of(dir.resolve("u.data")).optPlain('\t').optColumns(cols);
          case ML_1M ->
              TableReader.of(dir.resolve("ratings.dat")).optSeparator("::").optColumns(cols);
          case ML_CSV ->
              TableReader.of(dir.resolve("ratings.csv"))
                  .optQuoted(',')
                  .optHeaderName(
                      h ->
                          switch (h) {
                            case "userId" -> "user_id";
                            case "movieId" -> "item_id";
                            default -> h;
                          });
        };
    return List.of(
        new LineTable<>(
            reader,
            row ->
                new RawEvent(
                    row.id("user_id"),
                    row.id("item_id"),
                    row.epochSecond("timestamp", TimeFormat.UNIX_SECONDS),
                    0,
                    Double.NaN,
                    Double.NaN,
                    "rating",
                    row.doubleValue("rating"),
                    "",
                    "",
                    row.provenance())));
  }

  @Override
  public void readItems(Consumer<Item> sink, RowPolicy policy) throws IOException {
    for (LineTable<Item> t : itemTables()) {
      t.read(policy, sink);
    }
  }

  @Override
  public List<LineTable<Item>> itemTables() throws IOException {
    switch (layout) {
      case ML_100K -> {
        Path f = dir.resolve("u.item");
        return Files.isRegularFile(f) ? List.of(items100k(f)) : List.of();
      }
      case ML_1M -> {
        Path f = dir.resolve("movies.dat");
        return Files.isRegularFile(f)
            ? List.of(
                new LineTable<>(
                    TableReader.of(f)
                        .optCharset(StandardCharsets.ISO_8859_1)
                        .optSeparator("::")
                        .optColumns(List.of("item_id", "title", "genres")),
                    row -> movie(row.id("item_id"), row.text("title"), row.text("genres"))))
            : List.of();
      }
      case ML_CSV -> {
        Path f = dir.resolve("movies.csv");
        return Files.isRegularFile(f)
            ? List.of(
                new LineTable<>(
                    TableReader.of(f)
                        .optQuoted(',')
                        .optHeaderName(h -> h.equals("movieId") ? "item_id" : h),
                    row -> movie(row.id("item_id"), row.text("title"), row.text("genres"))))
            : List.of();
      }
      default -> throw new IllegalStateException("unknown layout " + layout);
    }
  }

  /**
   * User attributes: 100K {@code u.user} ({@code id|age|gender|occupation|zip}) or 1M {@code
   * users.dat} ({@code id::gender::age::occupation::zip}); other layouts have none.
   */
  @Override
  public void readUsers(Consumer<io.strec.data.User> sink, RowPolicy policy) throws IOException {
    Path users100k = dir.resolve("u.user");
    Path users1m = dir.resolve("users.dat");
    TableReader reader;
    if (layout == Layout.ML_100K && Files.isRegularFile(users100k)) {
      reader =
          TableReader.of(users100k)
              .optCharset(StandardCharsets.ISO_8859_1)
              .optPlain('|')
              .optColumns(List.of("user_id", "age", "gender", "occupation", "zip"));
    } else if (layout == Layout.ML_1M && Files.isRegularFile(users1m)) {
      reader =
          TableReader.of(users1m)
              .optSeparator("::")
              .optColumns(List.of("user_id", "gender", "age", "occupation", "zip"));
    } else {
      return;
    }
    reader.read(
        policy,
        row -> {
          int age = row.intValue("age");
          sink.accept(
              new io.strec.data.User(
                  row.id("user_id"),
                  java.util.Map.of(
                      "age",
                      Integer.toString(age),
                      "gender",
                      row.text("gender"),
                      "occupation",
                      row.text("occupation"),
                      "zip",
                      row.text("zip"))));
        });
  }

  private LineTable<Item> items100k(Path f) throws IOException {
    List<String> genres = genres100k();
    List<String> cols =
        new ArrayList<>(List.of("item_id", "title", "release_date", "video_release_date", "url"));
    for (int g = 0; g < genres.size(); g++) {
      cols.add("genre_" + g);
    }
    return new LineTable<>(
        TableReader.of(f).optCharset(StandardCharsets.ISO_8859_1).optPlain('|').optColumns(cols),
        row -> {
          List<String> tags = new ArrayList<>();
          for (int g = 0; g < genres.size(); g++) {
            String flag = row.text("genre_" + g);
            if (!flag.equals("0") && !flag.equals("1")) {
              throw row.error("genre_" + g, flag, "genre flag must be 0 or 1");
            }
            if (flag.equals("1")) {
              tags.add(genres.get(g));
            }
          }
          return movieItem(row.id("item_id"), row.text("title"), tags);
        });
  }

  private List<String> genres100k() throws IOException {
    Path f = dir.resolve("u.genre");
    if (!Files.isRegularFile(f)) {
      return GENRES_100K;
    }
    List<String> names = new ArrayList<>();
    for (String line : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
      if (!line.isBlank()) {
        names.add(line.substring(0, line.lastIndexOf('|')));
      }
    }
    return names;
  }

  private static Item movie(String id, String title, String genres) {
    List<String> tags =
        genres.isEmpty() || genres.equals("(no genres listed)")
            ? List.of()
            : List.of(genres.split("\\|"));
    return movieItem(id, title, tags);
  }

  private static Item movieItem(String id, String title, List<String> genres) {
    var m = YEAR.matcher(title);
    String description = m.find() ? "Released " + m.group(1) + "." : "";
    return new Item(id, title, genres, "", description, Double.NaN, Double.NaN);
  }
}

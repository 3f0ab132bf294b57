package io.strec.stm.artifact;

import ai.djl.ndarray.NDManager;
import io.strec.data.Item;
import io.strec.data.Vocabulary;
import io.strec.model.History;
import io.strec.model.ModelContext;
import io.strec.model.artifact.ModelDirectory;
import io.strec.model.artifact.ModelFormatException;
import io.strec.stm.Devices;
import io.strec.stm.StmConfig;
import io.strec.stm.StmModel;
import io.strec.stm.StmState;
import io.strec.stm.UserText;
import io.strec.stm.data.GeoGrid;
import io.strec.stm.data.ItemText;
import io.strec.stm.data.TextNeighbours;
import io.strec.stm.data.Transitions;
import io.strec.text.BehaviourText;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Writes and reads stm's own files of a model directory (the layout is in {@link ModelArtifact}).
 */
final class StmFiles {
  /** The frozen item vectors the model was saved with (absent in directories saved before). */
  static final String SERVING_FILE = "serving.bin";

  private StmFiles() {}

  static void write(StmModel model, Path dir) throws IOException {
    StmState s = model.state();
    Files.createDirectories(dir);
    try (DataOutputStream out = data(dir, "weights.bin")) {
      model.writeWeights(out);
    }
    ModelDirectory.writeProperties(dir.resolve("config.properties"), s.config().toProperties());
    ModelDirectory.writeProperties(dir.resolve("grid.properties"), s.grid().toProperties());
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < s.items().size(); i++) {
      items
          .append(clean(s.items().id(i)))
          .append('\t')
          .append(s.counts()[i])
          .append('\t')
          .append(s.lat()[i])
          .append('\t')
          .append(s.lon()[i])
          .append('\t')
          .append(clean(s.itemTitles().get(i)))
          .append('\n');
    }
    text(dir, "items.tsv", items.toString());
    text(dir, "users.txt", String.join("\n", s.users().ids()) + (s.users().size() > 0 ? "\n" : ""));
    if (s.text() != null) {
      try (DataOutputStream out = data(dir, "text.bin")) {
        s.text().write(out);
      }
    }
    if (model.userText().isPresent()) {
      writeUserText(model.userText().get(), dir);
    }
    try (DataOutputStream out = data(dir, "transitions.bin")) {
      s.transitions().write(out);
    }
    try (DataOutputStream out = data(dir, "neighbours.bin")) {
      s.neighbours().write(out);
    }
    if (model.servingVectors().isPresent()) {
      // In text.bin's layout: loading reads them instead of computing them from text.bin.
      float[] vectors = model.servingVectors().get();
      int d = s.config().dim();
      try (DataOutputStream out = data(dir, SERVING_FILE)) {
        out.writeInt(vectors.length / d);
        out.writeInt(d);
        ByteBuffer block = ByteBuffer.allocate(1 << 20);
        for (int from = 0; from < vectors.length; ) {
          int count = Math.min(vectors.length - from, block.capacity() / Float.BYTES);
          block.clear();
          block.asFloatBuffer().put(vectors, from, count);
          out.write(block.array(), 0, count * Float.BYTES);
          from += count;
        }
      }
    }
    try (DataOutputStream out = data(dir, "histories.bin")) {
      out.writeInt(s.histories().size());
      for (History h : s.histories()) {
        out.writeInt(h.size());
        for (int k = 0; k < h.size(); k++) {
          out.writeInt(h.item(k));
          out.writeLong(h.time(k));
          out.writeInt(h.tzOffsetMinutes(k));
          out.writeDouble(h.latitude(k));
          out.writeDouble(h.longitude(k));
        }
      }
    }
  }

  /**
   * Reads the model's files; the directory's checksums have been verified.
   *
   * @param catalogue the item ids of {@code catalogue.txt} (format 2), or empty to take those of
   *     {@code items.tsv} (format 1)
   * @param provenance what the model's state records
   * @param context kept by the model for items added later (not owned), or null
   */
  static StmModel read(
      Path dir,
      String name,
      Optional<List<String>> catalogue,
      Map<String, String> provenance,
      ModelContext context)
      throws IOException {
    StmConfig config =
        StmConfig.ofSaved(ModelDirectory.readProperties(dir.resolve("config.properties")));
    ItemsFile parsed = ItemsFile.read(dir, catalogue);
    List<String> ids = parsed.ids();
    List<String> titles = parsed.titles();
    int n = ids.size();
    Vocabulary items = Vocabulary.of(ids);
    double[] lat = parsed.lat();
    double[] lon = parsed.lon();
    GeoGrid grid = grid(dir, catalogue.isEmpty(), lat, lon);
    List<String> userIds =
        Files.readAllLines(dir.resolve("users.txt"), StandardCharsets.UTF_8).stream()
            .filter(l -> !l.isEmpty())
            .toList();
    Vocabulary users = Vocabulary.of(userIds);
    Transitions transitions;
    try (DataInputStream in = in(dir, "transitions.bin")) {
      transitions = Transitions.read(in);
    }
    if (!Files.exists(dir.resolve("neighbours.bin"))) {
      throw new IOException(
          dir.resolve("neighbours.bin")
              + " is missing: the model was saved by an stm without the text-neighbour term;"
              + " train it again");
    }
    // Read on demand: a query reads the lists of its last few items.
    TextNeighbours neighbours = TextNeighbours.open(dir.resolve("neighbours.bin"));
    // Read on demand: when items are added, and (for a directory without serving.bin) once to
    // compute the item vectors.
    ItemText text = null;
    UserText user = null;
    NDManager manager = null;
    try {
      if (Files.exists(dir.resolve("text.bin"))) {
        text = ItemText.open(dir.resolve("text.bin"));
        if (text.size() != n) {
          throw new IOException("text.bin holds " + text.size() + " vectors for " + n + " items");
        }
      }
      StmState state =
          new StmState(
              config,
              items,
              users,
              parsed.counts(),
              lat,
              lon,
              text,
              titles,
              grid,
              transitions,
              neighbours,
              histories(dir),
              provenance);
      user = readUserText(dir, items);
      manager = NDManager.newBaseManager(Devices.configured());
      Optional<float[]> serving = servingVectors(dir, n, config.dim());
      try (DataInputStream in = in(dir, "weights.bin")) {
        return StmModel.restore(name, state, manager, user, context, in, serving);
      }
    } catch (IOException | RuntimeException e) {
      try {
        if (manager != null) {
          manager.close();
        }
      } finally {
        try {
          if (user != null) {
            user.close();
          }
        } finally {
          try {
            if (text != null) {
              text.close();
            }
          } finally {
            neighbours.close();
          }
        }
      }
      throw e;
    }
  }

  /**
   * The saved frozen item vectors of {@code n} items of {@code dim}, when the directory has them.
   */
  private static Optional<float[]> servingVectors(Path dir, int n, int dim) throws IOException {
    Path file = dir.resolve(SERVING_FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try (ItemText rows = ItemText.open(file)) {
      if (rows.size() != n || rows.dim() != dim) {
        throw new ModelFormatException(
            dir,
            SERVING_FILE
                + " holds "
                + rows.size()
                + " vectors of "
                + rows.dim()
                + " floats, but the model has "
                + n
                + " items of "
                + dim);
      }
      return Optional.of(rows.flat(0, n));
    }
  }

  /**
   * The region grid. Format 1 did not record the mean latitude; such a directory holds no added
   * items, so the mean over its items is the one the network was fitted with.
   */
  private static GeoGrid grid(Path dir, boolean format1, double[] lat, double[] lon)
      throws IOException {
    Properties p = ModelDirectory.readProperties(dir.resolve("grid.properties"));
    if (format1 && p.getProperty("meanLat") == null) {
      p.setProperty("meanLat", Double.toString(GeoGrid.meanLatitude(lat, lon)));
    }
    try {
      return GeoGrid.of(p);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(dir, "grid.properties: " + e.getMessage(), e);
    }
  }

  private static List<History> histories(Path dir) throws IOException {
    List<History> histories = new ArrayList<>();
    try (DataInputStream in = in(dir, "histories.bin")) {
      int u = in.readInt();
      for (int j = 0; j < u; j++) {
        int len = in.readInt();
        int[] it = new int[len];
        long[] t = new long[len];
        int[] tz = new int[len];
        double[] la = new double[len];
        double[] lo = new double[len];
        for (int k = 0; k < len; k++) {
          it[k] = in.readInt();
          t[k] = in.readLong();
          tz[k] = in.readInt();
          la[k] = in.readDouble();
          lo[k] = in.readDouble();
        }
        histories.add(new History(it, t, tz, la, lo));
      }
    }
    return histories;
  }

  /**
   * {@code user-text.properties} (encoder spec, event template, events rendered, dimension) and
   * {@code user-items.tsv} (id, title, categories joined by '|' for each item): what rendering and
   * encoding behaviour texts needs after loading.
   */
  private static void writeUserText(UserText u, Path dir) throws IOException {
    Properties p = new Properties();
    p.setProperty("encoder_spec", u.encoderSpec());
    p.setProperty("event_template", u.renderer().eventTemplate());
    p.setProperty("events", Integer.toString(u.renderer().lastN()));
    p.setProperty("dim", Integer.toString(u.dim()));
    ModelDirectory.writeProperties(dir.resolve("user-text.properties"), p);
    StringBuilder b = new StringBuilder();
    for (Item it : u.items()) {
      b.append(clean(it.id()))
          .append('\t')
          .append(clean(it.title()))
          .append('\t')
          .append(
              clean(
                  String.join(
                      "|", it.categories().stream().map(c -> c.replace('|', '/')).toList())))
          .append('\n');
    }
    text(dir, "user-items.tsv", b.toString());
  }

  /**
   * The behaviour-text encoder of a saved model: the encoder named in {@code user-text.properties},
   * opened in a context of its own (embeddings kept in memory) that the model closes; null when the
   * model takes no behaviour text.
   */
  private static UserText readUserText(Path dir, Vocabulary items) throws IOException {
    if (!Files.exists(dir.resolve("user-text.properties"))) {
      return null;
    }
    Properties p = ModelDirectory.readProperties(dir.resolve("user-text.properties"));
    String spec = p.getProperty("encoder_spec");
    String template = p.getProperty("event_template");
    String events = p.getProperty("events");
    String dim = p.getProperty("dim");
    if (spec == null || template == null || events == null || dim == null) {
      throw new IOException(
          dir.resolve("user-text.properties")
              + ": needs encoder_spec, event_template, events and dim");
    }
    List<Item> infos = new ArrayList<>();
    int line = 0;
    for (String row : Files.readAllLines(dir.resolve("user-items.tsv"), StandardCharsets.UTF_8)) {
      line++;
      String[] f = row.split("\t", -1);
      if (f.length != 3) {
        throw new IOException(
            dir.resolve("user-items.tsv") + ":" + line + ": expected 3 fields, got " + f.length);
      }
      if (infos.size() >= items.size() || !f[0].equals(clean(items.id(infos.size())))) {
        throw new IOException(
            dir.resolve("user-items.tsv") + ":" + line + ": item '" + f[0] + "' out of order");
      }
      List<String> cats = f[2].isEmpty() ? List.of() : List.of(f[2].split("\\|"));
      infos.add(new Item(items.id(infos.size()), f[1], cats, "", "", Double.NaN, Double.NaN));
    }
    if (infos.size() != items.size()) {
      throw new IOException(
          dir.resolve("user-items.tsv")
              + ": "
              + infos.size()
              + " items, catalogue "
              + items.size());
    }
    ModelContext context = new ModelContext(spec, Optional.empty(), l -> {});
    try {
      UserText u =
          new UserText(context, true, new BehaviourText(template, Integer.parseInt(events)), infos);
      if (u.dim() != Integer.parseInt(dim)) {
        throw new IOException(
            "encoder '"
                + spec
                + "' gives "
                + u.dim()
                + "-d vectors, the model was trained on "
                + dim);
      }
      return u;
    } catch (IOException | RuntimeException e) {
      context.close();
      throw e;
    }
  }

  static String clean(String s) {
    return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }

  private static DataOutputStream data(Path dir, String name) throws IOException {
    return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(name))));
  }

  private static DataInputStream in(Path dir, String name) throws IOException {
    return new DataInputStream(
        new BufferedInputStream(Files.newInputStream(dir.resolve(name)), 1 << 20));
  }

  private static void text(Path dir, String name, String content) throws IOException {
    Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }
}

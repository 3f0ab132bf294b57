package io.strec.stm.artifact;

import ai.djl.ndarray.NDManager;
import io.strec.data.Item;
import io.strec.data.Vocabulary;
import io.strec.model.History;
import io.strec.model.ModelContext;
import io.strec.stm.Devices;
import io.strec.stm.StmConfig;
import io.strec.stm.StmModel;
import io.strec.stm.StmState;
import io.strec.stm.UserText;
import io.strec.stm.data.GeoGrid;
import io.strec.stm.data.TextNeighbours;
import io.strec.stm.data.Transitions;
import io.strec.text.BehaviourText;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Saves and loads a fitted {@code stm} as a directory:
 *
 * <ul>
 *   <li>{@code weights.bin}: every parameter, little-endian float32 (see {@link
 *       io.strec.stm.nn.Params});
 *   <li>{@code config.properties}, {@code grid.properties}, {@code provenance.properties} (data,
 *       encoder id, seed, config, code version, engine, creation time, training summary);
 *   <li>{@code items.tsv} (id, training count, latitude, longitude, label; in index order) and
 *       {@code users.txt} (ids in index order): the vocabularies;
 *   <li>{@code text.bin} (frozen language-model vectors, when text is used), {@code
 *       transitions.bin}, {@code neighbours.bin} (each item's nearest items by text), {@code
 *       histories.bin} (each training user's events): big-endian, as {@link DataOutputStream}
 *       writes;
 *   <li>{@code checksums.sha256}: SHA-256 of every other file, verified before loading.
 * </ul>
 */
public final class ModelArtifact {
  private ModelArtifact() {}

  public static void save(StmModel model, Path dir) throws IOException {
    StmState s = model.state();
    Files.createDirectories(dir);
    List<String> files = new ArrayList<>();
    try (DataOutputStream out = data(dir, "weights.bin", files)) {
      model.writeWeights(out);
    }
    props(dir, "config.properties", s.config().toProperties(), files);
    props(dir, "grid.properties", s.grid().toProperties(), files);
    Properties prov = new Properties();
    prov.putAll(s.provenance());
    prov.setProperty("model", model.name());
    props(dir, "provenance.properties", prov, files);
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
    text(dir, "items.tsv", items.toString(), files);
    text(
        dir,
        "users.txt",
        String.join("\n", s.users().ids()) + (s.users().size() > 0 ? "\n" : ""),
        files);
    if (s.text() != null) {
      try (DataOutputStream out = data(dir, "text.bin", files)) {
        out.writeInt(s.text().length);
        out.writeInt(s.text().length == 0 ? 0 : s.text()[0].length);
        for (float[] row : s.text()) {
          for (float f : row) {
            out.writeFloat(f);
          }
        }
      }
    }
    if (model.userText().isPresent()) {
      saveUserText(model.userText().get(), dir, files);
    }
    try (DataOutputStream out = data(dir, "transitions.bin", files)) {
      s.transitions().write(out);
    }
    try (DataOutputStream out = data(dir, "neighbours.bin", files)) {
      s.neighbours().write(out);
    }
    try (DataOutputStream out = data(dir, "histories.bin", files)) {
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
    Checksums.write(dir, files);
  }

  /** Loads a model saved by {@link #save}, after checking every file's checksum. */
  public static StmModel load(Path dir) throws IOException {
    Checksums.verify(dir);
    StmConfig config = StmConfig.of(readProps(dir, "config.properties"));
    GeoGrid grid = GeoGrid.of(readProps(dir, "grid.properties"));
    Properties prov = readProps(dir, "provenance.properties");
    List<String> ids = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    List<Double> lats = new ArrayList<>();
    List<Double> lons = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("items.tsv"), StandardCharsets.UTF_8)) {
      String[] f = line.split("\t", -1);
      if (f.length != 5) {
        throw new IOException(
            "items.tsv: expected 5 fields, got " + f.length + " in '" + line + "'");
      }
      ids.add(f[0]);
      counts.add(Integer.parseInt(f[1]));
      lats.add(Double.parseDouble(f[2]));
      lons.add(Double.parseDouble(f[3]));
      titles.add(f[4]);
    }
    int n = ids.size();
    Vocabulary items = Vocabulary.of(ids);
    List<String> userIds =
        Files.readAllLines(dir.resolve("users.txt"), StandardCharsets.UTF_8).stream()
            .filter(l -> !l.isEmpty())
            .toList();
    Vocabulary users = Vocabulary.of(userIds);
    float[][] text = null;
    if (Files.exists(dir.resolve("text.bin"))) {
      try (DataInputStream in = in(dir, "text.bin")) {
        int rows = in.readInt();
        int dim = in.readInt();
        if (rows != n) {
          throw new IOException("text.bin holds " + rows + " vectors for " + n + " items");
        }
        text = new float[rows][dim];
        for (float[] row : text) {
          for (int k = 0; k < dim; k++) {
            row[k] = in.readFloat();
          }
        }
      }
    }
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
    TextNeighbours neighbours;
    try (DataInputStream in = in(dir, "neighbours.bin")) {
      neighbours = TextNeighbours.read(in);
    }
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
    Map<String, String> provenance = new LinkedHashMap<>();
    for (String k : new TreeMap<>(prov).keySet().stream().map(Object::toString).toList()) {
      provenance.put(k, prov.getProperty(k));
    }
    String name = provenance.getOrDefault("model", "stm");
    StmState state =
        new StmState(
            config,
            items,
            users,
            counts.stream().mapToInt(Integer::intValue).toArray(),
            lats.stream().mapToDouble(Double::doubleValue).toArray(),
            lons.stream().mapToDouble(Double::doubleValue).toArray(),
            text,
            titles,
            grid,
            transitions,
            neighbours,
            histories,
            provenance);
    UserText user = loadUserText(dir, items);
    NDManager manager = NDManager.newBaseManager(Devices.configured());
    try (DataInputStream in = in(dir, "weights.bin")) {
      return StmModel.restore(name, state, manager, user, in);
    } catch (IOException | RuntimeException e) {
      try {
        manager.close();
      } finally {
        if (user != null) {
          user.close();
        }
      }
      throw e;
    }
  }

  /**
   * {@code user-text.properties} (encoder spec, event template, events rendered, dimension) and
   * {@code user-items.tsv} (id, title, categories joined by '|' for each item): what rendering and
   * encoding behaviour texts needs after loading.
   */
  private static void saveUserText(UserText u, Path dir, List<String> files) throws IOException {
    Properties p = new Properties();
    p.setProperty("encoder_spec", u.encoderSpec());
    p.setProperty("event_template", u.renderer().eventTemplate());
    p.setProperty("events", Integer.toString(u.renderer().lastN()));
    p.setProperty("dim", Integer.toString(u.dim()));
    props(dir, "user-text.properties", p, files);
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
    text(dir, "user-items.tsv", b.toString(), files);
  }

  /**
   * The behaviour-text encoder of a saved model: the encoder named in {@code user-text.properties},
   * opened in a context of its own (embeddings kept in memory) that the model closes; null when the
   * model takes no behaviour text.
   */
  private static UserText loadUserText(Path dir, Vocabulary items) throws IOException {
    if (!Files.exists(dir.resolve("user-text.properties"))) {
      return null;
    }
    Properties p = readProps(dir, "user-text.properties");
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
      if (infos.size() >= items.size() || !f[0].equals(items.id(infos.size()))) {
        throw new IOException(
            dir.resolve("user-items.tsv") + ":" + line + ": item '" + f[0] + "' out of order");
      }
      List<String> cats = f[2].isEmpty() ? List.of() : List.of(f[2].split("\\|"));
      infos.add(new Item(f[0], f[1], cats, "", "", Double.NaN, Double.NaN));
    }
    if (infos.size() != items.size()) {
      throw new IOException(
          dir.resolve("user-items.tsv")
              + ": "
              + infos.size()
              + " items, catalogue "
              + items.size());
    }
    ModelContext context = new ModelContext(spec, java.util.Optional.empty(), l -> {});
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

  private static String clean(String s) {
    return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }

  private static DataOutputStream data(Path dir, String name, List<String> files)
      throws IOException {
    files.add(name);
    return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(name))));
  }

  private static DataInputStream in(Path dir, String name) throws IOException {
    return new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(name))));
  }

  private static void props(Path dir, String name, Properties p, List<String> files)
      throws IOException {
    files.add(name);
    StringBuilder b = new StringBuilder();
    for (String k : new java.util.TreeSet<>(p.stringPropertyNames())) {
      Properties one = new Properties();
      one.setProperty(k, p.getProperty(k));
      java.io.StringWriter w = new java.io.StringWriter();
      one.store(w, null);
      w.toString().lines().filter(l -> !l.startsWith("#")).forEach(l -> b.append(l).append('\n'));
    }
    try (Writer w = Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8)) {
      w.write(b.toString());
    }
  }

  private static Properties readProps(Path dir, String name) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(dir.resolve(name), StandardCharsets.UTF_8)) {
      p.load(r);
    }
    return p;
  }

  private static void text(Path dir, String name, String content, List<String> files)
      throws IOException {
    files.add(name);
    Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }
}

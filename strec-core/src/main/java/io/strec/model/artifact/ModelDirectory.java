package io.strec.model.artifact;

import io.strec.data.Vocabulary;
import io.strec.model.ModelContext;
import io.strec.model.ModelFactory;
import io.strec.model.ModelRegistry;
import io.strec.model.ServableModel;
import io.strec.util.AtomicFiles;
import io.strec.util.BadInputException;
import io.strec.util.Closing;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A saved model on disk, of any family. Layout (format {@value #FORMAT_VERSION}):
 *
 * <ul>
 *   <li>{@value #FORMAT_FILE}: {@code format_version} and {@code model} (the family's name, which
 *       finds its {@link ModelFactory} to load it);
 *   <li>{@value #PROVENANCE_FILE}: the {@link ModelProvenance};
 *   <li>{@value #CATALOGUE_FILE}: the item ids in the model's index order, one per line;
 *   <li>the model's own files ({@link ServableModel#save});
 *   <li>{@value Checksums#FILE}: SHA-256 of every other file, verified before loading.
 * </ul>
 *
 * <p>A directory is written atomically: everything goes to a hidden sibling first, is flushed to
 * disk, and is then renamed into place, so a reader sees the old model or the new one, never a mix.
 * A directory saved by {@code stm} before the format file existed is format 1; it is still read
 * (its untyped provenance is mapped by {@link ModelProvenance#ofLegacy}). A newer format than this
 * code knows is refused with a message saying so.
 */
public final class ModelDirectory {
  /** The format this code writes. */
  public static final int FORMAT_VERSION = 2;

  public static final String FORMAT_FILE = "strec-model.properties";
  public static final String PROVENANCE_FILE = "provenance.properties";
  public static final String CATALOGUE_FILE = "catalogue.txt";

  /** A model read back, with its catalogue ids and provenance. */
  public record Opened(ServableModel model, Vocabulary items, ModelProvenance provenance)
      implements AutoCloseable {
    @Override
    public void close() {
      model.close();
    }
  }

  private ModelDirectory() {}

  /**
   * Writes {@code model} to {@code target}, replacing a model directory already there.
   *
   * @param items the model's catalogue, in index order ({@code model.numItems()} ids)
   * @throws IOException when {@code target} exists and is neither empty nor a model directory (so
   *     that a mistyped path never deletes someone's files), or on a write error
   */
  public static void write(
      Path target, ServableModel model, Vocabulary items, ModelProvenance provenance)
      throws IOException {
    if (items.size() != model.numItems()) {
      throw new IllegalArgumentException(
          "catalogue of " + items.size() + " ids for a model of " + model.numItems() + " items");
    }
    if (!provenance.model().equals(model.name())) {
      throw new IllegalArgumentException(
          "provenance names model '"
              + provenance.model()
              + "', the model is '"
              + model.name()
              + "'");
    }
    Path abs = target.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    Files.createDirectories(parent);
    checkReplaceable(abs);
    String name = abs.getFileName().toString();
    String tag = UUID.randomUUID().toString().substring(0, 8);
    Path tmp = parent.resolve("." + name + ".tmp-" + tag);
    Files.createDirectory(tmp);
    try {
      model.save(tmp);
      Properties format = new Properties();
      format.setProperty("format_version", Integer.toString(FORMAT_VERSION));
      format.setProperty("model", model.name());
      writeProperties(tmp.resolve(FORMAT_FILE), format);
      writeProperties(tmp.resolve(PROVENANCE_FILE), provenance.toProperties());
      StringBuilder ids = new StringBuilder();
      for (String id : items.ids()) {
        if (id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0) {
          throw new IllegalArgumentException("item id with a line break: '" + id + "'");
        }
        ids.append(id).append('\n');
      }
      Files.writeString(tmp.resolve(CATALOGUE_FILE), ids, StandardCharsets.UTF_8);
      List<String> files = relativeFiles(tmp);
      files.remove(Checksums.FILE);
      Checksums.write(tmp, files);
      for (String f : relativeFiles(tmp)) {
        AtomicFiles.fsync(tmp.resolve(f));
      }
      AtomicFiles.fsyncDirectory(tmp);
      swapIn(tmp, abs, parent, name, tag);
    } catch (IOException | RuntimeException | Error e) {
      Closing.closeOnFailure(e, () -> deleteTree(tmp));
      throw e;
    }
  }

  /** The format version of {@code dir}: 1 for an {@code stm} directory written before format 2. */
  public static int formatOf(Path dir) throws IOException {
    Path f = dir.resolve(FORMAT_FILE);
    if (Files.isRegularFile(f)) {
      Properties p = readProperties(f);
      String v = p.getProperty("format_version");
      if (v == null) {
        throw new ModelFormatException(dir, FORMAT_FILE + " has no format_version");
      }
      try {
        return Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        throw new ModelFormatException(
            dir, FORMAT_FILE + ": format_version is not an integer: '" + v + "'", e);
      }
    }
    if (Files.isRegularFile(dir.resolve("weights.bin"))
        && Files.isRegularFile(dir.resolve(Checksums.FILE))) {
      return 1;
    }
    if (!Files.isDirectory(dir)) {
      throw new java.nio.file.NoSuchFileException(dir.toString(), null, "no model directory");
    }
    throw new ModelFormatException(
        dir, "not a model directory (no " + FORMAT_FILE + "); write one with 'strec train'");
  }

  /**
   * Reads a model directory: checks its format and checksums, then has the family named in it load
   * the model.
   */
  public static Opened open(Path dir, ModelRegistry registry, ModelContext context)
      throws IOException {
    int format = formatOf(dir);
    if (format > FORMAT_VERSION) {
      throw new ModelFormatException(
          dir,
          "model format "
              + format
              + " was written by a newer STREC; this version reads formats 1 to "
              + FORMAT_VERSION);
    }
    if (format < 1) {
      throw new ModelFormatException(dir, "unknown model format " + format);
    }
    Checksums.verify(dir);
    ModelProvenance provenance;
    String family;
    List<String> catalogue;
    if (format == 1) {
      Properties p = readProperties(dir.resolve(PROVENANCE_FILE));
      java.util.Map<String, String> old = new java.util.TreeMap<>();
      for (String k : p.stringPropertyNames()) {
        old.put(k, p.getProperty(k));
      }
      provenance = ModelProvenance.ofLegacy(old);
      family = provenance.model();
      catalogue = legacyCatalogue(dir);
    } else {
      family = readProperties(dir.resolve(FORMAT_FILE)).getProperty("model");
      if (family == null) {
        throw new ModelFormatException(dir, FORMAT_FILE + " does not name the model");
      }
      try {
        provenance =
            ModelProvenance.of(
                readProperties(dir.resolve(PROVENANCE_FILE)),
                dir.resolve(PROVENANCE_FILE).toString());
      } catch (IllegalArgumentException e) {
        throw new ModelFormatException(dir, e.getMessage(), e);
      }
      catalogue =
          Files.readAllLines(dir.resolve(CATALOGUE_FILE), StandardCharsets.UTF_8).stream()
              .filter(l -> !l.isEmpty())
              .toList();
    }
    ModelFactory factory;
    try {
      factory = registry.get(family);
    } catch (BadInputException e) {
      throw new ModelFormatException(dir, "saved by " + e.getMessage(), e);
    }
    ServableModel model = factory.load(dir, context);
    if (model.numItems() != catalogue.size()) {
      model.close();
      throw new ModelFormatException(
          dir,
          "the model has "
              + model.numItems()
              + " items, "
              + CATALOGUE_FILE
              + " lists "
              + catalogue.size());
    }
    Vocabulary items;
    try {
      // The model's own vocabulary when it holds the catalogue's ids: one copy, not two.
      items =
          model
              .itemIds()
              .filter(v -> v.hasIds(catalogue))
              .orElseGet(() -> Vocabulary.of(catalogue));
    } catch (IllegalArgumentException e) {
      model.close();
      throw new ModelFormatException(dir, CATALOGUE_FILE + ": " + e.getMessage(), e);
    }
    return new Opened(model, items, provenance);
  }

  /** Format 1 kept the catalogue as the first column of {@code items.tsv}. */
  private static List<String> legacyCatalogue(Path dir) throws IOException {
    List<String> ids = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("items.tsv"), StandardCharsets.UTF_8)) {
      int tab = line.indexOf('\t');
      ids.add(tab < 0 ? line : line.substring(0, tab));
    }
    return ids;
  }

  private static void checkReplaceable(Path target) throws IOException {
    if (!Files.exists(target)) {
      return;
    }
    if (!Files.isDirectory(target)) {
      throw new ModelFormatException(target, "exists and is not a directory");
    }
    if (Files.exists(target.resolve(FORMAT_FILE)) || Files.exists(target.resolve(Checksums.FILE))) {
      return;
    }
    try (Stream<Path> s = Files.list(target)) {
      List<String> names = s.map(p -> p.getFileName().toString()).toList();
      // A training run keeps its checkpoint inside the output directory until the model is saved.
      if (names.stream().allMatch(n -> n.equals("checkpoint"))) {
        return;
      }
      throw new ModelFormatException(
          target,
          "exists and is not a model directory (it holds "
              + names.size()
              + " entries, e.g. '"
              + names.get(0)
              + "'); choose an empty or new directory");
    }
  }

  /**
   * Renames {@code tmp} to {@code target}. A directory cannot be renamed over a non-empty one, so
   * an old model is first renamed aside and deleted once the new one is in place; a crash between
   * the two renames leaves the old model intact beside the target under {@code .NAME.old-TAG}.
   */
  private static void swapIn(Path tmp, Path target, Path parent, String name, String tag)
      throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      old = parent.resolve("." + name + ".old-" + tag);
      AtomicFiles.renameDirectory(target, old);
    }
    try {
      AtomicFiles.renameDirectory(tmp, target);
    } catch (IOException e) {
      if (old != null) {
        Path aside = old;
        Closing.closeOnFailure(e, () -> AtomicFiles.renameDirectory(aside, target));
      }
      throw e;
    }
    AtomicFiles.fsyncDirectory(parent);
    if (old != null) {
      deleteTree(old);
    }
  }

  private static List<String> relativeFiles(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(Files::isRegularFile)
          .forEach(p -> out.add(dir.relativize(p).toString().replace('\\', '/')));
    }
    return new ArrayList<>(new TreeSet<>(out));
  }

  /** Deletes a directory tree; a no-op when it does not exist. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
            if (exc != null) {
              throw exc;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Writes properties sorted by key, without the date comment {@link Properties#store} adds. */
  public static void writeProperties(Path file, Properties p) throws IOException {
    StringBuilder b = new StringBuilder();
    for (String k : new TreeSet<>(p.stringPropertyNames())) {
      Properties one = new Properties();
      one.setProperty(k, p.getProperty(k));
      StringWriter w = new StringWriter();
      one.store(w, null);
      w.toString().lines().filter(l -> !l.startsWith("#")).forEach(l -> b.append(l).append('\n'));
    }
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(b.toString());
    }
  }

  public static Properties readProperties(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    return p;
  }
}

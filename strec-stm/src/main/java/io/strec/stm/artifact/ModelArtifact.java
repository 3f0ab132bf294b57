package io.strec.stm.artifact;

import io.strec.model.ModelContext;
import io.strec.model.artifact.Checksums;
import io.strec.model.artifact.ModelDirectory;
import io.strec.model.artifact.ModelFormatException;
import io.strec.model.artifact.ModelProvenance;
import io.strec.stm.StmModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A fitted {@code stm} as a model directory ({@link ModelDirectory}). Besides the directory's own
 * files (format, provenance, catalogue, checksums), stm writes ({@link StmModel#save}):
 *
 * <ul>
 *   <li>{@code weights.bin}: every parameter, little-endian float32 (see {@link
 *       io.strec.stm.nn.Params});
 *   <li>{@code config.properties}, {@code grid.properties} (the region grid and the mean latitude
 *       of the fitted places);
 *   <li>{@code items.tsv} (id, training count, latitude, longitude, label; in index order) and
 *       {@code users.txt} (ids in index order): the vocabularies;
 *   <li>{@code text.bin} (frozen language-model vectors, when text is used), {@code
 *       transitions.bin}, {@code neighbours.bin} (each item's nearest items by text), {@code
 *       histories.bin} (each training user's events): big-endian, as {@link
 *       java.io.DataOutputStream} writes;
 *   <li>{@code serving.bin}: the frozen item vectors (in {@code text.bin}'s layout), which depend
 *       on no query; loading reads them instead of running the text adaptor over every item again
 *       (a million items' took most of a server's start-up). Directories without it still load,
 *       computing them;
 *   <li>{@code user-text.properties} and {@code user-items.tsv}, when the model reads the user's
 *       behaviour text.
 * </ul>
 *
 * <p>A format-1 directory (written before {@link ModelDirectory}) has the same files but no format
 * file or catalogue, an untyped {@code provenance.properties}, and no mean latitude in {@code
 * grid.properties}; it is still read.
 */
public final class ModelArtifact {
  private static final String TRAINING = "training.";

  private ModelArtifact() {}

  /** Writes stm's own files into {@code dir}; see {@link StmModel#save}. */
  public static void writeFiles(StmModel model, Path dir) throws IOException {
    StmFiles.write(model, dir);
  }

  /**
   * Writes {@code model} as a model directory with the provenance its state records ({@link
   * #provenanceOf}). A convenience for callers without the training data: the data hash is what the
   * state records, {@code unknown} for a model just fitted. Callers with the data write {@link
   * ModelDirectory#write} with {@link ModelProvenance#of(String, String, io.strec.data.Dataset,
   * long, Map)} instead.
   */
  public static void save(StmModel model, Path dir) throws IOException {
    ModelDirectory.write(dir, model, model.state().items(), provenanceOf(model));
  }

  /**
   * Loads an stm model directory of format 1 or 2 after checking its checksums, as {@link
   * ModelDirectory#open} does, but without a context: the model encodes the items added to it in a
   * context of its own, opened for the call.
   */
  public static StmModel load(Path dir) throws IOException {
    formatOf(dir);
    Checksums.verify(dir);
    return read(dir, null);
  }

  /**
   * Reads a model directory whose checksums have been verified ({@link
   * io.strec.stm.StmFactory#load}).
   *
   * @param context kept by the model to encode the items added to it (not owned), or null
   */
  public static StmModel read(Path dir, ModelContext context) throws IOException {
    int format = formatOf(dir);
    if (format == 1) {
      Properties p = ModelDirectory.readProperties(dir.resolve(ModelDirectory.PROVENANCE_FILE));
      Map<String, String> provenance = new LinkedHashMap<>();
      for (String k : new TreeMap<>(p).keySet().stream().map(Object::toString).toList()) {
        provenance.put(k, p.getProperty(k));
      }
      String name = provenance.getOrDefault("model", "stm");
      return StmFiles.read(dir, name, Optional.empty(), provenance, context);
    }
    Path formatFile = dir.resolve(ModelDirectory.FORMAT_FILE);
    String name = ModelDirectory.readProperties(formatFile).getProperty("model");
    if (name == null) {
      throw new ModelFormatException(dir, ModelDirectory.FORMAT_FILE + " does not name the model");
    }
    Path provFile = dir.resolve(ModelDirectory.PROVENANCE_FILE);
    ModelProvenance provenance;
    try {
      provenance = ModelProvenance.of(ModelDirectory.readProperties(provFile), provFile.toString());
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(dir, e.getMessage(), e);
    }
    List<String> catalogue =
        Files.readAllLines(dir.resolve(ModelDirectory.CATALOGUE_FILE), StandardCharsets.UTF_8)
            .stream()
            .filter(l -> !l.isEmpty())
            .toList();
    return StmFiles.read(dir, name, Optional.of(catalogue), stateProvenance(provenance), context);
  }

  private static int formatOf(Path dir) throws IOException {
    int format = ModelDirectory.formatOf(dir);
    if (format < 1 || format > ModelDirectory.FORMAT_VERSION) {
      throw new ModelFormatException(
          dir,
          "model format "
              + format
              + " is not one this version reads (1 to "
              + ModelDirectory.FORMAT_VERSION
              + ")");
    }
    return format;
  }

  /**
   * The provenance map the model's state keeps: every field of {@code p}, and its training entries
   * under their own keys (so that {@code encoder}, {@code epochs_trained} and the like read as they
   * did in format 1).
   */
  static Map<String, String> stateProvenance(ModelProvenance p) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : p.asMap().entrySet()) {
      if (!e.getKey().startsWith(TRAINING)) {
        out.put(e.getKey(), e.getValue());
      }
    }
    out.putAll(new TreeMap<>(p.training()));
    return out;
  }

  /**
   * The typed provenance of {@code model} from what its state records: what was fitted (data,
   * events, seed, setting, code, device, time) and its {@link StmModel#trainingSummary}. What the
   * state does not record reads {@code unknown} (the data hash of a model just fitted, the commit
   * of a format-1 model).
   */
  public static ModelProvenance provenanceOf(StmModel model) {
    Map<String, String> p = model.state().provenance();
    Map<String, String> training = new TreeMap<>(model.trainingSummary());
    String encoder = orDefault(training.remove("encoder"), "none");
    String post = orDefault(training.remove("embedding_post"), "none");
    String device = orDefault(training.remove("device"), "unknown");
    return new ModelProvenance(
        model.name(),
        p.getOrDefault("config", model.state().config().describe()),
        p.getOrDefault("data", "unknown"),
        p.getOrDefault("data_hash", "unknown"),
        number(p, "events", -1),
        encoder,
        post,
        number(p, "seed", 0),
        p.getOrDefault("code_version", "unknown"),
        p.getOrDefault("git_commit", "unknown"),
        device,
        p.getOrDefault("created", "unknown"),
        training);
  }

  private static String orDefault(String v, String d) {
    return v == null ? d : v;
  }

  private static long number(Map<String, String> p, String key, long d) {
    String v = p.get(key);
    if (v == null) {
      return d;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "the model's provenance has a non-integer " + key + ": '" + v + "'", e);
    }
  }
}

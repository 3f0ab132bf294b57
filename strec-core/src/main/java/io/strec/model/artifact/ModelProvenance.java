package io.strec.model.artifact;

import io.strec.data.Dataset;
import io.strec.util.BuildInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What made a saved model: the data (name, event count and a hash of every event), the encoder and
 * its post-processing, the settings, the seed, the code (version and git commit), the device and
 * when. {@code training} holds what fitting found (epochs, best epoch, losses).
 *
 * @param model the model family's name, e.g. {@code stm}
 * @param config the setting as the trainer describes it
 * @param dataHash SHA-256 over the training events in order (see {@link #hashOf})
 * @param encoder the resolved encoder id, or {@code none}
 * @param embeddingPost post-processing of the frozen embeddings, or {@code none}
 * @param device where the model was fitted, e.g. {@code cpu()} or {@code gpu(0)}
 */
public record ModelProvenance(
    String model,
    String config,
    String data,
    String dataHash,
    long events,
    String encoder,
    String embeddingPost,
    long seed,
    String codeVersion,
    String gitCommit,
    String device,
    String created,
    Map<String, String> training) {
  private static final String TRAINING = "training.";

  public ModelProvenance {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(dataHash, "dataHash");
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(embeddingPost, "embeddingPost");
    Objects.requireNonNull(codeVersion, "codeVersion");
    Objects.requireNonNull(gitCommit, "gitCommit");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(created, "created");
    training = Map.copyOf(training);
  }

  /**
   * The provenance of a model just fitted on {@code train}: the code and time are this run's; the
   * encoder and device are taken from the model's training summary (keys {@code encoder}, {@code
   * embedding_post}, {@code device}) and default to {@code none} and {@code cpu()}.
   */
  public static ModelProvenance of(
      String model, String config, Dataset train, long seed, Map<String, String> summary) {
    Map<String, String> rest = new TreeMap<>(summary);
    String encoder = orDefault(rest.remove("encoder"), "none");
    String post = orDefault(rest.remove("embedding_post"), "none");
    String device = orDefault(rest.remove("device"), "cpu()");
    return new ModelProvenance(
        model,
        config,
        train.name(),
        hashOf(train),
        train.numEvents(),
        encoder,
        post,
        seed,
        BuildInfo.version(),
        BuildInfo.commit(),
        device,
        Instant.now().toString(),
        rest);
  }

  private static String orDefault(String v, String d) {
    return v == null ? d : v;
  }

  /**
   * SHA-256 (hex) over every event of {@code data} in index order: user id, item id, time, local
   * offset, latitude, longitude and weight; two data sets with the same events in the same order
   * have the same hash whatever their file format.
   */
  public static String hashOf(Dataset data) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    ByteBuffer b = ByteBuffer.allocate(8 * 4 + 4 + 4);
    for (int e = 0; e < data.numEvents(); e++) {
      md.update(data.users().id(data.user(e)).getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(data.items().id(data.item(e)).getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      b.clear();
      b.putLong(data.time(e))
          .putInt(data.tzOffsetMinutes(e))
          .putDouble(data.latitude(e))
          .putDouble(data.longitude(e))
          .putFloat(data.weight(e));
      md.update(b.array(), 0, b.position());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** As {@code key=value} properties; {@link #of(Properties, String)} reads them back. */
  public Properties toProperties() {
    Properties p = new Properties();
    for (Map.Entry<String, String> e : asMap().entrySet()) {
      p.setProperty(e.getKey(), e.getValue());
    }
    return p;
  }

  /** Every field by its property key, in a fixed order; training entries prefixed "training.". */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("model", model);
    m.put("config", config);
    m.put("data", data);
    m.put("data_hash", dataHash);
    m.put("events", Long.toString(events));
    m.put("encoder", encoder);
    m.put("embedding_post", embeddingPost);
    m.put("seed", Long.toString(seed));
    m.put("code_version", codeVersion);
    m.put("git_commit", gitCommit);
    m.put("device", device);
    m.put("created", created);
    for (Map.Entry<String, String> e : new TreeMap<>(training).entrySet()) {
      m.put(TRAINING + e.getKey(), e.getValue());
    }
    return m;
  }

  /**
   * Reads what {@link #toProperties} wrote.
   *
   * @param source named in errors, e.g. the file
   * @throws IllegalArgumentException naming the missing key or malformed value
   */
  public static ModelProvenance of(Properties p, String source) {
    Map<String, String> training = new TreeMap<>();
    for (String k : p.stringPropertyNames()) {
      if (k.startsWith(TRAINING)) {
        training.put(k.substring(TRAINING.length()), p.getProperty(k));
      }
    }
    return new ModelProvenance(
        need(p, "model", source),
        need(p, "config", source),
        need(p, "data", source),
        need(p, "data_hash", source),
        number(p, "events", source),
        need(p, "encoder", source),
        need(p, "embedding_post", source),
        number(p, "seed", source),
        need(p, "code_version", source),
        need(p, "git_commit", source),
        need(p, "device", source),
        need(p, "created", source),
        training);
  }

  /**
   * The provenance of a directory written before provenance was typed (format 1, {@code stm} only):
   * its untyped keys are mapped where they exist; what was never recorded reads {@code unknown}.
   */
  public static ModelProvenance ofLegacy(Map<String, String> old) {
    Map<String, String> rest = new TreeMap<>(old);
    String model = orDefault(rest.remove("model"), "stm");
    String config = orDefault(rest.remove("config"), "unknown");
    String data = orDefault(rest.remove("data"), "unknown");
    String events = orDefault(rest.remove("events"), "-1");
    String encoder = orDefault(rest.remove("encoder"), "unknown");
    String seed = orDefault(rest.remove("seed"), "0");
    String code = orDefault(rest.remove("code_version"), "unknown");
    String device = orDefault(rest.remove("device"), "unknown");
    String created = orDefault(rest.remove("created"), "unknown");
    return new ModelProvenance(
        model,
        config,
        data,
        "unknown",
        parseLong(events, "events", "format-1 provenance"),
        encoder,
        "unknown",
        parseLong(seed, "seed", "format-1 provenance"),
        code,
        "unknown",
        device,
        created,
        rest);
  }

  private static String need(Properties p, String key, String source) {
    String v = p.getProperty(key);
    if (v == null) {
      throw new IllegalArgumentException(source + ": missing key '" + key + "'");
    }
    return v;
  }

  private static long number(Properties p, String key, String source) {
    return parseLong(need(p, key, source), key, source);
  }

  private static long parseLong(String v, String key, String source) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          source + ": key '" + key + "' is not an integer: '" + v + "'", e);
    }
  }
}

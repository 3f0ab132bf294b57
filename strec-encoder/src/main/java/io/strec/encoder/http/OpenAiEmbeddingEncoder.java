package io.strec.encoder.http;

import io.strec.encoder.EncoderException;
import io.strec.encoder.TextEncoder;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A client for OpenAI-compatible {@code POST {base}/embeddings} endpoints: OpenAI, Ollama's {@code
 * /v1}, vLLM, Hugging Face TEI. Texts go out in batches of {@link Builder#optBatchSize} in order;
 * each answer is reordered by its {@code index} and checked (one finite vector per text, every
 * vector of one dimension, also across batches and calls) before it is returned.
 *
 * <p>The dimension is either given, and then every vector must have it, or taken from the first
 * answer and fixed from then on; {@link #dimension()} and {@link #modelId()} send one short probe
 * text when nothing has been encoded yet. The API key, when there is one, is read from an
 * environment variable at build time and appears in no message or {@code toString}.
 *
 * <p>Thread-safe: concurrent {@link #encode} calls share the connection pool; each call draws its
 * own jitter stream from the seeded one, so one thread's retries do not shift another's.
 */
public final class OpenAiEmbeddingEncoder implements TextEncoder {
  /** Sent by {@link #dimension()} when the dimension is not known yet. */
  static final String PROBE_TEXT = "dimension probe";

  private final String model;
  private final String host;
  private final boolean normalize;
  private final boolean sendDimensions;
  private final int batchSize;
  private final boolean dimensionGiven;
  private final RetryingPost post;

  /** 0 until known; set once, by the builder or by the first answer. */
  private final AtomicInteger dim;

  private final SplittableRandom rootRng;
  private volatile boolean closed;

  private OpenAiEmbeddingEncoder(Builder b, URI endpoint, String authorization) {
    this.model = b.model;
    this.host = endpoint.getHost();
    this.normalize = b.normalize;
    this.sendDimensions = b.sendDimensions;
    this.batchSize = b.batchSize;
    this.dimensionGiven = b.dimension > 0;
    this.dim = new AtomicInteger(b.dimension);
    this.rootRng = new SplittableRandom(b.seed);
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(b.connectTimeout)
            // Plain http would otherwise offer an h2c upgrade, which some embedding servers
            // mishandle.
            .version(
                "https".equals(endpoint.getScheme())
                    ? HttpClient.Version.HTTP_2
                    : HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.post =
        new RetryingPost(
            client,
            endpoint,
            authorization,
            b.requestTimeout,
            new Backoff(b.retries, b.initialBackoff, b.maxBackoff),
            b.sleeper);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code http:MODEL@HOST/DIM}, with {@code /l2} appended when vectors are L2-normalised here. */
  @Override
  public String modelId() {
    return "http:" + model + "@" + host + "/" + dimension() + (normalize ? "/l2" : "");
  }

  @Override
  public int dimension() {
    int d = dim.get();
    if (d == 0) {
      encode(List.of(PROBE_TEXT));
      d = dim.get();
    }
    return d;
  }

  /** The URL this encoder POSTs to. */
  public URI endpoint() {
    return post.url();
  }

  @Override
  public float[][] encode(List<String> texts) {
    if (closed) {
      throw new IllegalStateException("encoder for " + post.url() + " is closed");
    }
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i) == null) {
        throw new NullPointerException("text " + i + " is null");
      }
    }
    SplittableRandom rng;
    synchronized (rootRng) {
      rng = rootRng.split();
    }
    float[][] out = new float[texts.size()][];
    for (int from = 0; from < texts.size(); from += batchSize) {
      List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize));
      byte[] body = EmbeddingsJson.request(model, batch, sendDimensions ? dim.get() : 0);
      // A discovered dimension is checked by fixDimension, to tell drift from a wrong setting.
      float[][] vs =
          EmbeddingsJson.parse(
              post.post(body, rng), batch.size(), dimensionGiven ? dim.get() : 0, post.url());
      fixDimension(vs[0].length);
      for (int i = 0; i < vs.length; i++) {
        out[from + i] = normalize ? l2Normalised(vs[i]) : vs[i];
      }
    }
    return out;
  }

  /** Fixes the dimension on the first answer; later answers, from any thread, must agree. */
  private void fixDimension(int d) {
    if (!dim.compareAndSet(0, d) && dim.get() != d) {
      throw new EncoderException(
          post.url()
              + " returned vectors of dimension "
              + d
              + " but earlier answers had dimension "
              + dim.get()
              + " (inconsistent dimensions across batches)");
    }
  }

  private static float[] l2Normalised(float[] v) {
    double sq = 0;
    for (float x : v) {
      sq += (double) x * x;
    }
    // A zero vector has no direction; it stays zero rather than becoming NaN.
    if (sq == 0) {
      return v;
    }
    double inv = 1 / Math.sqrt(sq);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] * inv);
    }
    return out;
  }

  /**
   * Marks the encoder closed. Java 17's {@link HttpClient} has no close; its pooled connections and
   * threads end once the client is unreachable.
   */
  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "OpenAiEmbeddingEncoder["
        + post.url()
        + ", model="
        + model
        + ", dim="
        + dim.get()
        + ", normalize="
        + normalize
        + "]";
  }

  /**
   * Builds an {@link OpenAiEmbeddingEncoder}: {@code setX} are required, {@code optX} have
   * defaults.
   */
  public static final class Builder {
    private String baseUrl;
    private String model;
    private int dimension;
    private boolean sendDimensions;
    private String apiKeyEnv;
    private int batchSize = 64;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private int retries = 3;
    private Duration initialBackoff = Duration.ofMillis(250);
    private Duration maxBackoff = Duration.ofSeconds(20);
    private boolean normalize;
    private long seed = 42;
    private Function<String, String> environment = System::getenv;
    private RetryingPost.Sleeper sleeper = RetryingPost.Sleeper.REAL;

    private Builder() {}

    /** The API root, e.g. {@code http://localhost:11434/v1}; {@code /embeddings} is appended. */
    public Builder setBaseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /** The {@code model} the server is asked for, e.g. {@code nomic-embed-text}. */
    public Builder setModel(String model) {
      this.model = model;
      return this;
    }

    /** The vector length every answer must have; by default taken from the first answer. */
    public Builder optDimension(int dimension) {
      this.dimension = dimension;
      return this;
    }

    /**
     * Also sends the dimension as {@code "dimensions"}, for models that can shorten their vectors
     * (OpenAI text-embedding-3); off by default since other servers may reject the field.
     */
    public Builder optSendDimensions(boolean sendDimensions) {
      this.sendDimensions = sendDimensions;
      return this;
    }

    /** The environment variable holding the API key, sent as {@code Authorization: Bearer}. */
    public Builder optApiKeyEnv(String apiKeyEnv) {
      this.apiKeyEnv = apiKeyEnv;
      return this;
    }

    /** Texts per request; 64 by default. */
    public Builder optBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** The time allowed to open a connection; 10 s by default. */
    public Builder optConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** The time allowed for one request's answer; 60 s by default. */
    public Builder optRequestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    /** Retries after a failed connection, 429 or 5xx; 3 by default. */
    public Builder optRetries(int retries) {
      this.retries = retries;
      return this;
    }

    /**
     * The first backoff window and the longest wait, also the cap on {@code Retry-After}; 250 ms
     * and 20 s.
     */
    public Builder optBackoff(Duration initial, Duration max) {
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** L2-normalises every vector after it arrives; off by default. */
    public Builder optNormalize(boolean normalize) {
      this.normalize = normalize;
      return this;
    }

    /** Seeds the backoff jitter; 42 by default. */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Where environment variables are read; tests pass a map's {@code get}. */
    Builder environment(Function<String, String> environment) {
      this.environment = environment;
      return this;
    }

    /** How backoff waits; tests record instead of sleeping. */
    Builder sleeper(RetryingPost.Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /**
     * The encoder these settings describe.
     *
     * @throws IllegalArgumentException naming the first missing or bad setting
     */
    public OpenAiEmbeddingEncoder build() {
      URI endpoint = endpoint(baseUrl);
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException("model is required (setModel)");
      }
      if (dimension < 0) {
        throw new IllegalArgumentException("dimension must be positive, got " + dimension);
      }
      if (sendDimensions && dimension == 0) {
        throw new IllegalArgumentException("sending dimensions needs a dimension (optDimension)");
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
      }
      requirePositive("connect timeout", connectTimeout);
      requirePositive("request timeout", requestTimeout);
      requirePositive("initial backoff", initialBackoff);
      requirePositive("max backoff", maxBackoff);
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException(
            "max backoff " + maxBackoff + " is below initial backoff " + initialBackoff);
      }
      if (retries < 0) {
        throw new IllegalArgumentException("retries must be >= 0, got " + retries);
      }
      String authorization = null;
      if (apiKeyEnv != null) {
        String key = environment.apply(apiKeyEnv);
        if (key == null || key.isBlank()) {
          throw new IllegalArgumentException(
              "environment variable " + apiKeyEnv + " (the API key) is not set");
        }
        authorization = "Bearer " + key.strip();
      }
      return new OpenAiEmbeddingEncoder(this, endpoint, authorization);
    }

    private static URI endpoint(String baseUrl) {
      if (baseUrl == null || baseUrl.isBlank()) {
        throw new IllegalArgumentException(
            "base URL is required (setBaseUrl), e.g. http://localhost:11434/v1");
      }
      URI u;
      try {
        u = new URI(baseUrl.strip());
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException(
            "base URL '" + baseUrl + "' is not a URL: " + e.getMessage(), e);
      }
      if ((!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()))
          || u.getHost() == null) {
        throw new IllegalArgumentException(
            "base URL '" + baseUrl + "' must be http:// or https:// with a host");
      }
      if (u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
        throw new IllegalArgumentException(
            "base URL '" + baseUrl + "' must have no query, fragment or user info");
      }
      String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("/+$", "");
      return URI.create(u.getScheme() + "://" + u.getRawAuthority() + path + "/embeddings");
    }

    private static void requirePositive(String what, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
    }
  }
}

package io.strec.encoder.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.strec.encoder.EncoderException;
import io.strec.encoder.TextEncoder;
import io.strec.util.Closing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A transformer sentence encoder run locally with ONNX Runtime: texts are tokenised with the
 * model's Hugging Face {@code tokenizer.json} (truncated to {@code maxLength} tokens), run through
 * the graph, and its last hidden state is pooled ({@link Pooling}) and optionally L2-normalised.
 *
 * <p>By default ({@code batchSize} 1) each text runs alone, unpadded, and {@code threads} texts run
 * at once, each on one core: a text's vector is then a function of the text alone, bit for bit,
 * whatever list it comes in and whichever thread runs it. That matters for dynamically quantised
 * models ({@code -q}): their DynamicQuantizeLinear picks one int8 scale per activation tensor, i.e.
 * per batch, so in a padded batch a text's vector depends on its batch-mates (on
 * all-MiniLM-L6-v2-q, cosine 0.966 to 0.995 between a text alone and in a mixed batch, measured
 * 2026-11), and stored embeddings would depend on which call first encoded them. Float32 models get
 * exact vectors too (padded batches change them in the last bits). The price is the fixed cost of
 * an ONNX Runtime call, which a batch shares among its texts: measured 2026-11 on 2 cores, ~15-word
 * texts ran at 0.80 to 0.84 times the speed of padded batches of 64, and as fast as a bare ONNX
 * Runtime loop of either kind ({@code strec-bench}'s {@code EncoderBench}).
 *
 * <p>With {@code batchSize} above 1, texts are tokenised in chunks of {@code 16 * batchSize},
 * padded into batches in order of decreasing token count (so that short texts are padded little),
 * and each batch runs on {@code threads} intra-op threads; the result is in input order. The same
 * list always gives the same vectors, and a float32 model's vectors change only in rounding (the
 * attention mask hides the padding), but a quantised model's vectors then depend on the batch.
 *
 * <p>{@link #encode} is thread-safe: ONNX Runtime sessions and Hugging Face tokenizers may be used
 * concurrently, and each unit of work takes its own {@link BatchBuffers}. Close the encoder once no
 * call is running. DJL's tokenizer loads its native library from its jar into {@code
 * DJL_CACHE_DIR}; run with {@code -Dai.djl.offline=true} (or {@code DJL_OFFLINE=true}) so that it
 * never reaches for the network.
 */
public final class OnnxTextEncoder implements TextEncoder {
  static final String INPUT_IDS = "input_ids";
  static final String ATTENTION_MASK = "attention_mask";
  static final String TOKEN_TYPE_IDS = "token_type_ids";
  static final String LAST_HIDDEN_STATE = "last_hidden_state";

  /** Batches tokenised and sorted together: enough to pad little, few enough to hold. */
  private static final int CHUNK_BATCHES = 16;

  /** The row order of a batch of one. */
  private static final int[] ONE = {0};

  private final String modelId;
  private final Pooling pooling;
  private final boolean normalize;
  private final int batchSize;
  private final int dimension;
  private final OrtEnvironment env;
  private final OrtSession.SessionOptions sessionOptions;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final Workers workers;
  private final String outputName;
  private final boolean feedMask;
  private final boolean feedTypes;
  private final long padId;
  private final ConcurrentLinkedQueue<BatchBuffers> idleBuffers = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  private OnnxTextEncoder(
      Builder b,
      String name,
      OrtEnvironment env,
      OrtSession.SessionOptions sessionOptions,
      OrtSession session,
      HuggingFaceTokenizer tokenizer,
      Workers workers)
      throws OrtException {
    this.pooling = b.pooling;
    this.normalize = b.normalize;
    this.batchSize = b.batchSize;
    this.env = env;
    this.sessionOptions = sessionOptions;
    this.session = session;
    this.tokenizer = tokenizer;
    this.workers = workers;
    Map<String, NodeInfo> inputs = session.getInputInfo();
    for (Map.Entry<String, NodeInfo> in : inputs.entrySet()) {
      String n = in.getKey();
      if (!n.equals(INPUT_IDS) && !n.equals(ATTENTION_MASK) && !n.equals(TOKEN_TYPE_IDS)) {
        throw new EncoderException(
            "model "
                + b.model
                + " declares input '"
                + n
                + "'; this encoder feeds only "
                + List.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS));
      }
      if (!(in.getValue().getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.INT64) {
        throw new EncoderException(
            "model "
                + b.model
                + " input '"
                + n
                + "' is "
                + in.getValue().getInfo()
                + "; expected an int64 tensor");
      }
    }
    if (!inputs.containsKey(INPUT_IDS)) {
      throw new EncoderException(
          "model " + b.model + " has no '" + INPUT_IDS + "' input; inputs: " + inputs.keySet());
    }
    this.feedMask = inputs.containsKey(ATTENTION_MASK);
    this.feedTypes = inputs.containsKey(TOKEN_TYPE_IDS);
    this.outputName =
        session.getOutputNames().contains(LAST_HIDDEN_STATE)
            ? LAST_HIDDEN_STATE
            : session.getOutputNames().iterator().next();
    this.padId = probePadId();
    this.dimension = probeDimension(b.model);
    // Padded batches make an int8 model's vectors depend on their batch-mates: such vectors get
    // their own id, so an embedding store never mixes them with exact single-text vectors.
    this.modelId =
        name
            + "/"
            + pooling.label()
            + "/"
            + (normalize ? "norm" : "raw")
            + "/"
            + b.maxLength
            + (b.batchSize > 1 ? "/batch" + b.batchSize : "");
  }

  /** A builder; the model and tokenizer are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@code NAME/POOLING/norm|raw/MAX_LENGTH}, e.g. {@code all-minilm-l6-v2-q/mean/norm/256}, with
   * {@code /batchN} appended when texts run in padded batches of N.
   */
  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  /** The pooling applied to the last hidden state. */
  public Pooling pooling() {
    return pooling;
  }

  /** Whether vectors are scaled to unit L2 norm. */
  public boolean normalizes() {
    return normalize;
  }

  /** Texts per ONNX Runtime call: 1 (each text alone, the default) or the padded batch size. */
  public int batchSize() {
    return batchSize;
  }

  @Override
  public float[][] encode(List<String> texts) {
    ensureOpen();
    int n = texts.size();
    for (int i = 0; i < n; i++) {
      if (texts.get(i) == null) {
        throw new IllegalArgumentException("text " + i + " of " + n + " is null");
      }
    }
    float[][] out = new float[n][];
    if (batchSize == 1) {
      workers.forEach(n, i -> out[i] = encodeAlone(texts.get(i)));
      return out;
    }
    BatchBuffers buf = takeBuffers();
    try {
      // Tokenise a chunk, then batch it by token count so that each batch pads only a little; the
      // chunk bounds how many token arrays are held at once.
      int chunk = batchSize * CHUNK_BATCHES;
      for (int from = 0; from < n; from += chunk) {
        encodeChunk(texts, from, Math.min(n, from + chunk), buf, out);
      }
    } finally {
      idleBuffers.offer(buf);
    }
    return out;
  }

  /** One text as a batch of one, without padding. */
  private float[] encodeAlone(String text) {
    Encoding e = tokenizer.encode(text);
    BatchBuffers buf = takeBuffers();
    try {
      return runBatch(new long[][] {e.getIds()}, new long[][] {e.getTypeIds()}, ONE, 1, buf)[0];
    } finally {
      idleBuffers.offer(buf);
    }
  }

  private BatchBuffers takeBuffers() {
    BatchBuffers buf = idleBuffers.poll();
    return buf != null ? buf : new BatchBuffers(dimension);
  }

  private void encodeChunk(List<String> texts, int from, int to, BatchBuffers buf, float[][] out) {
    int m = to - from;
    long[][] ids = new long[m][];
    long[][] types = new long[m][];
    long[] keys = new long[m];
    for (int i = 0; i < m; i++) {
      Encoding e = tokenizer.encode(texts.get(from + i));
      ids[i] = e.getIds();
      types[i] = e.getTypeIds();
      // Ascending (-length, index) in one long: longest first, ties in input order, no boxing.
      keys[i] = ((long) (Integer.MAX_VALUE - ids[i].length) << 32) | i;
    }
    Arrays.sort(keys);
    int[] rows = new int[Math.min(batchSize, m)];
    for (int start = 0; start < m; start += batchSize) {
      int b = Math.min(batchSize, m - start);
      for (int r = 0; r < b; r++) {
        rows[r] = (int) keys[start + r];
      }
      float[][] vectors = runBatch(ids, types, rows, b, buf);
      for (int r = 0; r < b; r++) {
        out[from + rows[r]] = vectors[r];
      }
    }
  }

  /** Pads {@code rows} (longest first) into the buffers, runs the model and pools. */
  private float[][] runBatch(long[][] ids, long[][] types, int[] rows, int b, BatchBuffers buf) {
    int len = ids[rows[0]].length;
    int tokens = b * len;
    buf.ensure(tokens);
    LongBuffer idBuf = buf.ids.clear();
    LongBuffer mask = buf.mask.clear();
    LongBuffer typeBuf = buf.types.clear();
    for (int r = 0; r < b; r++) {
      long[] row = ids[rows[r]];
      idBuf.put(row);
      typeBuf.put(types[rows[r]]);
      for (int t = 0; t < row.length; t++) {
        mask.put(1L);
      }
      for (int t = row.length; t < len; t++) {
        idBuf.put(padId);
        typeBuf.put(0L);
        mask.put(0L);
      }
    }
    idBuf.flip();
    mask.flip();
    typeBuf.flip();
    FloatBuffer hidden = buf.hidden.clear().limit(tokens * dimension);
    long[] shape = {b, len};
    Map<String, OnnxTensor> inputs = new HashMap<>(4);
    OnnxTensor output = null;
    try {
      inputs.put(INPUT_IDS, OnnxTensor.createTensor(env, idBuf, shape));
      if (feedMask) {
        inputs.put(ATTENTION_MASK, OnnxTensor.createTensor(env, mask, shape));
      }
      if (feedTypes) {
        inputs.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(env, typeBuf, shape));
      }
      // ONNX Runtime writes the hidden state straight into our direct buffer: no copy, no garbage.
      output = OnnxTensor.createTensor(env, hidden, new long[] {b, len, dimension});
      session.run(inputs, Map.of(outputName, output)).close();
    } catch (OrtException e) {
      throw new EncoderException(
          "ONNX Runtime failed on a batch of "
              + b
              + " texts of "
              + len
              + " tokens with "
              + modelId
              + ": "
              + e.getMessage(),
          e);
    } finally {
      for (OnnxTensor t : inputs.values()) {
        t.close();
      }
      if (output != null) {
        output.close();
      }
    }
    float[][] vectors = new float[b][dimension];
    for (int r = 0; r < b; r++) {
      pooling.pool(hidden, r * len * dimension, mask, r * len, len, buf.row, vectors[r]);
      if (normalize) {
        normalizeInPlace(vectors[r]);
      }
    }
    return vectors;
  }

  /**
   * The id the tokenizer pads with (tokenizer.json's {@code padding.pad_id}, else its default),
   * read from a padded pair so that manual padding is exactly what the tokenizer would do.
   */
  private long probePadId() {
    Encoding[] e = tokenizer.batchEncode(new String[] {"a", "a a a a"});
    long[] ids = e[0].getIds();
    long[] mask = e[0].getAttentionMask();
    boolean padded = ids.length == e[1].getIds().length && mask[ids.length - 1] == 0;
    // Without padding to look at (maxLength too short for the pair), BERT's [PAD] = 0 is the
    // default.
    return padded ? ids[ids.length - 1] : 0;
  }

  /** Runs one short text without a preset output to learn the hidden size and check the output. */
  private int probeDimension(ModelSource model) throws OrtException {
    Encoding e = tokenizer.encode("probe");
    long[] shape = {1, e.getIds().length};
    Map<String, OnnxTensor> inputs = new HashMap<>(4);
    try {
      inputs.put(INPUT_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(e.getIds()), shape));
      if (feedMask) {
        inputs.put(
            ATTENTION_MASK,
            OnnxTensor.createTensor(env, LongBuffer.wrap(e.getAttentionMask()), shape));
      }
      if (feedTypes) {
        inputs.put(
            TOKEN_TYPE_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(e.getTypeIds()), shape));
      }
      try (OrtSession.Result r = session.run(inputs, java.util.Set.of(outputName))) {
        if (!(r.get(0).getInfo() instanceof TensorInfo t)
            || t.type != OnnxJavaType.FLOAT
            || t.getShape().length != 3
            || t.getShape()[1] != shape[1]) {
          throw new EncoderException(
              "model "
                  + model
                  + " output '"
                  + outputName
                  + "' is "
                  + r.get(0).getInfo()
                  + "; expected float [batch, tokens, hidden]");
        }
        return Math.toIntExact(t.getShape()[2]);
      }
    } finally {
      for (OnnxTensor t : inputs.values()) {
        t.close();
      }
    }
  }

  static void normalizeInPlace(float[] v) {
    double ss = 0;
    for (float x : v) {
      ss += (double) x * x;
    }
    // torch.nn.functional.normalize's eps: a zero vector stays zero.
    float inv = (float) (1.0 / Math.max(Math.sqrt(ss), 1e-12));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new EncoderException("encoder " + modelId + " is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    idleBuffers.clear();
    closeAll(workers, session, sessionOptions, tokenizer);
  }

  /**
   * Closes each, in order, even when one fails; the first failure carries the others suppressed.
   */
  static void closeAll(AutoCloseable... resources) {
    try {
      Closing.closeAll(resources);
    } catch (RuntimeException e) {
      throw new EncoderException("closing the ONNX encoder failed: " + e.getMessage(), e);
    }
  }

  /** Builds an {@link OnnxTextEncoder}: required {@code setX}, optional {@code optX}. */
  public static final class Builder {
    private ModelSource model;
    private ModelSource tokenizerJson;
    private String name;
    private Pooling pooling = Pooling.MEAN;
    private boolean normalize = true;
    private int maxLength = 256;
    private int batchSize = 1;
    private int threads = Runtime.getRuntime().availableProcessors();
    private boolean spinning;

    private Builder() {}

    /** The ONNX graph (required). */
    public Builder setModel(ModelSource model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** The Hugging Face {@code tokenizer.json} (required). */
    public Builder setTokenizer(ModelSource tokenizer) {
      this.tokenizerJson = Objects.requireNonNull(tokenizer, "tokenizer");
      return this;
    }

    /**
     * The first part of {@link #modelId()}; defaults to the model's file name without {@code
     * .onnx}.
     */
    public Builder optName(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Default {@link Pooling#MEAN}. */
    public Builder optPooling(Pooling pooling) {
      this.pooling = Objects.requireNonNull(pooling, "pooling");
      return this;
    }

    /** Whether to scale vectors to unit L2 norm; default true. */
    public Builder optNormalize(boolean normalize) {
      this.normalize = normalize;
      return this;
    }

    /** Tokens kept per text, special tokens included; default 256. */
    public Builder optMaxLength(int maxLength) {
      this.maxLength = maxLength;
      return this;
    }

    /**
     * Texts per ONNX Runtime call; default 1: each text runs alone and unpadded, so that its vector
     * depends on the text only. Above 1, texts are padded into batches; a quantised model's vectors
     * then depend on their batch-mates (see the class comment).
     */
    public Builder optBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Cores to use; default the number of available processors. With {@code batchSize} 1 that many
     * texts run at once, each on one ONNX Runtime thread (the calling thread and {@code threads -
     * 1} helpers); with padded batches, the batches run one at a time on that many intra-op
     * threads.
     */
    public Builder optThreads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * Whether ONNX Runtime's intra-op threads busy-wait between operators, with padded batches (a
     * text run alone has no intra-op threads); default false. Spinning saves a wake-up per operator
     * on an idle machine, but when other work shares the cores (a training run, a server, other
     * tests) the spinning threads take their time slices: on 2 busy cores it halved throughput
     * (measured 2026-11).
     */
    public Builder optSpinning(boolean spinning) {
      this.spinning = spinning;
      return this;
    }

    /**
     * Loads the tokenizer and the model.
     *
     * @throws IllegalStateException when the model or tokenizer was not set
     * @throws IllegalArgumentException for a non-positive size
     * @throws EncoderException when a file is missing or does not load, naming it
     */
    public OnnxTextEncoder build() {
      if (model == null || tokenizerJson == null) {
        throw new IllegalStateException("OnnxTextEncoder needs setModel and setTokenizer");
      }
      if (maxLength < 2) {
        throw new IllegalArgumentException(
            "maxLength must be at least 2 ([CLS] and [SEP]): " + maxLength);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
      }
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be positive: " + threads);
      }
      String id = name != null ? name : model.fileName().replaceFirst("\\.onnx$", "");
      HuggingFaceTokenizer tok = null;
      OrtSession.SessionOptions opts = null;
      OrtSession session = null;
      Workers workers = null;
      try {
        tok = loadTokenizer();
        byte[] bytes = readModel();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        opts = new OrtSession.SessionOptions();
        opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        // One text per call: parallel over texts, one thread each (no per-operator hand-offs).
        // Padded batches: parallel inside each batch.
        boolean alone = batchSize == 1;
        opts.setIntraOpNumThreads(alone ? 1 : threads);
        opts.setInterOpNumThreads(1);
        opts.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
        session = env.createSession(bytes, opts);
        workers = new Workers(alone ? threads : 1, "strec-onnx-" + id);
        return new OnnxTextEncoder(this, id, env, opts, session, tok, workers);
      } catch (OrtException | RuntimeException e) {
        Closing.closeOnFailure(e, workers, session, opts, tok);
        if (e instanceof RuntimeException re) {
          throw re;
        }
        throw new EncoderException(
            "ONNX Runtime could not load " + model + ": " + e.getMessage(), e);
      }
    }

    private HuggingFaceTokenizer loadTokenizer() {
      Map<String, String> o = new HashMap<>();
      o.put("addSpecialTokens", "true");
      // Texts are encoded one by one and padded here; padding on only so that probePadId sees it.
      o.put("padding", "true");
      o.put("truncation", "true");
      o.put("maxLength", Integer.toString(maxLength));
      // DJL would otherwise cap maxLength at 512 with only a log line.
      o.put("modelMaxLength", Integer.toString(Math.max(512, maxLength)));
      try (InputStream in = tokenizerJson.open()) {
        return HuggingFaceTokenizer.newInstance(in, o);
      } catch (IOException | RuntimeException e) {
        throw new EncoderException(
            "cannot load tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
      }
    }

    private byte[] readModel() {
      try {
        return model.readAllBytes();
      } catch (IOException e) {
        throw new EncoderException("cannot read model " + model + ": " + e.getMessage(), e);
      }
    }
  }
}

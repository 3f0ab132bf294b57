package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.strec.stm.Ablation;
import io.strec.stm.StmConfig;
import io.strec.stm.data.Batch;
import io.strec.stm.data.Features;
import io.strec.stm.data.GeoGrid;
import io.strec.stm.data.ItemText;
import io.strec.stm.data.UnitRows;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The forward pass of {@code stm}.
 *
 * <ol>
 *   <li>Item vectors {@code E} from text and ID ({@link ItemEncoder}).
 *   <li>Event vectors: item + time features + space features + region + position.
 *   <li>{@code layers} pre-norm causal self-attention blocks with interval and distance biases.
 *   <li>At each scored position, a query vector (query time features + query region) attends once
 *       more over the visible events, with biases from the interval to the query time and the
 *       distance to the query place; the result is the user state {@code u}.
 *   <li>Score of item i: {@code u . E_i} + item prior + a learned, query-dependent function of the
 *       distance from the query place + repeat term over the user's own history items + transition
 *       prior from the last item + text-neighbour term over the items whose language-model vectors
 *       are nearest to the recent history items. Softmax over the catalogue.
 * </ol>
 *
 * <p>Training on a large catalogue uses {@link #forwardSampled}, which computes the same score
 * terms for the batch's targets and a sample of negatives only ({@link SampledSoftmax}); inference
 * always scores the whole catalogue.
 */
public final class Network {
  private final StmConfig config;
  private final int numItems;
  private final int regions;
  private final Params params;

  /**
   * The text adaptor's input over the catalogue (in-memory text only): the unit rows, whitened
   * ({@link TextWhitening}) once the whitening's values are known.
   */
  private NDArray text;

  /** Whether the text input is whitened and {@link #text} is not yet. */
  private boolean whitenPending;

  private final ItemText textOnDisk;
  private final NDArray logCount;
  private final NDArray seen;

  /**
   * Squared distances (km^2) beyond which the near basis {@code exp(-4 d^2)} of the distance term
   * is held at {@code exp(-4 NEAR_CUT)} (about 8e-20), so that neither it nor its products in the
   * backward pass become subnormal floats, on which arithmetic is many times slower.
   */
  public static final double NEAR_CUT = DistanceTerm.NEAR_CUT;

  private final int userDim;
  private final NDManager owner;

  private final PriorTerm prior;
  private final DistanceTerm distance;

  /** The score terms that give a value to every item ({@link DenseTerm}), in order. */
  private final List<DenseTerm> denseTerms;

  /** The score terms that give values to a few items per query ({@link SlotTerm}), in order. */
  private final List<SlotTerm> slotTerms;

  /** The dense terms, then the slot terms ({@link #terms}). */
  private final List<ScoreTerm> terms;

  private volatile NDArray servingItems;

  /**
   * The serving vectors as given to {@link #freeze(float[])} when it was given all of them (kept,
   * not copied, so that a million items' 256 MB are not copied back out of the engine); else null.
   */
  private volatile float[] servingGiven;

  private final java.util.concurrent.atomic.AtomicInteger servingGeneration =
      new java.util.concurrent.atomic.AtomicInteger();
  private int freezeBlockRows;

  /**
   * The corrected logits of a sampled training step, and the rows of the per-item parameters it
   * read as leaves of their own: their gradients are in {@code rows} after the backward pass, not
   * on the parameters ({@link ItemRows}).
   */
  public record Sampled(NDArray logits, ItemRows rows) {}

  /**
   * The tensors of one forward pass; they belong to the step manager passed in. Training fills only
   * the logits ({@code parts} empty, {@code queryWeights} null).
   *
   * @param terms the network's score terms ({@link #terms})
   * @param parts each term's part of the logits, in {@code terms} order: (m, items), but (1, items)
   *     for a term that depends on no query (the prior); the logits are their sum
   * @param queryWeights the final attention's weights (m, heads, 1, l)
   */
  public record Output(
      NDArray logits, List<ScoreTerm> terms, List<NDArray> parts, NDArray queryWeights) {
    /**
     * The part of the term named {@code name}.
     *
     * @throws IllegalArgumentException when the network has no such term or the pass reported no
     *     parts (training)
     */
    public NDArray part(String name) {
      for (int k = 0; k < parts.size(); k++) {
        if (terms.get(k).name().equals(name)) {
          return parts.get(k);
        }
      }
      throw new IllegalArgumentException(
          "no part '"
              + name
              + "' in this output; its parts are of "
              + terms.subList(0, parts.size()));
    }
  }

  /**
   * @param textVectors (numItems x D) frozen language-model vectors, rows L2-normalised or zero;
   *     ignored when text is ablated
   * @param counts training events per item
   * @param lat item latitudes in degrees (NaN when unknown); likewise {@code lon}
   * @param regions number of region ids of the geographic grid
   */
  public Network(
      StmConfig config,
      NDManager manager,
      DataType type,
      float[][] textVectors,
      int[] counts,
      double[] lat,
      double[] lon,
      int regions,
      SplittableRandom rnd) {
    this(config, manager, type, textVectors, counts, lat, lon, regions, 0, rnd);
  }

  /**
   * @param userDim dimension of the encoded behaviour text added to each query ({@link
   *     io.strec.stm.UserText}); 0 for none
   */
  public Network(
      StmConfig config,
      NDManager manager,
      DataType type,
      float[][] textVectors,
      int[] counts,
      double[] lat,
      double[] lon,
      int regions,
      int userDim,
      SplittableRandom rnd) {
    this(
        config,
        manager,
        type,
        textVectors == null ? null : ItemText.of(textVectors),
        counts,
        lat,
        lon,
        GeoGrid.meanLatitude(lat, lon),
        regions,
        userDim,
        rnd);
  }

  /**
   * @param textVectors the frozen language-model vectors; when they are not {@link
   *     ItemText#inMemory in memory}, the network is for serving only: {@link #freeze} reads them
   *     block by block to compute the item vectors, and it cannot be fitted
   * @param meanLat the latitude whose cosine turns longitude differences into kilometres ({@link
   *     GeoGrid#meanLat}): the mean over the item places the network is fitted with, kept when
   *     items are added later
   * @param rnd the source of the initial weights; null when the weights will be read ({@link
   *     Params#read}) and nothing is to be drawn
   */
  public Network(
      StmConfig config,
      NDManager manager,
      DataType type,
      ItemText textVectors,
      int[] counts,
      double[] lat,
      double[] lon,
      double meanLat,
      int regions,
      int userDim,
      SplittableRandom rnd) {
    if (userDim < 0) {
      throw new IllegalArgumentException("userDim must be >= 0, got " + userDim);
    }
    this.userDim = userDim;
    this.owner = manager;
    this.config = config;
    this.numItems = counts.length;
    this.regions = regions;
    if (lat.length != numItems || lon.length != numItems) {
      throw new IllegalArgumentException(
          "item locations for " + lat.length + " items, catalogue " + numItems);
    }
    boolean useText = config.uses(Ablation.TEXT);
    if (useText && textVectors.size() != numItems) {
      throw new IllegalArgumentException(
          "text vectors for " + textVectors.size() + " items, catalogue " + numItems);
    }
    int textDim = useText && numItems > 0 ? textVectors.dim() : 0;
    this.textOnDisk = useText && !textVectors.inMemory() ? textVectors : null;
    this.text =
        useText && textVectors.inMemory()
            ? manager
                .create(UnitRows.flatten(textVectors.all(), textDim), new Shape(numItems, textDim))
                .toType(type, false)
            : null;
    float[] lc = new float[numItems];
    float[] sn = new float[numItems];
    for (int i = 0; i < numItems; i++) {
      lc[i] = (float) Math.log1p(counts[i]);
      sn[i] = counts[i] > 0 ? 1f : 0f;
    }
    this.logCount = manager.create(lc, new Shape(numItems, 1)).toType(type, false);
    this.seen = manager.create(sn, new Shape(numItems, 1)).toType(type, false);
    this.params = rnd == null ? Params.placeholders(manager, type) : new Params(manager, type);
    this.prior = new PriorTerm(logCount, seen, numItems, config.uses(Ablation.ID));
    this.distance = new DistanceTerm(lat, lon, Math.cos(Math.toRadians(meanLat)), manager, type);
    this.denseTerms = List.of(new InterestTerm(), prior, distance);
    this.slotTerms = SlotTerm.of(config);
    List<ScoreTerm> all = new ArrayList<>(denseTerms);
    all.addAll(slotTerms);
    this.terms = List.copyOf(all);
    init(rnd, textDim, textVectors);
    this.whitenPending = this.text != null && params.has(TextWhitening.MEAN);
    if (rnd != null) {
      // Fitted now: the whitening's values are this network's; a network whose weights will be
      // read whitens on first use, once it has them.
      textInput();
    }
  }

  private void init(SplittableRandom rnd, int textDim, ItemText textVectors) {
    int d = config.dim();
    int h = config.heads();
    double proj = 1 / Math.sqrt(d);
    if (config.uses(Ablation.TEXT)) {
      params.normal("text.w1", rnd, 1 / Math.sqrt(Math.max(1, textDim)), textDim, d);
      params.constant("text.b1", 0, d);
      params.normal("text.w2", rnd, proj, d, d);
      params.constant("text.b2", 0, d);
      if (config.textInput() == StmConfig.TextInput.WHITENED && textDim > 0) {
        TextWhitening.declare(params, textVectors, rnd != null);
      }
    }
    if (config.uses(Ablation.ID)) {
      params.normal("id.emb", rnd, 0.05, numItems, d);
      params.constant("id.gateA", 1, 1);
      params.constant("id.gateC", 0, 1);
    }
    params.normal("time.w", rnd, 0.1, Features.TIME_DIM, d);
    params.normal("space.w", rnd, 0.1, Features.SPACE_DIM, d);
    params.normal("region.emb", rnd, 0.02, regions, d);
    params.normal("pos.emb", rnd, 0.02, config.maxLen(), d);
    for (int l = 0; l < config.layers(); l++) {
      String p = "l" + l + ".";
      params.constant(p + "ln1.g", 1, d);
      params.constant(p + "ln1.b", 0, d);
      attention(p + "att.", rnd, proj, d, h);
      params.constant(p + "ln2.g", 1, d);
      params.constant(p + "ln2.b", 0, d);
      params.normal(p + "ff.w1", rnd, proj, d, 2L * d);
      params.constant(p + "ff.b1", 0, 2L * d);
      params.normal(p + "ff.w2", rnd, 1 / Math.sqrt(2.0 * d), 2L * d, d);
      params.constant(p + "ff.b2", 0, d);
    }
    params.constant("final.ln.g", 1, d);
    params.constant("final.ln.b", 0, d);
    params.normal("q.time.w", rnd, 0.1, Features.TIME_DIM, d);
    params.constant("q.ln.g", 1, d);
    params.constant("q.ln.b", 0, d);
    attention("q.att.", rnd, proj, d, h);
    if (userDim > 0) {
      params.normal("user.w", rnd, 0.5 / Math.sqrt(userDim), userDim, d);
    }
    params.constant("u.ln.g", 1, d);
    params.constant("u.ln.b", 0, d);
    for (DenseTerm t : denseTerms) {
      t.declare(params, d);
    }
    for (SlotTerm t : slotTerms) {
      t.declare(params, d, rnd);
    }
  }

  private void attention(String p, SplittableRandom rnd, double std, int d, int h) {
    params.normal(p + "wq", rnd, std, d, d);
    params.normal(p + "wk", rnd, std, d, d);
    params.normal(p + "wv", rnd, std, d, d);
    params.normal(p + "wo", rnd, std, d, d);
    params.constant(p + "tbias", 0, Features.TIME_BUCKETS, h);
    params.constant(p + "dbias", 0, Features.DIST_BUCKETS + 1, h);
  }

  public Params params() {
    return params;
  }

  StmConfig config() {
    return config;
  }

  public int numItems() {
    return numItems;
  }

  public int regions() {
    return regions;
  }

  /** Dimension of the behaviour-text input; 0 when the network takes none. */
  public int userDim() {
    return userDim;
  }

  /**
   * Names of the parameters weight decay applies to: a score term's parameters as the term says
   * ({@link DenseTerm#decays}, {@link SlotTerm}), the others (the encoder's) when they are matrices
   * or embeddings, not bias tables.
   */
  public Set<String> decayed() {
    Set<String> out = new HashSet<>();
    for (var e : params.all().entrySet()) {
      if (decays(e.getKey(), e.getValue().getShape())) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  private boolean decays(String param, Shape shape) {
    for (DenseTerm t : denseTerms) {
      if (t.owns(param)) {
        return t.decays(param);
      }
    }
    for (SlotTerm t : slotTerms) {
      if (t.owns(param)) {
        return t.decays(param);
      }
    }
    return shape.dimension() >= 2 && !param.endsWith("bias");
  }

  /**
   * Lets the dense terms keep what depends only on the training queries' places ({@link
   * DenseTerm#trainingPlaces}) until {@link #forgetTrainingPlaces}.
   */
  public void trainingPlaces(float[] lat, float[] lon) {
    for (DenseTerm t : denseTerms) {
      t.trainingPlaces(lat, lon);
    }
  }

  /** Frees what {@link #trainingPlaces} kept. */
  public void forgetTrainingPlaces() {
    for (DenseTerm t : denseTerms) {
      t.forgetTrainingPlaces();
    }
  }

  /** The slot terms of this network, in the order of {@link QueryTerms#slotValues}. */
  public List<SlotTerm> slotTerms() {
    return slotTerms;
  }

  /** The dense terms of this network (interest, prior, distance), in the order they are summed. */
  public List<DenseTerm> denseTerms() {
    return denseTerms;
  }

  /**
   * Every score term of this network: the dense terms, then the slot terms; the order of {@link
   * Output#parts} and of a score's parts wherever they are reported.
   */
  public List<ScoreTerm> terms() {
    return terms;
  }

  /**
   * Fixes the weights for serving: the item vectors, which depend on no query, are computed once
   * and reused by every {@link #forward} over the whole catalogue (the text adaptor over every item
   * was most of a query's cost). A frozen network must not be trained again.
   */
  public synchronized void freeze() {
    if (servingItems != null) {
      return;
    }
    try (NDManager tmp = owner.newSubManager()) {
      Map<String, NDArray> w = params.viewsIn(tmp, true);
      NDArray e =
          textOnDisk == null ? items(tmp, w, ItemTable.whole(numItems)) : itemsInBlocks(tmp, w, 0);
      // Kept with the padding row that history lookups index, as run() would append it.
      NDArray kept = e.concat(tmp.zeros(new Shape(1, config.dim()), params.type()), 0);
      kept.attach(owner);
      servingItems = kept;
      servingGeneration.incrementAndGet();
    }
  }

  /**
   * As {@link #freeze}, with the item vectors of the first {@code known.length / d} items given,
   * row-major: those a model directory keeps ({@code serving.bin}), or those of the catalogue this
   * network grew from by added items (whose weights are unchanged). Only the other items' vectors
   * are computed; a restart need not run the text adaptor over a million items again.
   *
   * @throws IllegalArgumentException when {@code known} is not whole rows of at most {@link
   *     #numItems} items
   */
  public synchronized void freeze(float[] known) {
    int d = config.dim();
    if (known.length % d != 0 || known.length / d > numItems) {
      throw new IllegalArgumentException(
          known.length + " floats are not the vectors of at most " + numItems + " items of " + d);
    }
    int k = known.length / d;
    if (servingItems != null) {
      return;
    }
    if (k == 0) {
      freeze();
      return;
    }
    try (NDManager tmp = owner.newSubManager()) {
      NDArray kept;
      long bytes = (long) (k + 1) * d * Float.BYTES;
      if (k == numItems && bytes <= Integer.MAX_VALUE) {
        // With the padding row from the start (a direct buffer is zeroed), handed to the engine
        // as it is: no catalogue-sized copy on the heap or in the engine besides the tensor.
        ByteBuffer rows = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
        rows.asFloatBuffer().put(known);
        kept = tmp.create(rows, new Shape(k + 1, d), DataType.FLOAT32).toType(params.type(), false);
      } else if (k == numItems) {
        // More than one buffer holds (over 8 million items of 64): the padding row is appended.
        kept =
            tmp.create(known, new Shape(k, d))
                .toType(params.type(), false)
                .concat(tmp.zeros(new Shape(1, d), params.type()), 0);
      } else {
        Map<String, NDArray> w = params.viewsIn(tmp, true);
        NDArray rest =
            textOnDisk == null
                ? items(tmp, w, ItemTable.whole(numItems)).get(new NDIndex(k + ":"))
                : itemsInBlocks(tmp, w, k);
        kept =
            NDArrays.concat(
                new NDList(
                    tmp.create(known, new Shape(k, d)).toType(params.type(), false),
                    rest,
                    tmp.zeros(new Shape(1, d), params.type())),
                0);
      }
      kept.attach(owner);
      servingGiven = k == numItems ? known : null;
      servingItems = kept;
      servingGeneration.incrementAndGet();
    }
  }

  /**
   * Counts the {@link #freeze}s that computed serving vectors: what a caller derived from a frozen
   * network (item vectors, the {@link QueryForward}) is current while the network is {@link
   * #frozen} and this count is the one it was derived under.
   */
  public int servingGeneration() {
    return servingGeneration.get();
  }

  /**
   * Rows of text vectors read at a time by {@link #freeze} when they are on disk; 0 (the default)
   * for blocks of about 64 MB. For tests of the block boundaries.
   */
  void freezeBlockRows(int rows) {
    this.freezeBlockRows = rows;
  }

  /**
   * The frozen item vectors, (numItems x d) row-major: the vectors every query's interest term is
   * the inner product with. Not to be changed: they may be the array given to {@link
   * #freeze(float[])}.
   */
  public float[] servingItemVectors() {
    NDArray cached = servingItems;
    if (cached == null) {
      throw new IllegalStateException("serving vectors need a frozen network: call freeze() first");
    }
    float[] given = servingGiven;
    if (given != null) {
      return given;
    }
    try (NDManager tmp = owner.newSubManager()) {
      return cached
          .get(tmp, new NDIndex(":{}", numItems))
          .toType(DataType.FLOAT32, false)
          .toFloatArray();
    }
  }

  /** The prior term of every item (popularity weight times log count, plus the item bias). */
  public float[] itemPrior() {
    try (NDManager tmp = owner.newSubManager()) {
      return prior
          .all(tmp, params.viewsIn(tmp, true))
          .toType(DataType.FLOAT32, false)
          .toFloatArray();
    }
  }

  /**
   * The cosine that turns longitude differences into kilometres in the distance term (that of the
   * mean latitude of the fitted item places).
   */
  public double lonScale() {
    return distance.lonScale();
  }

  /**
   * Undoes {@link #freeze}: drops the kept item vectors, so that training may go on. Used around an
   * inner validation, which scores many queries under fixed weights.
   */
  public synchronized void thaw() {
    NDArray kept = servingItems;
    servingItems = null;
    servingGiven = null;
    if (kept != null) {
      kept.close();
    }
  }

  /** Whether {@link #freeze} was called. */
  public boolean frozen() {
    return servingItems != null;
  }

  /**
   * The text adaptor's input over the catalogue: {@link #text}, whitened first if that is still to
   * be done. A network whose weights are read has the whitening's values only once they are, which
   * is before its first forward pass.
   */
  private synchronized NDArray textInput() {
    if (whitenPending) {
      NDArray unit = text;
      text = TextWhitening.apply(unit, params);
      unit.close();
      whitenPending = false;
    }
    return text;
  }

  /** Item vectors (numItems, d) under the current weights. */
  public NDArray items(NDManager step, Map<String, NDArray> w) {
    return items(step, w, ItemTable.whole(numItems));
  }

  /**
   * Item vectors (numItems - first, d) of the items {@code first} onwards, from the text vectors on
   * disk, read and encoded a block of rows at a time, so that they are never all in memory.
   */
  private NDArray itemsInBlocks(NDManager step, Map<String, NDArray> w, int first) {
    int block =
        freezeBlockRows > 0
            ? freezeBlockRows
            : Math.max(1, (1 << 24) / Math.max(1, textOnDisk.dim()));
    NDArray id = w.get("id.emb");
    NDList parts = new NDList();
    for (int from = first; from < numItems; from += block) {
      int to = Math.min(numItems, from + block);
      NDIndex rows = new NDIndex(from + ":" + to);
      NDArray t =
          step.create(
                  UnitRows.unit(textOnDisk.flat(from, to), textOnDisk.dim()),
                  new Shape(to - from, textOnDisk.dim()))
              .toType(params.type(), false);
      if (params.has(TextWhitening.MEAN)) {
        NDArray unit = t;
        t = TextWhitening.apply(unit, params);
        unit.close();
      }
      parts.add(
          ItemEncoder.apply(
              t,
              w.get("text.w1"),
              w.get("text.b1"),
              w.get("text.w2"),
              w.get("text.b2"),
              id == null ? null : id.get(rows),
              logCount.get(rows),
              seen.get(rows),
              w.get("id.gateA"),
              w.get("id.gateC")));
      t.close();
    }
    return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
  }

  /** Item vectors (table size, d) of the items of {@code table}, in table order. */
  private NDArray items(NDManager step, Map<String, NDArray> w, ItemTable table) {
    return items(step, w, table, ItemRows.none(), Dropout.OFF);
  }

  /**
   * Item vectors of the items of {@code table}, reading the ID embedding from {@code rows} when it
   * holds it, and leaving out the ID vectors {@code drop}'s ID dropout draws.
   */
  private NDArray items(
      NDManager step, Map<String, NDArray> w, ItemTable table, ItemRows rows, Dropout drop) {
    if (textOnDisk != null) {
      throw new IllegalStateException(
          "this network reads its text vectors from disk and serves only; fit from vectors in"
              + " memory");
    }
    int n = table.size();
    NDArray id = w.get("id.emb");
    return ItemEncoder.apply(
        text == null ? null : table.take(step, textInput(), 0, n),
        w.get("text.w1"),
        w.get("text.b1"),
        w.get("text.w2"),
        w.get("text.b2"),
        rows.has("id.emb") ? rows.leaf("id.emb") : id == null ? null : table.take(step, id, 0, n),
        table.take(step, logCount, 0, n),
        drop.keepIds(table.take(step, seen, 0, n)),
        w.get("id.gateA"),
        w.get("id.gateC"));
  }

  /**
   * Scores {@code bt} for inference: no dropout, no autograd record, every part of the score in the
   * output. Every array created belongs to {@code step}.
   */
  public Output forward(NDManager step, Batch bt) {
    return run(step, bt, false, Dropout.OFF, ItemTable.whole(numItems));
  }

  /**
   * Runs {@code bt} for a training step under autograd, with {@code dropout}; only the logits are
   * in the output. Every array created belongs to {@code step}, which must stay open until the
   * backward pass is done.
   */
  public Output forwardTraining(NDManager step, Batch bt, Dropout dropout) {
    return run(step, bt, true, dropout, ItemTable.whole(numItems));
  }

  /**
   * As {@link #forwardTraining(NDManager, Batch, Dropout)}, reading the weights from {@code
   * weights} (one array per parameter name, e.g. {@link Params#leavesIn}) instead of from the
   * parameters themselves: the gradients then reach those arrays.
   */
  public Output forwardTraining(
      NDManager step, Batch bt, Dropout dropout, Map<String, NDArray> weights) {
    checkWeights(weights);
    return run(step, bt, true, dropout, ItemTable.whole(numItems), ItemRows.none(), weights);
  }

  /**
   * Runs {@code bt} for a training step under a sampled softmax ({@link SampledSoftmax}): the score
   * terms are computed only for the batch's targets and the shared negatives {@code neg}, and item
   * vectors only for those and the batch's history items, so the cost does not grow with the
   * catalogue. The output's logits are the (m, 1 + K) corrected logits of {@link
   * SampledSoftmax#logits}, the target in column 0; train on {@link SampledSoftmax#loss}. The
   * per-item parameters are read through the step's own rows ({@link ItemRows}): after the backward
   * pass their gradients are in {@link Sampled#rows()}, and the optimizer takes them from there
   * ({@link AdamW#update(ItemRows.Gradients)}). Every array created belongs to {@code step}, which
   * must stay open until the backward pass is done and the row gradients are copied out.
   */
  public Sampled forwardSampled(
      NDManager step, Batch bt, Dropout dropout, SampledSoftmax.Negatives neg) {
    return forwardSampled(
        step, bt, dropout, neg, sampledTable(List.of(bt), neg), params.viewsIn(step, false));
  }

  /** Refuses weights that are not one array for each of the network's parameters. */
  private void checkWeights(Map<String, NDArray> weights) {
    if (!weights.keySet().equals(params.all().keySet())) {
      throw new IllegalArgumentException(
          "weights for " + weights.keySet() + ", the network has " + params.all().keySet());
    }
  }

  /**
   * The items a sampled step over the batch made of {@code parts} reads: every part's targets and
   * the negatives are scored, and every part's history items get a vector. Shards of one batch
   * share it, so their row gradients ({@link ItemRows}) are of the same rows and add up.
   */
  public ItemTable sampledTable(List<Batch> parts, SampledSoftmax.Negatives neg) {
    int targets = 0;
    int history = 0;
    for (Batch bt : parts) {
      targets += bt.m;
      history += bt.item.length;
    }
    long[] wanted = new long[Math.addExact(targets, neg.size())];
    long[] items = new long[history];
    int t = 0;
    int h = 0;
    for (Batch bt : parts) {
      System.arraycopy(bt.target, 0, wanted, t, bt.m);
      t += bt.m;
      System.arraycopy(bt.item, 0, items, h, bt.item.length);
      h += bt.item.length;
    }
    System.arraycopy(neg.items(), 0, wanted, t, neg.size());
    return ItemTable.of(numItems, wanted, items);
  }

  /**
   * As {@link #forwardSampled(NDManager, Batch, Dropout, SampledSoftmax.Negatives)} over {@code
   * table} ({@link #sampledTable}, which must hold the batch's items), reading the other weights
   * from {@code weights} ({@link Params#leavesIn}).
   */
  public Sampled forwardSampled(
      NDManager step,
      Batch bt,
      Dropout dropout,
      SampledSoftmax.Negatives neg,
      ItemTable table,
      Map<String, NDArray> weights) {
    checkWeights(weights);
    ItemRows rows = ItemRows.of(step, params, table);
    NDArray scores = run(step, bt, true, dropout, table, rows, weights).logits();
    int s = table.scored();
    NDArray target =
        scores.gather(step.create(table.positions(bt.target, s), new Shape(bt.m, 1)), 1);
    // A gather along the rows, not an indexed read of columns: its backward adds each row's
    // gradients on its own, in order (see Layers#rows).
    long[] negPos = table.positions(neg.items(), s);
    long[] negIndex = new long[Math.multiplyExact(bt.m, negPos.length)];
    for (int i = 0; i < bt.m; i++) {
      System.arraycopy(negPos, 0, negIndex, i * negPos.length, negPos.length);
    }
    NDArray negative = scores.gather(step.create(negIndex, new Shape(bt.m, negPos.length)), 1);
    NDArray logits = SampledSoftmax.logits(target, negative, neg, bt.target);
    return new Sampled(logits, rows);
  }

  /**
   * What a query contributes to the score of any item, computed without touching the catalogue: the
   * user state {@code u}, the distance coefficients, and the values of the slot terms ({@link
   * SlotTerm}: repeat, transition, text neighbour) at their slots' items. All arrays belong to the
   * step manager that made them.
   *
   * @param user (m, d) user states
   * @param distCoef (m, 2) coefficients of the far and near distance bases, zero where the query
   *     has no place
   * @param slotValues per slot term of the network ({@link #slotTerms}), its (m, slots) values at
   *     its slots' items ({@link Batch#slots}); (m, 0) when the batch has none of its slots
   * @param queryWeights the final attention's weights (m, heads, 1, l)
   */
  public record QueryTerms(
      NDArray user, NDArray distCoef, List<NDArray> slotValues, NDArray queryWeights) {}

  /**
   * The query terms of {@code bt} for serving ({@link QueryTerms}): no dropout, no autograd, no
   * catalogue-wide work. The network must be {@link #freeze frozen}.
   */
  public QueryTerms queryTerms(NDManager step, Batch bt) {
    NDArray cached = servingItems;
    if (cached == null) {
      throw new IllegalStateException("query terms need a frozen network: call freeze() first");
    }
    Map<String, NDArray> w = params.viewsIn(step, true);
    return terms(
        step, bt, w, Dropout.OFF, cached.get(step, new NDIndex("...")), ItemTable.whole(numItems));
  }

  /**
   * The forward pass over {@code table}: its items give the history's item vectors, and the logits
   * are the scores of its scored items, (m, table.scored()) in table order.
   */
  private Output run(NDManager step, Batch bt, boolean training, Dropout drop, ItemTable table) {
    return run(step, bt, training, drop, table, ItemRows.none());
  }

  /** As {@link #run}, reading the per-item parameters the step's {@code rows} hold from them. */
  private Output run(
      NDManager step, Batch bt, boolean training, Dropout drop, ItemTable table, ItemRows rows) {
    return run(step, bt, training, drop, table, rows, params.viewsIn(step, !training));
  }

  /** As {@link #run}, reading the weights from {@code w}. */
  private Output run(
      NDManager step,
      Batch bt,
      boolean training,
      Dropout drop,
      ItemTable table,
      ItemRows rows,
      Map<String, NDArray> w) {
    DataType type = params.type();
    int d = config.dim();
    long m = bt.m;
    NDArray cached = servingItems;
    NDArray e;
    NDArray eAll;
    if (cached != null && !training && table.size() == numItems) {
      eAll = cached.get(step, new NDIndex("..."));
      e = eAll.get(new NDIndex(":{}", numItems));
    } else {
      e = items(step, w, table, rows, drop);
      eAll = e.concat(step.zeros(new Shape(1, d), type), 0);
    }
    QueryTerms q = terms(step, bt, w, drop, eAll, table);
    int cols = table.scored();
    DenseTerm.Step at =
        new DenseTerm.Step(
            step, bt, w, q, table.isWhole() ? e : e.get(new NDIndex(":{}", cols)), table, rows);
    if (training) {
      // Summed in place: one catalogue-wide matrix for the logits instead of one per partial sum,
      // each of which would live until the step ends. Autograd needs none of them.
      NDArray logits = denseTerms.get(0).values(at).orElseThrow();
      for (int k = 1; k < denseTerms.size(); k++) {
        denseTerms.get(k).addTo(logits, at);
      }
      NDArray slots = slotTermsTogether(step, bt, q.slotValues(), m, type, table);
      logits.addi(slots);
      slots.close();
      return new Output(logits, terms, List.of(), null);
    }
    List<NDArray> parts = new ArrayList<>(denseTerms.size() + slotTerms.size());
    NDArray logits = null;
    for (DenseTerm t : denseTerms) {
      NDArray part = t.values(at).orElseGet(() -> step.zeros(new Shape(m, cols), type));
      parts.add(part);
      logits = logits == null ? part : logits.add(part);
    }
    for (int g = 0; g < slotTerms.size(); g++) {
      Batch.Slots s = bt.slots(g);
      NDArray part =
          placeAt(
              step,
              table.positions(s.items(), cols),
              m,
              s.count(),
              q.slotValues().get(g),
              type,
              cols);
      parts.add(part);
      logits = logits.add(part);
    }
    return new Output(logits, terms, List.copyOf(parts), q.queryWeights());
  }

  /** The user state and the per-query coefficients; {@code eAll} holds a padding row last. */
  private QueryTerms terms(
      NDManager step,
      Batch bt,
      Map<String, NDArray> w,
      Dropout drop,
      NDArray eAll,
      ItemTable table) {
    DataType type = params.type();
    int d = config.dim();
    int h = config.heads();
    long b = bt.b;
    long l = bt.l;
    long m = bt.m;
    if (l > config.maxLen()) {
      throw new IllegalArgumentException(
          "batch windows of " + l + " events exceed maxLen " + config.maxLen());
    }
    NDArray x =
        Layers.rows(eAll, step.create(table.positions(bt.item, table.size()))).reshape(b, l, d);
    x = x.add(f(step, bt.timeFeat, type, b, l, Features.TIME_DIM).matMul(w.get("time.w")));
    x = x.add(f(step, bt.spaceFeat, type, b, l, Features.SPACE_DIM).matMul(w.get("space.w")));
    x = x.add(Layers.rows(w.get("region.emb"), step.create(bt.region)).reshape(b, l, d));
    x = x.add(w.get("pos.emb").get(new NDIndex(":{}", l)));
    x = drop.apply(x);

    NDArray allowed = f(step, bt.attMask, type, b, l, l);
    NDArray tb = BiasedAttention.pairIndex(step, bt.timeBucket, Features.TIME_BUCKETS, h);
    NDArray db = BiasedAttention.pairIndex(step, bt.distBucket, Features.DIST_BUCKETS + 1, h);
    for (int layer = 0; layer < config.layers(); layer++) {
      String pre = "l" + layer + ".";
      NDArray xn = Layers.layerNorm(x, w.get(pre + "ln1.g"), w.get(pre + "ln1.b"));
      BiasedAttention.Result a = attend(w, pre + "att.", xn, xn, tb, db, allowed, h);
      x = x.add(drop.apply(a.out()));
      NDArray xn2 = Layers.layerNorm(x, w.get(pre + "ln2.g"), w.get(pre + "ln2.b"));
      x =
          x.add(
              drop.apply(
                  Layers.feedForward(
                      xn2,
                      w.get(pre + "ff.w1"),
                      w.get(pre + "ff.b1"),
                      w.get(pre + "ff.w2"),
                      w.get(pre + "ff.b2"),
                      drop)));
    }
    NDArray hs = Layers.layerNorm(x, w.get("final.ln.g"), w.get("final.ln.b"));

    if (bt.userDim != userDim) {
      throw new IllegalArgumentException(
          "batch carries behaviour vectors of dimension "
              + bt.userDim
              + ", the network takes "
              + userDim);
    }
    QueryRows rows = QueryRows.of(bt);
    NDArray z;
    BiasedAttention.Result qa;
    NDArray attended;
    NDArray queryWeights;
    if (rows != null) {
      // Every scored position has its own row of its window: the final attention runs once per
      // window, (b, l) queries over the window's l states, instead of once per position over a
      // copy of its window's states; the rows of the scored positions are then picked.
      NDArray qv =
          f(step, rows.timeFeat(), type, b * l, Features.TIME_DIM)
              .matMul(w.get("q.time.w"))
              .add(Layers.rows(w.get("region.emb"), step.create(rows.region())));
      if (userDim > 0) {
        qv =
            qv.reshape(b, l, d)
                .add(f(step, bt.user, type, b, userDim).matMul(w.get("user.w")).reshape(b, 1, d))
                .reshape(b * l, d);
      }
      NDArray zAll = hs.reshape(b * l, d).add(qv);
      NDArray znAll = Layers.layerNorm(zAll, w.get("q.ln.g"), w.get("q.ln.b")).reshape(b, l, d);
      qa =
          attend(
              w,
              "q.att.",
              znAll,
              hs,
              BiasedAttention.pairIndex(step, rows.timeBucket(), Features.TIME_BUCKETS, h),
              BiasedAttention.pairIndex(step, rows.distBucket(), Features.DIST_BUCKETS + 1, h),
              f(step, rows.mask(), type, b, l, l),
              h);
      NDArray sel = step.create(bt.selRow);
      z = Layers.rows(zAll, sel);
      attended = Layers.rows(qa.out().reshape(b * l, d), sel);
      queryWeights =
          Layers.rows(qa.weights().transpose(0, 2, 1, 3).reshape(b * l, h, l), sel)
              .reshape(m, h, 1, l);
    } else {
      NDArray hSel = Layers.rows(hs.reshape(b * l, d), step.create(bt.selRow));
      NDArray qv =
          f(step, bt.qTimeFeat, type, m, Features.TIME_DIM)
              .matMul(w.get("q.time.w"))
              .add(Layers.rows(w.get("region.emb"), step.create(bt.qRegion)));
      if (userDim > 0) {
        // The encoded behaviour text of each position's window joins the query.
        qv =
            qv.add(
                Layers.rows(
                    f(step, bt.user, type, b, userDim).matMul(w.get("user.w")),
                    step.create(bt.selSeq)));
      }
      z = hSel.add(qv);
      NDArray zn = Layers.layerNorm(z, w.get("q.ln.g"), w.get("q.ln.b")).reshape(m, 1, d);
      NDArray keys = Layers.rows(hs, step.create(bt.selSeq));
      qa =
          attend(
              w,
              "q.att.",
              zn,
              keys,
              BiasedAttention.pairIndex(step, bt.qTimeBucket, Features.TIME_BUCKETS, h),
              BiasedAttention.pairIndex(step, bt.qDistBucket, Features.DIST_BUCKETS + 1, h),
              f(step, bt.qMask, type, m, 1, l),
              h);
      attended = qa.out().reshape(m, d);
      queryWeights = qa.weights();
    }
    NDArray u = Layers.layerNorm(z.add(drop.apply(attended)), w.get("u.ln.g"), w.get("u.ln.b"));

    NDArray coef = distance.coefficients(step, w, u, bt);
    if (bt.slotTerms() != slotTerms.size()) {
      throw new IllegalArgumentException(
          "batch carries the slots of "
              + bt.slotTerms()
              + " slot terms, the network has "
              + slotTerms.size()
              + " "
              + slotTerms);
    }
    List<NDArray> slotValues = new ArrayList<>(slotTerms.size());
    for (int g = 0; g < slotTerms.size(); g++) {
      slotValues.add(slotTerms.get(g).values(step, w, u, bt.slots(g), m, type));
    }
    return new QueryTerms(u, coef, List.copyOf(slotValues), queryWeights);
  }

  /**
   * The biased attention ({@link BiasedAttention}) whose weights are {@code prefix} + {@code wq,
   * wk, wv, wo, tbias, dbias}: a layer's self-attention or the final query attention.
   */
  private static BiasedAttention.Result attend(
      Map<String, NDArray> w,
      String prefix,
      NDArray queries,
      NDArray keys,
      NDArray timeBucket,
      NDArray distBucket,
      NDArray allowed,
      int heads) {
    return BiasedAttention.apply(
        queries,
        keys,
        w.get(prefix + "wq"),
        w.get(prefix + "wk"),
        w.get(prefix + "wv"),
        w.get(prefix + "wo"),
        w.get(prefix + "tbias"),
        w.get(prefix + "dbias"),
        timeBucket,
        distBucket,
        allowed,
        heads);
  }

  /**
   * Mean cross-entropy of the targets under a softmax over the whole catalogue, each target
   * smoothed by {@link StmConfig#labelSmoothing} {@code s}: a position's loss is {@code -((1 - s)
   * log p(target) + s mean_i log p(i))}. The output of {@link #forwardSampled} takes {@link
   * SampledSoftmax#loss} instead. Closes {@code out}'s logits, which nothing reads after the loss.
   */
  public NDArray loss(NDManager step, Output out, Batch bt) {
    NDArray target = step.create(bt.target, new Shape(bt.m, 1));
    NDArray perPosition = crossEntropy(out.logits(), target, config.labelSmoothing());
    // Nothing needs the logits (the log-softmax's backward keeps its own output): closed now, not
    // when the step ends.
    out.logits().close();
    return perPosition.mean();
  }

  /**
   * Each row's cross-entropy, (m, 1), of its {@code target} (m, 1) under the softmax of {@code
   * logits} (m, n), the target smoothed by {@code s}: {@code -((1 - s) log p(target) + s mean_i log
   * p(i))}.
   */
  public static NDArray crossEntropy(NDArray logits, NDArray target, double s) {
    NDArray logProb = logits.logSoftmax(1);
    NDArray picked = logProb.gather(target, 1);
    if (s > 0) {
      // The mean's backward spreads a constant over the row and keeps no values.
      NDArray spread = logProb.mean(new int[] {1}, true);
      // Layers.scale, not mul(Number): autograd keeps the factor for the backward pass.
      picked = Layers.scale(picked, 1 - s).add(Layers.scale(spread, s));
    }
    // The (m, n) log-probabilities are closed now: the backward pass keeps them by a reference of
    // its own.
    logProb.close();
    return picked.neg();
  }

  /**
   * The values of every slot term ({@code values}, in {@link #slotTerms} order) placed at their
   * items in one (m, scored items of {@code table}) matrix. A term's slots hold distinct items
   * within a row, but a slot may hold an item that an earlier term's slot of the same row holds:
   * its value is then added to that slot's value first, and its own slot dropped.
   */
  private NDArray slotTermsTogether(
      NDManager step, Batch bt, List<NDArray> values, long m, DataType type, ItemTable table) {
    int cols = table.scored();
    int groups = slotTerms.size();
    int[] count = new int[groups];
    int[] offset = new int[groups];
    long[][] pos = new long[groups][];
    int width = 0;
    for (int g = 0; g < groups; g++) {
      Batch.Slots s = bt.slots(g);
      count[g] = s.count();
      offset[g] = width;
      pos[g] = table.positions(s.items(), cols);
      width += count[g];
    }
    if (width == 0) {
      return step.zeros(new Shape(m, cols), type);
    }
    long[] idx = new long[Math.toIntExact(m * width)];
    long[][] into = new long[groups][];
    boolean[] shares = new boolean[groups];
    int[] slotOf = new int[cols + 1];
    Arrays.fill(slotOf, -1);
    for (int g = 0; g < groups; g++) {
      into[g] = new long[Math.toIntExact(m * count[g])];
    }
    for (int p = 0; p < m; p++) {
      int row = p * width;
      for (int g = 0; g < groups; g++) {
        for (int k = 0; k < count[g]; k++) {
          int c = (int) pos[g][p * count[g] + k];
          int at = c == cols ? -1 : slotOf[c];
          if (at >= 0) {
            into[g][p * count[g] + k] = at;
            idx[row + offset[g] + k] = cols;
            shares[g] = true;
          } else {
            into[g][p * count[g] + k] = offset[g];
            idx[row + offset[g] + k] = c;
            if (c != cols) {
              slotOf[c] = offset[g] + k;
            }
          }
        }
      }
      for (int k = 0; k < width; k++) {
        int c = (int) idx[row + k];
        if (c != cols) {
          slotOf[c] = -1;
        }
      }
    }
    NDArray all = values.get(0);
    for (int g = 1; g < groups; g++) {
      if (shares[g]) {
        all = all.add(placeAt(step, into[g], m, count[g], values.get(g), type, offset[g]));
      }
      all = all.concat(values.get(g), 1);
    }
    return placeAt(step, idx, m, width, all, type, cols);
  }

  /**
   * An (rows, cols) matrix holding {@code values[q][s]} at column {@code idx[q * width + s]}, zero
   * elsewhere; a slot whose index is {@code cols} (padding, or an item the table does not score)
   * adds nothing. Indices other than {@code cols} must be distinct within a row.
   *
   * <p>Such a slot is sent to a column of its row that no other slot of the row names, with its
   * value multiplied by 0: the matrix is the same, and so is every gradient (the slot's is 0, as
   * before). What this saves is a dropped extra column: an (m, cols + 1) matrix sliced to (m, cols)
   * costs the backward pass two catalogue-wide zero-filled matrices and two copies (the engine's
   * slice backward, once for the rows' full slice and once for the columns'), some 15 ms of a 200
   * ms step ({@code StmStepBench --softmax full --text-dim 384 --items 5000 --trace}). A row whose
   * slots name every column has no free column, and only then is the extra column used.
   */
  static NDArray placeAt(
      NDManager step, long[] idx, long rows, int width, NDArray values, DataType type, int cols) {
    int m = Math.toIntExact(rows);
    long[] at = idx.clone();
    float[] keep = new float[idx.length];
    boolean padded = false;
    boolean full = false;
    // used[c] == row + 1 marks column c as taken by a slot of row `row`.
    int[] used = new int[cols];
    for (int row = 0; row < m; row++) {
      int base = row * width;
      int real = 0;
      for (int k = 0; k < width; k++) {
        long c = idx[base + k];
        if (c != cols) {
          used[(int) c] = row + 1;
          keep[base + k] = 1f;
          real++;
        }
      }
      if (real == width) {
        continue;
      }
      padded = true;
      int free = 0;
      while (free < cols && used[free] == row + 1) {
        free++;
      }
      if (free == cols) {
        full = true;
        break;
      }
      for (int k = 0; k < width; k++) {
        if (idx[base + k] == cols) {
          at[base + k] = free;
        }
      }
    }
    if (full) {
      return placeWithExtraColumn(step, step.create(idx, new Shape(m, width)), values, type, cols);
    }
    // Plus 0: a negative value times 0 is -0, which would show in a reported part.
    NDArray placed = padded ? values.mul(f(step, keep, type, m, width)).add(0f) : values;
    // One zero seen as (m, cols): the scatter copies it into a matrix of its own, so the zeros are
    // written once instead of filled and then copied.
    NDArray zero = step.zeros(new Shape(1, 1), type);
    NDArray zeros = zero.broadcast(new Shape(m, cols));
    NDArray out = zeros.scatter(step.create(at, new Shape(m, width)), placed, 1);
    zeros.close();
    zero.close();
    return out;
  }

  /**
   * As {@link #placeAt}, for rows whose slots name every column: the padding falls into an extra
   * column, dropped.
   */
  private static NDArray placeWithExtraColumn(
      NDManager step, NDArray idx, NDArray values, DataType type, int cols) {
    long m = idx.getShape().get(0);
    NDArray zeros = step.zeros(new Shape(m, cols + 1L), type);
    NDArray full = zeros.scatter(idx, values, 1);
    // Neither catalogue-wide matrix is needed once the part is made (the part is a view of the
    // second, and the scatter's backward keeps only the index): closed here, not when the step
    // ends.
    zeros.close();
    NDArray part = full.get(new NDIndex(":, :{}", cols));
    full.close();
    return part;
  }

  /** {@code v} as an array of {@code step} of the given shape and type. */
  static NDArray f(NDManager step, float[] v, DataType type, long... shape) {
    NDArray a = step.create(v, new Shape(shape));
    return type == DataType.FLOAT32 ? a : a.toType(type, false);
  }
}

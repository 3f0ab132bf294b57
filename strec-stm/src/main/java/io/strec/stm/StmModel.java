package io.strec.stm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.strec.data.Item;
import io.strec.data.Vocabulary;
import io.strec.model.History;
import io.strec.model.ModelContext;
import io.strec.model.Query;
import io.strec.model.ServableModel;
import io.strec.model.artifact.ModelProvenance;
import io.strec.stm.artifact.ModelArtifact;
import io.strec.stm.data.Batch;
import io.strec.stm.data.BatchBuilder;
import io.strec.stm.data.HourHabit;
import io.strec.stm.data.NeighbourRows;
import io.strec.stm.data.Window;
import io.strec.stm.nn.Network;
import io.strec.stm.nn.QueryForward;
import io.strec.stm.nn.ScoreTerm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A fitted {@code stm}: scores the catalogue for a query from the last {@code maxLen} events of its
 * history, its time and its place. Safe for concurrent {@link #score} calls (each works in its own
 * short-lived manager on detached weights). Closing it frees the weights.
 *
 * <p>It keeps the context its catalogue vectors were encoded in (the training context, or the one
 * it was loaded in), without owning it, to encode the items {@link #withItems} adds.
 */
public final class StmModel
    implements ServableModel, io.strec.model.ExplainableModel, io.strec.model.FactoredModel {
  /** Provenance keys that {@link ModelProvenance} holds itself, not in the training summary. */
  private static final Set<String> PROVENANCE_FIELDS =
      Set.of(
          "model",
          "config",
          "data",
          "data_hash",
          "events",
          "seed",
          "code_version",
          "git_commit",
          "created");

  private final String name;
  private final StmState state;
  private final Network network;
  private final NDManager manager;
  private final BatchBuilder builder;
  private final UserText userText;
  private final ModelContext context;
  private volatile FactoredScoring factored;
  private final boolean ownsResources;

  /**
   * The weight of the habit term ({@link HourHabit}): the item's share of the user's visits near
   * the query's hour, times this, is added to its score. Chosen on the inner validation after the
   * fit ({@link StmTrainer}) and kept in the provenance as {@link #HABIT_KEY}; 0 for models saved
   * before it existed.
   */
  private final float habitWeight;

  /** The provenance key of {@link #habitWeight}. */
  static final String HABIT_KEY = "habit_weight";

  /**
   * How the habit term weighs a visit's hour against the query's ({@link HourHabit.Kernel}): kept
   * in the provenance as {@link #HABIT_GAPS_KEY}, the gap shares of a model trained with queries at
   * the last event's time; absent ({@link HourHabit.Kernel#POINT}) otherwise and for models saved
   * before it existed.
   */
  private final HourHabit.Kernel habitKernel;

  /** The provenance key of {@link #habitKernel}. */
  static final String HABIT_GAPS_KEY = "habit_gaps";

  /**
   * The catalogue's text vectors in the space of its neighbour lists, made by the first {@link
   * #withItems} and handed on to the grown model, so later additions do not map the catalogue
   * again; null until then.
   */
  private NeighbourRows neighbourRows;

  private final Object neighbourRowsLock = new Object();

  /**
   * @param userText owned: closed with this model; may be null
   * @param context not owned; may be null
   */
  StmModel(
      String name,
      StmState state,
      Network network,
      NDManager manager,
      UserText userText,
      ModelContext context) {
    this(name, state, network, manager, userText, context, true);
  }

  /**
   * @param ownsResources false for a view, whose close frees nothing
   */
  private StmModel(
      String name,
      StmState state,
      Network network,
      NDManager manager,
      UserText userText,
      ModelContext context,
      boolean ownsResources) {
    this.ownsResources = ownsResources;
    if ((userText == null ? 0 : userText.dim()) != network.userDim()) {
      throw new IllegalArgumentException(
          "the network takes behaviour vectors of dimension "
              + network.userDim()
              + ", the user-text encoder gives "
              + (userText == null ? 0 : userText.dim()));
    }
    this.name = name;
    this.state = state;
    this.network = network;
    this.manager = manager;
    this.userText = userText;
    this.context = context;
    this.builder = state.batchBuilder();
    this.habitWeight = habitWeight(state);
    this.habitKernel = habitKernel(state);
  }

  private static HourHabit.Kernel habitKernel(StmState state) {
    try {
      return HourHabit.Kernel.parse(state.provenance().getOrDefault(HABIT_GAPS_KEY, ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "stm provenance " + HABIT_GAPS_KEY + ": " + e.getMessage(), e);
    }
  }

  private static float habitWeight(StmState state) {
    String v = state.provenance().get(HABIT_KEY);
    if (v == null) {
      return 0f;
    }
    float w;
    try {
      w = Float.parseFloat(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "stm provenance " + HABIT_KEY + " must be a number >= 0, not '" + v + "'", e);
    }
    if (!(w >= 0) || Float.isInfinite(w)) {
      throw new IllegalArgumentException(
          "stm provenance " + HABIT_KEY + " must be a number >= 0, not '" + v + "'");
    }
    return w;
  }

  /** The weight of the habit term: 0 when the model has none. */
  public float habitWeight() {
    return habitWeight;
  }

  /**
   * This model with the habit term at {@code weight} (0: none), sharing this model's network and
   * resources: close only this model, and not before the returned one is done with.
   *
   * @throws IllegalArgumentException when {@code weight} is negative or not finite
   */
  public StmModel withHabitWeight(float weight) {
    return withHabitWeight(weight, false);
  }

  /**
   * This model with the habit term at {@code weight}: the same network and resources, which the
   * returned model owns only if {@code owns} (then close only it); a view otherwise.
   */
  StmModel withHabitWeight(float weight, boolean owns) {
    return withHabit(weight, habitKernel, owns);
  }

  /**
   * This model with the habit term at {@code weight} weighing hours by {@code kernel}, sharing this
   * model's network and resources: close only this model, and not before the returned one is done
   * with.
   */
  public StmModel withHabit(float weight, HourHabit.Kernel kernel) {
    return withHabit(weight, kernel, false);
  }

  /**
   * This model with the habit term at {@code weight} weighing hours by {@code kernel}: the same
   * network and resources, which the returned model owns only if {@code owns}; a view otherwise.
   */
  StmModel withHabit(float weight, HourHabit.Kernel kernel, boolean owns) {
    Map<String, String> prov = new TreeMap<>(state.provenance());
    prov.put(HABIT_KEY, Float.toString(weight));
    if (kernel.isPoint()) {
      prov.remove(HABIT_GAPS_KEY);
    } else {
      prov.put(HABIT_GAPS_KEY, kernel.format());
    }
    StmState next = state.withProvenance(prov);
    return new StmModel(name, next, network, manager, userText, context, owns);
  }

  /** How the habit term weighs a visit's hour against the query's. */
  public HourHabit.Kernel habitKernel() {
    return habitKernel;
  }

  /** The habit term of {@code query} for every item that has one (none when its weight is 0). */
  HourHabit.Shares habit(Query query) {
    if (habitWeight == 0f) {
      return HourHabit.Shares.none();
    }
    return habitShares(query);
  }

  /** The habit shares of {@code query}'s history under this model's kernel, whatever the weight. */
  HourHabit.Shares habitShares(Query query) {
    return HourHabit.of(
        query.history(), query.epochSecond(), query.tzOffsetMinutes(), numItems(), habitKernel);
  }

  /** Adds the habit term of {@code query} to {@code scores}. */
  private void addHabit(Query query, float[] scores) {
    HourHabit.Shares h = habit(query);
    for (int j = 0; j < h.size(); j++) {
      scores[h.items()[j]] += habitWeight * h.shares()[j];
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int numItems() {
    return state.items().size();
  }

  public StmState state() {
    return state;
  }

  /** Where the user's behaviour text is rendered and encoded, when the model uses it. */
  public java.util.Optional<UserText> userText() {
    return java.util.Optional.ofNullable(userText);
  }

  /** The context the catalogue's vectors were encoded in, when the model keeps one. */
  public Optional<ModelContext> context() {
    return Optional.ofNullable(context);
  }

  /** Encodes the behaviour texts of all {@code queries} in one pass before they are scored. */
  @Override
  public void prepare(List<io.strec.model.Query> queries) {
    if (userText == null || queries.isEmpty()) {
      return;
    }
    List<Window> windows = new java.util.ArrayList<>(queries.size());
    for (io.strec.model.Query q : queries) {
      windows.add(window(q));
    }
    userText.vectors(windows, line -> {}, false);
  }

  private Batch batch(Window w) {
    return batch(List.of(w));
  }

  Network network() {
    return network;
  }

  Device device() {
    return manager.getDevice();
  }

  @Override
  public void score(Query query, float[] scores) {
    int n = numItems();
    if (scores.length < n) {
      throw new IllegalArgumentException(
          "score array of " + scores.length + " for " + n + " items");
    }
    Batch bt = batch(window(query));
    try (NDManager step = manager.newSubManager()) {
      Network.Output out = network.forward(step, bt);
      float[] s = out.logits().toFloatArray();
      System.arraycopy(s, 0, scores, 0, n);
    }
    addHabit(query, scores);
  }

  /**
   * Scores the queries in one forward pass over a batch of their windows: the engine's per-call
   * cost, most of a single query's time, is paid once for the batch.
   */
  @Override
  public void scoreAll(List<Query> queries, float[][] scores) {
    int n = numItems();
    if (queries.size() == 1) {
      score(queries.get(0), scores[0]);
      return;
    }
    List<Window> windows = windows(queries);
    Batch bt = batch(windows);
    try (NDManager step = manager.newSubManager()) {
      float[] all = network.forward(step, bt).logits().toFloatArray();
      for (int i = 0; i < queries.size(); i++) {
        if (scores[i].length < n) {
          throw new IllegalArgumentException(
              "score array of " + scores[i].length + " for " + n + " items");
        }
        System.arraycopy(all, i * n, scores[i], 0, n);
        addHabit(queries.get(i), scores[i]);
      }
    }
  }

  /**
   * The frozen item vectors and the prior term of every item; computed on first use and kept.
   *
   * @throws IllegalStateException when the network is not frozen (a model being fitted)
   */
  @Override
  public ItemFactors itemFactors() {
    return factored().factors();
  }

  /**
   * The factored scoring of the network's current frozen state, rebuilt when the network has been
   * frozen again since (training thaws it around each inner validation and the weights move on).
   */
  private FactoredScoring factored() {
    if (!network.frozen()) {
      throw new IllegalStateException(
          "scoring item by item needs a frozen network: call freeze() first");
    }
    FactoredScoring f = factored;
    if (f == null || f.generation() != network.servingGeneration()) {
      synchronized (this) {
        f = factored;
        if (f == null || f.generation() != network.servingGeneration()) {
          f = new FactoredScoring(network, state.lat(), state.lon());
          factored = f;
        }
      }
    }
    return f;
  }

  /**
   * The query terms of all the queries at once (the user states and the per-query coefficients);
   * every item's score then comes from {@link QueryScorer#score} in plain Java. The terms are
   * computed in Java ({@link QueryForward}) when the weights are float32, else by the engine.
   */
  @Override
  public List<QueryScorer> scorers(List<Query> queries) {
    if (queries.isEmpty()) {
      return List.of();
    }
    FactoredScoring f = factored();
    List<Window> windows = windows(queries);
    Batch bt = batch(windows);
    QueryForward.Terms t = f.forward().map(j -> j.terms(bt)).orElseGet(() -> engineTerms(bt));
    int l = bt.l;
    List<QueryScorer> out = new java.util.ArrayList<>(queries.size());
    for (int q = 0; q < queries.size(); q++) {
      Window w = windows.get(q);
      float[] events = new float[queries.get(q).history().size()];
      for (int j = 0; j < w.len(); j++) {
        events[w.start() + j] = t.attention()[q * l + j];
      }
      QueryScorer scorer = f.scorer(bt, q, t.user(), t.distCoef(), t.slotValues(), events);
      out.add(
          habitWeight == 0f
              ? scorer
              : new HabitTerm.Scorer(scorer, habit(queries.get(q)), habitWeight));
    }
    return out;
  }

  /**
   * The query terms of {@code queries} as the engine computes them (for tests of the Java ones).
   */
  QueryForward.Terms engineTerms(List<Query> queries) {
    return engineTerms(batch(windows(queries)));
  }

  /** The query terms of {@code queries} from {@link QueryForward}; float32 weights only. */
  QueryForward.Terms javaTerms(List<Query> queries) {
    QueryForward forward =
        factored()
            .forward()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no Java forward pass for weights of type " + network.params().type()));
    return forward.terms(batch(windows(queries)));
  }

  private QueryForward.Terms engineTerms(Batch bt) {
    try (NDManager step = manager.newSubManager()) {
      return QueryForward.Terms.of(network.queryTerms(step, bt));
    }
  }

  /** Scores and the parts they are made of, for {@code strec recommend}. */
  public Explanation explain(Query query, int k) {
    Window w = window(query);
    Batch bt = batch(w);
    try (NDManager step = manager.newSubManager()) {
      Network.Output out = network.forward(step, bt);
      float[] logits = out.logits().toFloatArray();
      List<ScoreTerm> terms = new java.util.ArrayList<>(out.terms());
      List<float[]> parts =
          new java.util.ArrayList<>(out.parts().stream().map(NDArray::toFloatArray).toList());
      if (habitWeight != 0f) {
        float[] habit = new float[numItems()];
        addHabit(query, habit);
        for (int i = 0; i < habit.length; i++) {
          logits[i] += habit[i];
        }
        terms.add(HabitTerm.INSTANCE);
        parts.add(habit);
      }
      return Explanation.of(
          state, w, bt, query, k, logits, terms, parts, meanOverHeads(out.queryWeights()));
    }
  }

  /**
   * The score terms of every item ({@code interest}, {@code prior}, {@code distance} and the slot
   * terms, {@code repeat}, {@code transition}, {@code similar}: they add up to the score) and the
   * final attention's weight on each history event (mean over heads; 0 outside the model's window).
   */
  @Override
  public Parts explain(Query query, float[] scores) {
    int n = numItems();
    if (scores.length < n) {
      throw new IllegalArgumentException(
          "score array of " + scores.length + " for " + n + " items");
    }
    Window w = window(query);
    Batch bt = batch(w);
    try (NDManager step = manager.newSubManager()) {
      Network.Output out = network.forward(step, bt);
      System.arraycopy(out.logits().toFloatArray(), 0, scores, 0, n);
      float[] attention = meanOverHeads(out.queryWeights());
      float[] events = new float[query.history().size()];
      for (int j = 0; j < w.len(); j++) {
        events[w.start() + j] = attention[j];
      }
      List<String> names =
          new java.util.ArrayList<>(out.terms().stream().map(ScoreTerm::name).toList());
      List<float[]> parts =
          new java.util.ArrayList<>(out.parts().stream().map(NDArray::toFloatArray).toList());
      if (habitWeight != 0f) {
        float[] habit = new float[n];
        addHabit(query, habit);
        for (int i = 0; i < n; i++) {
          scores[i] += habit[i];
        }
        names.add(HabitTerm.INSTANCE.name());
        parts.add(habit);
      }
      return new Parts(List.copyOf(names), parts.toArray(float[][]::new), events);
    }
  }

  private static float[] meanOverHeads(NDArray weights) {
    return weights.mean(new int[] {1}).toFloatArray();
  }

  private List<Window> windows(List<Query> queries) {
    List<Window> windows = new java.util.ArrayList<>(queries.size());
    for (Query q : queries) {
      windows.add(window(q));
    }
    return windows;
  }

  /** One batch of the windows, one scored position per window. */
  private Batch batch(List<Window> windows) {
    Batch bt =
        builder.build(
            windows, userText == null ? null : userText.vectors(windows, line -> {}, false));
    if (bt.m != windows.size()) {
      throw new IllegalStateException(
          bt.m + " scored positions for " + windows.size() + " queries");
    }
    return bt;
  }

  private Window window(Query query) {
    History h = query.history();
    return Window.query(
        h,
        state.config().maxLen(),
        query.epochSecond(),
        query.tzOffsetMinutes(),
        query.latitude(),
        query.longitude());
  }

  /**
   * This model without the training users' ids and histories (what {@code strec recommend
   * --model-dir} continues from without a store); scores are unchanged, since a query brings its
   * own history. Shares this model's network: close only this model.
   */
  @Override
  public StmModel withoutUserRecords() {
    StmState s = state;
    StmState anonymous =
        new StmState(
            s.config(),
            s.items(),
            io.strec.data.Vocabulary.of(List.of()),
            s.counts(),
            s.lat(),
            s.lon(),
            s.text(),
            s.itemTitles(),
            s.grid(),
            s.transitions(),
            s.neighbours(),
            List.of(),
            s.provenance());
    return new StmModel(name, anonymous, network, manager, userText, context, false);
  }

  /** Writes stm's own files ({@link ModelArtifact}): weights, settings, catalogue data, inputs. */
  @Override
  public void save(Path dir) throws IOException {
    ModelArtifact.writeFiles(this, dir);
  }

  /**
   * Cold start for items: a model over this catalogue followed by {@code added}, without refitting.
   * A new item's vector is what its text gives through the fitted text adaptor: its frozen vector
   * is encoded like the catalogue's (same encoder, same {@code item_text} template), its ID
   * embedding is zero (it was never seen, so the gate drops it anyway), and its item bias is the
   * mean bias of the fitted items never seen in training (0 when every item was seen): those biases
   * were only ever pushed down as negatives, which is what a new item would have met. It has count
   * 0, the place of the {@link Item} (unknown when NaN), no transitions, and text neighbours found
   * among the whole grown catalogue; the neighbour lists of the old items are kept, so the scores
   * of the old items for histories of old items do not change. All other weights are copied.
   *
   * @throws IllegalArgumentException when an added id is already in the catalogue or repeats
   * @throws IllegalStateException when the new items' text cannot be encoded as the catalogue's was
   *     (the encoder cannot be opened, or the vectors were post-processed by a transform the model
   *     does not keep)
   */
  @Override
  public StmModel withItems(List<Item> added) {
    return ColdStart.grow(this, added);
  }

  /** The rows {@link #neighbourRows} holds, made by {@code make} the first time. */
  NeighbourRows neighbourRows(Supplier<NeighbourRows> make) {
    synchronized (neighbourRowsLock) {
      if (neighbourRows == null) {
        neighbourRows = make.get();
      }
      return neighbourRows;
    }
  }

  /** Keeps {@code rows}, the catalogue's rows in its lists' space, for the next addition. */
  void keepNeighbourRows(NeighbourRows rows) {
    synchronized (neighbourRowsLock) {
      neighbourRows = rows;
    }
  }

  /**
   * What fitting found and how the catalogue was encoded (epochs, best epoch, inner validation MRR,
   * seconds per epoch, {@code encoder}, {@code embedding_post}, {@code item_text}, {@code device},
   * items added since); everything of the provenance but what {@link ModelProvenance} records
   * itself.
   */
  @Override
  public Map<String, String> trainingSummary() {
    Map<String, String> out = new TreeMap<>(state.provenance());
    out.keySet().removeAll(PROVENANCE_FIELDS);
    return out;
  }

  /** Writes the weights in the binary form of {@link io.strec.stm.nn.Params}. */
  public void writeWeights(java.io.DataOutputStream out) throws java.io.IOException {
    network.params().write(out);
  }

  /**
   * A model over {@code state} whose weights are read from {@code weights}; takes ownership of
   * {@code manager} and {@code userText}.
   *
   * @param context where items added later are encoded (not owned), or null
   * @param servingVectors the frozen item vectors the model was saved with ({@link
   *     #servingVectors}), or empty to compute them from the weights and the text vectors
   */
  public static StmModel restore(
      String name,
      StmState state,
      NDManager manager,
      UserText userText,
      ModelContext context,
      java.io.DataInputStream weights,
      Optional<float[]> servingVectors)
      throws IOException {
    Network network = network(state, manager, userText);
    network.params().read(weights);
    if (servingVectors.isPresent()) {
      if (servingVectors.get().length != state.items().size() * state.config().dim()) {
        throw new IllegalArgumentException(
            servingVectors.get().length
                + " floats of serving vectors for "
                + state.items().size()
                + " items of "
                + state.config().dim());
      }
      network.freeze(servingVectors.get());
    } else {
      network.freeze();
    }
    return new StmModel(name, state, network, manager, userText, context);
  }

  /**
   * The frozen item vectors (numItems x d, row-major, float32; not to be changed), which depend on
   * no query: what a saved model keeps so that loading it need not compute them again. Empty while
   * the network is being fitted.
   */
  public Optional<float[]> servingVectors() {
    return network.frozen() ? Optional.of(itemFactors().vectors()) : Optional.empty();
  }

  /** An untrained network over {@code state}, to be given the weights of a fitted one. */
  static Network network(StmState state, NDManager manager, UserText userText) {
    return new Network(
        state.config(),
        manager,
        ai.djl.ndarray.types.DataType.FLOAT32,
        state.text(),
        state.counts(),
        state.lat(),
        state.lon(),
        state.grid().meanLat(),
        state.grid().regions(),
        userText == null ? 0 : userText.dim(),
        null);
  }

  /** The vocabulary of the items this model scores, in index order. */
  @Override
  public Optional<Vocabulary> itemIds() {
    return Optional.of(state.items());
  }

  @Override
  public void close() {
    if (!ownsResources) {
      return;
    }
    try {
      manager.close();
    } finally {
      try {
        if (userText != null) {
          userText.close();
        }
      } finally {
        try {
          if (state.text() != null) {
            state.text().close();
          }
        } finally {
          state.neighbours().close();
        }
      }
    }
  }
}

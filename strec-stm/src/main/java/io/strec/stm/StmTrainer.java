package io.strec.stm;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.strec.data.Dataset;
import io.strec.data.Item;
import io.strec.eval.EvalSplit;
import io.strec.eval.QueryTime;
import io.strec.eval.protocol.InnerValidation;
import io.strec.model.History;
import io.strec.model.ModelContext;
import io.strec.model.Trainer;
import io.strec.model.TrainingCurve;
import io.strec.stm.data.GeoGrid;
import io.strec.stm.data.HourHabit;
import io.strec.stm.data.ItemText;
import io.strec.stm.data.NeighbourSpace;
import io.strec.stm.data.TextNeighbours;
import io.strec.stm.data.Transitions;
import io.strec.stm.nn.Network;
import io.strec.stm.train.Fitter;
import io.strec.util.BuildInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Fits {@code stm}. When {@code patience > 0} the last training event of each user (of a seeded
 * sample of users where they are many: {@code validationUsers}) is held out as an inner validation
 * case ({@link InnerValidation}) for early stopping, and the weights of the best epoch are kept;
 * the model is trained on the remaining events. With {@link StmConfig#refit()} a second fit then
 * trains on every event, the held-out ones too, for the epochs the first chose, and is the model
 * kept. Training and validation queries carry the moment {@link StmConfig#queryTime()} names.
 */
public final class StmTrainer implements Trainer {
  private final String name;
  private final StmConfig config;
  private final ItemVectors vectors;
  private final TrainOptions options;
  private final Map<String, String> notes;

  public StmTrainer(String name, StmConfig config, ItemVectors vectors, TrainOptions options) {
    this(name, config, vectors, options, Map.of());
  }

  private StmTrainer(
      String name,
      StmConfig config,
      ItemVectors vectors,
      TrainOptions options,
      Map<String, String> notes) {
    this.name = name;
    this.config = config;
    this.vectors = vectors;
    this.options = options;
    this.notes = Map.copyOf(notes);
  }

  /** The same item vectors under another setting and other run options. */
  public StmTrainer with(StmConfig newConfig, TrainOptions newOptions) {
    return new StmTrainer(name, newConfig, vectors, newOptions, notes);
  }

  /**
   * The same trainer whose models' provenance also holds {@code more} (how a {@link TuningTrainer}
   * chose the setting), in key order.
   */
  StmTrainer withNotes(Map<String, String> more) {
    return new StmTrainer(name, config, vectors, options, more);
  }

  public TrainOptions options() {
    return options;
  }

  public StmConfig config() {
    return config;
  }

  /**
   * The same trainer with its training and inner-validation queries at the moments {@code q} names.
   */
  @Override
  public StmTrainer withQueryTime(QueryTime q) {
    return with(config.withQueryTime(q), options);
  }

  /**
   * Most item scores one inner validation computes, cases times catalogue items: each epoch's
   * validation scores the whole catalogue for every case, so at a million items and 40,000 users it
   * would take an hour. Every catalogue and user base we publish results on stays below it (NYC:
   * 1,083 cases of 5,058 items).
   */
  static final long VALIDATION_SCORES = 500_000_000L;

  /** Fewest cases a capped inner validation keeps, whatever the catalogue's size. */
  static final int MIN_VALIDATION_CASES = 200;

  /**
   * Most training events the inner validation holds out, as a share of them (unless that leaves
   * fewer than {@link #SHARE_FLOOR_CASES} cases): each held event is a user's latest, which the
   * first fit never trains on. Where users have a few events each (Amazon Scientific: 5), holding
   * every user's last one out would take a fifth of the training events, and the most recent ones.
   */
  static final int HELD_SHARE_DIVISOR = 20;

  /** Cases the share rule always allows: an early stop on fewer is a noisy choice. */
  static final int SHARE_FLOOR_CASES = 1_000;

  /**
   * How many users the inner validation of {@code train} holds an event out for: at most {@link
   * #VALIDATION_SCORES} / items and 1 / {@link #HELD_SHARE_DIVISOR} of the training events (at
   * least {@link #SHARE_FLOOR_CASES}), never fewer than {@link #MIN_VALIDATION_CASES}.
   */
  static int validationSize(int numItems, int numEvents) {
    long byScores = VALIDATION_SCORES / Math.max(1, numItems);
    long byShare = Math.max(SHARE_FLOOR_CASES, numEvents / HELD_SHARE_DIVISOR);
    return (int) Math.max(MIN_VALIDATION_CASES, Math.min(byScores, byShare));
  }

  /**
   * The users whose last training event the inner validation of {@code train} holds out, in
   * increasing order: every user with two events when they are at most {@link #validationSize(int,
   * int)}, else a sample of that many drawn without replacement with the fit's seed. The other
   * users' last events stay in the fit.
   */
  int[] validationUsers(Dataset train, long seed) {
    int[] eligible = InnerValidation.eligibleUsers(train);
    int most = validationSize(train.numItems(), train.numEvents());
    int n = eligible.length;
    if (n <= most) {
      return eligible;
    }
    int[] order = eligible.clone();
    SplittableRandom rnd = new SplittableRandom(seed ^ 0x1F83D9ABFB41BD6BL);
    for (int i = 0; i < most; i++) {
      int j = i + rnd.nextInt(n - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[] kept = Arrays.copyOf(order, most);
    Arrays.sort(kept);
    options
        .log()
        .accept(
            String.format(
                Locale.ROOT,
                "stm: inner validation on %,d of its %,d users (at most 1/%d of the %,d training"
                    + " events and %,d item scores an epoch)",
                most,
                n,
                HELD_SHARE_DIVISOR,
                train.numEvents(),
                VALIDATION_SCORES));
    return kept;
  }

  @Override
  public String describe() {
    return config.describe();
  }

  /**
   * The inner validation split a fit of {@code train} with {@code seed} stops early on and keeps
   * its best epoch by: none when {@code patience} is 0 or no user has two training events.
   */
  Optional<EvalSplit> innerValidation(Dataset train, long seed) {
    if (config.patience() == 0) {
      return Optional.empty();
    }
    // The validation queries name the moment the training queries do (Window#training).
    int[] users = validationUsers(train, seed);
    EvalSplit inner =
        config
            .queryTime()
            .apply(InnerValidation.of(train, false, u -> Arrays.binarySearch(users, u) >= 0));
    return inner.cases().isEmpty() ? Optional.empty() : Optional.of(inner);
  }

  @Override
  public StmModel fit(Dataset train, long seed) {
    // A budget in seconds counts from here: the catalogue's text neighbours, the windows, their
    // features and the epochs.
    long started = System.nanoTime();
    if (train.numItems() == 0 || train.numEvents() == 0) {
      throw new IllegalArgumentException(
          "stm needs training events; got "
              + train.numEvents()
              + " over "
              + train.numItems()
              + " items");
    }
    Catalogue cat = catalogue(train, seed);
    Optional<EvalSplit> validation = innerValidation(train, seed);
    Dataset fitData = validation.map(EvalSplit::train).orElse(train);
    Fitted first = fitOn(train, fitData, validation, seed, cat, options, Map.of(), started);
    Fitter.Result r = first.result();
    HourHabit.Kernel kernel = habitKernel(fitData);
    float habit =
        !config.habitAuto()
            ? (float) config.habit()
            : validation
                .map(
                    v ->
                        HabitChoice.choose(
                            first.model().withHabit(0f, kernel, false), v, options.log()))
                .orElse(0f);
    if (config.refit() && config.budget().limits()) {
      // The refit would train the chosen epochs again, past the budget, and under the schedule
      // the budget planned only once the first fit had measured it.
      options.log().accept("stm: no refit: the fit has a budget (" + config.budget() + ")");
    }
    if (!config.refit()
        || validation.isEmpty()
        || r.boxed()
        || r.bestEpoch() == 0
        || config.budget().limits()) {
      return first.model().withHabit(habit, kernel, true);
    }
    // The first fit chose the epoch; its weights go, the refit's stay. What the model says of its
    // training (epochs, best epoch, inner-validation MRR and curve) is the first fit's, which the
    // refit, with no inner validation, cannot have.
    Map<String, String> chosen = new LinkedHashMap<>();
    Map<String, String> firstProv = first.model().state().provenance();
    for (String key :
        List.of(
            "epochs_trained",
            "best_epoch",
            "inner_valid_mrr",
            "seconds_per_epoch",
            TrainingCurve.LOSS_KEY,
            TrainingCurve.VALID_MRR_KEY)) {
      if (firstProv.containsKey(key)) {
        chosen.put(key, firstProv.get(key));
      }
    }
    int held = train.numEvents() - fitData.numEvents();
    chosen.put("refit_epochs", Integer.toString(r.bestEpoch()));
    chosen.put("refit_held_out_events", Integer.toString(held));
    first.model().close();
    options
        .log()
        .accept(
            String.format(
                Locale.ROOT,
                "stm: refit on every training event (%d held out before) for the %d epochs early"
                    + " stopping chose",
                held,
                r.bestEpoch()));
    return fitOn(
            train,
            train,
            Optional.empty(),
            seed,
            cat,
            // Without checkpoints: an epoch budget counts the epochs of one call, and a resumed
            // refit would train its epochs again on top of the checkpoint's.
            options.withCheckpoints(Optional.empty()).withEpochBudget(r.bestEpoch()),
            chosen,
            System.nanoTime())
        .model()
        // The first fit's choice of the habit term, written into the provenance as without a refit.
        .withHabit(habit, kernel, true);
  }

  /**
   * How the habit term weighs hours for a fit on {@code data}: by the gaps between its users'
   * consecutive events when queries carry the last event's time (the moment asked about comes a gap
   * later), else by the distance from the query's hour.
   */
  HourHabit.Kernel habitKernel(Dataset data) {
    if (config.queryTime() != QueryTime.LAST) {
      return HourHabit.Kernel.POINT;
    }
    HourHabit.Kernel k = HourHabit.Kernel.ofGaps(data);
    options
        .log()
        .accept(
            k.isPoint()
                ? "stm: habit term by the query's hour (no two events of a user within a day)"
                : "stm: habit term by the hours the next event may come at, gaps of 0, 1, ..., 23"
                    + " hours: "
                    + k.format());
    return k;
  }

  /** A fitted model and what its fit did. */
  private record Fitted(StmModel model, Fitter.Result result) {}

  /**
   * What a fit and its refit share, all of it {@code train}'s and none of it trained: the items'
   * language-model vectors, places and titles, the region grid and the text neighbours. The
   * neighbours and text rows a fit makes are in memory, where closing a model's hold on them
   * releases nothing, so the refit reads the same ones after the first fit's model is closed.
   */
  private record Catalogue(
      float[][] text,
      ItemText itemText,
      double[] lat,
      double[] lon,
      List<String> titles,
      GeoGrid grid,
      Device device,
      TextNeighbours neighbours) {}

  private Catalogue catalogue(Dataset train, long seed) {
    float[][] text = config.uses(Ablation.TEXT) ? vectors.of(train) : null;
    int n = train.numItems();
    double[] lat = new double[n];
    double[] lon = new double[n];
    List<String> titles = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      lat[i] = train.itemLatitude(i);
      lon[i] = train.itemLongitude(i);
      titles.add(title(train.itemInfo(i)));
    }
    Device device = Devices.configured();
    return new Catalogue(
        text,
        text == null ? null : ItemText.of(text),
        lat,
        lon,
        titles,
        GeoGrid.over(train, config.gridCells()),
        device,
        neighbours(config, text, n, device, seed, options.log()));
  }

  /**
   * Fits a network on {@code fitData}, stopping early on {@code validation} when present; the
   * model's items, places and serving histories are {@code train}'s, and its provenance holds
   * {@code more}; {@code run} is how this fit runs (the refit's has no checkpoints), and a budget
   * in seconds counts from {@code started}.
   */
  private Fitted fitOn(
      Dataset train,
      Dataset fitData,
      Optional<EvalSplit> validation,
      long seed,
      Catalogue cat,
      TrainOptions run,
      Map<String, String> more,
      long started) {
    float[][] text = cat.text();
    ItemText itemText = cat.itemText();
    double[] lat = cat.lat();
    double[] lon = cat.lon();
    List<String> titles = cat.titles();
    GeoGrid grid = cat.grid();
    Device device = cat.device();
    TextNeighbours neighbours = cat.neighbours();
    Transitions transitions = Transitions.of(fitData, config.successors());
    int[] counts = fitData.itemCounts();
    List<History> fitHistories = histories(fitData);
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("data", train.name());
    provenance.put("events", Integer.toString(train.numEvents()));
    provenance.put("fit_events", Integer.toString(fitData.numEvents()));
    provenance.put("encoder", text == null ? "none (text ablated)" : vectors.encoderId());
    // stm takes the encoder's vectors as they are; a context's embedding post-processing is not
    // applied, so new items' vectors need no fitted transform (see StmModel#withItems).
    provenance.put("embedding_post", "none");
    if (text != null) {
      vectors.itemText(train).ifPresent(t -> provenance.put("item_text", t));
    }
    provenance.put("seed", Long.toString(seed));
    provenance.put("config", config.describe());
    provenance.put("code_version", CodeVersion.get());
    provenance.put("git_commit", BuildInfo.commit());
    provenance.put(
        "engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
    provenance.put("device", device.toString());
    provenance.put("created", Instant.now().toString());

    UserText user =
        text != null && config.uses(Ablation.USERTEXT)
            ? vectors.userText(train).orElse(null)
            : null;
    provenance.put(
        "user_text",
        user == null
            ? "off"
            : user.renderer().eventTemplate() + " x " + user.renderer().lastN() + " events");
    NDManager manager = NDManager.newBaseManager(device);
    try {
      Network network =
          new Network(
              config,
              manager,
              DataType.FLOAT32,
              itemText,
              counts,
              lat,
              lon,
              grid.meanLat(),
              grid.regions(),
              user == null ? 0 : user.dim(),
              new SplittableRandom(seed));
      StmState state =
          new StmState(
              config,
              train.items(),
              train.users(),
              counts,
              lat,
              lon,
              itemText,
              titles,
              grid,
              transitions,
              neighbours,
              histories(train),
              provenance);
      ModelContext context = vectors.context().orElse(null);
      StmModel model = new StmModel(name, state, network, manager, user, context);
      Fitter.Result r =
          new Fitter(config, run, seed).run(model, network, fitHistories, validation, started);
      Map<String, String> prov = new LinkedHashMap<>(provenance);
      prov.put("epochs_trained", Integer.toString(r.epochsRun()));
      prov.put("best_epoch", Integer.toString(r.bestEpoch()));
      prov.put("inner_valid_mrr", Double.toString(r.bestMrr()));
      prov.put("train_loss", Double.toString(r.lastLoss()));
      prov.put("skipped_steps", Integer.toString(r.skippedSteps()));
      prov.put("peak_learning_rate", Double.toString(r.peakRate()));
      prov.putAll(r.curve().toSummary());
      prov.put("seconds_per_epoch", String.format(Locale.ROOT, "%.2f", r.secondsPerEpoch()));
      if (r.plannedEpochs() > 0) {
        prov.put("budget_epochs", Integer.toString(r.plannedEpochs()));
      }
      if (r.stoppedByBudget() > 0) {
        prov.put("budget_stopped_after", Integer.toString(r.stoppedByBudget()));
      }
      new java.util.TreeMap<>(notes).forEach(prov::put);
      new java.util.TreeMap<>(more).forEach(prov::put);
      StmState done = state.withProvenance(prov);
      network.freeze();
      return new Fitted(new StmModel(name, done, network, manager, user, context), r);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * The text neighbours of every item, sought in the space {@code neighbourText} names ({@link
   * NeighbourSpace}), or none when text or the term is switched off.
   */
  static TextNeighbours neighbours(
      StmConfig config,
      float[][] text,
      int numItems,
      Device device,
      long seed,
      java.util.function.Consumer<String> log) {
    if (text == null || !config.usesTextNeighbours()) {
      return TextNeighbours.none(numItems);
    }
    float[][] space =
        config.neighbourText() == StmConfig.TextInput.WHITENED
            ? NeighbourSpace.map(text, NeighbourSpace.whitened(ItemText.of(text), text.length))
            : text;
    try (NDManager m = NDManager.newBaseManager(device)) {
      return TextNeighbours.find(space, config.textNeighbours(), m, seed, log);
    }
  }

  static List<History> histories(Dataset data) {
    List<History> out = new ArrayList<>(data.numUsers());
    for (int u = 0; u < data.numUsers(); u++) {
      int[] evs = data.eventsOf(u);
      out.add(History.of(data, evs, evs.length));
    }
    return out;
  }

  /** The label of an item in explanations: its title, else its first category, else empty. */
  static String title(Item item) {
    if (!item.title().isEmpty()) {
      return item.title();
    }
    return item.categories().isEmpty() ? "" : item.categories().get(0);
  }
}

package io.strec.app;

import static io.strec.app.Inputs.checkId;
import static io.strec.app.Inputs.checkLat;
import static io.strec.app.Inputs.checkLon;
import static io.strec.app.Inputs.checkTime;
import static io.strec.app.Inputs.checkTz;
import static io.strec.app.Inputs.hasControl;
import static io.strec.app.Inputs.shorten;

import io.strec.app.store.AppendResult;
import io.strec.app.store.EventStore;
import io.strec.app.store.ForgetResult;
import io.strec.app.store.IdempotencyConflictException;
import io.strec.app.store.NewEvent;
import io.strec.app.store.StoredEvent;
import io.strec.app.store.StoredItem;
import io.strec.app.store.UserSummary;
import io.strec.data.Item;
import io.strec.model.FactoredModel;
import io.strec.model.History;
import io.strec.model.ModelContext;
import io.strec.model.ModelRegistry;
import io.strec.model.Query;
import io.strec.model.ServableModel;
import io.strec.model.artifact.ModelDirectory;
import io.strec.util.Futures;
import io.strec.util.Geo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The application: a saved model served over a durable store. The command line and the HTTP server
 * both go through here.
 *
 * <p>Recommendations see every acknowledged event at once: a user's history is read from the store
 * (through a bounded cache that a write clears), so new feedback changes the next answer without
 * retraining. Items added through {@link #putItem} are scored from their text and place at once
 * ({@link ServableModel#withItems}). Hidden, expired and deleted items, items the user has already
 * seen (unless asked for), and items outside the request's filters are removed before ranking.
 *
 * <p>Thread-safe. Reads run concurrently; catalogue changes and model swaps are serialised and
 * replace an immutable snapshot, so a request sees one model and one catalogue throughout.
 */
public final class Recommender implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Recommender.class);

  /** Most items a single request may ask for. */
  public static final int DEFAULT_MAX_K = 1000;

  /**
   * How long an {@code Idempotency-Key} is remembered: a retry within 24 hours replays the first
   * answer; an older record is pruned (its events stay; those with an {@code event_id} are still
   * deduplicated).
   */
  public static final long IDEMPOTENCY_RETENTION_SECONDS = 24 * 3600;

  /** Most items in one page of {@link #items}. */
  public static final int MAX_ITEM_PAGE = 1000;

  /** Most users one {@link #users} search returns. */
  public static final int MAX_USERS = 100;

  /** Most events one {@link #events} call returns. */
  public static final int MAX_EVENTS = 1000;

  /**
   * Limits of the service.
   *
   * @param scoringThreads workers that score requests, each taking the waiting ones together (one
   *     per core is right when the model's operations run single-threaded)
   * @param scoringBatch most requests scored in one call
   */
  public record Settings(
      int maxK,
      int historyLimit,
      int cachedUsers,
      int maxBatch,
      Clock clock,
      int scoringThreads,
      int scoringBatch,
      RetrievalSettings retrieval) {
    public Settings {
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(retrieval, "retrieval");
      if (scoringThreads < 1 || scoringBatch < 1) {
        throw new IllegalArgumentException(
            "scoring threads and batch must be >= 1, got " + scoringThreads + ", " + scoringBatch);
      }
      if (maxK < 1 || historyLimit < 1 || cachedUsers < 1 || maxBatch < 1) {
        throw new IllegalArgumentException(
            "limits must be >= 1: maxK "
                + maxK
                + ", historyLimit "
                + historyLimit
                + ", cachedUsers "
                + cachedUsers
                + ", maxBatch "
                + maxBatch);
      }
    }

    /** These limits, with one scoring worker per core and batches of up to 16 requests. */
    public Settings(int maxK, int historyLimit, int cachedUsers, int maxBatch, Clock clock) {
      this(
          maxK,
          historyLimit,
          cachedUsers,
          maxBatch,
          clock,
          Runtime.getRuntime().availableProcessors(),
          16,
          RetrievalSettings.defaults());
    }

    /** These limits with other retrieval settings. */
    public Settings withRetrieval(RetrievalSettings r) {
      return new Settings(
          maxK, historyLimit, cachedUsers, maxBatch, clock, scoringThreads, scoringBatch, r);
    }

    /** k up to 1,000; the last 200 events per user; 20,000 users cached; batches of 1,000. */
    public static Settings defaults() {
      return new Settings(DEFAULT_MAX_K, 200, 20_000, 1000, Clock.systemUTC());
    }
  }

  private static final int WEIGHED_EVENTS = 5;

  private final EventStore store;
  private final ModelRegistry registry;
  private final ModelContext context;
  private final Settings settings;
  private final UserCache users;
  private final AtomicReference<Served> current = new AtomicReference<>();
  private final AtomicLong versions = new AtomicLong();
  private final Object changes = new Object();
  private final ScoringQueue scoring;
  private final Ranker ranker;
  private final AtomicLong nextPrune = new AtomicLong();

  private Recommender(
      EventStore store, ModelRegistry registry, ModelContext context, Settings settings) {
    this.store = store;
    this.registry = registry;
    this.context = context;
    this.settings = settings;
    this.users = new UserCache(settings.cachedUsers());
    this.scoring = new ScoringQueue(settings.scoringThreads(), settings.scoringBatch());
    this.ranker = new Ranker(scoring, settings.retrieval());
  }

  /**
   * Serves the model in {@code modelDir} over {@code store}. Stored items the model does not know
   * are added to it; model items the store does not hold are never recommended. The store and the
   * context stay the caller's to close.
   */
  public static Recommender open(
      Path modelDir,
      EventStore store,
      ModelRegistry registry,
      ModelContext context,
      Settings settings)
      throws IOException {
    Recommender r = new Recommender(store, registry, context, settings);
    try {
      r.current.set(r.load(modelDir));
    } catch (IOException | RuntimeException | Error e) {
      r.scoring.close();
      throw e;
    }
    return r;
  }

  private Served load(Path dir) throws IOException {
    long t0 = System.nanoTime();
    // The store's items do not depend on the model: they are read meanwhile, on a thread of their
    // own (at a million items each takes seconds, and a start-up has two cores to spend).
    CompletableFuture<List<StoredItem>> reading =
        CompletableFuture.supplyAsync(
            () -> {
              long t1 = System.nanoTime();
              List<StoredItem> items = store.itemsWithoutText();
              LOG.info(
                  String.format(
                      Locale.ROOT,
                      "catalogue: %,d items read from the store in %.1f s",
                      items.size(),
                      seconds(t1)));
              return items;
            },
            task -> {
              Thread t = new Thread(task, "strec-catalogue-read");
              t.setDaemon(true);
              t.start();
            });
    ModelDirectory.Opened opened;
    try {
      opened = ModelDirectory.open(dir, registry, context);
    } catch (IOException | RuntimeException | Error e) {
      // Not left reading a store the caller may close on this failure.
      try {
        reading.join();
      } catch (CompletionException other) {
        e.addSuppressed(other.getCause());
      }
      throw e;
    }
    LOG.info(
        String.format(
            Locale.ROOT,
            "model %s opened in %.1f s (%,d items)",
            dir,
            seconds(t0),
            opened.items().size()));
    try {
      List<StoredItem> stored = Futures.join(reading);
      List<StoredItem> missing = Catalogue.missingFrom(opened.items(), stored);
      ServableModel model = opened.model();
      Catalogue catalogue = Catalogue.of(opened.items(), stored);
      if (!missing.isEmpty()) {
        // The model reads a new item's text: those few are read again, whole.
        List<Item> whole = new ArrayList<>(missing.size());
        for (StoredItem m : missing) {
          whole.add(
              store
                  .item(m.id())
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "item " + m.id() + " left the store while the model was loading"))
                  .toItem());
        }
        model = opened.model().withItems(whole);
        opened.model().close();
        catalogue = catalogue.plus(missing);
      }
      ModelInfo info =
          new ModelInfo(
              model.name(),
              versions.incrementAndGet(),
              dir.toAbsolutePath(),
              model.numItems(),
              opened.provenance());
      if (model instanceof FactoredModel f
          && catalogue.size() > settings.retrieval().indexAbove()) {
        String fingerprint = fingerprint(dir);
        Served now = current.get();
        ItemIndex index;
        if (now != null
            && now.index().isPresent()
            && now.index().get().model().equals(fingerprint)
            && now.info().directory().equals(dir.toAbsolutePath())) {
          // The same model directory again: its index is open already (and locked by it).
          index = now.index().get().retain();
          index.add(catalogue, f.itemFactors(), LOG::info);
        } else {
          long t2 = System.nanoTime();
          index = ItemIndex.open(indexDir(dir), fingerprint, catalogue, f.itemFactors(), LOG::info);
          LOG.info(String.format(Locale.ROOT, "item index ready in %.1f s", seconds(t2)));
        }
        return Served.of(model, catalogue, info, index);
      }
      return Served.of(model, catalogue, info);
    } catch (IOException | RuntimeException e) {
      opened.close();
      throw e;
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /** Where the item index of the model in {@code dir} is kept: beside it, {@code DIR.index}. */
  public static Path indexDir(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    return abs.resolveSibling(abs.getFileName() + ".index");
  }

  /** What ties an item index to a model directory: the hash of the model's file checksums. */
  private static String fingerprint(Path dir) throws IOException {
    Path sums = dir.resolve(io.strec.model.artifact.Checksums.FILE);
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(java.nio.file.Files.readAllBytes(sums)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The measured recall of two-stage retrieval on live queries. */
  public RetrievalRecall retrievalRecall() {
    return ranker.recall();
  }

  /** The model being served. */
  public ModelInfo model() {
    return current.get().info();
  }

  /**
   * Replaces the served model with the one in {@code dir}, atomically: requests already running
   * finish on the old model, the next ones use the new one, none fails.
   */
  public ModelInfo swapModel(Path dir) throws IOException {
    synchronized (changes) {
      Served next = load(dir);
      Served old = current.getAndSet(next);
      old.release();
      return next.info();
    }
  }

  // ---------------------------------------------------------------- recommendations

  /** Top K for a user with stored events. */
  public Recommendations recommend(RecommendRequest r) {
    checkK(r.k());
    String user = checkId("user", r.user());
    UserCache.Entry entry = users.get(user, this::loadUser);
    if (entry.recent().isEmpty()) {
      throw AppException.notFound(
          "user",
          "unknown user '"
              + user
              + "': no events are stored for it; send events first, or ask"
              + " POST /v1/sessions/recommendations with an inline history");
    }
    Served s = acquire();
    try {
      return rankOn(
          s,
          user,
          entry.recent(),
          entry.seen(),
          r.time(),
          r.tzOffsetMinutes(),
          r.latitude(),
          r.longitude(),
          r.k(),
          r.filters(),
          r.explain());
    } finally {
      s.release();
    }
  }

  /**
   * Top K for someone the store does not know (an anonymous visitor, a new user), from a short
   * history sent with the request; nothing is stored.
   */
  public Recommendations recommendSession(
      List<EventInput> history,
      OptionalLong time,
      OptionalInt tz,
      OptionalDouble lat,
      OptionalDouble lon,
      int k,
      Filters filters,
      boolean explain) {
    checkK(k);
    if (history.size() > settings.historyLimit()) {
      throw AppException.invalid(
          "events",
          "a session history holds at most "
              + settings.historyLimit()
              + " events, got "
              + history.size());
    }
    long now = settings.clock().instant().getEpochSecond();
    Served s = acquire();
    try {
      List<StoredEvent> events = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < history.size(); i++) {
        NewEvent e =
            validate(history.get(i), "events[" + i + "]", now, s.catalogue(), u -> 0, true);
        events.add(
            new StoredEvent(
                i,
                Optional.empty(),
                "",
                e.item(),
                e.epochSecond(),
                e.tzOffsetMinutes(),
                e.latitude(),
                e.longitude(),
                e.type(),
                e.weight()));
        seen.add(e.item());
      }
      events.sort(Comparator.comparingLong(StoredEvent::epochSecond));
      return rankOn(s, "", events, seen, time, tz, lat, lon, k, filters, explain);
    } finally {
      s.release();
    }
  }

  /**
   * The items the model would recommend next to someone who has just been at {@code itemId}, at its
   * place, now: similar in the sense of "goes with", which every model can answer.
   */
  public Recommendations similar(String itemId, int k, Filters filters, boolean explain) {
    checkK(k);
    String id = checkId("item", itemId);
    Served s = acquire();
    try {
      int i = s.catalogue().index(id);
      if (i < 0 || s.catalogue().item(i).isEmpty()) {
        throw AppException.notFound("item", "unknown item '" + id + "'");
      }
      StoredItem it = s.catalogue().item(i).get();
      long now = settings.clock().instant().getEpochSecond();
      StoredEvent at =
          new StoredEvent(
              0, Optional.empty(), "", id, now, 0, it.latitude(), it.longitude(), "view", 1);
      Filters withoutSelf =
          new Filters(
              filters.radiusKm(),
              filters.categories(),
              filters.openAt(),
              concat(filters.exclude(), id),
              true);
      boolean placed = !Double.isNaN(it.latitude());
      OptionalDouble lat = placed ? OptionalDouble.of(it.latitude()) : OptionalDouble.empty();
      OptionalDouble lon = placed ? OptionalDouble.of(it.longitude()) : OptionalDouble.empty();
      return rankOn(
          s,
          "",
          List.of(at),
          Set.of(id),
          OptionalLong.of(now),
          OptionalInt.of(0),
          lat,
          lon,
          k,
          withoutSelf,
          explain);
    } finally {
      s.release();
    }
  }

  private static List<String> concat(List<String> a, String b) {
    List<String> out = new ArrayList<>(a);
    out.add(b);
    return out;
  }

  private Recommendations rankOn(
      Served s,
      String user,
      List<StoredEvent> recent,
      Set<String> seen,
      OptionalLong time,
      OptionalInt tz,
      OptionalDouble lat,
      OptionalDouble lon,
      int k,
      Filters filters,
      boolean explain) {
    long now = settings.clock().instant().getEpochSecond();
    long t = time.orElse(now);
    checkTime("time", t);
    int offset =
        tz.isPresent()
            ? checkTz("tz", tz.getAsInt())
            : recent.isEmpty() ? 0 : recent.get(recent.size() - 1).tzOffsetMinutes();
    if (lat.isPresent() != lon.isPresent()) {
      throw AppException.invalid(
          lat.isPresent() ? "lon" : "lat", "give both lat and lon, or neither");
    }
    double qLat = Double.NaN;
    double qLon = Double.NaN;
    if (lat.isPresent()) {
      qLat = checkLat("lat", lat.getAsDouble());
      qLon = checkLon("lon", lon.getAsDouble());
    } else {
      for (int j = recent.size() - 1; j >= 0; j--) {
        if (!Double.isNaN(recent.get(j).latitude())) {
          qLat = recent.get(j).latitude();
          qLon = recent.get(j).longitude();
          break;
        }
      }
    }
    if (filters.radiusKm().isPresent() && Double.isNaN(qLat)) {
      throw AppException.invalid(
          "radius_km", "radius_km needs a query place: give lat and lon (no place is known)");
    }
    Catalogue c = s.catalogue();
    History h = history(recent, t, c);
    Query q = new Query(-1, h, t, offset, qLat, qLon);
    ServableModel m = s.model();
    Ranker.Ranked ranked = ranker.rank(s, q, k, new Ranker.Visibility(filters, now, seen), explain);
    int[] top = ranked.items();
    List<Recommendation.Weighed> weighed = explain ? weighed(ranked.events(), h, c) : List.of();
    List<Recommendation> out = new ArrayList<>(top.length);
    for (int r = 0; r < top.length; r++) {
      int i = top[r];
      float score = ranked.scores()[r];
      if (!Float.isFinite(score)) {
        throw new IllegalStateException(
            "model " + m.name() + " gave item " + c.ids().id(i) + " the score " + score);
      }
      StoredItem it = c.item(i).orElseThrow();
      Optional<Recommendation.Explained> why =
          explain
              ? Optional.of(new Recommendation.Explained(ranked.parts().get(r), weighed))
              : Optional.empty();
      out.add(
          new Recommendation(
              r + 1,
              it.id(),
              score,
              it.title(),
              it.categories(),
              it.latitude(),
              it.longitude(),
              Geo.haversineKm(qLat, qLon, it.latitude(), it.longitude()),
              why));
    }
    return new Recommendations(user, t, offset, qLat, qLon, h.size(), s.info(), out);
  }

  /**
   * The history events that weighed most: the model's own weights when it explains itself, else the
   * most recent events (a model that does not say gets the plainest honest answer).
   */
  private static List<Recommendation.Weighed> weighed(float[] events, History h, Catalogue c) {
    int n = h.size();
    Integer[] order = new Integer[n];
    for (int e = 0; e < n; e++) {
      order[e] = e;
    }
    float[] w = new float[n];
    boolean known = n > 0 && events.length == n;
    if (known) {
      System.arraycopy(events, 0, w, 0, n);
      java.util.Arrays.sort(order, (a, b) -> Float.compare(w[b], w[a]));
    } else {
      java.util.Arrays.sort(order, (a, b) -> Integer.compare(b, a));
      java.util.Arrays.fill(w, Float.NaN);
    }
    List<Recommendation.Weighed> out = new ArrayList<>();
    for (int j = 0; j < n && out.size() < WEIGHED_EVENTS; j++) {
      int e = order[j];
      if (known && !(w[e] > 0)) {
        break;
      }
      int item = h.item(e);
      String id = item >= 0 ? c.ids().id(item) : "";
      out.add(new Recommendation.Weighed(id, h.time(e), Float.isNaN(w[e]) ? 0f : w[e]));
    }
    return out;
  }

  /** The events up to time {@code t} (inclusive: an event sent now counts now), oldest first. */
  private static History history(List<StoredEvent> events, long t, Catalogue c) {
    int n = 0;
    while (n < events.size() && events.get(n).epochSecond() <= t) {
      n++;
    }
    int[] items = new int[n];
    long[] times = new long[n];
    int[] tz = new int[n];
    double[] lats = new double[n];
    double[] lons = new double[n];
    for (int j = 0; j < n; j++) {
      StoredEvent e = events.get(j);
      items[j] = c.index(e.item());
      times[j] = e.epochSecond();
      tz[j] = e.tzOffsetMinutes();
      lats[j] = e.latitude();
      lons[j] = e.longitude();
    }
    return new History(items, times, tz, lats, lons);
  }

  /**
   * The local-time offset of the user's last stored event: an event sent without one keeps the
   * user's clock (0 for a user without events).
   */
  private int lastOffset(String user) {
    List<StoredEvent> recent =
        users.peek(user).map(UserCache.Entry::recent).orElseGet(() -> store.recentEvents(user, 1));
    return recent.isEmpty() ? 0 : recent.get(recent.size() - 1).tzOffsetMinutes();
  }

  private UserCache.Entry loadUser(String user) {
    List<StoredEvent> recent = new ArrayList<>(store.recentEvents(user, settings.historyLimit()));
    recent.sort(
        Comparator.comparingLong(StoredEvent::epochSecond).thenComparingLong(StoredEvent::seq));
    return new UserCache.Entry(recent, new LinkedHashSet<>(store.itemsOf(user)));
  }

  // ---------------------------------------------------------------- events

  /**
   * Stores a batch of events, all or nothing, and returns once they are on disk and visible to the
   * next recommendation. A retry under the same idempotency key (or with the same event ids) stores
   * nothing twice; a retry with different content is a conflict.
   */
  public IngestReceipt ingest(List<EventInput> events, Optional<String> idempotencyKey) {
    long t0 = System.nanoTime();
    if (events.isEmpty() || events.size() > settings.maxBatch()) {
      throw AppException.invalid(
          "events", "a batch holds 1 to " + settings.maxBatch() + " events, got " + events.size());
    }
    if (idempotencyKey.isPresent()) {
      String key = idempotencyKey.get();
      if (key.isEmpty() || key.length() > Inputs.MAX_ID_LENGTH || hasControl(key)) {
        throw AppException.invalid(
            "Idempotency-Key", "Idempotency-Key must be 1 to 256 printable characters");
      }
    }
    long now = settings.clock().instant().getEpochSecond();
    Catalogue c = current.get().catalogue();
    List<NewEvent> checked = new ArrayList<>(events.size());
    // One look-up per user of the batch, for events that come without an offset.
    java.util.Map<String, Integer> lastOffsets = new java.util.HashMap<>();
    java.util.function.ToIntFunction<String> offsets =
        u -> lastOffsets.computeIfAbsent(u, this::lastOffset);
    for (int i = 0; i < events.size(); i++) {
      checked.add(validate(events.get(i), "events[" + i + "]", now, c, offsets, false));
    }
    AppendResult r;
    try {
      r = store.append(checked, idempotencyKey, RequestHash.of(events));
    } catch (IdempotencyConflictException e) {
      String field = e.index() < 0 ? e.field() : "events[" + e.index() + "]." + e.field();
      throw new AppException(AppException.Kind.CONFLICT, field, e.getMessage());
    }
    for (NewEvent e : checked) {
      users.invalidate(e.user());
    }
    pruneIdempotencyIfDue();
    return new IngestReceipt(r.stored(), r.duplicates(), r.replayed(), System.nanoTime() - t0);
  }

  /**
   * At most once an hour, forgets the idempotency records older than {@link
   * #IDEMPOTENCY_RETENTION_SECONDS} (by the wall clock, as the store dates them), so the table does
   * not grow without bound.
   */
  private void pruneIdempotencyIfDue() {
    long wall = java.time.Instant.now().getEpochSecond();
    long due = nextPrune.get();
    if (wall >= due && nextPrune.compareAndSet(due, wall + 3600)) {
      long pruned = store.pruneIdempotency(wall - IDEMPOTENCY_RETENTION_SECONDS);
      if (pruned > 0) {
        LOG.info("pruned {} idempotency records older than 24 h", pruned);
      }
    }
  }

  private NewEvent validate(
      EventInput in,
      String at,
      long now,
      Catalogue c,
      java.util.function.ToIntFunction<String> defaultOffset,
      boolean session) {
    String user = session ? "session" : checkId(at + ".user", in.user());
    String item = checkId(at + ".item", in.item());
    if (!c.isLive(item)) {
      throw AppException.invalid(
          at + ".item", "unknown item '" + item + "'; add it with PUT /v1/items/{id} first");
    }
    long t = in.time().orElse(now);
    checkTime(at + ".time", t);
    if (t > now + 86_400) {
      throw AppException.invalid(
          at + ".time", "time " + t + " is more than a day in the future (now " + now + ")");
    }
    int tz =
        in.tzOffsetMinutes().isPresent()
            ? checkTz(at + ".tz", in.tzOffsetMinutes().getAsInt())
            : defaultOffset.applyAsInt(user);
    if (in.latitude().isPresent() != in.longitude().isPresent()) {
      throw AppException.invalid(
          at + (in.latitude().isPresent() ? ".lon" : ".lat"), "give both lat and lon, or neither");
    }
    double lat =
        in.latitude().isPresent() ? checkLat(at + ".lat", in.latitude().getAsDouble()) : Double.NaN;
    double lon =
        in.longitude().isPresent()
            ? checkLon(at + ".lon", in.longitude().getAsDouble())
            : Double.NaN;
    String type = in.type().orElse("event");
    if (!type.matches("[a-z][a-z0-9_-]{0,31}")) {
      throw AppException.invalid(
          at + ".type",
          "type must be 1 to 32 lower-case letters, digits, '_' or '-', starting with a letter; got '"
              + shorten(type)
              + "'");
    }
    double weight = in.weight().orElse(1.0);
    if (!Double.isFinite(weight) || Math.abs(weight) > 1e6) {
      throw AppException.invalid(
          at + ".weight", "weight must be a finite number in [-1e6, 1e6], got " + weight);
    }
    Optional<String> id = Optional.empty();
    if (in.eventId().isPresent()) {
      id = Optional.of(checkId(at + ".event_id", in.eventId().get()));
    }
    return new NewEvent(id, user, item, t, tz, lat, lon, type, weight);
  }

  // ---------------------------------------------------------------- items

  /**
   * Stores an item (new or replacing one with the same id). A new item can be recommended by the
   * next request: the model scores it from its text and place.
   */
  public StoredItem putItem(StoredItem item) {
    StoredItem checked = Inputs.item(item);
    synchronized (changes) {
      store.putItem(checked);
      StoredItem stored = store.item(checked.id()).orElseThrow();
      Served s = current.get();
      int i = s.catalogue().index(stored.id());
      Served next;
      if (i >= 0) {
        next = s.withCatalogue(s.catalogue().with(stored), s.info());
        if (next.index().isPresent()) {
          try {
            next.index()
                .get()
                .update(i, next.catalogue(), ((FactoredModel) s.model()).itemFactors());
          } catch (IOException e) {
            next.release();
            throw new java.io.UncheckedIOException("cannot update the item index", e);
          }
        }
      } else {
        ServableModel grown = s.model().withItems(List.of(stored.toItem()));
        Catalogue c = s.catalogue().plus(List.of(stored));
        ModelInfo info =
            new ModelInfo(
                grown.name(),
                versions.incrementAndGet(),
                s.info().directory(),
                grown.numItems(),
                s.info().provenance());
        if (s.index().isPresent()) {
          ItemIndex index = s.index().get();
          try {
            index.add(c, ((FactoredModel) grown).itemFactors(), LOG::info);
          } catch (IOException e) {
            grown.close();
            throw new java.io.UncheckedIOException("cannot add the item to the item index", e);
          }
          next = Served.of(grown, c, info, index.retain());
        } else {
          next = Served.of(grown, c, info);
        }
      }
      current.set(next);
      s.release();
      return stored;
    }
  }

  /**
   * Hides or shows an item, or sets when it expires.
   *
   * @param expiresAt empty to leave the expiry as it is; an empty {@code OptionalLong} inside to
   *     clear it
   */
  public StoredItem patchItem(
      String id, Optional<Boolean> hidden, Optional<OptionalLong> expiresAt) {
    String checked = checkId("item", id);
    if (expiresAt.isPresent() && expiresAt.get().isPresent()) {
      checkTime("expires_at", expiresAt.get().getAsLong());
    }
    synchronized (changes) {
      StoredItem stored =
          store
              .patchItem(checked, hidden, expiresAt)
              .orElseThrow(() -> AppException.notFound("item", "unknown item '" + checked + "'"));
      Served s = current.get();
      current.set(s.withCatalogue(s.catalogue().with(stored), s.info()));
      s.release();
      return stored;
    }
  }

  /** Deletes an item: it is never recommended again (past events on it stay in histories). */
  public void deleteItem(String id) {
    String checked = checkId("item", id);
    synchronized (changes) {
      if (!store.deleteItem(checked)) {
        throw AppException.notFound("item", "unknown item '" + checked + "'");
      }
      Served s = current.get();
      if (s.catalogue().index(checked) >= 0) {
        current.set(s.withCatalogue(s.catalogue().without(checked), s.info()));
        s.release();
      }
    }
  }

  /** The stored item. */
  public StoredItem item(String id) {
    String checked = checkId("item", id);
    return store
        .item(checked)
        .orElseThrow(() -> AppException.notFound("item", "unknown item '" + checked + "'"));
  }

  // ---------------------------------------------------------------- listings

  /**
   * A page of the stored catalogue (hidden and expired items included, marked as such), in id
   * order, starting after the id {@code after} (from the start when empty).
   */
  public ItemPage items(Optional<String> after, int limit) {
    checkLimit(limit, MAX_ITEM_PAGE);
    String from = after.isPresent() ? checkId("after", after.get()) : "";
    // One more than asked tells whether a next page exists without a second query.
    List<StoredItem> rows = store.itemsAfter(from, limit + 1);
    if (rows.size() <= limit) {
      return new ItemPage(rows, Optional.empty());
    }
    List<StoredItem> page = rows.subList(0, limit);
    return new ItemPage(page, Optional.of(page.get(limit - 1).id()));
  }

  /** Users with stored events whose ids start with {@code prefix} ("" for any), by id. */
  public List<UserSummary> users(String prefix, int limit) {
    checkLimit(limit, MAX_USERS);
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.length() > Inputs.MAX_ID_LENGTH || hasControl(prefix)) {
      throw AppException.invalid(
          "prefix",
          "prefix must be at most "
              + Inputs.MAX_ID_LENGTH
              + " printable characters, got '"
              + shorten(prefix)
              + "'");
    }
    return store.usersWithPrefix(prefix, limit);
  }

  /** The user's last {@code limit} stored events, oldest first. */
  public List<StoredEvent> events(String user, int limit) {
    checkLimit(limit, MAX_EVENTS);
    String checked = checkId("user", user);
    List<StoredEvent> events = store.recentEvents(checked, limit);
    if (events.isEmpty()) {
      throw AppException.notFound("user", "unknown user '" + checked + "': no events are stored");
    }
    return events;
  }

  private static void checkLimit(int limit, int max) {
    if (limit < 1 || limit > max) {
      throw AppException.invalid("limit", "limit must be between 1 and " + max + ", got " + limit);
    }
  }

  // ---------------------------------------------------------------- privacy

  /**
   * Forgets a user: their events, the idempotency records of batches that held their events, and
   * everything cached about them. A trained model keeps what it learned until it is retrained on
   * the store, which no longer holds the user.
   */
  public ForgetResult forgetUser(String user) {
    String checked = checkId("user", user);
    ForgetResult r = store.forgetUser(checked);
    users.invalidate(checked);
    if (r.events() == 0 && r.idempotencyRecords() == 0) {
      throw AppException.notFound("user", "unknown user '" + checked + "'");
    }
    return r;
  }

  // ---------------------------------------------------------------- checks

  private Served acquire() {
    for (; ; ) {
      Served s = current.get();
      if (s == null) {
        throw new IllegalStateException("the recommender is closed");
      }
      if (s.acquire()) {
        return s;
      }
    }
  }

  private void checkK(int k) {
    if (k < 1 || k > settings.maxK()) {
      throw AppException.invalid("k", "k must be between 1 and " + settings.maxK() + ", got " + k);
    }
  }

  /** Stops serving; the model closes once running requests finish. */
  @Override
  public void close() {
    scoring.close();
    ranker.close();
    Served s = current.getAndSet(null);
    if (s != null) {
      s.release();
    }
  }
}

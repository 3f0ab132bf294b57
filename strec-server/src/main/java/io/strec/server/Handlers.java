package io.strec.server;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PATCH;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.strec.app.AppException;
import io.strec.app.EventInput;
import io.strec.app.Filters;
import io.strec.app.IngestReceipt;
import io.strec.app.ModelInfo;
import io.strec.app.RecommendRequest;
import io.strec.app.Recommendations;
import io.strec.app.Recommender;
import io.strec.app.store.ForgetResult;
import io.strec.app.store.StoredItem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/** The {@code /v1} routes: each reads its request strictly, calls the recommender, writes JSON. */
final class Handlers {
  static final Set<String> EVENT_FIELDS =
      Set.of("event_id", "user", "item", "time", "tz", "lat", "lon", "type", "weight");
  private static final Set<String> FILTER_PARAMS =
      Set.of("k", "radius_km", "category", "open_at", "exclude", "include_seen", "explain");
  private static final Set<String> REPEATABLE = Set.of("category", "exclude");

  private final Recommender rec;
  private final ServerMetrics metrics;
  private final ServerSettings settings;

  Handlers(Recommender rec, ServerMetrics metrics, ServerSettings settings) {
    this.rec = rec;
    this.metrics = metrics;
    this.settings = settings;
  }

  List<Route> routes(Handler live, Handler ready, Handler metricsRoute, Handler openapi) {
    return List.of(
        Route.open(GET, "/health/live", live),
        Route.open(GET, "/health/ready", ready),
        Route.open(GET, "/openapi.json", openapi),
        Route.keyed(GET, "/metrics", ApiKeys.Role.READ, metricsRoute),
        Route.keyed(POST, "/v1/events", ApiKeys.Role.WRITE, this::events),
        Route.keyed(GET, "/v1/users/{id}/recommendations", ApiKeys.Role.READ, this::recommend),
        Route.keyed(POST, "/v1/sessions/recommendations", ApiKeys.Role.READ, this::session),
        Route.keyed(GET, "/v1/items/{id}", ApiKeys.Role.READ, this::getItem),
        Route.keyed(PUT, "/v1/items/{id}", ApiKeys.Role.WRITE, this::putItem),
        Route.keyed(PATCH, "/v1/items/{id}", ApiKeys.Role.WRITE, this::patchItem),
        Route.keyed(DELETE, "/v1/items/{id}", ApiKeys.Role.ADMIN, this::deleteItem),
        Route.keyed(GET, "/v1/items/{id}/similar", ApiKeys.Role.READ, this::similar),
        Route.keyed(DELETE, "/v1/users/{id}", ApiKeys.Role.ADMIN, this::forget),
        Route.keyed(GET, "/v1/admin/model", ApiKeys.Role.ADMIN, this::getModel),
        Route.keyed(POST, "/v1/admin/model", ApiKeys.Role.ADMIN, this::swapModel));
  }

  // ------------------------------------------------------------------ events

  private void events(Context ctx) {
    Body body = json(ctx).only(Set.of("events"));
    List<Body> list = body.objects("events", 1000);
    if (list.isEmpty()) {
      throw ApiError.invalid("events", "events is empty; send 1 to 1000 events");
    }
    List<EventInput> events = new ArrayList<>(list.size());
    for (Body e : list) {
      events.add(event(e, true));
    }
    Optional<String> key = Optional.ofNullable(ctx.header("Idempotency-Key"));
    IngestReceipt r;
    try {
      r = rec.ingest(events, key);
    } catch (AppException e) {
      metrics.eventsRejected(events.size());
      throw e;
    }
    metrics.eventsIngested(r);
    ctx.contentType("application/json").result(Json.receipt(r).toString());
  }

  static EventInput event(Body e, boolean needsUser) {
    e.only(EVENT_FIELDS);
    OptionalInt tz = e.integer("tz");
    if (tz.isEmpty()) {
      tz = e.timeOffset("time");
    }
    return new EventInput(
        e.id("event_id"),
        needsUser ? e.requiredId("user") : e.id("user").orElse("session"),
        e.requiredId("item"),
        e.time("time"),
        tz,
        e.number("lat"),
        e.number("lon"),
        e.string("type"),
        e.number("weight"));
  }

  // ------------------------------------------------------------------ recommendations

  private void recommend(Context ctx) {
    Set<String> allowed = new java.util.HashSet<>(FILTER_PARAMS);
    allowed.addAll(Set.of("time", "tz", "lat", "lon"));
    Params p = new Params(ctx, allowed, REPEATABLE);
    OptionalInt tz = p.integer("tz");
    if (tz.isEmpty()) {
      tz = p.timeOffset("time");
    }
    Recommendations r =
        rec.recommend(
            new RecommendRequest(
                ctx.pathParam("id"),
                p.time("time"),
                tz,
                p.number("lat"),
                p.number("lon"),
                p.integer("k").orElse(10),
                filters(p),
                p.flag("explain")));
    ctx.contentType("application/json").result(Json.recommendations(r).toString());
  }

  private static Filters filters(Params p) {
    return new Filters(
        p.number("radius_km"),
        p.list("category"),
        p.time("open_at"),
        p.list("exclude"),
        p.flag("include_seen"));
  }

  private void session(Context ctx) {
    Body b =
        json(ctx)
            .only(
                Set.of(
                    "events",
                    "time",
                    "tz",
                    "lat",
                    "lon",
                    "k",
                    "radius_km",
                    "categories",
                    "open_at",
                    "exclude",
                    "include_seen",
                    "explain"));
    List<EventInput> history = new ArrayList<>();
    for (Body e : b.objects("events", 1000)) {
      history.add(event(e, false));
    }
    OptionalInt tz = b.integer("tz");
    if (tz.isEmpty()) {
      tz = b.timeOffset("time");
    }
    Filters f =
        new Filters(
            b.number("radius_km"),
            b.strings("categories"),
            b.time("open_at"),
            b.strings("exclude"),
            b.bool("include_seen").orElse(false));
    Recommendations r =
        rec.recommendSession(
            history,
            b.time("time"),
            tz,
            b.number("lat"),
            b.number("lon"),
            b.integer("k").orElse(10),
            f,
            b.bool("explain").orElse(false));
    ctx.contentType("application/json").result(Json.recommendations(r).toString());
  }

  private void similar(Context ctx) {
    Params p = new Params(ctx, FILTER_PARAMS, REPEATABLE);
    Recommendations r =
        rec.similar(ctx.pathParam("id"), p.integer("k").orElse(10), filters(p), p.flag("explain"));
    ctx.contentType("application/json").result(Json.recommendations(r).toString());
  }

  // ------------------------------------------------------------------ items

  private void getItem(Context ctx) {
    new Params(ctx, Set.of(), Set.of());
    ctx.contentType("application/json").result(Json.item(rec.item(ctx.pathParam("id"))).toString());
  }

  private void putItem(Context ctx) {
    Body b =
        json(ctx)
            .only(
                Set.of(
                    "title",
                    "categories",
                    "brand",
                    "description",
                    "lat",
                    "lon",
                    "opening_hours",
                    "hidden",
                    "expires_at"));
    OptionalDouble lat = b.number("lat");
    OptionalDouble lon = b.number("lon");
    if (lat.isPresent() && !(Math.abs(lat.getAsDouble()) <= 90)) {
      throw ApiError.invalid("lat", "lat must be in [-90, 90], got " + lat.getAsDouble());
    }
    if (lon.isPresent() && !(Math.abs(lon.getAsDouble()) <= 180)) {
      throw ApiError.invalid("lon", "lon must be in [-180, 180], got " + lon.getAsDouble());
    }
    if (lat.isPresent() != lon.isPresent()) {
      throw ApiError.invalid(lat.isPresent() ? "lon" : "lat", "give both lat and lon, or neither");
    }
    StoredItem it =
        new StoredItem(
            ctx.pathParam("id"),
            b.string("title").orElse(""),
            b.strings("categories"),
            b.string("brand").orElse(""),
            b.string("description").orElse(""),
            lat.orElse(Double.NaN),
            lon.orElse(Double.NaN),
            b.string("opening_hours").orElse(""),
            b.bool("hidden").orElse(false),
            b.time("expires_at"),
            0);
    StoredItem stored = rec.putItem(it);
    ctx.contentType("application/json").result(Json.item(stored).toString());
  }

  private void patchItem(Context ctx) {
    Body b = json(ctx).only(Set.of("hidden", "expires_at"));
    if (!b.has("hidden") && !b.has("expires_at")) {
      throw ApiError.invalid("", "send hidden, expires_at or both");
    }
    // null clears the expiry (the item never expires); an absent field leaves it as it is.
    Optional<OptionalLong> expires =
        b.isNull("expires_at")
            ? Optional.of(OptionalLong.empty())
            : b.has("expires_at") ? Optional.of(b.time("expires_at")) : Optional.empty();
    StoredItem stored = rec.patchItem(ctx.pathParam("id"), b.bool("hidden"), expires);
    ctx.contentType("application/json").result(Json.item(stored).toString());
  }

  private void deleteItem(Context ctx) {
    new Params(ctx, Set.of(), Set.of());
    rec.deleteItem(ctx.pathParam("id"));
    ctx.status(204);
  }

  // ------------------------------------------------------------------ users and admin

  private void forget(Context ctx) {
    new Params(ctx, Set.of(), Set.of());
    ForgetResult r = rec.forgetUser(ctx.pathParam("id"));
    ObjectNode o = Body.object();
    o.put("events_deleted", r.events());
    o.put("idempotency_records_deleted", r.idempotencyRecords());
    ctx.contentType("application/json").result(o.toString());
  }

  private void getModel(Context ctx) {
    new Params(ctx, Set.of(), Set.of());
    ctx.contentType("application/json").result(Json.model(rec.model()).toString());
  }

  private void swapModel(Context ctx) throws java.io.IOException {
    Body b = json(ctx).only(Set.of("directory"));
    String dir = b.requiredString("directory");
    Path p;
    try {
      p = Path.of(dir);
    } catch (java.nio.file.InvalidPathException e) {
      throw ApiError.invalid("directory", "not a path: '" + Params.shorten(dir) + "'");
    }
    if (!java.nio.file.Files.isDirectory(p)) {
      throw new ApiError(
          404, "not_found", "directory", "no model directory at '" + Params.shorten(dir) + "'");
    }
    ModelInfo m;
    try {
      m = rec.swapModel(p);
    } catch (io.strec.model.artifact.ModelFormatException e) {
      throw new ApiError(422, "invalid_model", "directory", e.getMessage());
    }
    metrics.modelSwapped();
    ctx.contentType("application/json").result(Json.model(m).toString());
  }

  private Body json(Context ctx) {
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new ApiError(
          415,
          "unsupported_media_type",
          "Content-Type",
          "send the body as Content-Type: application/json");
    }
    return Body.parse(readBounded(ctx));
  }

  /**
   * The body, read up to the limit. A larger body is refused with 413; up to 16 times the limit is
   * read and dropped first (never kept), so that the client, still sending, can read the answer
   * instead of seeing its connection reset.
   */
  private byte[] readBounded(Context ctx) {
    long max = settings.maxBodyBytes();
    long declared = ctx.contentLength();
    try (java.io.InputStream in = ctx.req().getInputStream()) {
      if (declared > max) {
        if (declared <= 16 * max) {
          in.skipNBytes(declared);
        }
        throw tooLarge(declared + " bytes");
      }
      byte[] body = in.readNBytes((int) max + 1);
      if (body.length > max) {
        long dropped = body.length;
        long skipped;
        while (dropped < 16 * max && (skipped = in.skip(65_536)) > 0) {
          dropped += skipped;
        }
        throw tooLarge("more than " + max + " bytes");
      }
      return body;
    } catch (java.io.IOException e) {
      throw ApiError.invalid("", "the request body could not be read: " + e.getMessage());
    }
  }

  private ApiError tooLarge(String size) {
    return new ApiError(
        413,
        "payload_too_large",
        "",
        "the body is " + size + "; the limit is " + settings.maxBodyBytes() + " bytes");
  }
}

package io.strec.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.strec.app.AppException;
import io.strec.app.Recommender;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of {@code strec serve} (Javalin on Jetty): routes under {@code /v1}, health, metrics
 * and the OpenAPI document. Every answer is JSON, errors included ({@code {"error", "message",
 * "field"}}); a client never sees a stack trace. Requests beyond {@link
 * ServerSettings#maxInFlight()} are refused with 429 instead of queueing without bound. Logs name
 * routes by their pattern, never the user ids or places in them.
 */
public final class StrecServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StrecServer.class);
  private static final String STARTED = "strec.started";

  /** Open connections at most; more wait in the operating system's accept queue. */
  private static final int MAX_CONNECTIONS = 4096;

  private final Recommender recommender;
  private final ApiKeys keys;
  private final ServerSettings settings;
  private final PrometheusMeterRegistry registry;
  private final ServerMetrics metrics;
  private final Semaphore admission;
  private final List<Route> routes;
  private final byte[] openapi;
  private volatile boolean ready;
  private Javalin app;

  public StrecServer(Recommender recommender, ApiKeys keys, ServerSettings settings) {
    this.recommender = Objects.requireNonNull(recommender, "recommender");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.metrics = new ServerMetrics(registry, recommender);
    this.admission = new Semaphore(settings.maxInFlight());
    List<Route> all =
        new java.util.ArrayList<>(
            new Handlers(recommender, metrics, settings)
                .routes(this::health, this::ready, this::scrape, this::openapi));
    all.addAll(new ListingRoutes(recommender).routes());
    all.addAll(DemoPage.load().routes());
    this.routes = List.copyOf(all);
    this.openapi = readOpenApi();
  }

  /** Starts listening; returns once the port is bound and the service is ready. */
  public StrecServer start() {
    // Work is bounded by the admission limit (429 beyond it) and the connection limit below, so
    // Jetty's own job queue stays as Jetty wants it.
    QueuedThreadPool pool = new QueuedThreadPool(Math.max(16, settings.maxInFlight() + 8), 8);
    pool.setName("strec-http");
    app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.jetty.threadPool = pool;
              // The routes read bodies themselves, bounded (Handlers.readBounded); Javalin's own
              // check
              // would refuse before the body is drained, resetting the client's connection.
              cfg.http.maxRequestSize = 16 * settings.maxBodyBytes();
              cfg.http.prefer405over404 = true;
              cfg.jetty.modifyServer(
                  s -> {
                    s.setErrorHandler(new JsonErrorHandler());
                    s.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, s));
                  });
              for (Route r : routes) {
                cfg.routes.addEndpoint(
                    new io.javalin.router.Endpoint(
                        r.method(), r.path(), ctx -> handle(r, ctx), java.util.Set.of()));
              }
              cfg.routes.exception(
                  ApiError.class,
                  (e, ctx) -> fail(ctx, e.status(), e.code(), e.field(), e.getMessage()));
              cfg.routes.exception(AppException.class, this::appError);
              cfg.routes.exception(
                  HttpResponseException.class,
                  (e, ctx) ->
                      fail(ctx, e.getStatus(), ApiError.codeOf(e.getStatus()), "", e.getMessage()));
              cfg.routes.exception(Exception.class, this::internal);
              cfg.routes.error(
                  404,
                  ctx -> {
                    if (!"application/json".equals(ctx.res().getContentType())) {
                      fail(
                          ctx,
                          404,
                          "not_found",
                          "",
                          "no route " + ctx.method() + " " + Params.shorten(ctx.path()));
                    }
                  });
              cfg.routes.error(
                  405,
                  ctx ->
                      fail(
                          ctx,
                          405,
                          "method_not_allowed",
                          "",
                          "method " + ctx.method() + " is not allowed here"));
            });
    app.start(settings.host(), settings.port());
    ready = true;
    LOG.info("strec serve listening on {}:{}", settings.host(), app.port());
    return this;
  }

  /** The bound port (useful when started on port 0). */
  public int port() {
    return app.port();
  }

  /** The admission limit, for tests that fill it to see the 429 answer. */
  Semaphore admission() {
    return admission;
  }

  /** The routes the server answers, as registered. */
  List<Route> routes() {
    return routes;
  }

  private void handle(Route r, Context ctx) throws Exception {
    ctx.attribute(STARTED, System.nanoTime());
    if (r.open()) {
      // Health and the API document are cheap and must answer even when the server is full.
      r.handler().handle(ctx);
      record(ctx, ctx.status().getCode());
      return;
    }
    authorize(r, ctx);
    if (!admission.tryAcquire()) {
      metrics.rejectedBusy();
      throw new ApiError(
          429,
          "too_many_requests",
          "",
          "the server is at capacity ("
              + settings.maxInFlight()
              + " requests in flight); retry shortly");
    }
    try {
      r.handler().handle(ctx);
    } finally {
      admission.release();
    }
    record(ctx, ctx.status().getCode());
  }

  private void authorize(Route r, Context ctx) {
    String presented = ctx.header("X-API-Key");
    String auth = ctx.header("Authorization");
    if (presented == null && auth != null) {
      if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
        throw new ApiError(
            401, "unauthorized", "Authorization", "the Authorization header must be 'Bearer KEY'");
      }
      presented = auth.substring(7).trim();
    }
    if (presented == null || presented.isEmpty()) {
      throw new ApiError(
          401,
          "unauthorized",
          "X-API-Key",
          "an API key is required: send 'X-API-Key: KEY' or 'Authorization: Bearer KEY'");
    }
    Optional<ApiKeys.Role> role = keys.roleOf(presented);
    if (role.isEmpty()) {
      throw new ApiError(401, "unauthorized", "X-API-Key", "the API key is not valid");
    }
    if (!ApiKeys.allows(role.get(), r.role())) {
      throw new ApiError(
          403,
          "forbidden",
          "X-API-Key",
          "this route needs the "
              + r.role().name().toLowerCase(java.util.Locale.ROOT)
              + " key; a "
              + role.get().name().toLowerCase(java.util.Locale.ROOT)
              + " key was sent");
    }
  }

  private void appError(AppException e, Context ctx) {
    switch (e.kind()) {
      case INVALID -> fail(ctx, 400, "invalid_request", e.field(), e.getMessage());
      case NOT_FOUND -> fail(ctx, 404, "not_found", e.field(), e.getMessage());
      case CONFLICT -> fail(ctx, 422, "conflict", e.field(), e.getMessage());
      case BUSY -> fail(ctx, 429, "too_many_requests", e.field(), e.getMessage());
    }
  }

  private void internal(Exception e, Context ctx) {
    String ref = UUID.randomUUID().toString().substring(0, 8);
    LOG.error("internal error {} on {} {}", ref, ctx.method(), pattern(ctx), e);
    fail(
        ctx,
        500,
        "internal",
        "",
        "internal error (reference " + ref + "); the request was not completed");
  }

  private void fail(Context ctx, int status, String code, String field, String message) {
    ctx.status(status);
    ctx.contentType("application/json");
    ctx.result(Json.error(code, message, field).toString());
    record(ctx, status);
  }

  /** Records the request's latency under its route pattern. Called for every answer. */
  void record(Context ctx, int status) {
    Long started = ctx.attribute(STARTED);
    if (started != null) {
      metrics.request(ctx.method().name(), pattern(ctx), status, System.nanoTime() - started);
      ctx.attribute(STARTED, null);
    }
  }

  private static String pattern(Context ctx) {
    try {
      return ctx.endpoint().path;
    } catch (RuntimeException e) {
      return "unmatched";
    }
  }

  // ------------------------------------------------------------- open routes

  private void health(Context ctx) {
    ctx.contentType("application/json").result("{\"status\":\"live\"}");
  }

  private void ready(Context ctx) {
    if (!ready) {
      throw new ApiError(
          503, "unavailable", "", "not ready: the model or the store is still loading");
    }
    ObjectNode o = Body.object();
    o.put("status", "ready");
    o.set("model", Json.modelRef(recommender.model()));
    ctx.contentType("application/json").result(o.toString());
  }

  private void scrape(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
  }

  private void openapi(Context ctx) {
    ctx.contentType("application/json").result(openapi);
  }

  private static byte[] readOpenApi() {
    try (InputStream in = StrecServer.class.getResourceAsStream("/io/strec/server/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException(
            "io/strec/server/openapi.json is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("reading the OpenAPI document", e);
    }
  }

  /** Meter registry, for tests and the benchmark. */
  PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Stops listening; requests in flight are finished first (up to a few seconds). */
  @Override
  public void close() {
    ready = false;
    if (app != null) {
      app.stop();
    }
    registry.close();
  }
}

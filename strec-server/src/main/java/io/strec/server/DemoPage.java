package io.strec.server;

import static io.javalin.http.HandlerType.GET;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The web demo at {@code /}: one static page, its script, style sheet and icon, read from the class
 * path once. The page holds no data and needs no key; it calls the public API with the read key the
 * user gives it in the URL fragment ({@code /#key=...}), which browsers never send to the server.
 * Every file goes out with a Content-Security-Policy that allows only this origin (no inline
 * script, no other host), so the page cannot be made to run or fetch anything else.
 */
final class DemoPage {
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final String DIR = "/io/strec/server/demo/";
  private static final String PAGE = "index.html";
  private static final Map<String, String> TYPES =
      Map.of(
          PAGE,
          "text/html; charset=utf-8",
          "demo.js",
          "text/javascript; charset=utf-8",
          "demo.css",
          "text/css; charset=utf-8",
          "icon.svg",
          "image/svg+xml");

  private final Map<String, byte[]> files;

  private DemoPage(Map<String, byte[]> files) {
    this.files = files;
  }

  /** Reads the demo's files from the class path; fails naming the one that is missing. */
  static DemoPage load() {
    Map<String, byte[]> files = new TreeMap<>();
    for (String name : TYPES.keySet()) {
      try (InputStream in = DemoPage.class.getResourceAsStream(DIR + name)) {
        if (in == null) {
          throw new IllegalStateException(
              DIR.substring(1) + name + " is missing from the class path");
        }
        files.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("reading the demo file " + name, e);
      }
    }
    return new DemoPage(files);
  }

  List<Route> routes() {
    return List.of(
        Route.open(GET, "/", ctx -> send(ctx, PAGE)),
        Route.open(GET, "/demo/{file}", ctx -> send(ctx, ctx.pathParam("file"))));
  }

  private void send(Context ctx, String name) {
    if (ctx.queryParamMap().containsKey("key")) {
      throw ApiError.invalid(
          "key",
          "do not send the API key in the query string (servers and proxies log it): open"
              + " /#key=KEY instead; the part after # stays in the browser");
    }
    new Params(ctx, Set.of(), Set.of());
    byte[] body = files.get(name);
    if (body == null || name.equals(PAGE) != ctx.path().equals("/")) {
      Set<String> assets = new java.util.TreeSet<>(files.keySet());
      assets.remove(PAGE);
      throw new ApiError(
          404,
          "not_found",
          "file",
          "the demo has no file '" + Params.shorten(name) + "'; /demo/ serves " + assets);
    }
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(TYPES.get(name)).result(body);
  }
}

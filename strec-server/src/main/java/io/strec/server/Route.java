package io.strec.server;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * One route of the API: method, path (Javalin syntax, {@code {id}} for a path parameter), the key
 * role it needs (none for health and the API document) and its handler.
 */
record Route(HandlerType method, String path, ApiKeys.Role role, boolean open, Handler handler) {
  static Route open(HandlerType method, String path, Handler handler) {
    return new Route(method, path, ApiKeys.Role.READ, true, handler);
  }

  static Route keyed(HandlerType method, String path, ApiKeys.Role role, Handler handler) {
    return new Route(method, path, role, false, handler);
  }
}

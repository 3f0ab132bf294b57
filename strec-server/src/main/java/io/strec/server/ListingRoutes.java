package io.strec.server;

import static io.javalin.http.HandlerType.GET;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.strec.app.ItemPage;
import io.strec.app.Recommender;
import io.strec.app.store.StoredEvent;
import io.strec.app.store.StoredItem;
import io.strec.app.store.UserSummary;
import java.util.List;
import java.util.Set;

/**
 * Read-only listings for clients that draw the data (the web demo among them): the catalogue page
 * by page, users by id prefix, a user's recent events. Same strictness as every route: unknown or
 * repeated parameters are refused, limits are bounded, answers and errors are JSON.
 */
final class ListingRoutes {
  static final int DEFAULT_ITEM_PAGE = 100;
  static final int DEFAULT_USERS = 20;
  static final int DEFAULT_EVENTS = 50;

  private final Recommender rec;

  ListingRoutes(Recommender rec) {
    this.rec = rec;
  }

  List<Route> routes() {
    return List.of(
        Route.keyed(GET, "/v1/items", ApiKeys.Role.READ, this::items),
        Route.keyed(GET, "/v1/users", ApiKeys.Role.READ, this::users),
        Route.keyed(GET, "/v1/users/{id}/events", ApiKeys.Role.READ, this::events));
  }

  private void items(Context ctx) {
    Params p = new Params(ctx, Set.of("limit", "after"), Set.of());
    ItemPage page = rec.items(p.string("after"), p.integer("limit").orElse(DEFAULT_ITEM_PAGE));
    ObjectNode o = Body.object();
    ArrayNode items = o.putArray("items");
    for (StoredItem it : page.items()) {
      items.add(Json.item(it));
    }
    if (page.next().isPresent()) {
      o.put("next", page.next().get());
    } else {
      o.putNull("next");
    }
    ctx.contentType("application/json").result(o.toString());
  }

  private void users(Context ctx) {
    Params p = new Params(ctx, Set.of("prefix", "limit"), Set.of());
    List<UserSummary> found =
        rec.users(p.string("prefix").orElse(""), p.integer("limit").orElse(DEFAULT_USERS));
    ObjectNode o = Body.object();
    ArrayNode users = o.putArray("users");
    for (UserSummary u : found) {
      users.addObject().put("id", u.id()).put("events", u.events());
    }
    ctx.contentType("application/json").result(o.toString());
  }

  private void events(Context ctx) {
    Params p = new Params(ctx, Set.of("limit"), Set.of());
    String user = ctx.pathParam("id");
    List<StoredEvent> found = rec.events(user, p.integer("limit").orElse(DEFAULT_EVENTS));
    ObjectNode o = Body.object();
    o.put("user", user);
    ArrayNode events = o.putArray("events");
    for (StoredEvent e : found) {
      events.add(Json.event(e));
    }
    ctx.contentType("application/json").result(o.toString());
  }
}

package io.strec.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strec.app.IngestReceipt;
import io.strec.app.ModelInfo;
import io.strec.app.Recommendation;
import io.strec.app.Recommendations;
import io.strec.app.store.StoredEvent;
import io.strec.app.store.StoredItem;

/** The JSON forms of the API's answers. */
final class Json {
  private Json() {}

  static ObjectNode error(String code, String message, String field) {
    ObjectNode o = Body.object();
    o.put("error", code);
    o.put("message", message);
    o.put("field", field);
    return o;
  }

  static ObjectNode recommendations(Recommendations r) {
    ObjectNode o = Body.object();
    if (!r.user().isEmpty()) {
      o.put("user", r.user());
    }
    o.put("time", Times.iso(r.epochSecond(), r.tzOffsetMinutes()));
    o.put("tz", r.tzOffsetMinutes());
    number(o, "lat", r.latitude());
    number(o, "lon", r.longitude());
    o.put("history_length", r.historyLength());
    o.set("model", modelRef(r.model()));
    ArrayNode items = o.putArray("items");
    for (Recommendation x : r.items()) {
      ObjectNode it = items.addObject();
      it.put("rank", x.rank());
      it.put("item", x.item());
      it.put("score", x.score());
      it.put("title", x.title());
      ArrayNode cats = it.putArray("categories");
      x.categories().forEach(cats::add);
      number(it, "lat", x.latitude());
      number(it, "lon", x.longitude());
      number(it, "distance_km", x.distanceKm());
      x.explanation()
          .ifPresent(
              e -> {
                ObjectNode ex = it.putObject("explanation");
                ObjectNode parts = ex.putObject("parts");
                e.parts().forEach(p -> parts.put(p.name(), p.value()));
                ArrayNode evs = ex.putArray("events");
                for (Recommendation.Weighed w : e.events()) {
                  ObjectNode ev = evs.addObject();
                  ev.put("item", w.item());
                  ev.put("time", Times.iso(w.epochSecond(), 0));
                  ev.put("weight", w.weight());
                }
              });
    }
    return o;
  }

  static ObjectNode modelRef(ModelInfo m) {
    ObjectNode o = Body.object();
    o.put("name", m.name());
    o.put("version", m.version());
    return o;
  }

  static ObjectNode model(ModelInfo m) {
    ObjectNode o = modelRef(m);
    o.put("items", m.items());
    o.put("directory", m.directory().toString());
    ObjectNode p = o.putObject("provenance");
    m.provenance().asMap().forEach(p::put);
    return o;
  }

  static ObjectNode item(StoredItem it) {
    ObjectNode o = Body.object();
    o.put("id", it.id());
    o.put("title", it.title());
    ArrayNode cats = o.putArray("categories");
    it.categories().forEach(cats::add);
    o.put("brand", it.brand());
    o.put("description", it.description());
    number(o, "lat", it.latitude());
    number(o, "lon", it.longitude());
    o.put("opening_hours", it.openingHours());
    o.put("hidden", it.hidden());
    if (it.expiresAtEpochSecond().isPresent()) {
      o.put("expires_at", Times.iso(it.expiresAtEpochSecond().getAsLong(), 0));
    } else {
      o.putNull("expires_at");
    }
    o.put("version", it.version());
    return o;
  }

  /** A stored event; its time carries the event's own local-time offset. */
  static ObjectNode event(StoredEvent e) {
    ObjectNode o = Body.object();
    if (e.eventId().isPresent()) {
      o.put("event_id", e.eventId().get());
    } else {
      o.putNull("event_id");
    }
    o.put("item", e.item());
    o.put("time", Times.iso(e.epochSecond(), e.tzOffsetMinutes()));
    o.put("tz", e.tzOffsetMinutes());
    number(o, "lat", e.latitude());
    number(o, "lon", e.longitude());
    o.put("type", e.type());
    o.put("weight", e.weight());
    return o;
  }

  static ObjectNode receipt(IngestReceipt r) {
    ObjectNode o = Body.object();
    o.put("stored", r.stored());
    o.put("duplicates", r.duplicates());
    o.put("replayed", r.replayed());
    return o;
  }

  private static void number(ObjectNode o, String name, double v) {
    if (Double.isNaN(v)) {
      o.putNull(name);
    } else {
      o.put(name, v);
    }
  }
}

package io.strec.text;

import io.strec.data.Item;
import io.strec.feature.LocalTimeFeatures;
import io.strec.model.History;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Renders a user's recent events as one text (design document §3.2.1), oldest first, joined by ";
 * ": with clock time, "Tue 08:10, Midtown: Coffee Shop; Tue 12:30, Midtown: Ramen Restaurant"; for
 * data with order only (no clock), "Coffee Shop; Ramen Restaurant". Fields per event: {@code day}
 * (Mon..Sun, local), {@code time} (HH:mm local), {@code item} (title, else category), {@code
 * category}, {@code area}.
 */
public final class BehaviourText {
  public static final Set<String> FIELDS = Set.of("day", "time", "item", "category", "area");
  public static final String TIMED = "{day} {time}[, {area}]: {item}";
  public static final String ORDERED = "{item}[ ({category})]";
  private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

  private final String eventTemplate;
  private final Template event;
  private final int lastN;

  /**
   * @param eventTemplate how one event reads
   * @param lastN how many of the most recent events to render
   */
  public BehaviourText(String eventTemplate, int lastN) {
    if (lastN < 1) {
      throw new IllegalArgumentException("lastN must be >= 1: " + lastN);
    }
    this.eventTemplate = eventTemplate;
    this.event = Template.parse(eventTemplate, FIELDS);
    this.lastN = lastN;
  }

  /** How one event reads, as given to the constructor. */
  public String eventTemplate() {
    return eventTemplate;
  }

  /** How many of the most recent events are rendered. */
  public int lastN() {
    return lastN;
  }

  /**
   * {@link #TIMED} for data with clock time, {@link #ORDERED} for order-only sequences; last 10
   * events.
   */
  public static BehaviourText defaultFor(boolean clockTime) {
    return new BehaviourText(clockTime ? TIMED : ORDERED, 10);
  }

  /**
   * Renders the last events of {@code history}; events whose item is outside the catalogue are left
   * out.
   *
   * @param items item metadata by catalogue index
   */
  public String render(History history, IntFunction<Item> items) {
    List<String> parts = new ArrayList<>();
    for (int k = Math.max(0, history.size() - lastN); k < history.size(); k++) {
      int i = history.item(k);
      if (i < 0) {
        continue;
      }
      Item it = items.apply(i);
      Map<String, String> f = new HashMap<>();
      long t = history.time(k);
      int tz = history.tzOffsetMinutes(k);
      f.put("day", DAYS[LocalTimeFeatures.dayOfWeek(t, tz) - 1]);
      int minute = LocalTimeFeatures.minuteOfDay(t, tz);
      f.put("time", String.format(Locale.ROOT, "%02d:%02d", minute / 60, minute % 60));
      f.put("item", ItemText.shortName(it));
      f.put("category", it.categories().isEmpty() ? "" : it.categories().get(0));
      f.put("area", it.categories().size() > 1 ? it.categories().get(1) : "");
      parts.add(event.render(f));
    }
    return String.join("; ", parts);
  }
}

package io.strec.data.synth;

import io.strec.data.Item;
import io.strec.data.Provenance;
import io.strec.data.RawEvent;
import java.util.List;

/**
 * The design document's worked example (§4.3): a tiny e-commerce log of two users and five tagged
 * products.
 *
 * <p>User 1 views items 1 and 2, then buys item 3; user 2 views items 2, 3 and 4. Items 1 and 2 are
 * electronics (电子产品), 3 clothing (服装), 4 cosmetics (美妆), 5 food (食品). Ids are the document's
 * numbers as strings. The document's times are the abstract steps 1, 2 and 3; they are used
 * unchanged as epoch seconds (1970-01-01T00:00:01Z to 00:00:03Z), as {@link RawEvent} does for
 * sources without clock time, with offset 0 and no location.
 */
public final class WorkedExample {
  /** The {@link Provenance#source()} of the example's events. */
  public static final String SOURCE = "design-doc-4.3";

  public static final String VIEW = "view";
  public static final String PURCHASE = "purchase";

  private WorkedExample() {}

  /** The six events, sorted by user, then time. */
  public static List<RawEvent> events() {
    return List.of(
        event("1", "1", 1, VIEW, 1),
        event("1", "2", 2, VIEW, 2),
        event("1", "3", 3, PURCHASE, 3),
        event("2", "2", 1, VIEW, 4),
        event("2", "3", 2, VIEW, 5),
        event("2", "4", 3, VIEW, 6));
  }

  /** Items 1 to 5 with an English category and the document's Chinese tag in the description. */
  public static List<Item> items() {
    return List.of(
        item("1", "Electronics", "电子产品", "An electronics product"),
        item("2", "Electronics", "电子产品", "An electronics product"),
        item("3", "Clothing", "服装", "A clothing product"),
        item("4", "Cosmetics", "美妆", "A cosmetics product"),
        item("5", "Food", "食品", "A food product"));
  }

  private static RawEvent event(String user, String item, long t, String type, long sequence) {
    return new RawEvent(
        user,
        item,
        t,
        0,
        Double.NaN,
        Double.NaN,
        type,
        Double.NaN,
        "",
        "",
        Provenance.generated(SOURCE, sequence));
  }

  private static Item item(String id, String category, String tag, String what) {
    return new Item(
        id,
        "Product " + id,
        List.of(category),
        "",
        what + " (tagged " + tag + ").",
        Double.NaN,
        Double.NaN);
  }
}

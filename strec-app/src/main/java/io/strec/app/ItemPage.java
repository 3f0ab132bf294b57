package io.strec.app;

import io.strec.app.store.StoredItem;
import java.util.List;
import java.util.Optional;

/**
 * A page of the stored catalogue, in id order.
 *
 * @param items the items of this page
 * @param next the cursor for the next page (the last id of this one); empty on the last page
 */
public record ItemPage(List<StoredItem> items, Optional<String> next) {
  public ItemPage {
    items = List.copyOf(items);
    java.util.Objects.requireNonNull(next, "next");
  }
}

package io.strec.app.store;

/**
 * A user as the store knows them: by their events.
 *
 * @param id the user id
 * @param events how many events are stored for the user (at least 1)
 */
public record UserSummary(String id, long events) {
  public UserSummary {
    Checks.requireText(id, "id");
    if (events < 1) {
      throw new IllegalArgumentException("user " + id + ": events must be >= 1, got " + events);
    }
  }
}

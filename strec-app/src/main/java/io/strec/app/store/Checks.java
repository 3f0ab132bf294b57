package io.strec.app.store;

/** Argument checks shared by the store's records; each message names the field. */
final class Checks {
  private Checks() {}

  static String requireText(String value, String field) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(field + " must be non-empty, got " + describe(value));
    }
    return value;
  }

  static <T> T requireNonNull(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    return value;
  }

  /** NaN (unknown) or a latitude. */
  static void checkLatitude(double latitude, String owner) {
    if (!Double.isNaN(latitude) && !(latitude >= -90 && latitude <= 90)) {
      throw new IllegalArgumentException(owner + ": latitude outside [-90, 90]: " + latitude);
    }
  }

  /** NaN (unknown) or a longitude. */
  static void checkLongitude(double longitude, String owner) {
    if (!Double.isNaN(longitude) && !(longitude >= -180 && longitude <= 180)) {
      throw new IllegalArgumentException(owner + ": longitude outside [-180, 180]: " + longitude);
    }
  }

  private static String describe(String value) {
    return value == null ? "null" : "\"\"";
  }
}

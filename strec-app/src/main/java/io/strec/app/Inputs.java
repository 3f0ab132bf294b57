package io.strec.app;

import io.strec.app.store.StoredItem;

/**
 * The checks every value from a client goes through, each naming the field and the value it refuses
 * ({@link AppException#invalid}).
 */
final class Inputs {
  static final int MAX_ID_LENGTH = 256;
  static final long LATEST_TIME = 253_402_300_799L; // 9999-12-31T23:59:59Z

  private Inputs() {}

  static String checkId(String field, String id) {
    if (id == null || id.isEmpty()) {
      throw AppException.invalid(field, field + " is missing or empty");
    }
    if (id.length() > MAX_ID_LENGTH) {
      throw AppException.invalid(
          field, field + " is longer than " + MAX_ID_LENGTH + " characters: '" + shorten(id) + "'");
    }
    if (hasControl(id)) {
      throw AppException.invalid(field, field + " contains control characters");
    }
    return id;
  }

  static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (Character.isISOControl(ch) || (Character.isSurrogate(ch) && !validSurrogate(s, i))) {
        return true;
      }
    }
    return false;
  }

  static boolean validSurrogate(String s, int i) {
    char ch = s.charAt(i);
    if (Character.isHighSurrogate(ch)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  static void checkTime(String field, long t) {
    if (t < 0 || t > LATEST_TIME) {
      throw AppException.invalid(
          field,
          field
              + " must be between 1970 and 9999 (epoch seconds 0 to "
              + LATEST_TIME
              + "), got "
              + t);
    }
  }

  static int checkTz(String field, int tz) {
    if (tz < -14 * 60 || tz > 14 * 60) {
      throw AppException.invalid(field, field + " must be in [-840, 840] minutes, got " + tz);
    }
    return tz;
  }

  static double checkLat(String field, double lat) {
    if (!(lat >= -90 && lat <= 90)) {
      throw AppException.invalid(field, field + " must be in [-90, 90], got " + lat);
    }
    return lat;
  }

  static double checkLon(String field, double lon) {
    if (!(lon >= -180 && lon <= 180)) {
      throw AppException.invalid(field, field + " must be in [-180, 180], got " + lon);
    }
    return lon;
  }

  /** A client's item, checked field by field; its version is the store's to set. */
  static StoredItem item(StoredItem it) {
    String id = checkId("id", it.id());
    if (it.title().length() > 1000) {
      throw AppException.invalid("title", "title longer than 1000 characters");
    }
    if (it.description().length() > 20_000) {
      throw AppException.invalid("description", "description longer than 20000 characters");
    }
    if (it.brand().length() > 1000) {
      throw AppException.invalid("brand", "brand longer than 1000 characters");
    }
    if (it.categories().size() > 100) {
      throw AppException.invalid("categories", "more than 100 categories");
    }
    for (int j = 0; j < it.categories().size(); j++) {
      String cat = it.categories().get(j);
      if (cat.isEmpty() || cat.length() > 200 || hasControl(cat)) {
        throw AppException.invalid(
            "categories[" + j + "]", "a category is 1 to 200 printable characters");
      }
    }
    if (Double.isNaN(it.latitude()) != Double.isNaN(it.longitude())) {
      throw AppException.invalid(
          Double.isNaN(it.latitude()) ? "lat" : "lon", "give both lat and lon, or neither");
    }
    if (!Double.isNaN(it.latitude())) {
      checkLat("lat", it.latitude());
      checkLon("lon", it.longitude());
    }
    if (!it.openingHours().isEmpty()) {
      try {
        Hours.parse(it.openingHours());
      } catch (IllegalArgumentException e) {
        throw AppException.invalid("opening_hours", e.getMessage());
      }
    }
    if (it.expiresAtEpochSecond().isPresent()) {
      checkTime("expires_at", it.expiresAtEpochSecond().getAsLong());
    }
    return new StoredItem(
        id,
        it.title(),
        it.categories(),
        it.brand(),
        it.description(),
        it.latitude(),
        it.longitude(),
        it.openingHours(),
        it.hidden(),
        it.expiresAtEpochSecond(),
        0);
  }
}

package io.strec.app.store;

/**
 * How the store writes: the SQLite {@code synchronous} level and the location grid for events.
 *
 * <p>In WAL mode {@link Synchronous#FULL} syncs the log on every commit, so an acknowledged append
 * survives both {@code kill -9} and a power cut; {@link Synchronous#NORMAL} survives the process
 * dying but may lose the last commits when the machine does.
 *
 * @param coarsenDegrees 0 stores event coordinates exactly; above 0 rounds them to the nearest
 *     multiple of this many degrees (a privacy grid), at most 10
 */
public record StoreOptions(Synchronous synchronous, double coarsenDegrees) {

  /** The SQLite {@code PRAGMA synchronous} levels the store supports. */
  public enum Synchronous {
    FULL,
    NORMAL
  }

  public StoreOptions {
    Checks.requireNonNull(synchronous, "synchronous");
    if (!Double.isFinite(coarsenDegrees) || coarsenDegrees < 0 || coarsenDegrees > 10) {
      throw new IllegalArgumentException(
          "coarsenDegrees must be finite and in [0, 10]: " + coarsenDegrees);
    }
  }

  /** Durable commits, exact coordinates. */
  public static StoreOptions defaults() {
    return new StoreOptions(Synchronous.FULL, 0);
  }

  /** The latitude as stored: on the grid, kept inside [-90, 90]; NaN stays NaN. */
  public double coarsenLatitude(double latitude) {
    return coarsen(latitude, 90);
  }

  /** The longitude as stored: on the grid, kept inside [-180, 180]; NaN stays NaN. */
  public double coarsenLongitude(double longitude) {
    return coarsen(longitude, 180);
  }

  private double coarsen(double degrees, double bound) {
    if (coarsenDegrees == 0 || Double.isNaN(degrees)) {
      return degrees;
    }
    // A grid that does not divide the bound can round past it (89.9 on a 7-degree grid is 91).
    double rounded = Math.rint(degrees / coarsenDegrees) * coarsenDegrees;
    return Math.max(-bound, Math.min(bound, rounded));
  }
}

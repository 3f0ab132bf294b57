package io.strec.data.clean;

import io.strec.data.RawEvent;
import io.strec.data.clean.MissingValuePolicy.NumericStrategy;
import io.strec.data.clean.MissingValuePolicy.TypeStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Drops or fills missing values field by field, as a {@link MissingValuePolicy} says.
 *
 * <p>Missing means: a NaN weight; a NaN latitude or longitude (an event with only one coordinate
 * counts as missing its location, and a fill replaces both coordinates); a blank type.
 *
 * <p>Fill values come from the non-missing values of the whole input, including events that this
 * step then drops for another field. The weight fill is the global mean or median. The location
 * fill is the mean or median location of the event's own item when the input has any located event
 * of that item, and the global one otherwise: a place's check-ins without coordinates are far more
 * likely to be at that place than at the centre of the whole dataset. Mean and median are taken per
 * coordinate, in degrees, which is sound for data within one region but not for data that straddles
 * the ±180° meridian. The median of an even count is the mean of the two middle values.
 *
 * <p>An event is dropped when any field it misses has strategy DROP; the report attributes the drop
 * to the first such field in the order weight, location, type, so that the per-field drop counts
 * add up to the events removed. Asking for a mean or median when there is something to fill but no
 * value to compute it from is an error, not a silent no-op.
 */
public final class MissingValues implements CleaningStep<MissingValues.Report> {

  /**
   * Counts for one field.
   *
   * @param missing input events missing this field
   * @param dropped events removed because of this field (see the class comment for attribution)
   * @param filled surviving events whose missing value was filled (for type: set to "")
   */
  public record FieldCounts(int missing, int dropped, int filled) {
    public FieldCounts {
      if (missing < 0 || dropped < 0 || filled < 0 || dropped + filled > missing) {
        throw new IllegalArgumentException(
            "inconsistent counts: missing "
                + missing
                + ", dropped "
                + dropped
                + ", filled "
                + filled);
      }
    }
  }

  /**
   * What the step did.
   *
   * @param policy the policy applied
   * @param eventsIn events given
   * @param weight counts for the weight
   * @param location counts for the location
   * @param locationFilledFromItem how many of {@code location.filled()} used the item's own
   *     location (the rest used the global one or the constant)
   * @param type counts for the event type
   */
  public record Report(
      MissingValuePolicy policy,
      int eventsIn,
      FieldCounts weight,
      FieldCounts location,
      int locationFilledFromItem,
      FieldCounts type)
      implements StepReport {

    public Report {
      Objects.requireNonNull(policy, "policy");
      if (locationFilledFromItem < 0 || locationFilledFromItem > location.filled()) {
        throw new IllegalArgumentException(
            "location filled from item "
                + locationFilledFromItem
                + " outside [0, "
                + location.filled()
                + "]");
      }
      if (weight.dropped() + location.dropped() + type.dropped() > eventsIn) {
        throw new IllegalArgumentException("more events dropped than given: " + eventsIn);
      }
    }

    @Override
    public int eventsOut() {
      return eventsIn - weight.dropped() - location.dropped() - type.dropped();
    }

    @Override
    public String summary() {
      return "missing values ("
          + policy.format()
          + "): "
          + eventsIn
          + " -> "
          + eventsOut()
          + " events; "
          + field("weight", weight, "filled")
          + "; "
          + field("location", location, "filled")
          + " ("
          + locationFilledFromItem
          + " from item)"
          + "; "
          + field("type", type, "set empty");
    }

    private static String field(String name, FieldCounts c, String filledWord) {
      return name
          + " "
          + c.missing()
          + " missing, "
          + c.dropped()
          + " dropped, "
          + c.filled()
          + " "
          + filledWord;
    }
  }

  private final MissingValuePolicy policy;

  public MissingValues(MissingValuePolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  public MissingValuePolicy policy() {
    return policy;
  }

  @Override
  public Cleaned<Report> apply(List<RawEvent> events) {
    NumericStrategy ws = policy.weight().strategy();
    NumericStrategy ls = policy.location().strategy();
    boolean dropWeight = ws == NumericStrategy.DROP;
    boolean dropLocation = ls == NumericStrategy.DROP;
    boolean dropType = policy.type() == TypeStrategy.DROP;
    boolean fillWeight =
        ws == NumericStrategy.MEAN
            || ws == NumericStrategy.MEDIAN
            || ws == NumericStrategy.CONSTANT;
    boolean fillLocation =
        ls == NumericStrategy.MEAN
            || ls == NumericStrategy.MEDIAN
            || ls == NumericStrategy.CONSTANT;

    double weightFill = fillWeight ? weightFill(events) : Double.NaN;
    LocationFill locationFill = fillLocation ? locationFill(events) : null;

    int[] missing = new int[3];
    int[] dropped = new int[3];
    int[] filled = new int[3];
    int fromItem = 0;
    List<RawEvent> out = new ArrayList<>(events.size());
    for (RawEvent e : events) {
      boolean noWeight = Double.isNaN(e.weight());
      boolean noLocation = !e.hasLocation();
      boolean noType = e.type().isBlank();
      missing[0] += noWeight ? 1 : 0;
      missing[1] += noLocation ? 1 : 0;
      missing[2] += noType ? 1 : 0;
      if (noWeight && dropWeight) {
        dropped[0]++;
        continue;
      }
      if (noLocation && dropLocation) {
        dropped[1]++;
        continue;
      }
      if (noType && dropType) {
        dropped[2]++;
        continue;
      }
      RawEvent f = e;
      if (noWeight && fillWeight) {
        f = f.withWeight(weightFill);
        filled[0]++;
      }
      if (noLocation && fillLocation) {
        double[] at = locationFill.byItem.get(e.itemId());
        if (at != null) {
          fromItem++;
        } else {
          at = locationFill.global;
        }
        f = f.withLocation(at[0], at[1]);
        filled[1]++;
      }
      if (noType) {
        if (!f.type().isEmpty()) {
          f =
              new RawEvent(
                  f.userId(),
                  f.itemId(),
                  f.epochSecond(),
                  f.tzOffsetMinutes(),
                  f.latitude(),
                  f.longitude(),
                  "",
                  f.weight(),
                  f.split(),
                  f.group(),
                  f.provenance());
        }
        filled[2]++;
      }
      out.add(f);
    }
    Report report =
        new Report(
            policy,
            events.size(),
            new FieldCounts(missing[0], dropped[0], filled[0]),
            new FieldCounts(missing[1], dropped[1], filled[1]),
            fromItem,
            new FieldCounts(missing[2], dropped[2], filled[2]));
    return new Cleaned<>(out, report);
  }

  /** The weight fill value; NaN only when there is nothing to fill. */
  private double weightFill(List<RawEvent> events) {
    MissingValuePolicy.Weight w = policy.weight();
    if (w.strategy() == NumericStrategy.CONSTANT) {
      return w.constant();
    }
    double[] values =
        events.stream().mapToDouble(RawEvent::weight).filter(v -> !Double.isNaN(v)).toArray();
    if (values.length == 0) {
      if (!events.isEmpty()) {
        // Every event misses its weight, so there is something to fill and nothing to fill it with.
        throw new IllegalStateException(
            "cannot fill missing weights with the "
                + name(w.strategy())
                + ": none of the "
                + events.size()
                + " events has a weight");
      }
      return Double.NaN;
    }
    return statistic(w.strategy(), values);
  }

  /** Per-item and global fill locations as {lat, lon}; global is null when nothing is located. */
  private record LocationFill(Map<String, double[]> byItem, double[] global) {}

  private LocationFill locationFill(List<RawEvent> events) {
    MissingValuePolicy.Location l = policy.location();
    if (l.strategy() == NumericStrategy.CONSTANT) {
      return new LocationFill(Map.of(), new double[] {l.latitude(), l.longitude()});
    }
    Map<String, Coordinates> perItem = new HashMap<>();
    Coordinates all = new Coordinates();
    int unlocated = 0;
    for (RawEvent e : events) {
      if (e.hasLocation()) {
        perItem
            .computeIfAbsent(e.itemId(), k -> new Coordinates())
            .add(e.latitude(), e.longitude());
        all.add(e.latitude(), e.longitude());
      } else {
        unlocated++;
      }
    }
    if (all.size == 0) {
      if (unlocated > 0) {
        throw new IllegalStateException(
            "cannot fill missing locations with the "
                + name(l.strategy())
                + ": none of the "
                + events.size()
                + " events has a location");
      }
      return new LocationFill(Map.of(), null);
    }
    Map<String, double[]> byItem = new HashMap<>(perItem.size() * 2);
    perItem.forEach((item, c) -> byItem.put(item, c.statistic(l.strategy())));
    return new LocationFill(byItem, all.statistic(l.strategy()));
  }

  /** A growable pair of coordinate arrays. */
  private static final class Coordinates {
    double[] lat = new double[4];
    double[] lon = new double[4];
    int size;

    void add(double la, double lo) {
      if (size == lat.length) {
        lat = Arrays.copyOf(lat, size * 2);
        lon = Arrays.copyOf(lon, size * 2);
      }
      lat[size] = la;
      lon[size] = lo;
      size++;
    }

    double[] statistic(NumericStrategy s) {
      // The clamps only guard against a rounding error at the poles or the meridian pushing a mean
      // one ulp out of range.
      double la = MissingValues.statistic(s, Arrays.copyOf(lat, size));
      double lo = MissingValues.statistic(s, Arrays.copyOf(lon, size));
      return new double[] {Math.max(-90, Math.min(90, la)), Math.max(-180, Math.min(180, lo))};
    }
  }

  /** Mean or median of a non-empty array; may reorder {@code values}. */
  static double statistic(NumericStrategy s, double[] values) {
    if (s == NumericStrategy.MEAN) {
      double sum = 0;
      for (double v : values) {
        sum += v;
      }
      return sum / values.length;
    }
    if (s != NumericStrategy.MEDIAN) {
      throw new IllegalArgumentException("not a statistic: " + s);
    }
    Arrays.sort(values);
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  private static String name(NumericStrategy s) {
    return s.name().toLowerCase(Locale.ROOT);
  }
}

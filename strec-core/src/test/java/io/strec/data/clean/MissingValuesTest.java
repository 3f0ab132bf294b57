package io.strec.data.clean;

import static io.strec.data.clean.TestEvents.full;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.RawEvent;
import io.strec.data.clean.MissingValuePolicy.NumericStrategy;
import io.strec.data.clean.MissingValues.FieldCounts;
import java.util.List;
import org.junit.jupiter.api.Test;

class MissingValuesTest {
  private static final double NAN = Double.NaN;

  private static Cleaned<MissingValues.Report> run(String policy, List<RawEvent> events) {
    return new MissingValues(MissingValuePolicy.parse(policy)).apply(events);
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    // Weights 4, 1, 3, 10 -> sorted 1 3 4 10 -> median (3 + 4) / 2 = 3.5; mean 18 / 4 = 4.5.
    List<RawEvent> in =
        List.of(
            full("u1", "a", NAN, NAN, "v", 4, 1),
            full("u1", "b", NAN, NAN, "v", NAN, 2),
            full("u2", "a", NAN, NAN, "v", 1, 3),
            full("u2", "c", NAN, NAN, "v", 3, 4),
            full("u3", "c", NAN, NAN, "v", NAN, 5),
            full("u3", "d", NAN, NAN, "v", 10, 6));
    Cleaned<MissingValues.Report> median = run("weight=median", in);
    assertEquals(
        List.of(4.0, 3.5, 1.0, 3.0, 3.5, 10.0),
        median.events().stream().map(RawEvent::weight).toList());
    assertEquals(new FieldCounts(2, 0, 2), median.report().weight());
    assertEquals(6, median.report().eventsOut());
    // Provenance survives a fill.
    assertEquals(in.get(1).provenance(), median.events().get(1).provenance());
    assertSame(in.get(0), median.events().get(0), "complete events pass through untouched");

    Cleaned<MissingValues.Report> mean = run("weight=mean", in);
    assertEquals(4.5, mean.events().get(1).weight());
    Cleaned<MissingValues.Report> constant = run("weight=constant(-1)", in);
    assertEquals(-1.0, constant.events().get(4).weight());
    Cleaned<MissingValues.Report> keep = run("weight=keep", in);
    assertTrue(Double.isNaN(keep.events().get(1).weight()));
    assertEquals(new FieldCounts(2, 0, 0), keep.report().weight());
    Cleaned<MissingValues.Report> drop = run("weight=drop", in);
    assertEquals(4, drop.events().size());
    assertEquals(new FieldCounts(2, 2, 0), drop.report().weight());
  }

  @Test
  void medianOfAnOddCount() {
    assertEquals(3.0, MissingValues.statistic(NumericStrategy.MEDIAN, new double[] {5, 1, 3}));
    assertEquals(2.5, MissingValues.statistic(NumericStrategy.MEDIAN, new double[] {4, 1, 3, 2}));
    assertEquals(7.0, MissingValues.statistic(NumericStrategy.MEDIAN, new double[] {7}));
  }

  @Test
  void locationFillsFromTheItemWhenItHasOneElseGlobally() {
    List<RawEvent> in =
        List.of(
            full("u1", "p", 10, 20, "c", 1, 1),
            full("u2", "p", 12, 24, "c", 1, 2),
            full("u3", "p", 11, 30, "c", 1, 3),
            full("u1", "q", 50, -100, "c", 1, 4),
            full("u2", "p", NAN, NAN, "c", 1, 5), // item p has located events
            full("u3", "r", NAN, NAN, "c", 1, 6), // item r has none: global
            full("u3", "q", 40, NAN, "c", 1, 7)); // half a location counts as missing
    // Item p: lat 10 12 11 -> median 11, mean 11; lon 20 24 30 -> median 24, mean 24.666...
    // Global over lines 1-4: lat 10 12 11 50 -> median 11.5, mean 20.75;
    //                       lon 20 24 30 -100 -> median 22, mean -6.5.
    Cleaned<MissingValues.Report> median = run("location=median", in);
    assertEquals(11.0, median.events().get(4).latitude());
    assertEquals(24.0, median.events().get(4).longitude());
    assertEquals(11.5, median.events().get(5).latitude());
    assertEquals(22.0, median.events().get(5).longitude());
    assertEquals(50.0, median.events().get(6).latitude(), "item q's only location replaces both");
    assertEquals(-100.0, median.events().get(6).longitude());
    assertEquals(new FieldCounts(3, 0, 3), median.report().location());
    assertEquals(2, median.report().locationFilledFromItem());

    Cleaned<MissingValues.Report> mean = run("location=mean", in);
    assertEquals(11.0, mean.events().get(4).latitude(), 1e-12);
    assertEquals(74.0 / 3, mean.events().get(4).longitude(), 1e-12);
    assertEquals(20.75, mean.events().get(5).latitude(), 1e-12);
    assertEquals(-6.5, mean.events().get(5).longitude(), 1e-12);

    Cleaned<MissingValues.Report> constant = run("location=constant(1,2)", in);
    assertEquals(1.0, constant.events().get(4).latitude());
    assertEquals(2.0, constant.events().get(6).longitude());
    assertEquals(0, constant.report().locationFilledFromItem());

    Cleaned<MissingValues.Report> drop = run("location=drop", in);
    assertEquals(in.subList(0, 4), drop.events());
  }

  @Test
  void typeEmptyNormalisesBlankAndDropRemoves() {
    List<RawEvent> in =
        List.of(
            full("u1", "a", NAN, NAN, "view", 1, 1),
            full("u1", "b", NAN, NAN, "", 1, 2),
            full("u1", "c", NAN, NAN, "  ", 1, 3));
    Cleaned<MissingValues.Report> empty = run("type=empty", in);
    assertEquals(List.of("view", "", ""), empty.events().stream().map(RawEvent::type).toList());
    assertEquals(new FieldCounts(2, 0, 2), empty.report().type());
    Cleaned<MissingValues.Report> drop = run("type=drop", in);
    assertEquals(List.of(in.get(0)), drop.events());
    assertEquals(new FieldCounts(2, 2, 0), drop.report().type());
  }

  @Test
  void dropsAreAttributedToTheFirstFieldAndAddUp() {
    List<RawEvent> in =
        List.of(
            full("u1", "a", NAN, NAN, "", NAN, 1), // misses everything: dropped for weight
            full("u1", "b", NAN, NAN, "", 2, 2), // location and type: dropped for location
            full("u1", "c", 1, 1, "", 3, 3), // type only: dropped for type
            full("u1", "d", 1, 1, "v", 4, 4)); // complete
    MissingValues.Report r = run("weight=drop,location=drop,type=drop", in).report();
    assertEquals(new FieldCounts(1, 1, 0), r.weight());
    assertEquals(new FieldCounts(2, 1, 0), r.location());
    assertEquals(new FieldCounts(3, 1, 0), r.type());
    assertEquals(1, r.eventsOut());
    assertEquals(
        "missing values (weight=drop,location=drop,type=drop): 4 -> 1 events; "
            + "weight 1 missing, 1 dropped, 0 filled; location 2 missing, 1 dropped, 0 filled "
            + "(0 from item); type 3 missing, 1 dropped, 0 set empty",
        r.summary());
  }

  @Test
  void fillStatisticsUseEventsDroppedForAnotherField() {
    // Line 2 is dropped for its missing location, but its weight 8 still counts: median(2, 8) = 5.
    List<RawEvent> in =
        List.of(
            full("u1", "a", 1, 1, "", 2, 1),
            full("u1", "b", NAN, NAN, "", 8, 2),
            full("u1", "c", 1, 1, "", NAN, 3));
    Cleaned<MissingValues.Report> out = run("weight=median,location=drop", in);
    assertEquals(2, out.events().size());
    assertEquals(5.0, out.events().get(1).weight());
  }

  @Test
  void meanWithNothingToComputeFromIsAnError() {
    List<RawEvent> in =
        List.of(full("u1", "a", NAN, NAN, "", NAN, 1), full("u1", "b", NAN, NAN, "", NAN, 2));
    var e = assertThrows(IllegalStateException.class, () -> run("weight=mean", in));
    assertTrue(e.getMessage().contains("none of the 2 events has a weight"), e.getMessage());
    e = assertThrows(IllegalStateException.class, () -> run("location=median", in));
    assertTrue(e.getMessage().contains("none of the 2 events has a location"), e.getMessage());
    // Nothing to fill, nothing to complain about.
    assertEquals(0, run("weight=mean,location=median", List.of()).events().size());
  }
}

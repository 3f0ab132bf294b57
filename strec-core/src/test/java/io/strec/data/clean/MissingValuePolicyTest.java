package io.strec.data.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.clean.MissingValuePolicy.Location;
import io.strec.data.clean.MissingValuePolicy.NumericStrategy;
import io.strec.data.clean.MissingValuePolicy.TypeStrategy;
import io.strec.data.clean.MissingValuePolicy.Weight;
import org.junit.jupiter.api.Test;

class MissingValuePolicyTest {

  @Test
  void parsesTheExample() {
    MissingValuePolicy p = MissingValuePolicy.parse("weight=median,location=drop,type=empty");
    assertEquals(
        new MissingValuePolicy(
            Weight.of(NumericStrategy.MEDIAN),
            Location.of(NumericStrategy.DROP),
            TypeStrategy.EMPTY),
        p);
  }

  @Test
  void parsesConstantsCaseAndSpacesAndAnyOrder() {
    MissingValuePolicy p =
        MissingValuePolicy.parse(
            " TYPE=Drop , location = constant( 40.7 , -74.0 ), weight=constant(1.5)");
    assertEquals(Weight.constant(1.5), p.weight());
    assertEquals(Location.constant(40.7, -74.0), p.location());
    assertEquals(TypeStrategy.DROP, p.type());
  }

  @Test
  void unnamedFieldsKeepDefaults() {
    assertEquals(MissingValuePolicy.DEFAULT, MissingValuePolicy.parse(""));
    MissingValuePolicy p = MissingValuePolicy.parse("location=mean");
    assertEquals(MissingValuePolicy.DEFAULT.weight(), p.weight());
    assertEquals(Location.of(NumericStrategy.MEAN), p.location());
    assertEquals(TypeStrategy.EMPTY, p.type());
  }

  @Test
  void formatRoundTrips() {
    for (String spec :
        new String[] {
          "",
          "weight=mean",
          "weight=constant(0.25),location=constant(-33.9,151.2),type=drop",
          "weight=drop,location=median",
          "weight=constant(1.0E-5)"
        }) {
      MissingValuePolicy p = MissingValuePolicy.parse(spec);
      assertEquals(p, MissingValuePolicy.parse(p.format()), spec);
    }
    assertEquals("weight=keep,location=keep,type=empty", MissingValuePolicy.DEFAULT.format());
  }

  @Test
  void errorsNameTheBadToken() {
    assertBad("weight=median,location=avg", "'location=avg'", "unknown strategy 'avg'");
    assertBad("weight=median,colour=red", "'colour=red'", "unknown field 'colour'");
    assertBad("weight", "'weight'", "field=strategy");
    assertBad("type=median", "'type=median'", "expected empty or drop");
    assertBad("weight=mean,weight=median", "'weight=median'", "given twice");
    assertBad("weight=constant(abc)", "'weight=constant(abc)'", "not a number: 'abc'");
    assertBad("weight=constant(NaN)", "'weight=constant(NaN)'", "finite");
    assertBad("weight=Avg", "unknown strategy 'Avg'");
    assertBad("weight=constant(1,2)", "'weight=constant(1,2)'", "got 2");
    assertBad("location=constant(1)", "'location=constant(1)'", "constant(lat,lon)");
    assertBad("location=constant(91,0)", "'location=constant(91,0)'", "outside");
    assertBad("weight=constant", "'weight=constant'", "expected constant(x)");
    assertBad("weight=mean,,type=drop", "position 12", "empty token");
    assertBad("weight=constant(1", "unbalanced '('", "\"weight=constant(1\"");
    assertBad("weight=mean)", "unbalanced ')'", "position 11");
  }

  private static void assertBad(String spec, String... fragments) {
    var e =
        assertThrows(IllegalArgumentException.class, () -> MissingValuePolicy.parse(spec), spec);
    for (String f : fragments) {
      assertTrue(
          e.getMessage().contains(f),
          "message for \"" + spec + "\" lacks " + f + ": " + e.getMessage());
    }
  }

  @Test
  void recordsValidateTheirConstants() {
    assertThrows(IllegalArgumentException.class, () -> Weight.constant(Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> new Weight(NumericStrategy.MEAN, 1.0));
    assertThrows(IllegalArgumentException.class, () -> Location.constant(0, 181));
    assertThrows(IllegalArgumentException.class, () -> new Location(NumericStrategy.DROP, 0, 0));
  }
}

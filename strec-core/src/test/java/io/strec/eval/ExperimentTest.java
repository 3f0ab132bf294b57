package io.strec.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Dataset;
import io.strec.data.Vocabulary;
import io.strec.model.History;
import io.strec.model.Model;
import io.strec.model.ModelFactory;
import io.strec.model.Query;
import io.strec.model.Trainer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Tuning on the inner validation split, with two hand-made trainers: {@code pop} scores an item by
 * its training count, {@code antipop} by minus that count.
 *
 * <pre>
 * items "1"=0 "2"=1 "3"=2
 * u0: "1"@1 "1"@2 "2"@3     u1: "1"@1 "2"@2     u2: "3"@1
 * training counts [3, 2, 1]; 6 events
 *
 * inner validation: u0 and u1 hold out their last event ("2" both); u2 has one event, no case.
 * inner fit counts [3, 0, 1]; 4 events
 *   pop     [3, 0, 1]:  "1", "3" before "2" -> rank 3 twice -> MRR 1/3
 *   antipop [-3, 0, -1]: "2" first          -> rank 1 twice -> MRR 1
 *   with exclusion ("1" is in both histories): pop rank 2 -> MRR 1/2; antipop still 1
 *
 * the reported case: u0, target "1", scored by models fitted on all 6 events
 *   pop     [3, 2, 1]    -> rank 1
 *   antipop [-3, -2, -1] -> rank 3 -> MRR 1/3
 * </pre>
 *
 * So antipop must win the tuning although pop is better on the reported case: the choice may not
 * look at it.
 */
class ExperimentTest {
  /** Scores items by {@code sign} times their training count; records fits and closes. */
  static final class CountTrainer implements Trainer {
    private final String name;
    private final float sign;
    private final List<String> fits;
    private final AtomicInteger closes;

    CountTrainer(String name, float sign, List<String> fits, AtomicInteger closes) {
      this.name = name;
      this.sign = sign;
      this.fits = fits;
      this.closes = closes;
    }

    @Override
    public String describe() {
      return name;
    }

    @Override
    public Model fit(Dataset train, long seed) {
      fits.add(name + ":" + train.numEvents() + ":" + seed);
      int[] counts = train.itemCounts();
      return new Model() {
        @Override
        public String name() {
          return name + "@" + seed;
        }

        @Override
        public int numItems() {
          return counts.length;
        }

        @Override
        public void score(Query query, float[] scores) {
          for (int i = 0; i < counts.length; i++) {
            scores[i] = sign * counts[i];
          }
        }

        @Override
        public void close() {
          closes.incrementAndGet();
        }
      };
    }
  }

  /**
   * Records the query time it is fitted under ({@code name:target} or {@code name:last}) and the
   * query times its models are asked at; scores like {@code pop}.
   */
  static final class ClockTrainer implements Trainer {
    private final String name;
    private final QueryTime when;
    private final List<String> fits;
    private final Set<Long> asked;

    ClockTrainer(String name, QueryTime when, List<String> fits, Set<Long> asked) {
      this.name = name;
      this.when = when;
      this.fits = fits;
      this.asked = asked;
    }

    @Override
    public String describe() {
      return name;
    }

    @Override
    public Trainer withQueryTime(QueryTime q) {
      return new ClockTrainer(name, q, fits, asked);
    }

    @Override
    public Model fit(Dataset train, long seed) {
      fits.add(name + ":" + (when == null ? "none" : when.label()));
      Model counts =
          new CountTrainer(name, 1, new ArrayList<>(), new AtomicInteger()).fit(train, seed);
      return new Model() {
        @Override
        public String name() {
          return name;
        }

        @Override
        public int numItems() {
          return counts.numItems();
        }

        @Override
        public void score(Query query, float[] scores) {
          asked.add(query.epochSecond());
          counts.score(query, scores);
        }
      };
    }
  }

  static ModelFactory factory(List<Trainer> trainers) {
    return new ModelFactory() {
      @Override
      public String name() {
        return "counts";
      }

      @Override
      public String description() {
        return "training counts, either sign";
      }

      @Override
      public List<Trainer> candidates() {
        return trainers;
      }
    };
  }

  static EvalSplit split(boolean exclude) {
    Dataset.Builder b =
        Dataset.builder(
            "train",
            Vocabulary.of(List.of("u0", "u1", "u2")),
            Vocabulary.of(List.of("1", "2", "3")));
    double nan = Double.NaN;
    b.add(0, 0, 1, 0, nan, nan, 1f);
    b.add(0, 0, 2, 0, nan, nan, 1f);
    b.add(0, 1, 3, 0, nan, nan, 1f);
    b.add(1, 0, 1, 0, nan, nan, 1f);
    b.add(1, 1, 2, 0, nan, nan, 1f);
    b.add(2, 2, 1, 0, nan, nan, 1f);
    EvalCase c =
        new EvalCase(
            "u0/test", 0, 0, new Query(0, History.empty(), 10, 0, nan, nan), new int[0], nan, nan);
    return new EvalSplit("hand", b.build(), List.of(c), Map.of("exclude_history", exclude));
  }

  final List<String> fits = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger closes = new AtomicInteger();
  final List<String> log = Collections.synchronizedList(new ArrayList<>());

  Experiment experiment() {
    return new Experiment(Evaluator.builder().build(), log::add);
  }

  @Test
  void tuningPicksTheBestInnerValidationMrrAndRunsItOncePerSeed() {
    Trainer pop = new CountTrainer("pop", 1, fits, closes);
    Trainer antipop = new CountTrainer("antipop", -1, fits, closes);
    Experiment.ModelRun run =
        experiment().run(factory(List.of(pop, antipop)), split(false), List.of(7L, 8L));

    assertEquals("counts", run.model());
    assertEquals("antipop", run.chosen());
    assertEquals(List.of("pop", "antipop"), new ArrayList<>(run.tuningMrr().keySet()));
    assertEquals(1.0 / 3, run.tuningMrr().get("pop"), 1e-15);
    assertEquals(1.0, run.tuningMrr().get("antipop"), 1e-15);
    // tuning fits every candidate on the 4 inner-fit events with the first seed; then the chosen
    // one is fitted on all 6 training events once per seed
    assertEquals(List.of("pop:4:7", "antipop:4:7", "antipop:6:7", "antipop:6:8"), fits);
    assertEquals(4, closes.get(), "every fitted model is closed");

    assertEquals(List.of(7L, 8L), run.seeds());
    assertEquals(2, run.runs().size());
    assertSame(run.runs().get(0), run.first());
    for (int k = 0; k < 2; k++) {
      Evaluation e = run.runs().get(k);
      assertEquals("antipop@" + (7 + k), e.model(), "run " + k + " uses its own seed");
      assertEquals("antipop", e.setting(), "the chosen setting is reported");
      assertArrayEquals(new int[] {3}, e.ranks());
      assertEquals(1.0 / 3, e.metric("MRR"), 1e-15);
      assertTrue(e.fitSeconds() >= 0);
    }
    assertTrue(
        log.stream().anyMatch(l -> l.contains("tune pop") && l.contains("0.3333")), log.toString());
    assertTrue(
        log.stream().anyMatch(l -> l.contains("tune antipop") && l.contains("1.0000")),
        log.toString());
  }

  @Test
  void innerValidationFollowsTheSplitsExclusionSetting() {
    Trainer pop = new CountTrainer("pop", 1, fits, closes);
    Trainer antipop = new CountTrainer("antipop", -1, fits, closes);
    Experiment.ModelRun run =
        experiment().run(factory(List.of(pop, antipop)), split(true), List.of(1L));
    assertEquals(0.5, run.tuningMrr().get("pop"), 1e-15);
    assertEquals(1.0, run.tuningMrr().get("antipop"), 1e-15);
    assertEquals("antipop", run.chosen());
  }

  /**
   * Under {@code last} every trainer, tuned or reported, is fitted under {@code last}, and the
   * tuning cases ask at the last history event's time: u0's inner case (target "2"@3) at 2, u1's
   * ("2"@2) at 1. The reported case has no history and keeps its time, 10.
   */
  @Test
  void everyFitAndTheTuningFollowTheSplitsQueryTime() {
    Set<Long> asked = Collections.synchronizedSet(new TreeSet<>());
    List<Trainer> clocks =
        List.of(new ClockTrainer("a", null, fits, asked), new ClockTrainer("b", null, fits, asked));
    experiment().run(factory(clocks), QueryTime.LAST.apply(split(false)), List.of(1L, 2L));
    assertEquals(4, fits.size(), fits.toString());
    assertTrue(fits.stream().allMatch(f -> f.endsWith(":last")), fits.toString());
    assertEquals(Set.of(1L, 2L, 10L), asked);

    fits.clear();
    asked.clear();
    experiment().run(factory(clocks), split(false), List.of(1L));
    assertTrue(fits.stream().allMatch(f -> f.endsWith(":target")), fits.toString());
    assertEquals(Set.of(2L, 3L, 10L), asked, "a split without the setting has target times");

    Trainer pop = new CountTrainer("pop", 1, fits, closes);
    assertSame(pop, pop.withQueryTime(QueryTime.LAST), "a trainer that ignores the time");
  }

  @Test
  void equalTuningScoresKeepTheFirstCandidate() {
    Trainer a = new CountTrainer("pop-a", 1, fits, closes);
    Trainer b = new CountTrainer("pop-b", 1, fits, closes);
    Experiment.ModelRun run = experiment().run(factory(List.of(a, b)), split(false), List.of(5L));
    assertEquals(Map.of("pop-a", 1.0 / 3, "pop-b", 1.0 / 3), run.tuningMrr());
    assertEquals("pop-a", run.chosen());
    assertEquals(List.of("pop-a:4:5", "pop-b:4:5", "pop-a:6:5"), fits);
  }

  @Test
  void aSingleCandidateIsNotTuned() {
    Trainer pop = new CountTrainer("pop", 1, fits, closes);
    Experiment.ModelRun run = experiment().run(factory(List.of(pop)), split(false), List.of(3L));
    assertEquals("pop", run.chosen());
    assertTrue(run.tuningMrr().isEmpty());
    assertEquals(List.of("pop:6:3"), fits, "no inner-validation fit");
    // pop on the reported case: "1" has the top count -> rank 1
    assertEquals(1.0, run.first().metric("MRR"), 1e-15);
  }

  @Test
  void anEvaluatorWithoutHrAt10CanRunAnExperiment() {
    // Experiment's progress line reads HR@10, which only exists when the cut-offs include 10
    Trainer pop = new CountTrainer("pop", 1, fits, closes);
    Experiment e = new Experiment(Evaluator.builder().optKs(List.of(1, 5)).build(), log::add);
    Experiment.ModelRun run = e.run(factory(List.of(pop)), split(false), List.of(3L));
    assertEquals(1.0, run.first().metric("HR@5"), 1e-15);
  }

  @Test
  void atLeastOneSeedIsNeeded() {
    Trainer pop = new CountTrainer("pop", 1, fits, closes);
    assertThrows(
        IllegalArgumentException.class,
        () -> experiment().run(factory(List.of(pop)), split(false), List.of()));
  }
}

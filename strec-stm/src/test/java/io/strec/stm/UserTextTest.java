package io.strec.stm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Dataset;
import io.strec.eval.QueryTime;
import io.strec.model.History;
import io.strec.model.ModelContext;
import io.strec.model.Query;
import io.strec.stm.artifact.ModelArtifact;
import io.strec.stm.data.Window;
import io.strec.stm.testing.Fixtures;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's encoded behaviour text as an input of stm, on the real default encoder: which events
 * it covers, that it reaches the network, that a saved model re-creates it and scores identically,
 * and that the ablation removes it.
 */
class UserTextTest {
  private static final Dataset DATA = Fixtures.cycles(4, 6, 12);

  private static StmModel fit(ModelContext context, StmConfig c) {
    return new StmTrainer("stm", c, ContextVectors.of(context), TrainOptions.quiet()).fit(DATA, 3);
  }

  private static Query query(int user, int events) {
    int[] evs = DATA.eventsOf(user);
    History h = History.of(DATA, evs, events);
    int last = evs[events - 1];
    return new Query(
        user, h, DATA.time(last) + 1800, -300, DATA.latitude(last), DATA.longitude(last));
  }

  private static float[] scores(StmModel m, Query q) {
    float[] s = new float[m.numItems()];
    m.score(q, s);
    return s;
  }

  @Test
  void textCoversTheEventsBeforeTheScoredPositionOnly() {
    try (ModelContext context = new ModelContext("minilm-q", Optional.empty(), l -> {});
        StmModel m = fit(context, Fixtures.tiny(1))) {
      UserText u = m.userText().orElseThrow();
      History h = query(0, 8).history();
      Window atEnd = Window.query(h, 12, h.time(7) + 60, -300, Double.NaN, Double.NaN);
      assertEquals(7, UserText.end(atEnd));
      String text = u.text(atEnd);
      assertEquals(u.renderer().render(UserText.before(h, 7), u.items()::get), text);
      assertFalse(text.isBlank());
      // The last event is the current one, not part of the text: its item's title is absent when it
      // occurs nowhere else among the rendered events.
      assertTrue(text.split("; ").length <= u.renderer().lastN(), text);
      Window training = Window.training(h, 2, 6, 3, QueryTime.TARGET);
      assertEquals(5, UserText.end(training));
      Window first = Window.training(h, 0, 6, 0, QueryTime.TARGET);
      assertTrue(u.text(first).isBlank(), "no event before the first position");
    }
  }

  @Test
  void behaviourTextReachesTheScoresAndSurvivesSaveAndReload(@TempDir Path dir) throws Exception {
    try (ModelContext context = new ModelContext("minilm-q", Optional.empty(), l -> {});
        StmModel m = fit(context, Fixtures.tiny(3))) {
      assertTrue(m.network().params().names().contains("user.w"));
      assertEquals(384, m.network().userDim());
      // The same window with a different earlier past (hence another text) scores differently.
      float[] a = scores(m, query(0, 8));
      float[] b = scores(m, query(1, 8));
      assertNotEquals(a[0], b[0]);
      ModelArtifact.save(m, dir);
      try (StmModel back = ModelArtifact.load(dir)) {
        assertTrue(back.userText().isPresent());
        for (int u = 0; u < 4; u++) {
          Query q = query(u, 6 + u);
          assertArrayEquals(scores(m, q), scores(back, q), 0f, "user " + u);
        }
      }
    }
  }

  @Test
  void ablationRemovesIt() {
    StmConfig c = Fixtures.tiny(1).withAblations(EnumSet.of(Ablation.USERTEXT));
    try (ModelContext context = new ModelContext("minilm-q", Optional.empty(), l -> {});
        StmModel m = fit(context, c)) {
      assertTrue(m.userText().isEmpty());
      assertFalse(m.network().params().names().contains("user.w"));
      assertEquals("off", m.state().provenance().get("user_text"));
      assertEquals(List.of(Ablation.USERTEXT), List.copyOf(c.ablations()));
    }
  }
}

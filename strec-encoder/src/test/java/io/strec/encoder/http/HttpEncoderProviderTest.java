package io.strec.encoder.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.encoder.EncoderProvider;
import io.strec.encoder.Encoders;
import io.strec.encoder.TextEncoder;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The {@code http} spec opens a working encoder; bad options are named. */
class HttpEncoderProviderTest {
  final HttpEncoderProvider provider = new HttpEncoderProvider();

  TextEncoder open(String spec) {
    Encoders.Spec s = Encoders.Spec.parse(spec);
    return provider.open(s.name(), s.argument(), s.options());
  }

  @Test
  void isRegisteredAsAService() {
    // By type, so that other providers on the class path are not instantiated by this test.
    assertTrue(
        ServiceLoader.load(EncoderProvider.class).stream()
            .anyMatch(p -> p.type() == HttpEncoderProvider.class));
    assertEquals(List.of("http"), provider.names());
  }

  @Test
  void specOptionsReachTheEncoder() throws Exception {
    try (FakeEmbeddingServer server = new FakeEmbeddingServer(8);
        TextEncoder enc =
            open(
                "http:"
                    + server.baseUrl()
                    + ";model=nomic-embed-text;dim=8;batch=2;timeout-s=5;"
                    + "connect-timeout-s=0.5;retries=1;backoff-ms=1;max-backoff-ms=5;normalize=false;seed=3")) {
      List<String> texts = List.of("a", "b", "c");
      float[][] got = enc.encode(texts);
      for (int i = 0; i < texts.size(); i++) {
        assertArrayEquals(FakeEmbeddingServer.embed(texts.get(i), 8), got[i], 0f);
      }
      assertEquals(2, server.requests().size());
      assertEquals("nomic-embed-text", server.requests().get(0).body().get("model").asText());
      assertEquals("http:nomic-embed-text@127.0.0.1/8", enc.modelId());
    }
  }

  @Test
  void badOptionsAreNamed() {
    String base = "http:http://localhost:11434/v1;model=m";
    assertBad(base + ";batch=0", "batch=0");
    assertBad(base + ";batch=many", "batch=many");
    assertBad(base + ";dim=-3", "dim=-3");
    assertBad(base + ";retries=-1", "retries=-1");
    assertBad(base + ";timeout-s=0", "timeout-s=0");
    assertBad(base + ";timeout-s=soon", "timeout-s=soon");
    assertBad(base + ";normalize=yes", "normalize=yes");
    assertBad(base + ";send-dim=true", "dimension");
    assertBad(base + ";backoff-ms=10;max-backoff-ms=5", "max-backoff-ms");
    assertBad(base + ";key-env=STREC_SURELY_UNSET_VARIABLE_42", "STREC_SURELY_UNSET_VARIABLE_42");
    assertBad(base + ";colour=blue", "colour");
    assertBad("http:http://localhost:11434/v1", "model");
    assertBad("http;model=m", "base URL");
    assertBad("http:localhost:11434;model=m", "localhost:11434");
  }

  void assertBad(String spec, String named) {
    var e = assertThrows(IllegalArgumentException.class, () -> open(spec).close(), spec);
    assertTrue(e.getMessage().contains(named), () -> "'" + named + "' not in: " + e.getMessage());
  }
}

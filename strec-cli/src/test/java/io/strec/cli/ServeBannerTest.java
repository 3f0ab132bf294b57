package io.strec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strec serve} prints the web demo's address with the read key in the URL fragment (which
 * the browser keeps to itself), and that address serves the page.
 */
class ServeBannerTest {
  private static final String READ_KEY = "banner-read-key-00001";
  private static final Pattern DEMO = Pattern.compile("^demo: (http://\\S+)", Pattern.MULTILINE);

  @Test
  void theBannerGivesTheDemoAddressWithTheReadKeyInTheFragment(@TempDir Path tmp) throws Exception {
    Path keys = tmp.resolve("keys.properties");
    Files.writeString(
        keys, "read=" + READ_KEY + "\nwrite=banner-write-key-0002\nadmin=banner-admin-key-0003\n");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try (ServeProcess serve = ServeProcess.start(tmp.resolve("serve"), keys)) {
      URI base = serve.awaitReady(http, Duration.ofMinutes(3));
      Matcher m = DEMO.matcher(serve.output());
      assertTrue(m.find(), "no demo line in:\n" + serve.output());
      // The whole address: this server's root, no query string, the key after '#'.
      assertEquals(base.resolve("/") + "#key=" + READ_KEY, m.group(1));

      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(base.resolve("/")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("<script src=\"/demo/demo.js\""), page.body());
      assertTrue(page.headers().firstValue("Content-Security-Policy").isPresent());
      assertFalse(page.body().contains(READ_KEY), "the page itself holds no key");
    }
  }
}

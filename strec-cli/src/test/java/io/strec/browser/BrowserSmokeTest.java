package io.strec.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

class BrowserSmokeTest {
  @Test
  void runsScriptAndReportsConsoleErrors(@TempDir Path dir) throws Exception {
    Path page = dir.resolve("p.html");
    Files.writeString(
        page,
        "<!doctype html><p id=x></p><script>document.getElementById('x').textContent = 6 * 7;"
            + " console.error('planted');</script>",
        StandardCharsets.UTF_8);
    try (Browser browser = Browser.start(800, 600)) {
      browser.driver().get(page.toUri().toString());
      assertEquals("42", browser.driver().findElement(By.id("x")).getText());
      assertTrue(
          browser.severeConsoleMessages().stream().anyMatch(m -> m.contains("planted")),
          "the planted console error is reported: " + browser.severeConsoleMessages());
    }
  }
}

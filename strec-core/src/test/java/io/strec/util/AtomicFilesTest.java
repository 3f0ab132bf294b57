package io.strec.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path tmp;

  private List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesIntoNewDirectoriesAndReplacesLeavingNoTemporaryFile() throws IOException {
    Path f = tmp.resolve("a/b/report.json");
    AtomicFiles.writeString(f, "{\"v\":1}");
    assertEquals("{\"v\":1}", Files.readString(f));
    AtomicFiles.writeText(f, w -> w.write("naïve\n"));
    assertEquals("naïve\n", Files.readString(f, StandardCharsets.UTF_8));
    assertEquals(List.of("report.json"), names(f.getParent()));
  }

  @Test
  void aBodyThatClosesItsStreamStillCommits() throws IOException {
    Path f = tmp.resolve("checkpoint.bin");
    AtomicFiles.write(
        f,
        out -> {
          try (DataOutputStream d = new DataOutputStream(out)) {
            d.writeInt(42);
          }
        });
    assertEquals(4, Files.size(f));
    AtomicFiles.writeChannel(f, ch -> ch.write(ByteBuffer.wrap(new byte[] {1, 2})));
    assertEquals(2, Files.size(f));
  }

  @Test
  void aFailingWriteKeepsTheOldContentAndRemovesItsTemporaryFile() throws IOException {
    Path f = tmp.resolve("events.csv");
    Files.writeString(f, "old");
    IOException boom = new IOException("disk full");
    IOException thrown =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.write(
                    f,
                    out -> {
                      out.write(new byte[100_000]);
                      throw boom;
                    }));
    assertSame(boom, thrown);
    IllegalStateException bug = new IllegalStateException("bug");
    assertSame(
        bug,
        assertThrows(
            IllegalStateException.class,
            () ->
                AtomicFiles.writeText(
                    f,
                    w -> {
                      throw bug;
                    })));
    assertEquals("old", Files.readString(f));
    assertEquals(List.of("events.csv"), names(tmp));
  }

  @Test
  void textThatIsNotValidUnicodeFailsTheWrite() throws IOException {
    Path f = tmp.resolve("items.jsonl");
    assertThrows(IOException.class, () -> AtomicFiles.writeText(f, w -> w.write("\uD800x")));
    assertEquals(List.of(), names(tmp));
  }

  @Test
  void aBatchReplacesNothingUntilEveryFileIsWritten() throws IOException {
    Path a = tmp.resolve("events.csv");
    Path b = tmp.resolve("items.jsonl");
    Files.writeString(a, "old a");
    Files.writeString(b, "old b");
    assertThrows(
        IOException.class,
        () -> {
          try (AtomicFiles.Batch batch = new AtomicFiles.Batch()) {
            Files.writeString(batch.temp(a), "new a");
            batch.temp(b);
            throw new IOException("generator failed");
          }
        });
    assertEquals("old a", Files.readString(a));
    assertEquals("old b", Files.readString(b));
    assertEquals(List.of("events.csv", "items.jsonl"), names(tmp));

    try (AtomicFiles.Batch batch = new AtomicFiles.Batch()) {
      Files.writeString(batch.temp(a), "new a");
      Files.writeString(batch.temp(b), "new b");
      batch.commit();
    }
    assertEquals("new a", Files.readString(a));
    assertEquals("new b", Files.readString(b));
    assertEquals(List.of("events.csv", "items.jsonl"), names(tmp));
  }
}

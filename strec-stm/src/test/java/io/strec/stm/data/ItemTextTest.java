package io.strec.stm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.stm.testing.Fixtures;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text vectors read back from their file on demand, appended to, and released. */
class ItemTextTest {
  @TempDir Path dir;

  private Path write(float[][] rows) throws IOException {
    Path file = dir.resolve("text.bin");
    try (OutputStream raw = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(raw)) {
      ItemText.of(rows).write(out);
    }
    return file;
  }

  @Test
  void rowsReadFromTheFileAreTheRowsWritten() throws IOException {
    float[][] v = Fixtures.vectors(1_000, 7, 3);
    try (ItemText t = ItemText.open(write(v))) {
      assertFalse(t.inMemory());
      assertEquals(1_000, t.size());
      assertEquals(7, t.dim());
      float[][] all = t.all();
      for (int i = 0; i < v.length; i++) {
        assertArrayEquals(v[i], all[i], 0f, "row " + i);
      }
      assertArrayEquals(v[999], t.row(999), 0f);
      float[][] some = t.rows(400, 403);
      assertEquals(3, some.length);
      assertArrayEquals(v[401], some[1], 0f);
      assertThrows(IndexOutOfBoundsException.class, () -> t.rows(999, 1_001));
    }
  }

  @Test
  void appendedRowsFollowTheStoredOnesAndTheFileStaysOpenWhileUsed() throws IOException {
    float[][] v = Fixtures.vectors(10, 4, 5);
    float[][] extra = Fixtures.vectors(2, 4, 6);
    ItemText stored = ItemText.open(write(v));
    ItemText grown = stored.plus(extra);
    stored.close(); // the model it was loaded for is closed: the grown one still reads the file
    assertEquals(12, grown.size());
    float[][] tail = grown.rows(8, 12);
    assertArrayEquals(v[8], tail[0], 0f);
    assertArrayEquals(v[9], tail[1], 0f);
    assertArrayEquals(extra[0], tail[2], 0f);
    assertArrayEquals(extra[1], tail[3], 0f);
    grown.close();
    assertThrows(RuntimeException.class, () -> grown.rows(0, 1), "read after the last close");
    assertThrows(IllegalArgumentException.class, () -> ItemText.of(v).plus(new float[][] {{1f}}));
  }

  @Test
  void aFileWhoseLengthDisagreesWithItsHeaderIsRefused() throws IOException {
    Path file = write(Fixtures.vectors(5, 3, 1));
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 4));
    IOException e = assertThrows(IOException.class, () -> ItemText.open(file));
    assertTrue(e.getMessage().contains("claims 5 vectors of 3 floats"), e.getMessage());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }
}

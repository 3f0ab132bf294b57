package io.strec.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.InvalidRecordException;
import io.strec.model.artifact.ModelFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class BadInputTest {
  @Test
  void parsingNamesTheOptionAndTheValue() {
    int k = BadInputException.parse("--k", "12", Integer::parseInt);
    assertEquals(12, k);
    BadInputException e =
        assertThrows(
            BadInputException.class, () -> BadInputException.parse("--k", "x", Integer::parseInt));
    assertTrue(e.getMessage().startsWith("--k 'x': "), e.getMessage());
    assertTrue(e.getCause() instanceof NumberFormatException);
    // Callers that catch IllegalArgumentException keep catching it.
    assertTrue(IllegalArgumentException.class.isInstance(e));
  }

  @Test
  void onlyTheUsersMistakesAreBadInput() {
    assertTrue(BadInput.isBadInput(new BadInputException("--x")));
    assertTrue(BadInput.isBadInput(new InvalidRecordException("f", 3, "c", "v", "not a number")));
    assertTrue(BadInput.isBadInput(new ModelFormatException(Path.of("m"), "not a model")));
    NoSuchFileException missing = new NoSuchFileException("data/u.data");
    assertTrue(BadInput.isBadInput(missing));
    assertTrue(BadInput.isBadInput(new UncheckedIOException("reading", missing)));
    assertEquals("no such file: data/u.data", BadInput.message(missing));

    assertFalse(BadInput.isBadInput(new IllegalArgumentException("negative prefix length -1")));
    assertFalse(BadInput.isBadInput(new IllegalStateException("two models named 'pop'")));
    assertFalse(BadInput.isBadInput(new NoSuchElementException()));
    assertFalse(BadInput.isBadInput(new NullPointerException()));
    assertFalse(BadInput.isBadInput(new IOException("disk full")));
    assertFalse(BadInput.isBadInput(new UncheckedIOException(new IOException("disk full"))));
    assertEquals("NullPointerException", BadInput.message(new NullPointerException()));
  }

  @Test
  void aMessageIsShownAsItIs() {
    BadInputException e = new BadInputException("--dataset 'x': no");
    assertSame(e.getMessage(), BadInput.message(e));
  }
}

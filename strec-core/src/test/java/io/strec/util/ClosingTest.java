package io.strec.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClosingTest {
  @Test
  void closesEveryResourceAndThrowsTheFirstFailureWithTheOthersSuppressed() {
    List<String> closed = new ArrayList<>();
    IllegalStateException first = new IllegalStateException("first");
    IllegalStateException second = new IllegalStateException("second");
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                Closing.closeAll(
                    () -> closed.add("a"),
                    () -> {
                      closed.add("b");
                      throw first;
                    },
                    null,
                    () -> {
                      closed.add("c");
                      throw second;
                    },
                    () -> closed.add("d")));
    assertSame(first, thrown);
    assertArrayEquals(new Throwable[] {second}, thrown.getSuppressed());
    assertEquals(List.of("a", "b", "c", "d"), closed);
  }

  @Test
  void aCheckedFailureIsWrappedWithItAsTheCause() {
    IOException io = new IOException("disk gone");
    UncheckedIOException u =
        assertThrows(
            UncheckedIOException.class,
            () ->
                Closing.closeAll(
                    List.of(
                        () -> {
                          throw io;
                        })));
    assertSame(io, u.getCause());
    Exception other = new Exception("native");
    IllegalStateException s =
        assertThrows(
            IllegalStateException.class,
            () ->
                Closing.closeAll(
                    () -> {
                      throw other;
                    }));
    assertSame(other, s.getCause());
  }

  @Test
  void closingOnFailureAddsWhatClosingThrowsToThatFailure() {
    RuntimeException failure = new RuntimeException("the real problem");
    IOException cleanup = new IOException("cannot delete");
    List<String> closed = new ArrayList<>();
    Closing.closeOnFailure(
        failure,
        () -> {
          throw cleanup;
        },
        () -> closed.add("second"));
    assertArrayEquals(new Throwable[] {cleanup}, failure.getSuppressed());
    assertEquals(List.of("second"), closed);
  }
}

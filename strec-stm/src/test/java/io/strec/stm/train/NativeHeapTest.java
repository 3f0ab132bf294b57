package io.strec.stm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class NativeHeapTest {
  /** On Linux with glibc (this project's CI) the binding loads and the call links. */
  @Test
  void trimsTheGlibcHeapOnLinux() {
    assumeTrue(
        System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
            && Files.exists(Path.of("/lib/x86_64-linux-gnu/libc.so.6")),
        "not Linux with glibc on x86-64");
    List<String> log = new ArrayList<>();
    NativeHeap heap = NativeHeap.load(log::add);
    assertTrue(heap.active(), "malloc_trim should load from glibc: " + log);
    heap.trim();
    heap.trim();
    assertEquals(List.of(), log);
  }
}

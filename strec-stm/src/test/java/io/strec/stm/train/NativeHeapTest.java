package io.strec.stm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class NativeHeapTest {
  /** Where Debian's libtcmalloc-minimal4 (and other distributions' gperftools) put tcmalloc. */
  private static final List<String> TCMALLOC =
      List.of(
          "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4",
          "/usr/lib/aarch64-linux-gnu/libtcmalloc_minimal.so.4",
          "/usr/lib64/libtcmalloc_minimal.so.4",
          "/usr/lib/libtcmalloc_minimal.so.4");

  private static boolean linuxGlibc() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
        && Files.exists(Path.of("/lib/x86_64-linux-gnu/libc.so.6"));
  }

  /** On Linux with glibc (this project's CI) the binding loads and the call links. */
  @Test
  void trimsTheGlibcHeapOnLinux() {
    assumeTrue(linuxGlibc(), "not Linux with glibc on x86-64");
    String preload = System.getenv().getOrDefault("LD_PRELOAD", "");
    assumeFalse(
        preload.contains("malloc"), "this JVM runs with an allocator preloaded: " + preload);
    List<String> log = new ArrayList<>();
    NativeHeap heap = NativeHeap.load(log::add);
    assertEquals(NativeHeap.Allocator.GLIBC, heap.allocator(), "no allocator is preloaded here");
    assertTrue(heap.active(), "malloc_trim should load from glibc: " + log);
    heap.trim();
    heap.trim();
    assertEquals(List.of(), log);
  }

  /**
   * With tcmalloc preloaded, as the launcher does where it is installed, the heap found is
   * tcmalloc's and its release call links and runs; the same JVM without it finds glibc's.
   */
  @Test
  void findsAndTrimsAPreloadedTcmalloc() throws IOException, InterruptedException {
    assumeTrue(linuxGlibc(), "not Linux with glibc on x86-64");
    Optional<String> library = TCMALLOC.stream().filter(p -> Files.exists(Path.of(p))).findFirst();
    assumeTrue(
        library.isPresent(),
        "tcmalloc is not installed (apt-get install libtcmalloc-minimal4); looked at " + TCMALLOC);
    assertEquals(List.of("allocator: TCMALLOC"), probe(Optional.of(library.get())));
    assertEquals(List.of("allocator: GLIBC"), probe(Optional.empty()));
  }

  /** The probe's output lines, run in a child JVM with {@code preload} as its LD_PRELOAD. */
  private static List<String> probe(Optional<String> preload)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                // As the launcher runs it: from JDK 24 on, JNA's System.load prints warnings
                // without it.
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                NativeHeapProbe.class.getName())
            .redirectErrorStream(true);
    pb.environment().remove("LD_PRELOAD");
    preload.ifPresent(p -> pb.environment().put("LD_PRELOAD", p));
    Process child = pb.start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the probe did not end: " + out);
    assertEquals(0, child.exitValue(), "the probe failed: " + out);
    try (Stream<String> lines = out.lines()) {
      return lines.filter(l -> !l.startsWith("Picked up")).toList();
    }
  }
}

package io.strec.stm.train;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Gives the C heap's free pages back to the system between epochs. The engine allocates and frees
 * its step's arrays through the C library's {@code malloc}; sizes that change from step to step (a
 * step's positions vary) leave free holes in the heap that later arrays do not fit, and a hole
 * stays resident until something is put in it.
 *
 * <p>Which call does it depends on the allocator the process runs with. Where the launcher preloads
 * gperftools' tcmalloc (its {@code MallocExtension_ReleaseFreeMemory} is then in the process), that
 * call hands back tcmalloc's free spans; with glibc's own {@code malloc}, {@code malloc_trim(0)}
 * hands back every whole free page of its heap ({@code madvise}). Either way what a fit holds stops
 * growing epoch by epoch. Elsewhere (another C library, or none JNA can load) there is nothing to
 * call, and {@link #trim} says so once and does nothing.
 */
final class NativeHeap {
  /** The one function of glibc that is called. */
  interface Glibc extends Library {
    int malloc_trim(long pad);
  }

  /** The C heaps this knows how to trim. */
  enum Allocator {
    /** gperftools' tcmalloc, preloaded into the process. */
    TCMALLOC,
    /** glibc's own {@code malloc}. */
    GLIBC,
    /** Nothing to call. */
    NONE
  }

  /** tcmalloc's C entry point that returns its free memory to the system. */
  static final String TCMALLOC_RELEASE = "MallocExtension_ReleaseFreeMemory";

  private final Allocator allocator;
  private final Optional<Glibc> libc;
  private final Optional<Function> release;
  private final Consumer<String> log;
  private boolean told;

  private NativeHeap(
      Allocator allocator, Optional<Glibc> libc, Optional<Function> release, Consumer<String> log) {
    this.allocator = allocator;
    this.libc = libc;
    this.release = release;
    this.log = log;
  }

  /** The C heap of this process: tcmalloc where it was preloaded, else glibc's on Linux. */
  static NativeHeap load(Consumer<String> log) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (!os.contains("linux")) {
      log.accept("stm: the C heap is not trimmed between epochs (not Linux: " + os + ")");
      return new NativeHeap(Allocator.NONE, Optional.empty(), Optional.empty(), log);
    }
    Optional<Function> release = processFunction(TCMALLOC_RELEASE);
    if (release.isPresent()) {
      return new NativeHeap(Allocator.TCMALLOC, Optional.empty(), release, log);
    }
    try {
      return new NativeHeap(
          Allocator.GLIBC, Optional.of(Native.load("c", Glibc.class)), Optional.empty(), log);
    } catch (UnsatisfiedLinkError e) {
      log.accept("stm: the C heap is not trimmed between epochs (" + e.getMessage() + ")");
      return new NativeHeap(Allocator.NONE, Optional.empty(), Optional.empty(), log);
    }
  }

  /** A function the process has already loaded (a preloaded library's), when there is one. */
  private static Optional<Function> processFunction(String name) {
    try {
      return Optional.of(NativeLibrary.getProcess().getFunction(name));
    } catch (UnsatisfiedLinkError e) {
      // Not in the process: the allocator is not the one that defines it.
      return Optional.empty();
    }
  }

  /** Which C heap {@link #trim} hands back. */
  Allocator allocator() {
    return allocator;
  }

  /** One line for the fit's log: where the engine's memory comes from, and what is faster. */
  String describe() {
    return switch (allocator) {
      case TCMALLOC -> "stm: the engine's memory comes from tcmalloc (preloaded)";
      case GLIBC ->
          "stm: the engine's memory comes from glibc's malloc; NYC's epochs take about a quarter"
              + " less time with tcmalloc, which the strec launcher preloads where it is installed"
              + " (apt-get install libtcmalloc-minimal4)";
      case NONE -> "stm: the engine's memory comes from the C library's malloc";
    };
  }

  /** Whether {@link #trim} calls anything. */
  boolean active() {
    return allocator != Allocator.NONE;
  }

  /** Hands the C heap's free pages back to the system. */
  void trim() {
    if (release.isPresent()) {
      release.get().invokeVoid(new Object[0]);
      return;
    }
    if (libc.isEmpty()) {
      return;
    }
    try {
      libc.get().malloc_trim(0);
    } catch (UnsatisfiedLinkError e) {
      // A C library without malloc_trim (musl): said once, then left alone.
      if (!told) {
        told = true;
        log.accept("stm: the C heap is not trimmed between epochs (" + e.getMessage() + ")");
      }
    }
  }
}

package io.strec.stm.train;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Gives the C heap's free pages back to the system between epochs. The engine allocates and frees
 * its step's arrays through the C library's {@code malloc}; sizes that change from step to step (a
 * step's positions vary) leave free holes in the heap that later arrays do not fit, and a hole
 * stays resident until something is put in it. glibc's {@code malloc_trim(0)} hands every whole
 * free page of the heap back ({@code madvise}), so what a fit holds stops growing epoch by epoch.
 * Elsewhere (another C library, or no C library JNA can load) there is nothing to call, and {@link
 * #trim} says so once and does nothing.
 */
final class NativeHeap {
  /** The one function of the C library that is called. */
  interface Glibc extends Library {
    int malloc_trim(long pad);
  }

  private final Optional<Glibc> libc;
  private final Consumer<String> log;
  private boolean told;

  private NativeHeap(Optional<Glibc> libc, Consumer<String> log) {
    this.libc = libc;
    this.log = log;
  }

  /** The C library of this process, when it is glibc on Linux. */
  static NativeHeap load(Consumer<String> log) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (!os.contains("linux")) {
      log.accept("stm: the C heap is not trimmed between epochs (not Linux: " + os + ")");
      return new NativeHeap(Optional.empty(), log);
    }
    try {
      return new NativeHeap(Optional.of(Native.load("c", Glibc.class)), log);
    } catch (UnsatisfiedLinkError e) {
      log.accept("stm: the C heap is not trimmed between epochs (" + e.getMessage() + ")");
      return new NativeHeap(Optional.empty(), log);
    }
  }

  /** Whether {@link #trim} calls {@code malloc_trim}. */
  boolean active() {
    return libc.isPresent();
  }

  /** Hands the C heap's whole free pages back to the system. */
  void trim() {
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

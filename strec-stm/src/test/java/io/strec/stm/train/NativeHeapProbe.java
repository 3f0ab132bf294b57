package io.strec.stm.train;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.strec.util.SuppressForbidden;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Run in a child JVM by {@link NativeHeapTest}: prints the C heap it finds and trims it twice, so
 * the test can start it with an allocator preloaded as the launcher does.
 */
final class NativeHeapProbe {
  private NativeHeapProbe() {}

  @SuppressForbidden(reason = "a child process's report to the test that started it")
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    NativeHeap heap = NativeHeap.load(line -> out.println("log: " + line));
    // Something for the allocator to hand back: 64 blocks of 1 MB through malloc and free.
    for (int i = 0; i < 64; i++) {
      long block = Native.malloc(1 << 20);
      new Pointer(block).setByte((1 << 20) - 1, (byte) i);
      Native.free(block);
    }
    heap.trim();
    heap.trim();
    out.println("allocator: " + heap.allocator());
  }
}

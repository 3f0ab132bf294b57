package io.strec.bench.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The resident memory of a local process, from Linux's {@code /proc/PID/status}. */
final class Rss {
  private Rss() {}

  /** {@code VmRSS} in KiB; empty when the process is gone or the line is missing. */
  static OptionalLong kib(long pid) {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          // "VmRSS:    123456 kB"
          String[] parts = line.substring("VmRSS:".length()).strip().split("\\s+");
          return OptionalLong.of(Long.parseLong(parts[0]));
        }
      }
      return OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }
}

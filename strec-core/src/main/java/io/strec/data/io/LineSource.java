package io.strec.data.io;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads a text file line by line with 1-based line numbers; gzip files (detected by their magic
 * bytes, whatever their name) are decompressed transparently.
 */
public final class LineSource implements Closeable {
  private final BufferedReader reader;
  private final String name;
  private long lineNumber;

  private LineSource(BufferedReader reader, String name) {
    this.reader = reader;
    this.name = name;
  }

  public static LineSource open(Path file) throws IOException {
    return open(file, StandardCharsets.UTF_8);
  }

  public static LineSource open(Path file, Charset charset) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new java.nio.file.NoSuchFileException(file.toString(), null, "not a readable file");
    }
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    if (b1 == 0x1f && b2 == 0x8b) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new LineSource(
        new BufferedReader(new InputStreamReader(in, charset), 1 << 16), file.toString());
  }

  /** The next line without its terminator, or null at end of file. */
  public String next() throws IOException {
    String line = reader.readLine();
    if (line != null) {
      lineNumber++;
      if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
        line = line.substring(1);
      }
    }
    return line;
  }

  /** The 1-based number of the line last returned by {@link #next()}. */
  public long lineNumber() {
    return lineNumber;
  }

  public String name() {
    return name;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}

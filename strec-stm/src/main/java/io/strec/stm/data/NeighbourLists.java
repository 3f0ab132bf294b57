package io.strec.stm.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the text-neighbour lists of {@link TextNeighbours} live: in memory (a model being fitted),
 * in the model directory's {@code neighbours.bin}, read one list at a time by positioned reads (a
 * loaded model: a query reads the lists of its {@link TextNeighbours#RECENT} most recent items, so
 * a million items' 400 MB of lists need not be on the heap), or those followed by the lists of
 * items added since.
 *
 * <p>A file-backed instance holds the file open, so a model keeps reading the lists it was loaded
 * with even when its directory is replaced; {@link #retain} and {@link #close} count its users.
 */
abstract class NeighbourLists {
  /** One item's list: neighbour indices, nearest first, and their cosines. Not to be changed. */
  record Entry(int[] next, float[] cosine) {
    static final Entry EMPTY = new Entry(new int[0], new float[0]);

    int size() {
      return next.length;
    }
  }

  private NeighbourLists() {}

  /** Number of items. */
  abstract int size();

  /** The list of {@code item}. */
  abstract Entry get(int item);

  /** Counts one more user of these lists; each must {@link #close} once. */
  abstract NeighbourLists retain();

  /** Releases this user's hold: the file closes when the last one lets go. */
  abstract void close();

  /** These lists followed by {@code added} (shares and {@link #retain retains} these). */
  NeighbourLists plus(int[][] next, float[][] cosine) {
    return new Appended(retain(), next, cosine);
  }

  /** Writes the lists in the form {@link #open} reads. */
  final void write(DataOutputStream out) throws IOException {
    int n = size();
    out.writeInt(n);
    for (int j = 0; j < n; j++) {
      Entry e = get(j);
      out.writeInt(e.size());
      for (int r = 0; r < e.size(); r++) {
        out.writeInt(e.next()[r]);
        out.writeFloat(e.cosine()[r]);
      }
    }
  }

  /** Lists held in memory (not copied: the caller must not change them). */
  static NeighbourLists of(int[][] next, float[][] cosine) {
    if (next.length != cosine.length) {
      throw new IllegalArgumentException(
          next.length + " neighbour lists but " + cosine.length + " cosine lists");
    }
    return new InMemory(next, cosine);
  }

  /**
   * The lists of a {@code neighbours.bin} file (the item count, then per item its list length and
   * that many big-endian pairs of neighbour index and cosine), read on demand. Opening reads the
   * file once to find where each list starts (8 bytes per item stay in memory).
   *
   * @throws IOException when the file cannot be read or does not hold what its counts claim
   */
  static NeighbourLists open(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      long length = ch.size();
      Scanner scan = new Scanner(ch, file, length);
      int n = scan.intAt(0);
      if (n < 0) {
        throw new IOException(file + " claims " + n + " items");
      }
      long[] starts = new long[n + 1];
      long at = Integer.BYTES;
      for (int j = 0; j < n; j++) {
        int s = scan.intAt(at);
        if (s < 0 || s > n) {
          throw new IOException(
              file + ": item " + j + " claims " + s + " text neighbours of " + n + " items");
        }
        starts[j] = at;
        at += Integer.BYTES + 8L * s;
      }
      starts[n] = at;
      if (at != length) {
        throw new IOException(
            file
                + ": the lists of "
                + n
                + " items end at byte "
                + at
                + " but the file holds "
                + length
                + " bytes");
      }
      return new OnDisk(new Shared(ch, file), starts);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Reads the big-endian ints at given positions through a window of the file. */
  private static final class Scanner {
    private static final int WINDOW = 1 << 22;
    private final FileChannel ch;
    private final Path file;
    private final long length;
    private final ByteBuffer window = ByteBuffer.allocateDirect(WINDOW);
    private long windowStart;
    private int windowLength;

    Scanner(FileChannel ch, Path file, long length) {
      this.ch = ch;
      this.file = file;
      this.length = length;
    }

    int intAt(long position) throws IOException {
      if (position + Integer.BYTES > length) {
        throw new IOException(
            file + " ends at byte " + length + " where a list length was due at " + position);
      }
      if (position < windowStart || position + Integer.BYTES > windowStart + windowLength) {
        window.clear();
        window.limit((int) Math.min(WINDOW, length - position));
        ItemText.readFully(ch, window, position, file);
        windowStart = position;
        windowLength = window.limit();
      }
      return window.getInt((int) (position - windowStart));
    }
  }

  private static final class InMemory extends NeighbourLists {
    private final int[][] next;
    private final float[][] cosine;

    InMemory(int[][] next, float[][] cosine) {
      this.next = next;
      this.cosine = cosine;
    }

    @Override
    int size() {
      return next.length;
    }

    @Override
    Entry get(int item) {
      return new Entry(next[item], cosine[item]);
    }

    @Override
    NeighbourLists retain() {
      return this;
    }

    @Override
    void close() {}
  }

  /** An open {@code neighbours.bin} and the number of its users. */
  private static final class Shared {
    final FileChannel channel;
    final Path file;
    final AtomicInteger users = new AtomicInteger(1);

    Shared(FileChannel channel, Path file) {
      this.channel = channel;
      this.file = file;
    }
  }

  private static final class OnDisk extends NeighbourLists {
    private final Shared shared;

    /** Byte position of each item's list length; the last entry is the file's length. */
    private final long[] starts;

    OnDisk(Shared shared, long[] starts) {
      this.shared = shared;
      this.starts = starts;
    }

    @Override
    int size() {
      return starts.length - 1;
    }

    @Override
    Entry get(int item) {
      long from = starts[item] + Integer.BYTES;
      int s = (int) ((starts[item + 1] - from) / 8);
      if (s == 0) {
        return Entry.EMPTY;
      }
      ByteBuffer buf = ByteBuffer.allocate(8 * s);
      try {
        ItemText.readFully(shared.channel, buf, from, shared.file);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "reading the text neighbours of item " + item + " from " + shared.file + " failed", e);
      }
      buf.flip();
      int[] next = new int[s];
      float[] cos = new float[s];
      for (int r = 0; r < s; r++) {
        next[r] = buf.getInt();
        cos[r] = buf.getFloat();
      }
      return new Entry(next, cos);
    }

    @Override
    NeighbourLists retain() {
      if (shared.users.getAndIncrement() <= 0) {
        throw new IllegalStateException("text neighbours of " + shared.file + " are closed");
      }
      return this;
    }

    @Override
    void close() {
      if (shared.users.decrementAndGet() == 0) {
        try {
          shared.channel.close();
        } catch (IOException e) {
          throw new UncheckedIOException("closing " + shared.file + " failed", e);
        }
      }
    }
  }

  private static final class Appended extends NeighbourLists {
    private final NeighbourLists base;
    private final int[][] next;
    private final float[][] cosine;

    Appended(NeighbourLists base, int[][] next, float[][] cosine) {
      this.base = base;
      this.next = next;
      this.cosine = cosine;
    }

    @Override
    int size() {
      return base.size() + next.length;
    }

    @Override
    Entry get(int item) {
      int cut = base.size();
      return item < cut ? base.get(item) : new Entry(next[item - cut], cosine[item - cut]);
    }

    @Override
    NeighbourLists plus(int[][] more, float[][] moreCosine) {
      // One level however often items are added: a lookup stays one step away from the base.
      int[][] n = Arrays.copyOf(next, next.length + more.length);
      float[][] c = Arrays.copyOf(cosine, cosine.length + moreCosine.length);
      System.arraycopy(more, 0, n, next.length, more.length);
      System.arraycopy(moreCosine, 0, c, cosine.length, moreCosine.length);
      return new Appended(base.retain(), n, c);
    }

    @Override
    NeighbourLists retain() {
      base.retain();
      return this;
    }

    @Override
    void close() {
      base.close();
    }
  }
}

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
 * The frozen language-model vectors of a catalogue, one row per item, as stored (not normalised). A
 * model being fitted holds them in memory ({@link #of}); a model loaded from its directory reads
 * them from {@code text.bin} when it needs them ({@link #open}): once to compute its item vectors,
 * and again when items are added. A million items' 384-d vectors are 1.5 GB that a serving process
 * would otherwise keep resident twice (on the heap and in the tensor engine) without reading them.
 *
 * <p>A file-backed instance holds the file open, so a model keeps reading the vectors it was loaded
 * with even when its directory is replaced; {@link #retain} and {@link #close} count its users.
 */
public abstract class ItemText implements AutoCloseable {
  /** Bytes before the rows of {@code text.bin}: the row count and the dimension. */
  private static final int HEADER = 8;

  private ItemText() {}

  /** Number of items. */
  public abstract int size();

  /** Length of every row. */
  public abstract int dim();

  /** Rows {@code from} to {@code to - 1}, as stored: copies the caller may keep. */
  public abstract float[][] rows(int from, int to);

  /** Rows {@code from} to {@code to - 1}, as stored, row-major in one array the caller may keep. */
  public float[] flat(int from, int to) {
    float[][] rows = rows(from, to);
    float[] out = new float[rows.length * dim()];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, out, i * dim(), dim());
    }
    return out;
  }

  /** Whether the rows are held in memory (a network can be fitted on them). */
  public abstract boolean inMemory();

  /** Row {@code i}, as stored. */
  public float[] row(int i) {
    return rows(i, i + 1)[0];
  }

  /** Every row, in memory: for catalogues that fit, such as those being fitted. */
  public float[][] all() {
    return rows(0, size());
  }

  /** These rows followed by {@code added}; shares (and {@link #retain retains}) these. */
  public ItemText plus(float[][] added) {
    for (float[] row : added) {
      checkDim(row, dim());
    }
    return new Appended(retain(), added.clone());
  }

  /** Counts one more user of these rows; each must {@link #close} once. */
  public abstract ItemText retain();

  /** Releases this user's hold: the file closes when the last one lets go. */
  @Override
  public abstract void close();

  /** Writes the rows in the form {@link #open} reads: row count, dimension, rows (big-endian). */
  public void write(DataOutputStream out) throws IOException {
    out.writeInt(size());
    out.writeInt(dim());
    int block = Math.max(1, (1 << 20) / Math.max(1, dim()));
    for (int from = 0; from < size(); from += block) {
      for (float[] row : rows(from, Math.min(size(), from + block))) {
        for (float f : row) {
          out.writeFloat(f);
        }
      }
    }
  }

  /** Rows held in memory (not copied: the caller must not change them). */
  public static ItemText of(float[][] rows) {
    int dim = rows.length == 0 ? 0 : rows[0].length;
    for (float[] row : rows) {
      checkDim(row, dim);
    }
    return new InMemory(rows, dim);
  }

  /**
   * The rows of a {@code text.bin} file, read on demand.
   *
   * @throws IOException when the file cannot be read or its length disagrees with its header
   */
  public static ItemText open(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      ByteBuffer head = ByteBuffer.allocate(HEADER);
      readFully(ch, head, 0, file);
      head.flip();
      int rows = head.getInt();
      int dim = head.getInt();
      long want = HEADER + (long) rows * dim * Float.BYTES;
      if (rows < 0 || dim < 0 || ch.size() != want) {
        throw new IOException(
            file
                + " claims "
                + rows
                + " vectors of "
                + dim
                + " floats ("
                + want
                + " bytes) but holds "
                + ch.size()
                + " bytes");
      }
      return new OnDisk(new Shared(ch, file), rows, dim);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static void checkDim(float[] row, int dim) {
    if (row.length != dim) {
      throw new IllegalArgumentException(
          "text vector dimensions differ: " + row.length + " and " + dim);
    }
  }

  /**
   * Fills {@code buf} from {@code ch} at {@code position}; a file that ends first is named with the
   * byte where it ended. Shared by the file-backed tables of this package.
   */
  static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file)
      throws IOException {
    long at = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, at);
      if (n < 0) {
        throw new IOException(file + ": unexpected end of file at byte " + at);
      }
      at += n;
    }
  }

  private static void checkRange(int from, int to, int size) {
    if (from < 0 || to > size || from > to) {
      throw new IndexOutOfBoundsException("rows " + from + " to " + to + " of " + size);
    }
  }

  private static final class InMemory extends ItemText {
    private final float[][] rows;
    private final int dim;

    InMemory(float[][] rows, int dim) {
      this.rows = rows;
      this.dim = dim;
    }

    @Override
    public int size() {
      return rows.length;
    }

    @Override
    public int dim() {
      return dim;
    }

    @Override
    public float[][] rows(int from, int to) {
      checkRange(from, to, rows.length);
      float[][] out = new float[to - from][];
      for (int i = from; i < to; i++) {
        out[i - from] = rows[i].clone();
      }
      return out;
    }

    @Override
    public float[][] all() {
      return rows;
    }

    @Override
    public boolean inMemory() {
      return true;
    }

    @Override
    public ItemText retain() {
      return this;
    }

    @Override
    public void close() {}
  }

  /** An open {@code text.bin} and the number of its users. */
  private static final class Shared {
    final FileChannel channel;
    final Path file;
    final AtomicInteger users = new AtomicInteger(1);

    Shared(FileChannel channel, Path file) {
      this.channel = channel;
      this.file = file;
    }
  }

  private static final class OnDisk extends ItemText {
    private final Shared shared;
    private final int size;
    private final int dim;

    OnDisk(Shared shared, int size, int dim) {
      this.shared = shared;
      this.size = size;
      this.dim = dim;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public int dim() {
      return dim;
    }

    @Override
    public float[][] rows(int from, int to) {
      float[] all = flat(from, to);
      float[][] out = new float[to - from][];
      for (int i = 0; i < out.length; i++) {
        out[i] = Arrays.copyOfRange(all, i * dim, (i + 1) * dim);
      }
      return out;
    }

    @Override
    public float[] flat(int from, int to) {
      checkRange(from, to, size);
      float[] out = new float[(to - from) * dim];
      int perRead = Math.max(1, (1 << 22) / Math.max(1, dim * Float.BYTES));
      ByteBuffer buf =
          ByteBuffer.allocate(Math.min(to - from, perRead) * Math.max(1, dim) * Float.BYTES);
      try {
        for (int start = from; start < to; start += perRead) {
          int end = Math.min(to, start + perRead);
          buf.clear().limit((end - start) * dim * Float.BYTES);
          readFully(shared.channel, buf, HEADER + (long) start * dim * Float.BYTES, shared.file);
          buf.flip();
          buf.asFloatBuffer().get(out, (start - from) * dim, (end - start) * dim);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("reading text vectors from " + shared.file + " failed", e);
      }
      return out;
    }

    @Override
    public boolean inMemory() {
      return false;
    }

    @Override
    public ItemText retain() {
      if (shared.users.getAndIncrement() <= 0) {
        throw new IllegalStateException("text vectors of " + shared.file + " are closed");
      }
      return this;
    }

    @Override
    public void close() {
      if (shared.users.decrementAndGet() == 0) {
        try {
          shared.channel.close();
        } catch (IOException e) {
          throw new UncheckedIOException("closing " + shared.file + " failed", e);
        }
      }
    }
  }

  private static final class Appended extends ItemText {
    private final ItemText base;
    private final float[][] added;

    Appended(ItemText base, float[][] added) {
      this.base = base;
      this.added = added;
    }

    @Override
    public int size() {
      return base.size() + added.length;
    }

    @Override
    public int dim() {
      return base.dim();
    }

    @Override
    public float[][] rows(int from, int to) {
      checkRange(from, to, size());
      int cut = base.size();
      float[][] head = from < cut ? base.rows(from, Math.min(to, cut)) : new float[0][];
      float[][] out = Arrays.copyOf(head, to - from);
      for (int i = Math.max(from, cut); i < to; i++) {
        out[i - from] = added[i - cut].clone();
      }
      return out;
    }

    @Override
    public boolean inMemory() {
      return base.inMemory();
    }

    @Override
    public ItemText retain() {
      base.retain();
      return this;
    }

    @Override
    public void close() {
      base.close();
    }
  }
}

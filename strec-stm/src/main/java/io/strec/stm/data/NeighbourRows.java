package io.strec.stm.data;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * The catalogue's text vectors in the space its text-neighbour lists were sought in ({@link
 * NeighbourSpace}), as {@link TextNeighbours#withItems} reads them when items are added: a block of
 * rows mapped by the space and scaled to unit length.
 *
 * <p>Mapping a row through the whitening costs {@code D^2} multiply-adds, so mapping the whole
 * catalogue again for every item a server adds would cost the catalogue's size times that at every
 * addition. Where the mapped rows fit in {@value #MAX_FLOATS} floats they are mapped once and kept
 * here, and a grown model's rows are these followed by the added items' ({@link #plus}); beyond
 * that, every block is mapped from the text when it is read, as before. Either way a block holds
 * the same bits: the same mapping, then the same scaling ({@link UnitRows#flatten}).
 */
public final class NeighbourRows {
  /** Most floats of mapped rows kept in memory (256 MB: 170,000 items of 384 dimensions). */
  public static final long MAX_FLOATS = 64L << 20;

  private final UnaryOperator<float[]> space;
  private final int size;

  /** The mapped rows (before the unit scaling), or null where they are read from the text. */
  private final float[][] mapped;

  private NeighbourRows(UnaryOperator<float[]> space, int size, float[][] mapped) {
    this.space = space;
    this.size = size;
    this.mapped = mapped;
  }

  /**
   * The first {@code count} rows of {@code text} in {@code space}: mapped now and kept when they
   * fit in {@value #MAX_FLOATS} floats, else mapped when read.
   */
  public static NeighbourRows of(ItemText text, int count, UnaryOperator<float[]> space) {
    return of(text, count, space, MAX_FLOATS);
  }

  /** As {@link #of(ItemText, int, UnaryOperator)}, keeping at most {@code maxFloats} floats. */
  static NeighbourRows of(ItemText text, int count, UnaryOperator<float[]> space, long maxFloats) {
    if (count < 0 || count > text.size()) {
      throw new IllegalArgumentException(
          count + " rows asked of the " + text.size() + " text rows");
    }
    boolean keep = (long) count * text.dim() <= maxFloats;
    return new NeighbourRows(
        space, count, keep ? NeighbourSpace.map(text.rows(0, count), space) : null);
  }

  /** The first {@code count} rows of a text in {@code space}, mapped whenever a block is read. */
  public static NeighbourRows mappedWhenRead(int count, UnaryOperator<float[]> space) {
    if (count < 0) {
      throw new IllegalArgumentException("a negative number of rows: " + count);
    }
    return new NeighbourRows(space, count, null);
  }

  /** Whether the mapped rows are held in memory. */
  public boolean kept() {
    return mapped != null;
  }

  /** Number of rows. */
  public int size() {
    return size;
  }

  /** The space the rows are in. */
  public UnaryOperator<float[]> space() {
    return space;
  }

  /**
   * These rows followed by {@code added} (raw text vectors) mapped into the same space; kept in
   * memory when these are and the whole still fits.
   */
  public NeighbourRows plus(float[][] added) {
    if (mapped == null || (long) (size + added.length) * dim(added) > MAX_FLOATS) {
      return new NeighbourRows(space, size + added.length, null);
    }
    float[][] grown = Arrays.copyOf(mapped, size + added.length);
    float[][] fresh = NeighbourSpace.map(added, space);
    System.arraycopy(fresh, 0, grown, size, fresh.length);
    return new NeighbourRows(space, grown.length, grown);
  }

  private int dim(float[][] added) {
    if (mapped != null && mapped.length > 0) {
      return mapped[0].length;
    }
    return added.length > 0 ? added[0].length : 0;
  }

  /**
   * Rows {@code start} to {@code end} (exclusive), mapped and scaled to unit length, row-major;
   * from memory, or mapped now from {@code text}, which must hold at least these rows.
   */
  public float[] block(ItemText text, int start, int end) {
    if (start < 0 || end > size || start > end) {
      throw new IllegalArgumentException(
          "rows " + start + " to " + end + " of " + size + " neighbour rows");
    }
    float[][] rows =
        mapped != null
            ? Arrays.copyOfRange(mapped, start, end)
            : NeighbourSpace.map(text.rows(start, end), space);
    return UnitRows.flatten(rows, text.dim());
  }
}

package io.strec.encoder.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;

/**
 * Native-order direct buffers for one batch in flight: ONNX Runtime reads the inputs from them and
 * writes the hidden state into them in place, so a batch costs no tensor copies and no garbage. One
 * instance serves one thread at a time; they grow to the largest batch seen and are then reused.
 */
final class BatchBuffers {
  LongBuffer ids;
  LongBuffer mask;
  LongBuffer types;
  FloatBuffer hidden;
  final float[] row;

  BatchBuffers(int dimension) {
    row = new float[dimension];
    ids = longs(0);
    mask = longs(0);
    types = longs(0);
    hidden = floats(0);
  }

  /** Makes room for {@code tokens} token ids and {@code tokens * dimension} hidden floats. */
  void ensure(int tokens) {
    if (ids.capacity() < tokens) {
      // A little headroom so that batches a few tokens longer do not reallocate each time.
      int cap = tokens + tokens / 4;
      ids = longs(cap);
      mask = longs(cap);
      types = longs(cap);
      hidden = floats(Math.multiplyExact(cap, row.length));
    }
  }

  private static LongBuffer longs(int n) {
    return ByteBuffer.allocateDirect(Math.multiplyExact(n, Long.BYTES))
        .order(ByteOrder.nativeOrder())
        .asLongBuffer();
  }

  private static FloatBuffer floats(int n) {
    return ByteBuffer.allocateDirect(Math.multiplyExact(n, Float.BYTES))
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }
}

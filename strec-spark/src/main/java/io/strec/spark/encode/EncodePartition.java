package io.strec.spark.encode;

import io.strec.encoder.TextEncoder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Encodes the texts of one partition ({@code item_id, text} rows) in batches through the executor's
 * shared session, giving {@code item_id, text, vector} rows. A blank text gets a zero vector
 * without being encoded, as the single-node models give it.
 */
final class EncodePartition implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final String encoder;
  private final int batch;

  EncodePartition(String encoder, int batch) {
    this.encoder = encoder;
    this.batch = batch;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    TextEncoder enc = ExecutorEncoders.get(encoder);
    return new Iterator<>() {
      private final List<Row> done = new ArrayList<>();
      private int next;

      @Override
      public boolean hasNext() {
        if (next < done.size()) {
          return true;
        }
        done.clear();
        next = 0;
        List<Row> in = new ArrayList<>(batch);
        List<String> texts = new ArrayList<>(batch);
        while (rows.hasNext() && in.size() < batch) {
          Row r = rows.next();
          in.add(r);
          if (!r.getString(1).isBlank()) {
            texts.add(r.getString(1));
          }
        }
        float[][] vectors = texts.isEmpty() ? new float[0][] : enc.encode(texts);
        int j = 0;
        for (Row r : in) {
          float[] v = r.getString(1).isBlank() ? new float[enc.dimension()] : vectors[j++];
          done.add(RowFactory.create(r.getString(0), r.getString(1), boxed(v)));
        }
        return !done.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return done.get(next++);
      }
    };
  }

  private static Float[] boxed(float[] v) {
    Float[] out = new Float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }
}

package io.strec.spark.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.app.Training;
import io.strec.data.Dataset;
import io.strec.data.Loaded;
import io.strec.data.RowPolicy;
import io.strec.data.io.TabularSource;
import io.strec.data.synth.City;
import io.strec.data.synth.CityConfig;
import io.strec.data.synth.CityWriter;
import io.strec.data.synth.SyntheticCity;
import io.strec.encoder.EncoderException;
import io.strec.encoder.TextEncoder;
import io.strec.encoder.store.EmbeddingStore;
import io.strec.model.ModelContext;
import io.strec.model.content.CatalogueVectors;
import io.strec.spark.LocalSpark;
import io.strec.spark.ingest.SourceRef;
import io.strec.text.ItemText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue encoded on {@code local[2]} (one ONNX session per executor JVM, three partitions)
 * equals the single-node encoding of the same catalogue within float tolerance, and the embedding
 * store it fills serves single-node training without encoding anything again.
 */
class EncodeEqualsSingleNodeTest {
  private static final double TOLERANCE = 1e-5;

  @Test
  void sparkVectorsAreTheSingleNodeVectors(@TempDir Path tmp) throws Exception {
    City city =
        SyntheticCity.generate(CityConfig.defaults(21).withUsers(12).withPois(40).withDays(7));
    CityWriter.write(city, tmp.resolve("city"));
    Loaded loaded;
    try (RowPolicy policy = RowPolicy.fail()) {
      loaded = Loaded.read(TabularSource.ofDirectory(tmp.resolve("city")), policy);
    }
    Dataset train = Training.allEvents(loaded);
    float[][] single;
    try (ModelContext context =
        new ModelContext("minilm-q", Optional.of(tmp.resolve("single-store")), line -> {})) {
      single = CatalogueVectors.itemVectors(context, train);
    }

    Path store = tmp.resolve("spark-store");
    String parquet = tmp.resolve("vectors").toUri().toString();
    EncodeJob.Result r;
    try (RowPolicy policy = RowPolicy.fail()) {
      r =
          EncodeJob.run(
              LocalSpark.get(),
              new EncodeJob.Options(
                  SourceRef.of("strec:" + tmp.resolve("city")),
                  "minilm-q",
                  Optional.of(parquet),
                  Optional.of(store),
                  3,
                  16),
              policy,
              new PrintWriter(new StringWriter(), true));
    }
    assertEquals(train.numItems(), r.items());
    assertEquals(1, ExecutorEncoders.open(), "one session in this (executor) JVM");

    Map<String, float[]> spark = new HashMap<>();
    Map<String, String> texts = new HashMap<>();
    for (Row row : LocalSpark.get().read().parquet(parquet).collectAsList()) {
      List<Float> v = row.getList(2);
      float[] f = new float[v.size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = v.get(i);
      }
      spark.put(row.getString(0), f);
      texts.put(row.getString(0), row.getString(1));
    }
    assertEquals(train.numItems(), spark.size());
    ItemText render = ItemText.defaultFor(true);
    for (int i = 0; i < train.numItems(); i++) {
      String id = train.items().id(i);
      float[] s = spark.get(id);
      assertNotNull(s, id);
      assertEquals(render.render(train.itemInfo(i)), texts.get(id), id);
      assertEquals(single[i].length, s.length, id);
      for (int d = 0; d < s.length; d++) {
        assertEquals(single[i][d], s[d], TOLERANCE, id + "[" + d + "]");
      }
    }

    // Everything is in the store: asking it again encodes nothing.
    TextEncoder refuse =
        new TextEncoder() {
          @Override
          public String modelId() {
            return r.modelId();
          }

          @Override
          public int dimension() {
            return r.dimension();
          }

          @Override
          public float[][] encode(List<String> t) {
            throw new EncoderException("asked to encode " + t.size() + " texts");
          }

          @Override
          public void close() {}
        };
    List<String> all = new ArrayList<>();
    for (int i = 0; i < train.numItems(); i++) {
      String t = render.render(train.itemInfo(i));
      if (!t.isBlank()) {
        all.add(t);
      }
    }
    assertTrue(all.size() > 30, "texts " + all.size());
    try (EmbeddingStore s = EmbeddingStore.open(store, r.modelId(), r.dimension())) {
      float[][] stored = s.getOrEncode(all, refuse);
      for (int k = 0; k < all.size(); k++) {
        assertEquals(stored[k].length, r.dimension());
      }
    }
  }
}

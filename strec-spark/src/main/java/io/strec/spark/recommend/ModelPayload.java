package io.strec.spark.recommend;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;

/**
 * What is broadcast to the executors: a model directory's files (so executors need no shared file
 * system), the items the data holds that the model does not know (scored as cold-start items, as
 * the single-node service adds them), which model items the data does not hold (never recommended),
 * and the encoder that cold-start items are encoded with.
 *
 * @param key unique per job: executors open the model once per key
 * @param files relative path to content, every file of the directory
 * @param added item rows ({@link io.strec.spark.ingest.EventRows#ITEMS}) to add to the model, in
 *     the order they are added
 * @param absent bits ({@link BitSet#toLongArray}) over the extended catalogue of items never to
 *     recommend
 */
public record ModelPayload(
    String key, Map<String, byte[]> files, List<Row> added, long[] absent, String encoder)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public ModelPayload {
    Objects.requireNonNull(key, "key");
    files = new TreeMap<>(files);
    added = List.copyOf(added);
    absent = absent.clone();
    Objects.requireNonNull(encoder, "encoder");
  }

  /** Every regular file under {@code dir}, by path relative to it. */
  static Map<String, byte[]> read(Path dir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(Files::isRegularFile).forEach(files::add);
    }
    for (Path f : files) {
      out.put(dir.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
    }
    return out;
  }

  /** Writes the files under {@code dir}. */
  void materialize(Path dir) throws IOException {
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Path f = dir.resolve(e.getKey()).normalize();
      if (!f.startsWith(dir)) {
        throw new IOException("model file '" + e.getKey() + "' lies outside " + dir);
      }
      Files.createDirectories(f.getParent());
      Files.write(f, e.getValue());
    }
  }

  BitSet absentItems() {
    return BitSet.valueOf(absent);
  }

  /** Total bytes of the files. */
  public long bytes() {
    return files.values().stream().mapToLong(b -> b.length).sum();
  }
}

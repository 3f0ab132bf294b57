package io.strec.bench;

import ai.djl.ndarray.NDManager;
import io.strec.stm.data.TextNeighbours;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The text-neighbour search of large catalogues ({@link TextNeighbours#find}, clustered above
 * {@link TextNeighbours#EXACT_MAX} items) against the exact lists a model directory holds: a model
 * fitted by a version whose lists were exact, or with a catalogue small enough for them. Prints the
 * search time and the recall of the exact lists (all {@code keep}, and their first 10), on the
 * model's own language-model vectors.
 *
 * <pre>
 * java -Dai.djl.offline=true -cp "strec-bench/target/strec-bench-0.1.0-SNAPSHOT.jar:strec-bench/target/lib/*" \
 *   io.strec.bench.TextNeighboursBench --model-dir MODEL_DIR [--seed 1] [--probes P]
 * </pre>
 */
public final class TextNeighboursBench {
  private TextNeighboursBench() {}

  public static void main(String[] args) throws IOException {
    Path dir = null;
    long seed = 1;
    int probes = 0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--model-dir" -> dir = Path.of(args[i + 1]);
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        case "--probes" -> probes = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (dir == null || args.length % 2 != 0) {
      throw new IllegalArgumentException("usage: --model-dir MODEL_DIR [--seed S] [--probes P]");
    }
    float[][] text = text(dir.resolve("text.bin"));
    TextNeighbours exact;
    try (DataInputStream in = open(dir.resolve("neighbours.bin"))) {
      exact = TextNeighbours.read(in);
    }
    int keep = 0;
    for (int i = 0; i < exact.numItems(); i++) {
      keep = Math.max(keep, exact.neighbours(i).length);
    }
    System.out.printf(
        Locale.ROOT,
        "%,d items, %d-d vectors, %d neighbours each%n",
        text.length,
        text[0].length,
        keep);
    long start = System.nanoTime();
    TextNeighbours found;
    try (NDManager m = NDManager.newBaseManager()) {
      found =
          probes > 0
              ? TextNeighbours.clustered(text, keep, m, seed, probes, System.out::println)
              : TextNeighbours.find(text, keep, m, seed, System.out::println);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long hitsAll = 0;
    long wantAll = 0;
    long hits10 = 0;
    long want10 = 0;
    for (int i = 0; i < text.length; i++) {
      int[] want = exact.neighbours(i);
      int[] got = found.neighbours(i);
      for (int r = 0; r < want.length; r++) {
        boolean in = contains(got, got.length, want[r]);
        hitsAll += in ? 1 : 0;
        wantAll++;
        if (r < 10) {
          hits10 += contains(got, Math.min(10, got.length), want[r]) ? 1 : 0;
          want10++;
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "search %.1f s (%,.0f items/s); recall of the exact lists: @%d %.4f, @10 %.4f%n",
        seconds,
        text.length / seconds,
        keep,
        (double) hitsAll / Math.max(1, wantAll),
        (double) hits10 / Math.max(1, want10));
  }

  private static boolean contains(int[] a, int n, int v) {
    for (int k = 0; k < n; k++) {
      if (a[k] == v) {
        return true;
      }
    }
    return false;
  }

  private static DataInputStream open(Path file) throws IOException {
    return new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20));
  }

  /** The vectors of a model directory's {@code text.bin}: row count, dimension, then the rows. */
  private static float[][] text(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      int rows = in.readInt();
      int dim = in.readInt();
      float[][] out = new float[rows][dim];
      for (float[] row : out) {
        for (int k = 0; k < dim; k++) {
          row[k] = in.readFloat();
        }
      }
      return out;
    }
  }
}

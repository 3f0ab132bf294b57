package io.strec.stm.train;

import io.strec.stm.nn.AdamW;
import io.strec.stm.nn.Params;
import io.strec.stm.nn.WeightAverage;
import io.strec.util.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The per-epoch checkpoint {@code checkpoint.bin} in a directory: weights, optimizer moments and
 * step, the training state and the best weights so far. Written with {@link AtomicFiles}, so a
 * crash leaves the previous checkpoint intact. A checkpoint made under another setting (config,
 * seed, data size) is refused rather than silently mixed in.
 */
final class Checkpoint {
  private static final String MAGIC = "strec-stm-checkpoint-2";

  /** Checkpoints written before the fit budget existed: no planned epochs after the state. */
  private static final String MAGIC_1 = "strec-stm-checkpoint-1";

  private final Optional<Path> dir;
  private final String fingerprint;

  Checkpoint(Optional<Path> dir, String fingerprint) {
    this.dir = dir;
    this.fingerprint = fingerprint;
  }

  Optional<TrainingState> resume(Params params, AdamW opt, Optional<WeightAverage> average) {
    if (dir.isEmpty() || !Files.isRegularFile(file())) {
      return Optional.empty();
    }
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file())))) {
      String magic = in.readUTF();
      if (!magic.equals(MAGIC) && !magic.equals(MAGIC_1)) {
        throw new IOException("not an stm checkpoint: " + file());
      }
      String fp = in.readUTF();
      if (!fp.equals(fingerprint)) {
        throw new IllegalArgumentException(
            "the checkpoint "
                + file()
                + " was made by another setting ("
                + fp
                + ", now "
                + fingerprint
                + "); delete it or train into another directory");
      }
      int epochs = in.readInt();
      int bestEpoch = in.readInt();
      double bestMrr = in.readDouble();
      int bad = in.readInt();
      int planned = magic.equals(MAGIC) ? in.readInt() : 0;
      params.read(in);
      opt.read(in);
      if (average.isPresent()) {
        average.get().read(in);
      }
      Map<String, float[]> best = null;
      if (in.readBoolean()) {
        best = new LinkedHashMap<>();
        int n = in.readInt();
        for (int k = 0; k < n; k++) {
          String name = in.readUTF();
          float[] v = new float[in.readInt()];
          for (int i = 0; i < v.length; i++) {
            v[i] = in.readFloat();
          }
          best.put(name, v);
        }
      }
      return Optional.of(new TrainingState(epochs, bestEpoch, bestMrr, bad, best, planned));
    } catch (IOException e) {
      throw new UncheckedIOException("reading checkpoint " + file(), e);
    }
  }

  void save(TrainingState st, Params params, AdamW opt, Optional<WeightAverage> average) {
    if (dir.isEmpty()) {
      return;
    }
    try {
      AtomicFiles.write(
          file(),
          stream -> {
            DataOutputStream out = new DataOutputStream(stream);
            out.writeUTF(MAGIC);
            out.writeUTF(fingerprint);
            out.writeInt(st.epochsDone());
            out.writeInt(st.bestEpoch());
            out.writeDouble(st.bestMrr());
            out.writeInt(st.badEpochs());
            out.writeInt(st.plannedEpochs());
            params.write(out);
            opt.write(out);
            if (average.isPresent()) {
              average.get().write(out);
            }
            out.writeBoolean(st.best() != null);
            if (st.best() != null) {
              out.writeInt(st.best().size());
              for (var e : st.best().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                for (float f : e.getValue()) {
                  out.writeFloat(f);
                }
              }
            }
            out.flush();
          });
    } catch (IOException e) {
      throw new UncheckedIOException("writing checkpoint in " + dir.get(), e);
    }
  }

  private Path file() {
    return dir.orElseThrow().resolve("checkpoint.bin");
  }
}

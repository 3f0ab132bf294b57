package io.strec.encoder.store;

import io.strec.util.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The file of a fitted {@link VectorTransform}. Layout, numbers little-endian:
 *
 * <pre>
 *  0  8 bytes  magic "STRECVTF"
 *  8  int32    format version (1)
 * 12  int32    byte length m of the kind
 * 16  m bytes  kind, UTF-8: "standardize", "whitening" or "pca"
 *     int32    input dimension d
 *     int32    output dimension k
 *     ...      the kind's parameters as float64 (and int32 flags), see each class
 *     int32    CRC32C of every byte before it
 * </pre>
 */
final class TransformFile {
  static final byte[] MAGIC = "STRECVTF".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  private static final int MAX_KIND_BYTES = 64;

  /** Writes a kind's parameters. */
  interface Payload {
    void writeTo(BinaryOutput out) throws IOException;
  }

  private TransformFile() {}

  static void write(
      Path file, String kind, int inputDimension, int outputDimension, Payload payload)
      throws IOException {
    AtomicFiles.writeChannel(
        file,
        ch -> {
          BinaryOutput out = new BinaryOutput(ch);
          byte[] k = kind.getBytes(StandardCharsets.UTF_8);
          out.putBytes(MAGIC);
          out.putInt(VERSION);
          out.putInt(k.length);
          out.putBytes(k);
          out.putInt(inputDimension);
          out.putInt(outputDimension);
          payload.writeTo(out);
          out.finish();
        });
  }

  static VectorTransform read(Path file) throws IOException {
    BinaryInput in = new BinaryInput(file, ByteBuffer.wrap(Files.readAllBytes(file)));
    in.header(MAGIC, "an STREC vector transform", VERSION);
    in.verifyChecksum();
    String kind = in.getString(MAX_KIND_BYTES, "kind");
    int d = in.getInt("input dimension");
    int k = in.getInt("output dimension");
    if (d < 1 || d > StoreFile.MAX_DIMENSION || k < 1 || k > d) {
      throw in.corrupt("dimensions " + d + " -> " + k + " are not valid");
    }
    VectorTransform t =
        switch (kind) {
          case Standardize.KIND -> Standardize.readPayload(in, d, k);
          case Whitening.KIND -> Whitening.readPayload(in, d, k);
          case Pca.KIND -> Pca.readPayload(in, d, k);
          default ->
              throw in.corrupt(
                  "unknown transform kind '"
                      + kind
                      + "' (this build reads "
                      + Standardize.KIND
                      + ", "
                      + Whitening.KIND
                      + ", "
                      + Pca.KIND
                      + ")");
        };
    in.expectEnd();
    return t;
  }
}

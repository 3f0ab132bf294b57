package io.strec.spark.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import scala.Tuple2;

/**
 * The lines of a text file as Spark reads them (split across partitions where the file allows),
 * each with its 0-based line index in the whole file. Lines end at {@code \n}, {@code \r} or {@code
 * \r\n}, as for {@link java.io.BufferedReader#readLine}; gzip files are read whole by one task.
 */
final class TextLines {
  private TextLines() {}

  /**
   * @param minPartitions the least number of splits of an uncompressed file
   */
  static JavaPairRDD<String, Long> of(
      JavaSparkContext jsc, Path file, Charset charset, int minPartitions) throws IOException {
    checkCompression(file);
    String cs = charset.name();
    return jsc.hadoopFile(
            file.toAbsolutePath().toUri().toString(),
            TextInputFormat.class,
            LongWritable.class,
            Text.class,
            minPartitions)
        .map(new Decode(cs))
        .zipWithIndex();
  }

  /**
   * Hadoop picks a decompressor by the file's name, where the single-node reader looks at its first
   * bytes: a gzip file must be named so, or Spark would read the compressed bytes as text.
   */
  private static void checkCompression(Path file) throws IOException {
    byte[] head = new byte[2];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, 2);
    }
    boolean gzip = n == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    boolean named = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
    if (gzip && !named) {
      throw new IllegalArgumentException(
          file + " is gzip-compressed but its name does not end in .gz; rename it for Spark");
    }
  }

  /** Decodes a line's bytes (which Hadoop reuses between records) into a string. */
  private static final class Decode implements Function<Tuple2<LongWritable, Text>, String> {
    private static final long serialVersionUID = 1L;
    private final String charset;
    private transient Charset decoded;

    Decode(String charset) {
      this.charset = charset;
    }

    @Override
    public String call(Tuple2<LongWritable, Text> line) {
      if (decoded == null) {
        decoded = Charset.forName(charset);
      }
      Text t = line._2();
      return new String(t.getBytes(), 0, t.getLength(), decoded);
    }
  }
}

package io.strec.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Spark sessions for STREC's jobs. Under {@code spark-submit} the master and settings come from
 * there; a local session (tests, benchmarks, a laptop) gets a bound number of cores, no web UI and
 * a shuffle width that fits them, and Spark logs warnings only.
 */
public final class Sessions {
  private Sessions() {}

  /** The session {@code spark-submit} configured, or {@code local[*]} when run without it. */
  public static SparkSession submitted(String appName) {
    SparkConf conf = new SparkConf();
    if (!conf.contains("spark.master")) {
      return local(appName, Runtime.getRuntime().availableProcessors());
    }
    return SparkSession.builder().appName(appName).config(conf).getOrCreate();
  }

  /** A {@code local[cores]} session. */
  public static SparkSession local(String appName, int cores) {
    if (cores < 1) {
      throw new IllegalArgumentException("cores must be >= 1, got " + cores);
    }
    return SparkSession.builder()
        .appName(appName)
        .master("local[" + cores + "]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.log.level", "WARN")
        .config("spark.sql.shuffle.partitions", Integer.toString(2 * cores))
        .config("spark.default.parallelism", Integer.toString(2 * cores))
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }
}

package io.strec.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The tests' Spark: one {@code local[2]} session for the whole test JVM (Spark allows one context
 * per JVM, and starting it costs seconds), stopped when the JVM exits.
 */
public final class LocalSpark {
  private static SparkSession session;

  private LocalSpark() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      session = Sessions.local("strec-spark tests", 2);
      SparkSession s = session;
      Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "stop-spark"));
    }
    return session;
  }
}

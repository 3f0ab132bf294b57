package io.strec.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code strec serve} in a child JVM on the test's class path, on a free port. Its stdout and
 * stderr are drained by a background thread (a full pipe would block the server), keeping the last
 * lines for failure messages.
 */
final class ServeProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)$");
  private static final int KEPT_LINES = 40;

  private final Process process;
  private final ArrayDeque<String> tail = new ArrayDeque<>(); // guarded by itself
  private final CompletableFuture<URI> base = new CompletableFuture<>();

  private ServeProcess(Process process) {
    this.process = process;
    Thread drain = new Thread(this::drain, "serve-output-" + process.pid());
    drain.setDaemon(true);
    drain.start();
  }

  /** Starts {@code strec serve --model pop} over {@code dir}; returns without waiting for it. */
  static ServeProcess start(Path dir, Path keys) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    // Short-lived JVMs: C1 only and the serial collector start fastest on two cores.
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m"));
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Dai.djl.offline=true");
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.addAll(
        List.of(
            Main.class.getName(),
            "serve",
            "--dir",
            dir.toString(),
            "--model",
            "pop",
            "--port",
            "0",
            "--keys",
            keys.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("DJL_OFFLINE", "true");
    return new ServeProcess(builder.start());
  }

  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * Waits for the banner line and then for {@code GET /health/ready} to answer 200; returns the
   * base URI. Fails with the child's last output lines if it exits or takes longer than {@code
   * timeout}.
   */
  URI awaitReady(HttpClient client, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    URI uri;
    try {
      uri = base.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("strec serve did not print its address:\n" + output(), e);
    }
    HttpRequest ready =
        HttpRequest.newBuilder(uri.resolve("/health/ready")).timeout(Duration.ofSeconds(5)).build();
    while (true) {
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return uri;
        }
      } catch (IOException e) {
        // Not accepting yet; try again below.
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "strec serve at "
                + uri
                + " never became ready (alive "
                + process.isAlive()
                + "):\n"
                + output());
      }
      Thread.sleep(20);
    }
  }

  /** {@code kill -9}: SIGKILL on Unix, so no shutdown hook or finally block runs in the child. */
  void killNine() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("pid " + process.pid() + " survived SIGKILL for 30 s");
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The child's last output lines. */
  String output() {
    synchronized (tail) {
      return String.join("\n", tail);
    }
  }

  /** Kills the child if it still runs; an interrupt is kept for the caller to see. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    try {
      killNine();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void drain() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (tail) {
          if (tail.size() == KEPT_LINES) {
            tail.removeFirst();
          }
          tail.addLast(line);
        }
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          base.complete(URI.create(m.group(1)));
        }
      }
    } catch (IOException e) {
      base.completeExceptionally(new UncheckedIOException("reading the child's output", e));
    } finally {
      base.completeExceptionally(new IllegalStateException("strec serve exited"));
    }
  }
}

package io.strec.encoder.http;

import io.strec.encoder.EncoderException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * POSTs JSON to one URL and returns the body of a 2xx answer, retrying what is likely transient:
 * failures to connect or I/O errors before an answer, 429 and 5xx. Other statuses fail at once,
 * since resending a bad request gives the same answer. A request that times out after connecting is
 * not retried either: the server is up but slow, and resending the batch would only lengthen its
 * queue. Thread-safe: {@link HttpClient} is, and nothing here is mutable.
 */
final class RetryingPost {
  /** Waits between attempts; tests substitute one that records instead of sleeping. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> TimeUnit.NANOSECONDS.sleep(d.toNanos());
  }

  /** How much of an error body goes into a message. */
  static final int BODY_EXCERPT = 300;

  private final HttpClient client;
  private final URI url;
  private final String authorization;
  private final Duration requestTimeout;
  private final Backoff backoff;
  private final Sleeper sleeper;

  /**
   * @param authorization the {@code Authorization} header value, or null for none; never put into a
   *     message
   */
  RetryingPost(
      HttpClient client,
      URI url,
      String authorization,
      Duration requestTimeout,
      Backoff backoff,
      Sleeper sleeper) {
    this.client = client;
    this.url = url;
    this.authorization = authorization;
    this.requestTimeout = requestTimeout;
    this.backoff = backoff;
    this.sleeper = sleeper;
  }

  URI url() {
    return url;
  }

  /**
   * Sends {@code body} until a 2xx answer or a final failure.
   *
   * @param rng this call's jitter stream
   * @throws EncoderException naming the URL, the attempts and the last failure
   */
  String post(byte[] body, SplittableRandom rng) {
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(url)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      rb.header("Authorization", authorization);
    }
    HttpRequest request = rb.build();
    for (int attempt = 1; ; attempt++) {
      String failure;
      OptionalLong retryAfter = OptionalLong.empty();
      Throwable cause = null;
      try {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        int status = r.statusCode();
        if (status >= 200 && status < 300) {
          return r.body();
        }
        if (status != 429 && status < 500) {
          throw new EncoderException(
              "POST " + url + " returned HTTP " + status + ": " + excerpt(r.body()));
        }
        failure =
            "HTTP " + status + (status == 429 ? " (rate limited)" : "") + ": " + excerpt(r.body());
        retryAfter = retryAfterSeconds(r.headers());
      } catch (HttpConnectTimeoutException e) {
        failure =
            "cannot connect: no connection within the connect timeout (is the endpoint up and reachable?)";
        cause = e;
      } catch (HttpTimeoutException e) {
        throw new EncoderException(
            "POST "
                + url
                + " timed out: no response within "
                + requestTimeout.toMillis()
                + " ms (raise the request timeout or lower the batch size)",
            e);
      } catch (ConnectException e) {
        failure = "cannot connect: " + describe(e) + " (is the endpoint running?)";
        cause = e;
      } catch (IOException e) {
        failure = "I/O error: " + describe(e);
        cause = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EncoderException("interrupted while waiting for POST " + url, e);
      }
      if (attempt >= backoff.attempts()) {
        throw new EncoderException(
            "POST "
                + url
                + " failed after "
                + attempt
                + (attempt == 1 ? " attempt" : " attempts")
                + "; last: "
                + failure,
            cause);
      }
      try {
        sleeper.sleep(backoff.delay(attempt, retryAfter, rng));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EncoderException(
            "interrupted while backing off from POST " + url + " after " + failure, e);
      }
    }
  }

  /**
   * The delay-seconds form of {@code Retry-After}; the HTTP-date form is ignored (rare for APIs).
   */
  static OptionalLong retryAfterSeconds(HttpHeaders headers) {
    String v = headers.firstValue("Retry-After").orElse("").trim();
    if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(v));
  }

  /** The start of a body on one line, for messages. */
  static String excerpt(String body) {
    if (body == null || body.isBlank()) {
      return "(empty body)";
    }
    String s = body.strip().replaceAll("\\s+", " ");
    return s.length() <= BODY_EXCERPT ? s : s.substring(0, BODY_EXCERPT) + "...";
  }

  /**
   * The first non-empty message down the cause chain; the JDK client often wraps a bare
   * ConnectException.
   */
  private static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return e.getClass().getSimpleName();
  }
}

package io.strec.server;

/**
 * How the server listens and how much it takes on.
 *
 * @param host the address to bind; loopback unless the operator says otherwise
 * @param port 0 for any free port
 * @param maxInFlight requests handled at once; more get 429 at once instead of queueing
 * @param maxBodyBytes largest request body; larger ones get 413
 */
public record ServerSettings(String host, int port, int maxInFlight, long maxBodyBytes) {
  public ServerSettings {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1, got " + maxInFlight);
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("maxBodyBytes must be >= 1024, got " + maxBodyBytes);
    }
  }

  /** 127.0.0.1:8080, 64 requests at once, bodies up to 1 MiB. */
  public static ServerSettings defaults() {
    return new ServerSettings("127.0.0.1", 8080, 64, 1 << 20);
  }

  public ServerSettings withPort(int newPort) {
    return new ServerSettings(host, newPort, maxInFlight, maxBodyBytes);
  }

  public ServerSettings withHost(String newHost) {
    return new ServerSettings(newHost, port, maxInFlight, maxBodyBytes);
  }
}

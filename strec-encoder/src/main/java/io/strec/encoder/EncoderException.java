package io.strec.encoder;

/**
 * An encoder could not produce vectors: a model failed to load or run, or an endpoint misbehaved.
 */
public final class EncoderException extends RuntimeException {
  public EncoderException(String message) {
    super(message);
  }

  public EncoderException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.strec.encoder;

import java.util.List;
import java.util.Map;

/**
 * Opens encoders of one kind, found through {@link java.util.ServiceLoader}. A spec string is
 * {@code NAME} or {@code NAME:ARGUMENT}, optionally followed by {@code ;key=value} options, e.g.
 * {@code minilm-q}, {@code onnx:/models/e5;pooling=mean;normalize=true} or {@code
 * http:http://localhost:11434/v1;model=nomic-embed-text}.
 */
public interface EncoderProvider {
  /** The names this provider answers to (e.g. {@code minilm-q}, {@code bge-small-zh}). */
  List<String> names();

  /** One line per name on what it opens. */
  String describe();

  /**
   * Opens an encoder.
   *
   * @param name one of {@link #names()}
   * @param argument the text after {@code NAME:}, or "" when there is none
   * @param options the {@code key=value} options
   * @throws IllegalArgumentException for a bad argument or option, naming it
   */
  TextEncoder open(String name, String argument, Map<String, String> options);
}

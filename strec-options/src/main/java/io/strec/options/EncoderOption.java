package io.strec.options;

import io.strec.encoder.Encoders;
import io.strec.util.BadInputException;
import picocli.CommandLine.Option;

/** The text encoder, by spec: {@code --encoder}. */
public final class EncoderOption {
  @Option(
      names = "--encoder",
      defaultValue = Encoders.DEFAULT,
      paramLabel = "SPEC",
      description =
          "Text encoder: minilm-q (default, bundled), minilm, bge-small-en, bge-small-zh, onnx:DIR[;pooling=mean|cls], "
              + "or http:BASE_URL;model=NAME[;dim=N;key-env=VAR] for an OpenAI-compatible /v1/embeddings endpoint.")
  private String encoder;

  /**
   * The spec, checked: it parses and names an encoder on the class path. Its options are checked
   * when the encoder opens.
   */
  public String spec() {
    Encoders.Spec parsed = BadInputException.parse("--encoder", encoder, Encoders.Spec::parse);
    if (!Encoders.names().contains(parsed.name())) {
      throw new BadInputException(
          "--encoder '"
              + encoder
              + "': unknown encoder '"
              + parsed.name()
              + "'; available: "
              + String.join(", ", Encoders.names()));
    }
    return encoder;
  }
}

package io.strec.cli;

import io.strec.model.ModelContext;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options for models that use a language-model encoder. */
final class EncoderOptions {
  @Option(
      names = "--encoder",
      defaultValue = "minilm-q",
      paramLabel = "SPEC",
      description =
          "Text encoder: minilm-q (default, bundled), minilm, bge-small-en, bge-small-zh, onnx:DIR[;pooling=mean|cls], "
              + "or http:BASE_URL;model=NAME[;dim=N;key-env=VAR] for an OpenAI-compatible /v1/embeddings endpoint.")
  String encoder;

  @Option(
      names = "--embedding-store",
      defaultValue = "strec-out/embeddings",
      paramLabel = "DIR",
      description =
          "Where computed embeddings are kept and reused (default ${DEFAULT-VALUE}); 'none' keeps them in memory.")
  String store;

  @Option(
      names = "--embedding-post",
      defaultValue = "none",
      paramLabel = "none|standardize|whiten|pca:K|pca-whiten:K",
      description =
          "Post-process frozen embeddings, fitted on the catalogue (default ${DEFAULT-VALUE}).")
  String post;

  ModelContext context(PrintWriter out) {
    Optional<Path> dir = store.equals("none") ? Optional.empty() : Optional.of(Path.of(store));
    return new ModelContext(encoder, dir, post, out::println);
  }
}

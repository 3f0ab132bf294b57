package io.strec.cli;

import io.strec.model.ModelContext;
import io.strec.model.ModelFactory;
import io.strec.model.ModelRegistry;
import io.strec.options.EncoderOption;
import io.strec.util.BadInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options for models that use a language-model encoder. */
final class EncoderOptions {
  @Option(
      names = "--device",
      defaultValue = "auto",
      paramLabel = "auto|cpu|gpu|gpu:N",
      description =
          "Where stm trains and scores: auto (a GPU when the engine sees one, else the CPU), cpu,"
              + " gpu or gpu:N; default ${DEFAULT-VALUE}.")
  String device = "auto";

  /** --encoder, as strec-spark takes it. */
  @Mixin EncoderOption textEncoder;

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
          "Post-process the content model's frozen embeddings, fitted on the catalogue (default ${DEFAULT-VALUE}); stm learns its own adaptor over the raw vectors.")
  String post;

  @Option(
      names = "--model-config",
      paramLabel = "NAME:KEY=VALUE[,KEY=VALUE...]",
      description =
          "Settings of one model family, repeatable, e.g. stm:epochs=8,dim=32 (keys of stm's config.properties). "
              + "Ablation variants such as stm-notext share stm's settings.")
  List<String> modelConfig = new ArrayList<>();

  /**
   * The context of the options: encoder, embedding store, post-processing and the settings of each
   * model family, checked here so that a mistyped value is reported before any work starts.
   */
  ModelContext context(PrintWriter out) {
    String encoder = textEncoder.spec();
    BadInputException.parse(
        "--device",
        device,
        d -> {
          io.strec.stm.Devices.select(d);
          return d;
        });
    Optional<Path> dir = store.equals("none") ? Optional.empty() : Optional.of(Path.of(store));
    ModelContext context = new ModelContext(encoder, dir, post, out::println);
    for (String spec : modelConfig) {
      int colon = spec.indexOf(':');
      if (colon <= 0 || colon == spec.length() - 1) {
        throw new BadInputException(
            "--model-config '"
                + spec
                + "': expected NAME:KEY=VALUE[,KEY=VALUE...], e.g. stm:epochs=8");
      }
      String family = spec.substring(0, colon).trim();
      String settings = spec.substring(colon + 1);
      ModelFactory factory =
          BadInputException.parse("--model-config", spec, s -> ModelRegistry.load().get(family));
      BadInputException.parse(
          "--model-config",
          spec,
          s -> {
            factory.checkSettings(settings);
            return s;
          });
      context.withSettings(family, settings);
    }
    return context;
  }
}

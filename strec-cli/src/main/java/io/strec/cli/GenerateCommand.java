package io.strec.cli;

import io.strec.data.synth.SyntheticCountry;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strec generate}: a synthetic country of cities at any scale, for benchmarks and tests. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Write a seeded synthetic country: cities of places (categories, names, descriptions, opening",
      "hours) and their residents' check-ins, in STREC's layout (read it with --dataset strec:DIR).",
      "Example:",
      "  strec generate --items 1000000 --out strec-out/country-1m --seed 1"
    })
final class GenerateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--items", required = true, paramLabel = "N", description = "Places in all.")
  int items;

  @Option(names = "--out", required = true, paramLabel = "DIR")
  Path out;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "S")
  long seed;

  @Option(
      names = "--city-size",
      defaultValue = "20000",
      paramLabel = "N",
      description = "Places per city (default ${DEFAULT-VALUE}).")
  int citySize;

  @Option(
      names = "--items-per-user",
      defaultValue = "25",
      paramLabel = "X",
      description = "Places per resident (default ${DEFAULT-VALUE}).")
  double itemsPerUser;

  @Option(names = "--days", defaultValue = "28", paramLabel = "D")
  int days;

  @Override
  public Integer call() throws Exception {
    SyntheticCountry.Config config;
    try {
      config = new SyntheticCountry.Config(seed, items, citySize, itemsPerUser, days);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    var err = spec.commandLine().getErr();
    SyntheticCountry.Summary s =
        SyntheticCountry.write(
            config,
            out,
            line -> {
              err.println(line);
              err.flush();
            });
    spec.commandLine()
        .getOut()
        .println(
            String.format(
                Locale.ROOT,
                "wrote %s: %,d places in %d cities, %,d residents, %,d check-ins",
                out,
                s.items(),
                s.cities(),
                s.users(),
                s.events()));
    return 0;
  }
}

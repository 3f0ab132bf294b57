package io.strec.encoder;

import io.strec.util.BadInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Opens encoders from spec strings through the {@link EncoderProvider} services on the class path.
 */
public final class Encoders {
  /** The encoder used when none is named: all-MiniLM-L6-v2, int8-quantised, shipped in a jar. */
  public static final String DEFAULT = "minilm-q";

  private Encoders() {}

  /** A parsed spec: name, argument and options. */
  public record Spec(String name, String argument, Map<String, String> options) {
    public Spec {
      options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** Parses {@code NAME[:ARGUMENT][;key=value]...}. */
    public static Spec parse(String spec) {
      String[] parts = spec.split(";");
      String head = parts[0].trim();
      if (head.isEmpty()) {
        throw new BadInputException("empty encoder spec");
      }
      int colon = head.indexOf(':');
      String name = colon < 0 ? head : head.substring(0, colon);
      String arg = colon < 0 ? "" : head.substring(colon + 1);
      Map<String, String> opts = new LinkedHashMap<>();
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim();
        int eq = p.indexOf('=');
        if (eq <= 0) {
          throw new BadInputException(
              "bad encoder option '" + p + "' in '" + spec + "': expected key=value");
        }
        opts.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
      }
      return new Spec(name, arg, opts);
    }
  }

  /** Opens the encoder a spec names. */
  public static TextEncoder open(String spec) {
    Spec s = Spec.parse(spec);
    for (EncoderProvider p : ServiceLoader.load(EncoderProvider.class)) {
      if (p.names().contains(s.name())) {
        return p.open(s.name(), s.argument(), s.options());
      }
    }
    throw new BadInputException(
        "unknown encoder '" + s.name() + "'; available: " + String.join(", ", names()));
  }

  /** Every encoder name on the class path. */
  public static List<String> names() {
    List<String> out = new ArrayList<>();
    ServiceLoader.load(EncoderProvider.class).forEach(p -> out.addAll(p.names()));
    return out;
  }
}

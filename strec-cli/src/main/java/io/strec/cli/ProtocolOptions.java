package io.strec.cli;

import io.strec.data.Loaded;
import io.strec.data.RawEvent;
import io.strec.data.RowPolicy;
import io.strec.data.io.AtomicSource;
import io.strec.data.io.FoursquareSource;
import io.strec.data.io.TimeFormat;
import io.strec.eval.EvalSplit;
import io.strec.eval.QueryTime;
import io.strec.eval.protocol.ColdStart;
import io.strec.eval.protocol.GetNext;
import io.strec.eval.protocol.Given;
import io.strec.eval.protocol.LeaveOneOut;
import io.strec.eval.protocol.TemporalSplit;
import io.strec.util.BadInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The protocol options shared by {@code evaluate} and {@code train}, and the split they define. */
final class ProtocolOptions {
  @Option(names = "--protocol", required = true, paramLabel = "loo|getnext|given|temporal")
  String protocol;

  @Option(
      names = "--split",
      defaultValue = "test",
      paramLabel = "test|valid",
      description = "For loo: which held-out event to evaluate (default test).")
  String split;

  @Option(
      names = "--eval-file",
      paramLabel = "FILE",
      description = "getnext: GETNext CSV; given: atomic .inter file.")
  Path evalFile;

  @Option(
      names = "--mode",
      defaultValue = "strict",
      paramLabel = "strict|online",
      description = "getnext history mode (default strict).")
  String mode;

  @Option(
      names = "--cutoff",
      paramLabel = "TIME",
      description = "temporal: ISO-8601 cut-off time; events before it train.")
  String cutoff;

  @Option(
      names = "--cold",
      paramLabel = "users:N|items",
      description =
          "Keep only cold-start cases: users with at most N history events, or targets unseen in training.")
  String cold;

  @Option(
      names = "--query-time",
      defaultValue = "target",
      paramLabel = "target|last",
      description =
          "The moment a case's query names: target = the target event's own time (as LLM next-POI"
              + " papers), last = the last history event's (as GETNext and STHGCN); default"
              + " ${DEFAULT-VALUE}.")
  String queryTime;

  @Option(
      names = "--exclude-history",
      defaultValue = "auto",
      paramLabel = "auto|on|off",
      description =
          "Remove history items from the ranking; auto = on for loo on data without locations (MovieLens), off otherwise.")
  String excludeHistory;

  /**
   * The split the options define over {@code loaded}; evaluation files are read under {@code
   * policy}.
   */
  EvalSplit split(Loaded loaded, RowPolicy policy) throws IOException {
    QueryTime when = BadInputException.parse("--query-time", queryTime, QueryTime::parse);
    return when.apply(protocolSplit(loaded, policy));
  }

  private EvalSplit protocolSplit(Loaded loaded, RowPolicy policy) throws IOException {
    boolean anyLocation = loaded.events().stream().anyMatch(RawEvent::hasLocation);
    EvalSplit s =
        switch (protocol) {
          case "loo" -> LeaveOneOut.build(loaded, parseSplit(), exclude(!anyLocation));
          case "getnext" -> {
            GetNext.Mode m =
                switch (mode) {
                  case "strict" -> GetNext.Mode.STRICT;
                  case "online" -> GetNext.Mode.ONLINE;
                  default ->
                      throw new BadInputException(
                          "--mode must be strict or online, not '" + mode + "'");
                };
            List<RawEvent> rows = new ArrayList<>();
            FoursquareSource.open(requireEvalFile()).readEvents(rows::add, policy);
            yield GetNext.build(loaded, rows, m);
          }
          case "given" ->
              Given.build(
                  loaded, AtomicSource.readSequences(requireEvalFile(), policy), exclude(false));
          case "temporal" -> {
            if (cutoff == null) {
              throw new BadInputException("--protocol temporal needs --cutoff TIME");
            }
            long t = BadInputException.parse("--cutoff", cutoff, TimeFormat.ISO::parseEpochSecond);
            yield TemporalSplit.build(loaded, t, exclude(!anyLocation));
          }
          default ->
              throw new BadInputException(
                  "unknown protocol '" + protocol + "' (expected loo, getnext, given or temporal)");
        };
    if (cold == null) {
      return s;
    }
    if (cold.equals("items")) {
      return ColdStart.items(s);
    }
    if (cold.startsWith("users:")) {
      int n;
      try {
        n = Integer.parseInt(cold.substring("users:".length()));
      } catch (NumberFormatException e) {
        throw new BadInputException("--cold users:N needs an integer N, not '" + cold + "'");
      }
      if (n < 0) {
        throw new BadInputException("--cold users:N needs N >= 0, not '" + cold + "'");
      }
      return ColdStart.users(s, n);
    }
    throw new BadInputException("--cold must be users:N or items, not '" + cold + "'");
  }

  private LeaveOneOut.Split parseSplit() {
    return switch (split) {
      case "test" -> LeaveOneOut.Split.TEST;
      case "valid" -> LeaveOneOut.Split.VALID;
      default -> throw new BadInputException("--split must be test or valid, not '" + split + "'");
    };
  }

  private boolean exclude(boolean auto) {
    return switch (excludeHistory) {
      case "auto" -> auto;
      case "on" -> true;
      case "off" -> false;
      default ->
          throw new BadInputException(
              "--exclude-history must be auto, on or off, not '" + excludeHistory + "'");
    };
  }

  private Path requireEvalFile() {
    if (evalFile == null) {
      throw new BadInputException("--protocol " + protocol + " needs --eval-file");
    }
    return evalFile;
  }
}

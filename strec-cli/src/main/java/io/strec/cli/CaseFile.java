package io.strec.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.strec.data.Vocabulary;
import io.strec.eval.EvalCase;
import io.strec.eval.EvalSplit;
import io.strec.eval.Evaluation;
import io.strec.eval.Experiment.ModelRun;
import io.strec.eval.Segments;
import io.strec.util.BadInputException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes every case's outcome for every model and seed as a tab-separated file, one row per case
 * and run, for looking at where a model fails: the model, the seed, the case id, the user and
 * target ids, the target's full-ranking rank, whether the user had been to the target ({@link
 * Segments#TARGET_SEEN}) and the ids of the items ranked first. A tab, newline, carriage return or
 * backslash inside an id is written as {@code \t}, {@code \n}, {@code \r} or {@code \\}.
 */
final class CaseFile {
  private CaseFile() {}

  /**
   * Writes {@code runs}' cases of {@code split} to {@code file} (replaced if it exists), with
   * {@code topN} columns of top items (empty where a case ranked fewer items).
   *
   * @throws BadInputException naming the file when it cannot be written
   */
  static void write(Path file, EvalSplit split, List<ModelRun> runs, int topN) {
    Vocabulary users = split.train().users();
    Vocabulary items = split.train().items();
    List<EvalCase> cases = split.cases();
    // The same for every model and seed: each case's label, computed once.
    String[] seen = new String[cases.size()];
    for (int c = 0; c < cases.size(); c++) {
      seen[c] = Segments.TARGET_SEEN.label().apply(cases.get(c));
    }
    try (BufferedWriter w = Files.newBufferedWriter(file, UTF_8)) {
      StringBuilder header =
          new StringBuilder("model\tseed\tcase\tuser\ttarget\trank\ttarget_in_history");
      for (int k = 1; k <= topN; k++) {
        header.append("\ttop_").append(k);
      }
      w.write(header.append('\n').toString());
      for (ModelRun run : runs) {
        for (int s = 0; s < run.runs().size(); s++) {
          Evaluation e = run.runs().get(s);
          if (e.numCases() != cases.size()) {
            throw new IllegalStateException(
                "model "
                    + run.model()
                    + " was evaluated on "
                    + e.numCases()
                    + " cases, the split has "
                    + cases.size());
          }
          int[] ranks = e.ranks();
          for (int c = 0; c < cases.size(); c++) {
            EvalCase ec = cases.get(c);
            StringBuilder row = new StringBuilder();
            row.append(field(run.model()))
                .append('\t')
                .append(run.seeds().get(s))
                .append('\t')
                .append(field(ec.id()))
                .append('\t')
                .append(ec.user() < 0 ? "" : field(users.id(ec.user())))
                .append('\t')
                .append(field(items.id(ec.target())))
                .append('\t')
                .append(ranks[c])
                .append('\t')
                .append(seen[c]);
            int[] top = e.top(c);
            for (int k = 0; k < topN; k++) {
              row.append('\t');
              if (k < top.length) {
                row.append(field(items.id(top[k])));
              }
            }
            w.write(row.append('\n').toString());
          }
        }
      }
    } catch (IOException ex) {
      throw new BadInputException("--cases: cannot write " + file + ": " + ex.getMessage(), ex);
    }
  }

  /** {@code text} with its tabs, line breaks and backslashes escaped, for one TSV field. */
  static String field(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\\' -> sb.append("\\\\");
        default -> sb.append(ch);
      }
    }
    return sb.toString();
  }
}

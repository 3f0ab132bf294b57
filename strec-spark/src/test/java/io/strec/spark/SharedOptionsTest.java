package io.strec.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.options.DatasetOptions;
import io.strec.options.EncoderOption;
import io.strec.options.ImportOptions;
import io.strec.options.TopKOptions;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code strec-spark} and {@code strec} take the options they have in common from one declaration
 * in {@code io.strec.options}: the same names, labels, arity, defaults, help texts and checks. A
 * copy of such an option in either program, or a new option both programs declare apart, fails
 * here.
 */
class SharedOptionsTest {
  /**
   * A {@code strec-spark} command, the {@code strec} command that does the same on one machine, and
   * the option groups both take.
   */
  record Pair(String spark, String strec, List<Class<?>> groups) {}

  static final List<Pair> PAIRS =
      List.of(
          new Pair("import", "import", List.of(DatasetOptions.class, ImportOptions.class)),
          new Pair("encode", "train", List.of(DatasetOptions.class, EncoderOption.class)),
          new Pair("recommend", "recommend", List.of(TopKOptions.class)),
          new Pair("recommend", "evaluate", List.of(DatasetOptions.class, EncoderOption.class)));

  /**
   * Options both commands of a pair name alike but that differ on purpose ({@code SPARK/STREC
   * NAME}), and why.
   */
  static final Map<String, String> APART =
      Map.of(
          "recommend/recommend --time",
          "strec recommend answers one query and needs its time; strec-spark recommend defaults to"
              + " the data's last event (both parse it with TimeFormat.parseIsoOrEpochSecond)",
          "recommend/recommend --tz",
          "strec recommend defaults to offset 0; strec-spark recommend to each user's last event's",
          "encode/train --embedding-store",
          "strec reads and fills a cache (default strec-out/embeddings, 'none' for memory);"
              + " strec-spark encode writes the store as its output, with no default",
          "recommend/evaluate --model-dir",
          "strec evaluate takes any number of model directories to evaluate, strec-spark recommend"
              + " the one it ranks with");

  @Test
  void bothProgramsTakeEachSharedGroupFromItsOneDeclaration() {
    CommandLine spark = new CommandLine(new SparkMain());
    CommandLine strec = new CommandLine(new io.strec.cli.Main());
    for (Pair p : PAIRS) {
      CommandSpec s = command(spark, p.spark());
      CommandSpec c = command(strec, p.strec());
      for (Class<?> group : p.groups()) {
        List<String> names = declared(group);
        assertFalse(names.isEmpty(), group.getName());
        for (String name : names) {
          String where = p.spark() + " / " + p.strec() + " " + name;
          OptionSpec a = s.findOption(name);
          OptionSpec b = c.findOption(name);
          assertTrue(a != null && b != null, where + ": missing");
          assertEquals(group, declaringClass(a), where + " in strec-spark");
          assertEquals(group, declaringClass(b), where + " in strec");
          assertEquals(spec(b), spec(a), where);
          if (name.equals("--dataset")) {
            // strec serve runs without a dataset (its built-in city); a Spark job cannot.
            assertTrue(a.required() && !b.required(), where + ": required only in strec-spark");
          } else {
            assertEquals(b.required(), a.required(), where + ": required");
          }
        }
      }
    }
  }

  @Test
  void anOptionBothCommandsOfAPairTakeIsSharedOrDiffersOnPurpose() {
    CommandLine spark = new CommandLine(new SparkMain());
    CommandLine strec = new CommandLine(new io.strec.cli.Main());
    List<String> copies = new ArrayList<>();
    for (Pair p : PAIRS) {
      CommandSpec s = command(spark, p.spark());
      CommandSpec c = command(strec, p.strec());
      for (OptionSpec a : s.options()) {
        OptionSpec b = c.findOption(a.longestName());
        String key = p.spark() + "/" + p.strec() + " " + a.longestName();
        if (a.usageHelp() || a.versionHelp() || b == null || APART.containsKey(key)) {
          continue;
        }
        if (!shared(a) || declaringClass(a) != declaringClass(b)) {
          copies.add(
              key + ": " + declaringClass(a).getName() + " and " + declaringClass(b).getName());
        }
      }
    }
    assertEquals(
        List.of(),
        copies,
        "options both programs declare apart: move them to io.strec.options, or say in APART why"
            + " they differ");
  }

  /** The spec's user-facing attributes; {@code required} is compared apart. */
  private static String spec(OptionSpec o) {
    Map<String, Object> m = new TreeMap<>();
    m.put("names", Arrays.toString(o.names()));
    m.put("paramLabel", o.paramLabel());
    m.put("arity", o.arity().toString());
    m.put("default", String.valueOf(o.defaultValue()));
    m.put("description", Arrays.toString(o.description()));
    m.put("type", o.type().getName());
    m.put("hidden", o.hidden());
    m.put("split", String.valueOf(o.splitRegex()));
    return m.toString();
  }

  private static CommandSpec command(CommandLine root, String name) {
    CommandLine sub = root.getSubcommands().get(name);
    assertTrue(sub != null, root.getCommandName() + " has no command " + name);
    return sub.getCommandSpec();
  }

  /** The option names {@code group} declares, longest first as picocli reports them. */
  private static List<String> declared(Class<?> group) {
    List<String> names = new ArrayList<>();
    for (Field f : group.getDeclaredFields()) {
      Option o = f.getAnnotation(Option.class);
      if (o != null) {
        names.add(Arrays.stream(o.names()).reduce((x, y) -> y.length() > x.length() ? y : x).get());
      }
    }
    return names;
  }

  private static Class<?> declaringClass(OptionSpec o) {
    return o.userObject() instanceof Field f ? f.getDeclaringClass() : Object.class;
  }

  private static boolean shared(OptionSpec o) {
    return declaringClass(o).getPackageName().equals("io.strec.options");
  }
}

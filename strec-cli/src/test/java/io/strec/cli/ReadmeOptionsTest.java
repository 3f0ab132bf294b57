package io.strec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * README.md tells the truth about the command line: every option of every {@code strec} command is
 * named where the README documents that command, and every command its {@code ## Commands} block
 * runs exists.
 *
 * <p>The README documents command {@code C} in three kinds of places: its lines in the {@code ##
 * Commands} code block ({@code ./strec C ...}); a section of its own ({@code ## Serve}); and any
 * paragraph that names it, as {@code strec C} or as {@code `C`} in backticks. The {@code ## Spark}
 * section is left out: it documents {@code strec-spark}, whose commands share the names ({@code
 * import}, {@code recommend}) and some of the options but not all. An option is named when its
 * longest name stands there as a whole token: {@code --items} is not found inside {@code
 * --items-per-user}.
 */
class ReadmeOptionsTest {
  /** The tests run in the module directory; the README is the repository's. */
  static final Path README = Path.of("..", "README.md");

  /** Sections that document another program. */
  private static final Set<String> OTHER_PROGRAMS = Set.of("spark");

  private static final String COMMANDS_SECTION = "commands";

  private static final Pattern SYNOPSIS = Pattern.compile("^\\./strec\\s+(\\S+)");

  /** One paragraph, or one line of a code block (continuation lines joined), and its section. */
  record Unit(String section, boolean code, String text) {}

  @Test
  void everyOptionOfEveryCommandIsNamedWhereTheReadmeDocumentsTheCommand() throws IOException {
    List<Unit> units = units(Files.readAllLines(README));
    List<String> missing = new ArrayList<>();
    Map<String, List<String>> options = options();
    options.forEach(
        (command, names) -> {
          String documented = documentation(units, command);
          for (String name : names) {
            if (!namesToken(documented, name)) {
              missing.add(command + " " + name);
            }
          }
        });
    assertFalse(options.isEmpty(), "no command found under " + Main.class.getName());
    assertTrue(
        missing.isEmpty(),
        "README.md does not name these options where it documents their command (a `./strec"
            + " COMMAND` line in ## Commands, a ## section of the command's name, or a paragraph"
            + " naming `strec COMMAND` or `COMMAND`):\n  "
            + String.join("\n  ", missing));
  }

  @Test
  void everyCommandOfTheCommandsBlockExistsAndEveryCommandHasALineThere() throws IOException {
    Set<String> real = options().keySet();
    Set<String> listed = new TreeSet<>();
    for (Unit u : units(Files.readAllLines(README))) {
      if (u.code() && u.section().equals(COMMANDS_SECTION)) {
        Matcher m = SYNOPSIS.matcher(u.text());
        if (m.find()) {
          listed.add(m.group(1));
        }
      }
    }
    assertFalse(listed.isEmpty(), "README.md's ## Commands block has no ./strec line");
    Set<String> unknown = new TreeSet<>(listed);
    unknown.removeAll(real);
    assertEquals(Set.of(), unknown, "README.md's ## Commands block runs commands strec lacks");
    Set<String> unlisted = new TreeSet<>(real);
    unlisted.removeAll(listed);
    assertEquals(Set.of(), unlisted, "commands without a line in README.md's ## Commands block");
  }

  /** The parser finds what the README check relies on, on a README made up for it. */
  @Test
  void theParserTellsCommandsSectionsAndCodeLinesApart() {
    List<Unit> units =
        units(
            List.of(
                "## Commands",
                "",
                "```bash",
                "./strec a --x N \\",
                "  --y",
                "./strec b --z",
                "```",
                "",
                "Text on `b`: `--w`",
                "and on.",
                "",
                "## Spark",
                "",
                "- **a** takes `--v` as `strec a` does"));
    assertEquals(4, units.size(), units::toString);
    assertTrue(units.get(0).code() && units.get(0).section().equals("commands"), units::toString);
    String a = documentation(units, "a");
    assertTrue(namesToken(a, "--x") && namesToken(a, "--y"), a);
    assertFalse(namesToken(a, "--z") || namesToken(a, "--v") || namesToken(a, "--w"), a);
    String b = documentation(units, "b");
    assertTrue(namesToken(b, "--z") && namesToken(b, "--w"), b);
    assertFalse(namesToken("--items-per-user", "--items"));
    assertTrue(namesToken("`--items FILE`", "--items"));
  }

  /**
   * The longest name of every option of every command (by its path below {@code strec}, e.g. {@code
   * serve}), in declaration order; picocli's own {@code --help} and {@code --version}, and its
   * {@code help} command, are left out.
   */
  static Map<String, List<String>> options() {
    StringWriter sink = new StringWriter();
    CommandLine root = Main.commandLine(new PrintWriter(sink), new PrintWriter(sink));
    Map<String, List<String>> out = new LinkedHashMap<>();
    collect(root, new IdentityHashMap<>(), out);
    return out;
  }

  private static void collect(
      CommandLine parent, Map<CommandSpec, Boolean> seen, Map<String, List<String>> out) {
    for (CommandLine cl : parent.getSubcommands().values()) {
      CommandSpec spec = cl.getCommandSpec();
      if (seen.put(spec, Boolean.TRUE) != null
          || spec.userObject() instanceof CommandLine.HelpCommand) {
        continue; // an alias, or picocli's help command
      }
      String path = spec.qualifiedName(" ").substring(spec.root().name().length() + 1);
      out.put(
          path,
          spec.options().stream()
              .filter(o -> !o.usageHelp() && !o.versionHelp())
              .map(OptionSpec::longestName)
              .toList());
      collect(cl, seen, out);
    }
  }

  /** Splits the README into paragraphs and code lines, each with its {@code ##} section. */
  static List<Unit> units(List<String> lines) {
    List<Unit> units = new ArrayList<>();
    String section = "";
    StringBuilder paragraph = new StringBuilder();
    StringBuilder code = new StringBuilder();
    boolean fenced = false;
    for (String line : lines) {
      if (line.startsWith("```")) {
        flush(units, section, paragraph);
        fenced = !fenced;
      } else if (fenced) {
        if (line.endsWith("\\")) {
          code.append(line, 0, line.length() - 1).append(' ');
        } else {
          units.add(new Unit(section, true, code.append(line).toString()));
          code.setLength(0);
        }
      } else if (line.startsWith("## ")) {
        flush(units, section, paragraph);
        section = line.substring(3).trim().toLowerCase(Locale.ROOT);
      } else if (line.isBlank()) {
        flush(units, section, paragraph);
      } else {
        paragraph.append(line).append('\n');
      }
    }
    flush(units, section, paragraph);
    return units;
  }

  private static void flush(List<Unit> units, String section, StringBuilder paragraph) {
    if (!paragraph.isEmpty()) {
      units.add(new Unit(section, false, paragraph.toString()));
      paragraph.setLength(0);
    }
  }

  /** Every part of the README that documents {@code command} (see the class comment), joined. */
  static String documentation(List<Unit> units, String command) {
    Pattern named =
        Pattern.compile(
            "(?<![\\w-])strec "
                + Pattern.quote(command)
                + "(?![\\w-])|`"
                + Pattern.quote(command)
                + "`");
    return units.stream()
        .filter(
            u ->
                u.section().equals(command)
                    || (u.code()
                        && u.section().equals(COMMANDS_SECTION)
                        && u.text().startsWith("./strec " + command + " "))
                    || (!OTHER_PROGRAMS.contains(u.section()) && named.matcher(u.text()).find()))
        .map(Unit::text)
        .collect(Collectors.joining("\n"));
  }

  /** Whether {@code name} stands in {@code text} as a whole token, not inside a longer name. */
  static boolean namesToken(String text, String name) {
    return Pattern.compile("(?<![\\w-])" + Pattern.quote(name) + "(?![\\w-])").matcher(text).find();
  }
}

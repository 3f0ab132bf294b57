package io.strec.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.strec.app.AppException;
import io.strec.util.BadInput;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code strec} command. */
@Command(
    name = "strec",
    mixinStandardHelpOptions = true,
    version = "strec 0.1.0",
    description =
        "Spatio-temporal, language-model-aware recommender: import, evaluate, quickstart.",
    subcommands = {
      ImportCommand.class,
      EvaluateCommand.class,
      QuickstartCommand.class,
      TrainCommand.class,
      RecommendCommand.class,
      ServeCommand.class,
      GenerateCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Exit code for success. */
  public static final int OK = 0;

  /** Exit code for an internal error. */
  public static final int INTERNAL = 1;

  /** Exit code for bad input: malformed data, missing files, bad options. */
  public static final int BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    // UTF-8 like every file STREC writes (and like the default charset from Java 18 on), not
    // whatever this machine's locale makes the default.
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, UTF_8), true);
    int code = run(out, err, args);
    // Autoflush covers println only: flush what print() left in the buffers before exiting.
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs the command line with the given streams; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return commandLine(out, err).execute(args);
  }

  /**
   * The {@code strec} command line writing to the given streams, errors mapped by {@link #failed}.
   */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("error: " + ex.getMessage());
          ex.getCommandLine().usage(err);
          return BAD_INPUT;
        });
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failed(ex, err));
    return cl;
  }

  /**
   * Reports a command's failure on {@code err} and returns the exit code: {@link #BAD_INPUT} and a
   * one-line message, without a stack trace, for {@linkplain BadInput bad input}; {@link #INTERNAL}
   * and the stack trace for anything else, which is a bug or an environment failure rather than the
   * user's mistake.
   */
  static int failed(Throwable ex, PrintWriter err) {
    if (BadInput.isBadInput(ex)) {
      err.println("error: " + message(ex));
      return BAD_INPUT;
    }
    err.println("internal error: " + message(ex));
    ex.printStackTrace(err);
    return INTERNAL;
  }

  /** The one-line message of a failure; an {@link AppException} is prefixed by its field. */
  static String message(Throwable ex) {
    if (ex instanceof AppException a && !a.field().isEmpty()) {
      return a.field() + ": " + a.getMessage();
    }
    return BadInput.message(ex);
  }
}

package io.strec.cli;

import io.strec.data.InvalidRecordException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.util.NoSuchElementException;
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
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = run(out, err, args);
    // Autoflush covers println only: flush what print() left in the buffers before exiting.
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs the command line with the given streams; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("error: " + ex.getMessage());
          ex.getCommandLine().usage(err);
          return BAD_INPUT;
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (isBadInput(ex)) {
            err.println("error: " + message(ex));
            return BAD_INPUT;
          }
          err.println("internal error: " + message(ex));
          ex.printStackTrace(err);
          return INTERNAL;
        });
    return cl.execute(args);
  }

  static boolean isBadInput(Throwable ex) {
    return ex instanceof InvalidRecordException
        || ex instanceof NoSuchFileException
        || ex instanceof java.nio.file.AccessDeniedException
        || ex instanceof IllegalArgumentException
        || ex instanceof NoSuchElementException
        || ex instanceof BadInputException
        || (ex instanceof java.io.UncheckedIOException u
            && u.getCause() instanceof NoSuchFileException);
  }

  static String message(Throwable ex) {
    if (ex instanceof NoSuchFileException n) {
      return "no such file: "
          + n.getFile()
          + (n.getReason() == null ? "" : " (" + n.getReason() + ")");
    }
    if (ex instanceof IOException && ex.getMessage() == null) {
      return ex.getClass().getSimpleName();
    }
    return ex.getMessage();
  }

  /** A problem with the user's input that is not a data-format error. */
  static final class BadInputException extends RuntimeException {
    BadInputException(String message) {
      super(message);
    }
  }
}

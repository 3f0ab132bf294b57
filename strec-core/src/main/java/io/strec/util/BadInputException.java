package io.strec.util;

import java.util.function.Function;

/**
 * Something the user gave cannot be used: an option value, a dataset spec, a model or encoder name,
 * a settings list, a configuration or keys file. The message names the option or file and the
 * offending value and is meant to be shown as it is: the command line exits with code 2 and no
 * stack trace for this exception (as for the other {@link BadInput} exceptions, e.g. a bad row),
 * while every other exception is an internal error, reported with its trace and exit code 1.
 *
 * <p>It extends {@link IllegalArgumentException} on purpose. The parsers and factories that throw
 * it are library methods whose contract was already "an {@code IllegalArgumentException} for a
 * malformed argument", and their callers that catch that type (a row reader turning a bad value
 * into an {@code InvalidRecordException}, a settings check adding the option name, a server
 * answering 400, tests asserting it) keep working unchanged. The converse does not hold: a plain
 * {@code IllegalArgumentException} is a violated precondition inside the program, not the user's
 * fault. Where a value the user typed enters the program, {@link #parse} turns the parser's plain
 * {@code IllegalArgumentException} into this type.
 */
public final class BadInputException extends IllegalArgumentException implements BadInput {
  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Parses {@code value}, which the user gave as {@code what} (an option such as {@code --columns},
   * or a file); an {@link IllegalArgumentException} from {@code parser} becomes bad input whose
   * message starts with {@code what 'value': }.
   */
  public static <T> T parse(String what, String value, Function<String, ? extends T> parser) {
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(what + " '" + value + "': " + e.getMessage(), e);
    }
  }
}

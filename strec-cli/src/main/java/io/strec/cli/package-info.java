/**
 * The {@code strec} command line: {@code import}, {@code evaluate} and {@code quickstart}, each a
 * picocli {@code Callable<Integer>} returning the exit code (0 ok, 2 bad input, 1 internal error).
 */
package io.strec.cli;

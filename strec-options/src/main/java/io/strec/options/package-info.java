/**
 * The command-line option groups that {@code strec} (strec-cli) and {@code strec-spark} both take,
 * each declared once as a picocli mixin: names, labels, defaults, help texts and the checks of
 * their values, so that a dataset, a k-core or an encoder is spelled and validated the same way in
 * both programs. A command mixes a group in with {@code @Mixin}; what only one program offers stays
 * in that program.
 */
package io.strec.options;

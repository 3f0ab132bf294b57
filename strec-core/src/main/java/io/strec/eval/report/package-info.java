/**
 * Evaluation reports: the JSON document written by {@code strec evaluate --report} and the text
 * table it prints.
 */
package io.strec.eval.report;

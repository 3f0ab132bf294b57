/**
 * The self-contained HTML evaluation report ({@code strec evaluate --html}): {@link
 * io.strec.eval.report.html.HtmlReport} gathers a run's results as {@link
 * io.strec.eval.report.JsonReport} does and renders one file with its styles inlined and every
 * chart drawn here as SVG ({@link io.strec.eval.report.html.BarChart}, {@link
 * io.strec.eval.report.html.LineChart}), so that it opens without a network and without scripts.
 * Every string that reaches the page goes through {@link io.strec.eval.report.html.Html#escape}; a
 * value that is not a number is drawn as a visible "NaN", never as a bar of height zero.
 */
package io.strec.eval.report.html;

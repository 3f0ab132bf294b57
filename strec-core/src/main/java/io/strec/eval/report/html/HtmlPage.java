package io.strec.eval.report.html;

import io.strec.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One self-contained HTML page: a heading, a table of contents and sections, with the style sheet
 * inlined. It loads nothing (no script, font, image or style from elsewhere), so it reads the same
 * offline and years later.
 */
public final class HtmlPage {
  private static final String STYLE =
      """
      :root { color-scheme: light; }
      * { box-sizing: border-box; }
      body { margin: 0; background: #f6f8fa; color: #1f2328;
        font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
          "DejaVu Sans", sans-serif; }
      header { background: #24292f; color: #ffffff; padding: 20px 32px 16px; }
      header h1 { margin: 0 0 4px; font-size: 24px; font-weight: 600; }
      header p { margin: 0; color: #d0d7de; font-size: 14px; }
      nav { background: #ffffff; border-bottom: 1px solid #d0d7de; padding: 8px 32px;
        position: sticky; top: 0; z-index: 1; }
      nav a { color: #0969da; text-decoration: none; margin-right: 20px; font-size: 14px; }
      nav a:hover { text-decoration: underline; }
      main { max-width: 1180px; margin: 0 auto; padding: 8px 32px 48px; }
      section { background: #ffffff; border: 1px solid #d0d7de; border-radius: 8px;
        padding: 8px 24px 20px; margin: 20px 0; scroll-margin-top: 48px; }
      h2 { font-size: 20px; font-weight: 600; margin: 12px 0 8px;
        border-bottom: 1px solid #d8dee4; padding-bottom: 6px; }
      h3 { font-size: 16px; font-weight: 600; margin: 18px 0 6px; }
      p.note { color: #57606a; font-size: 13.5px; margin: 6px 0 10px; max-width: 880px; }
      .charts { display: flex; flex-wrap: wrap; gap: 12px 28px; align-items: flex-start; }
      figure { margin: 8px 0; max-width: 100%; overflow-x: auto; }
      figure > p.note { max-width: 515px; }
      svg.chart { display: block; max-width: 100%; height: auto; }
      svg .chart-title { font-size: 14px; font-weight: 600; fill: #1f2328; }
      svg .tick, svg .group-note { fill: #57606a; font-size: 11px; }
      svg .group-label, svg .legend-label { fill: #1f2328; }
      svg .axis-title { fill: #1f2328; font-size: 12px; font-weight: 600; }
      svg .marker { fill: #1f2328; }
      svg .empty-label { fill: #57606a; font-style: italic; }
      svg rect.bar:hover, svg circle.point:hover { opacity: 0.75; }
      .table-wrap { overflow-x: auto; }
      table { border-collapse: collapse; margin: 8px 0 12px; font-size: 13.5px; }
      th, td { padding: 4px 12px; border-bottom: 1px solid #d8dee4; text-align: left;
        vertical-align: top; }
      th { background: #f6f8fa; font-weight: 600; }
      td:first-child { white-space: nowrap; }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
      tbody tr:nth-child(even) { background: #fafbfc; }
      table.facts td:first-child { color: #57606a; white-space: nowrap; }
      table.facts td { font-variant-numeric: tabular-nums; word-break: break-all; }
      footer { color: #57606a; font-size: 12.5px; text-align: center; padding: 0 0 24px; }
      """;

  private record Section(String id, String heading, String body) {}

  private final String title;
  private final String subtitle;
  private final List<Section> sections = new ArrayList<>();

  public HtmlPage(String title, String subtitle) {
    this.title = title;
    this.subtitle = subtitle;
  }

  /**
   * Adds a section; {@code body} is HTML the caller built from escaped parts.
   *
   * @param id the fragment the table of contents links to (letters, digits and '-')
   */
  public HtmlPage section(String id, String heading, String body) {
    if (!id.matches("[A-Za-z][A-Za-z0-9-]*")) {
      throw new IllegalArgumentException(
          "section id must be letters, digits and '-': '" + id + "'");
    }
    sections.add(new Section(id, heading, body));
    return this;
  }

  public String render(String footer) {
    StringBuilder sb = new StringBuilder(1 << 16);
    // Well-formed XML as well as HTML (every element closed, only XML's own character
    // references), so that tests can read the page with an XML parser.
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
        .append("<title>")
        .append(Html.escape(title))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body><header><h1>")
        .append(Html.escape(title))
        .append("</h1><p>")
        .append(Html.escape(subtitle))
        .append("</p></header><nav>");
    for (Section s : sections) {
      sb.append("<a href=\"#")
          .append(s.id)
          .append("\">")
          .append(Html.escape(s.heading))
          .append("</a>");
    }
    sb.append("</nav><main>");
    for (Section s : sections) {
      sb.append("<section id=\"")
          .append(s.id)
          .append("\"><h2>")
          .append(Html.escape(s.heading))
          .append("</h2>")
          .append(s.body)
          .append("</section>");
    }
    sb.append("</main><footer>").append(Html.escape(footer)).append("</footer></body></html>\n");
    return sb.toString();
  }

  /** Replaces {@code file} with {@code html}, atomically ({@link AtomicFiles}). */
  public static void write(Path file, String html) throws IOException {
    AtomicFiles.writeString(file, html);
  }
}

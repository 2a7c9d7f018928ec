package org.trio4j.testing.trace;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.trio4j.Cancelled;

/**
 * Draws a {@link Trace} as a timeline: one lane per task, nested by nursery (each nursery a box
 * around its children's lanes), with the time each task spent runnable and parked, and marks for
 * its checkpoints, the cancellations it received, its failure and its exit. Output is SVG, or a
 * self-contained HTML page (the SVG inline, plus a table of the events; no scripts, no external
 * resources).
 *
 * {@snippet :
 * Trace trace = recorder.trace();
 * String svg = new TimelineRenderer(trace).title("A child fails and its siblings are cancelled").toSvg();
 * Files.writeString(Path.of("timeline.svg"), svg);
 * }
 *
 * <p>The horizontal axis is the run's clock (the recorder's): with a {@link
 * org.trio4j.testing.MockClock} sleeps and timeouts appear at their exact virtual times, and the
 * code between two waits takes no time at all, so the runnable stretches are thin. When every event
 * happened at the same instant, or when asked with {@link #sequenceAxis(boolean)}, the axis shows
 * the events in the order they were recorded instead. By default the tasks trio4j runs around the
 * main task (the root task, the entry queue) are left out; the main task is the top lane.
 *
 * <p>Every mark carries a tooltip ({@code <title>}) with the time, the task and the detail, which
 * browsers show on hover. A renderer is not thread-safe; it reads the immutable trace only.
 */
public final class TimelineRenderer {
  private static final int MARGIN = 12;
  private static final int LANE = 24;
  private static final int HEADER = 18;
  private static final int INDENT = 14;
  private static final String RUNNABLE = "#3f6fd1";
  private static final String PARKED = "#dde6f6";
  private static final String CANCEL = "#f39c12";
  private static final String FAIL = "#d62728";

  private final Trace trace;
  private String title;
  private boolean showSystemTasks;
  private boolean sequenceAxis;
  private int width = 760;

  /**
   * Creates a renderer for {@code trace}.
   *
   * @param trace what a {@link TraceRecorder} recorded
   */
  public TimelineRenderer(Trace trace) {
    this.trace = Objects.requireNonNull(trace, "trace");
  }

  /**
   * Sets a title, drawn above the timeline.
   *
   * @param newTitle the title, or null for none
   * @return this renderer
   */
  public TimelineRenderer title(String newTitle) {
    this.title = newTitle;
    return this;
  }

  /**
   * Shows the tasks trio4j runs around the main task too (root task, entry queue, system tasks).
   *
   * @param show true to show them
   * @return this renderer
   */
  public TimelineRenderer showSystemTasks(boolean show) {
    this.showSystemTasks = show;
    return this;
  }

  /**
   * Spaces events evenly in the order they were recorded, instead of by time.
   *
   * @param bySequence true for an axis of events rather than time
   * @return this renderer
   */
  public TimelineRenderer sequenceAxis(boolean bySequence) {
    this.sequenceAxis = bySequence;
    return this;
  }

  /**
   * Sets the width of the plot area (the lanes, without their names).
   *
   * @param pixels at least 100
   * @return this renderer
   */
  public TimelineRenderer width(int pixels) {
    if (pixels < 100) {
      throw new IllegalArgumentException("the plot needs at least 100 pixels, not " + pixels);
    }
    this.width = pixels;
    return this;
  }

  /**
   * Draws the timeline as a standalone SVG document.
   *
   * @return the SVG text
   */
  public String toSvg() {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svgElement();
  }

  /**
   * Draws the timeline into a self-contained HTML page: the SVG inline and a table of the events.
   *
   * @return the HTML text
   */
  public String toHtml() {
    TimelineLayout layout = new TimelineLayout(trace, showSystemTasks, sequenceAxis);
    String heading = title != null ? title : "trio4j run timeline";
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(Svg.escape(heading))
        .append("</title>\n<style>\n")
        .append("body { font-family: DejaVu Sans, Helvetica, Arial, sans-serif; margin: 16px; }\n")
        .append("table { border-collapse: collapse; font-size: 12px; }\n")
        .append("th, td { border-bottom: 1px solid #ddd; padding: 2px 8px; text-align: left; }\n")
        .append("td.n { text-align: right; font-variant-numeric: tabular-nums; }\n")
        .append("</style>\n</head>\n<body>\n<h1>")
        .append(Svg.escape(heading))
        .append("</h1>\n<p>Hover over a mark for its details. ")
        .append(layout.shown.size())
        .append(" events of ")
        .append(layout.rows.stream().filter(r -> r.task != null).count())
        .append(" tasks.</p>\n")
        .append(svgElement())
        .append("<h2>Events</h2>\n<table>\n<tr><th>#</th><th>time</th><th>task</th>")
        .append("<th>event</th><th>detail</th></tr>\n");
    for (TraceEvent e : layout.shown) {
      sb.append("<tr><td class=\"n\">")
          .append(e.seq())
          .append("</td><td class=\"n\">")
          .append(seconds(e.time() - layout.t0))
          .append("</td><td>")
          .append(Svg.escape(trace.tasks().get(e.task()).name()))
          .append("</td><td>")
          .append(e.kind().name().toLowerCase(java.util.Locale.ROOT))
          .append("</td><td>")
          .append(e.detail() == null ? "" : Svg.escape(e.detail()))
          .append("</td></tr>\n");
    }
    sb.append("</table>\n</body>\n</html>\n");
    return sb.toString();
  }

  /**
   * Writes {@link #toSvg()} to a file.
   *
   * @param file where
   * @throws IOException if it cannot be written
   */
  public void writeSvg(Path file) throws IOException {
    Files.writeString(file, toSvg(), StandardCharsets.UTF_8);
  }

  /**
   * Writes {@link #toHtml()} to a file.
   *
   * @param file where
   * @throws IOException if it cannot be written
   */
  public void writeHtml(Path file) throws IOException {
    Files.writeString(file, toHtml(), StandardCharsets.UTF_8);
  }

  // ---- drawing ----

  private String svgElement() {
    TimelineLayout layout = new TimelineLayout(trace, showSystemTasks, sequenceAxis);
    int labelWidth = 120;
    for (TimelineLayout.Row r : layout.rows) {
      if (r.task != null) {
        labelWidth = Math.max(labelWidth, r.depth * INDENT + r.task.name().length() * 7 + 16);
      }
    }
    labelWidth = Math.min(labelWidth, 320);
    int top = MARGIN + (title != null ? 26 : 0);
    int axisTop = top + 16; // below the caption
    int rowsTop = axisTop + 22;
    int[] rowY = new int[layout.rows.size() + 1];
    int y = rowsTop;
    for (int i = 0; i < layout.rows.size(); i++) {
      rowY[i] = y;
      y += layout.rows.get(i).task == null ? HEADER : LANE;
    }
    rowY[layout.rows.size()] = y;
    int plotX = MARGIN + labelWidth;
    int totalWidth = plotX + width + MARGIN + 10;
    int legendY = y + 18;
    int totalHeight = legendY + 24;

    Svg svg = new Svg().open(totalWidth, totalHeight);
    svg.rect(0, 0, totalWidth, totalHeight, "fill=\"#ffffff\"", null);
    if (title != null) {
      svg.text(MARGIN, MARGIN + 16, title, "font-size=\"16\" font-weight=\"bold\" fill=\"#222\"");
    }
    svg.text(
        plotX,
        top + 10,
        layout.bySequence
            ? "events in the order recorded (evenly spaced)"
            : "time on the run's clock, from the first event shown",
        "font-size=\"10\" fill=\"#666\"");
    drawAxis(svg, layout, plotX, axisTop + 12, rowsTop, y);
    for (int i = 0; i < layout.rows.size(); i++) {
      TimelineLayout.Row r = layout.rows.get(i);
      if (r.task == null) {
        drawNursery(svg, layout, r, plotX, rowY[i], rowY[r.lastRow + 1]);
      }
    }
    for (int i = 0; i < layout.rows.size(); i++) {
      TimelineLayout.Row r = layout.rows.get(i);
      if (r.task != null) {
        drawLane(svg, layout, r, plotX, rowY[i] + LANE / 2.0);
      }
    }
    drawLegend(svg, MARGIN, legendY);
    svg.close();
    return svg.toString();
  }

  private void drawAxis(Svg svg, TimelineLayout l, int plotX, int labelY, int top, int bottom) {
    double span = l.bySequence ? Math.max(1, l.shown.size() - 1) : (double) (l.t1 - l.t0);
    double step = niceStep(span / 8);
    for (int k = 0; k * step <= span * 1.0001; k++) {
      double v = k * step;
      double x = plotX + width * (v / span);
      svg.line(x, top - 4, x, bottom, "stroke=\"#e6e6e6\" stroke-width=\"1\"", null);
      String label = l.bySequence ? "#" + Math.round(v) : seconds(Math.round(v));
      svg.text(x, labelY, label, "font-size=\"10\" fill=\"#555\" text-anchor=\"middle\"");
    }
    svg.line(plotX, top - 4, plotX + width, top - 4, "stroke=\"#999\" stroke-width=\"1\"", null);
  }

  private void drawNursery(
      Svg svg, TimelineLayout l, TimelineLayout.Row header, int plotX, int top, int bottom) {
    double[] span = l.span(header);
    double x0 = plotX + span[0] * width - 5;
    double x1 = plotX + span[1] * width + 5;
    String fill = header.depth % 2 == 1 ? "#f4f6f9" : "#eaeef4";
    svg.rect(
        x0,
        top + 1,
        x1 - x0,
        bottom - top - 2,
        "rx=\"4\" fill=\"" + fill + "\" stroke=\"#aab6c8\" stroke-width=\"1\"",
        "nursery opened by " + header.owner.name());
    svg.text(
        x0 + 4,
        top + 12,
        "nursery of " + header.owner.name(),
        "font-size=\"10\" font-style=\"italic\" fill=\"#667\"");
    double bx = MARGIN + (header.depth - 1) * INDENT + 4;
    svg.path(
        "M"
            + Svg.n(bx + 5)
            + " "
            + Svg.n(top + 5)
            + " H"
            + Svg.n(bx)
            + " V"
            + Svg.n(bottom - 5)
            + " H"
            + Svg.n(bx + 5),
        "fill=\"none\" stroke=\"#aab6c8\" stroke-width=\"1.5\"",
        null);
  }

  private void drawLane(Svg svg, TimelineLayout l, TimelineLayout.Row r, int plotX, double cy) {
    TraceTask t = r.task;
    svg.text(
        MARGIN + r.depth * INDENT + (r.depth > 0 ? 6 : 0),
        cy + 4,
        t.name(),
        failed(t) ? "fill=\"" + FAIL + "\" font-weight=\"bold\"" : "fill=\"#222\"");
    List<TraceEvent> es = l.eventsOf(t);
    if (es.isEmpty()) {
      return;
    }
    double start = plotX + l.x(es.get(0)) * width;
    TraceEvent last = es.get(es.size() - 1);
    boolean exited = last.kind() == TraceEvent.Kind.EXITED;
    double end = exited ? plotX + l.x(last) * width : plotX + width;
    svg.rect(
        start,
        cy - 6,
        Math.max(end - start, 1),
        12,
        "fill=\"" + PARKED + "\" stroke=\"#9fb3d9\" stroke-width=\"0.8\"",
        t.name() + ": " + (exited ? "exited" : "still running") + " (parked where light)");
    boolean runnable = true;
    for (int i = 0; i < es.size(); i++) {
      TraceEvent e = es.get(i);
      if (e.kind() == TraceEvent.Kind.EXITED) {
        break;
      }
      runnable = e.kind() != TraceEvent.Kind.PARKED;
      if (runnable) {
        double x0 = plotX + l.x(e) * width;
        double x1 = i + 1 < es.size() ? plotX + l.x(es.get(i + 1)) * width : end;
        svg.rect(x0, cy - 6, Math.max(x1 - x0, 1.5), 12, "fill=\"" + RUNNABLE + "\"", null);
      }
    }
    for (TraceEvent e : es) {
      drawMark(svg, l, t, e, plotX + l.x(e) * width, cy);
    }
  }

  private void drawMark(Svg svg, TimelineLayout l, TraceTask t, TraceEvent e, double x, double cy) {
    String when = seconds(e.time() - l.t0) + " (#" + e.seq() + ") " + t.name() + ": ";
    switch (e.kind()) {
      case CHECKPOINT ->
          svg.line(
              x, cy - 9, x, cy + 9, "stroke=\"#222\" stroke-width=\"1.2\"", when + "checkpoint");
      case CANCELLED ->
          svg.path(
              diamond(x, cy, 6),
              "fill=\"" + CANCEL + "\" stroke=\"#7a4a00\" stroke-width=\"0.8\"",
              when + "Cancelled raised: " + e.detail());
      case FAILED -> {
        if (isCancelled(e.detail())) {
          break; // the Cancelled mark at the checkpoint that raised it says it already
        }
        svg.circle(
            x, cy, 7, "fill=\"" + FAIL + "\" stroke=\"#7f1010\"", when + "failed: " + e.detail());
        svg.path(
            "M"
                + Svg.n(x - 3)
                + " "
                + Svg.n(cy - 3)
                + " L"
                + Svg.n(x + 3)
                + " "
                + Svg.n(cy + 3)
                + " M"
                + Svg.n(x + 3)
                + " "
                + Svg.n(cy - 3)
                + " L"
                + Svg.n(x - 3)
                + " "
                + Svg.n(cy + 3),
            "stroke=\"#fff\" stroke-width=\"1.6\"",
            null);
      }
      case EXITED ->
          svg.line(x, cy - 8, x, cy + 8, "stroke=\"#222\" stroke-width=\"2.5\"", when + "exited");
      default -> {}
    }
  }

  private static void drawLegend(Svg svg, double x, double y) {
    svg.rect(x, y - 6, 18, 12, "fill=\"" + RUNNABLE + "\"", null);
    svg.text(x + 22, y + 4, "runnable", "font-size=\"11\" fill=\"#333\"");
    x += 84;
    svg.rect(
        x, y - 6, 18, 12, "fill=\"" + PARKED + "\" stroke=\"#9fb3d9\" stroke-width=\"0.8\"", null);
    svg.text(x + 22, y + 4, "parked (waiting)", "font-size=\"11\" fill=\"#333\"");
    x += 126;
    svg.line(x + 4, y - 9, x + 4, y + 9, "stroke=\"#222\" stroke-width=\"1.2\"", null);
    svg.text(x + 12, y + 4, "checkpoint", "font-size=\"11\" fill=\"#333\"");
    x += 86;
    svg.path(diamond(x + 6, y, 6), "fill=\"" + CANCEL + "\" stroke=\"#7a4a00\"", null);
    svg.text(x + 16, y + 4, "Cancelled raised", "font-size=\"11\" fill=\"#333\"");
    x += 120;
    svg.circle(x + 7, y, 7, "fill=\"" + FAIL + "\" stroke=\"#7f1010\"", null);
    svg.text(x + 18, y + 4, "failed", "font-size=\"11\" fill=\"#333\"");
    x += 62;
    svg.line(x + 4, y - 8, x + 4, y + 8, "stroke=\"#222\" stroke-width=\"2.5\"", null);
    svg.text(x + 12, y + 4, "exited", "font-size=\"11\" fill=\"#333\"");
    x += 62;
    svg.rect(x, y - 7, 22, 14, "rx=\"4\" fill=\"#f4f6f9\" stroke=\"#aab6c8\"", null);
    svg.text(x + 28, y + 4, "nursery", "font-size=\"11\" fill=\"#333\"");
  }

  private static String diamond(double x, double y, double r) {
    return "M"
        + Svg.n(x)
        + " "
        + Svg.n(y - r)
        + " L"
        + Svg.n(x + r)
        + " "
        + Svg.n(y)
        + " L"
        + Svg.n(x)
        + " "
        + Svg.n(y + r)
        + " L"
        + Svg.n(x - r)
        + " "
        + Svg.n(y)
        + " Z";
  }

  /** Tells whether a task's body threw something other than a Cancelled. */
  private static boolean failed(TraceTask t) {
    return t.failure() != null && !isCancelled(t.failure());
  }

  private static boolean isCancelled(String failure) {
    return failure != null && failure.startsWith(Cancelled.class.getName());
  }

  /** The smallest of 1, 2, 5 times a power of ten that is at least {@code raw}. */
  static double niceStep(double raw) {
    if (raw <= 0) {
      return 1;
    }
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * mag >= raw) {
        return m * mag;
      }
    }
    return 10 * mag;
  }

  static String seconds(long nanos) {
    BigDecimal s = BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
    if (s.scale() < 0) {
      s = s.setScale(0);
    }
    return s.toPlainString() + " s";
  }

  @Override
  public String toString() {
    return "TimelineRenderer[" + trace + "]";
  }
}

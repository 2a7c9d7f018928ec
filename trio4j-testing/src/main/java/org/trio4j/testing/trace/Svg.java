package org.trio4j.testing.trace;

import java.util.Locale;

/** A small SVG writer: elements with numeric attributes rounded to 0.1 px, and escaped text. */
final class Svg {
  private final StringBuilder sb = new StringBuilder();

  Svg open(int width, int height) {
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
    return this;
  }

  Svg close() {
    sb.append("</svg>\n");
    return this;
  }

  Svg raw(String s) {
    sb.append(s);
    return this;
  }

  Svg rect(double x, double y, double w, double h, String style, String title) {
    sb.append("<rect x=\"")
        .append(n(x))
        .append("\" y=\"")
        .append(n(y))
        .append("\" width=\"")
        .append(n(Math.max(w, 0)))
        .append("\" height=\"")
        .append(n(h))
        .append("\" ")
        .append(style);
    return end("rect", title);
  }

  Svg line(double x1, double y1, double x2, double y2, String style, String title) {
    sb.append("<line x1=\"")
        .append(n(x1))
        .append("\" y1=\"")
        .append(n(y1))
        .append("\" x2=\"")
        .append(n(x2))
        .append("\" y2=\"")
        .append(n(y2))
        .append("\" ")
        .append(style);
    return end("line", title);
  }

  Svg circle(double cx, double cy, double r, String style, String title) {
    sb.append("<circle cx=\"")
        .append(n(cx))
        .append("\" cy=\"")
        .append(n(cy))
        .append("\" r=\"")
        .append(n(r))
        .append("\" ")
        .append(style);
    return end("circle", title);
  }

  Svg path(String d, String style, String title) {
    sb.append("<path d=\"").append(d).append("\" ").append(style);
    return end("path", title);
  }

  Svg text(double x, double y, String text, String style) {
    sb.append("<text x=\"")
        .append(n(x))
        .append("\" y=\"")
        .append(n(y))
        .append("\" ")
        .append(style)
        .append('>')
        .append(escape(text))
        .append("</text>\n");
    return this;
  }

  private Svg end(String element, String title) {
    if (title == null) {
      sb.append("/>\n");
    } else {
      sb.append("><title>")
          .append(escape(title))
          .append("</title></")
          .append(element)
          .append(">\n");
    }
    return this;
  }

  static String n(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t') {
            out.append(' '); // not allowed in XML 1.0
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return sb.toString();
  }
}

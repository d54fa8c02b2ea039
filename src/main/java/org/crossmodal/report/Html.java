package org.crossmodal.report;

import java.util.List;
import java.util.Locale;

/**
 * The few HTML pieces the report is made of. Every text that comes from a run folder goes through
 * {@link #escape}; the page has no scripts and no external URLs, so it opens from {@code file://}.
 */
final class Html {
  private static final String CSS = """
      body { font-family: sans-serif; margin: 1.5em auto; max-width: 1300px; color: #222; }
      h1 { font-size: 1.5em; } h2 { border-bottom: 1px solid #bbb; margin-top: 2em; }
      table { border-collapse: collapse; margin: 0.5em 0; }
      th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: right; }
      th:first-child, td:first-child { text-align: left; }
      figure { display: inline-block; margin: 0.5em 1em 0.5em 0; vertical-align: top; }
      figcaption { font-size: 0.85em; color: #555; max-width: 600px; }
      img.tile { width: 192px; height: 192px; image-rendering: pixelated; }
      pre { background: #f6f6f6; padding: 0.6em; overflow-x: auto; font-size: 0.85em; }
      .missing { color: #a33; font-style: italic; }
      .swatch { display: inline-block; width: 0.9em; height: 0.9em; border: 1px solid #999; vertical-align: middle; }
      """;

  private Html() {}

  static String escape(Object o) {
    String s = String.valueOf(o);
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  static String page(String title, String body) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title) + "</title>\n<style>\n"
        + CSS + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
  }

  static String section(String id, String title, String content) {
    return "<section id=\"" + escape(id) + "\">\n<h2>" + escape(title) + "</h2>\n" + content + "</section>\n";
  }

  static String p(String text) {
    return "<p>" + escape(text) + "</p>\n";
  }

  /** What a partial run lacks: said in the section, instead of failing the report. */
  static String missing(String what) {
    return "<p class=\"missing\">Not in this run: " + escape(what) + ".</p>\n";
  }

  static String pre(String text) {
    return "<pre>" + escape(text) + "</pre>\n";
  }

  static String figure(String png, String alt, String caption) {
    return "<figure><img src=\"" + escape(png) + "\" alt=\"" + escape(alt) + "\"><figcaption>" + escape(caption)
        + "</figcaption></figure>\n";
  }

  static String tile(String png, String alt) {
    return "<img class=\"tile\" src=\"" + escape(png) + "\" alt=\"" + escape(alt) + "\">";
  }

  static String swatch(int rgb) {
    return "<span class=\"swatch\" style=\"background:#" + String.format("%06x", rgb & 0xffffff) + "\"></span>";
  }

  /** A table; header and first-column cells are escaped here, the other cells are HTML (callers escape their text). */
  static String table(String id, List<String> header, List<List<String>> rows) {
    StringBuilder b = new StringBuilder("<table" + (id == null ? "" : " id=\"" + escape(id) + "\"") + ">\n<tr>");
    header.forEach(h -> b.append("<th>").append(escape(h)).append("</th>"));
    b.append("</tr>\n");
    for (List<String> r : rows) {
      b.append("<tr>");
      for (int i = 0; i < r.size(); i++) b.append("<td>").append(i == 0 ? escape(r.get(i)) : r.get(i)).append("</td>");
      b.append("</tr>\n");
    }
    return b.append("</table>\n").toString();
  }

  /** A number as a table shows it: three decimals, or a dash when it is absent or not a number. */
  static String number(Object v) {
    return v instanceof Number n && Double.isFinite(n.doubleValue()) ? String.format(Locale.ROOT, "%.3f", n.doubleValue()) : "–";
  }

  static String percent(Object v) {
    return v instanceof Number n && Double.isFinite(n.doubleValue()) ? String.format(Locale.ROOT, "%.1f %%", 100 * n.doubleValue()) : "–";
  }
}

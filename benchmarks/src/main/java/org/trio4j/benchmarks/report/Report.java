package org.trio4j.benchmarks.report;

import java.io.IOException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Turns JMH JSON result files (and {@link MeasurementFile}s, which have their shape) into {@code
 * docs/BENCHMARKS.md}: the machine, the command, one table per benchmark class with each score, its
 * 99.9% confidence interval and the ratio trio4j / peer, and the targets with whether each
 * is met.
 *
 * {@snippet lang = "shell" :
 * java -cp benchmarks/target/benchmarks.jar org.trio4j.benchmarks.report.Report \
 *     --results benchmarks/target/jmh-result.json --out docs/BENCHMARKS.md \
 *     --fact "Cores=2" --fact "Command=`benchmarks/run`" --note "Numbers are noisy."
 * }
 *
 * <p>What a table shows comes from the benchmark classes themselves: {@link Comparison} on the
 * class, {@link Row} on each method, {@link Goal}s on the class. A class without them still gets a
 * plain table. {@code benchmarks/run} is the usual caller.
 */
public final class Report {
  private Report() {}

  /**
   * Writes the report.
   *
   * @param args {@code --results FILE} (once or more: JMH's JSON, or a {@link MeasurementFile}) and
   *     {@code --out FILE}, then any number of {@code --fact KEY=VALUE} (shown in order under
   *     "Machine and run") and {@code --note TEXT} (paragraphs after them)
   * @throws IOException if a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    List<Path> results = new ArrayList<>();
    Path out = null;
    Map<String, String> facts = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (i + 1 >= args.length) {
        throw usage("missing value after " + a);
      }
      String v = args[++i];
      switch (a) {
        case "--results" -> results.add(Path.of(v));
        case "--out" -> out = Path.of(v);
        case "--fact" -> {
          int eq = v.indexOf('=');
          if (eq < 1) {
            throw usage("--fact wants KEY=VALUE, got " + v);
          }
          facts.put(v.substring(0, eq), v.substring(eq + 1));
        }
        case "--note" -> notes.add(v);
        default -> throw usage("unknown option " + a);
      }
    }
    if (results.isEmpty() || out == null) {
      throw usage("--results and --out are required");
    }
    List<Result> all = new ArrayList<>();
    for (Path r : results) {
      all.addAll(Result.parseAll(Files.readString(r)));
    }
    String md = render(all, facts, notes);
    Files.writeString(out, md);
  }

  private static IllegalArgumentException usage(String what) {
    return new IllegalArgumentException(
        what
            + "; usage: Report --results JSON [--results JSON]... --out REPORT.md [--fact KEY=VALUE]..."
            + " [--note TEXT]...");
  }

  /**
   * Renders the report.
   *
   * @param results the results, in any order
   * @param facts lines for "Machine and run", in order
   * @param notes paragraphs after them
   * @return the Markdown
   */
  static String render(List<Result> results, Map<String, String> facts, List<String> notes) {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n");
    md.append(
        "Written by `benchmarks/run` (do not edit: rerun it). Scores are JMH averages with the"
            + " half-width of their 99.9% confidence interval; lower is better. A ratio is"
            + " trio4j / peer from the same run: below 1 means trio4j is faster. Its range comes"
            + " from the two intervals. The median is that of the measurement iterations; the"
            + " allocation column is JMH's `-prof gc` (`gc.alloc.rate.norm`). Tables marked"
            + " *scenario* are not JMH benchmarks but load tests or heap readings run by"
            + " `org.trio4j.benchmarks.scenarios.Scenarios`: their score is the mean over several"
            + " runs (one sample each), with the same 99.9% interval, and the median of the runs."
            + "\n\n");

    md.append("## Machine and run\n\n");
    facts.forEach((k, v) -> md.append("- **").append(k).append("**: ").append(v).append('\n'));
    List<String> jdks = results.stream().map(Result::jdk).distinct().toList();
    md.append("- **JDK**: ").append(String.join("; ", jdks)).append('\n');
    List<String> jvmArgs =
        results.stream().map(r -> String.join(" ", r.jvmArgs())).distinct().toList();
    md.append("- **Benchmark JVM options**: ");
    md.append(
            jvmArgs.stream()
                .map(a -> a.isEmpty() ? "(none)" : "`" + a + "`")
                .collect(Collectors.joining("; ")))
        .append('\n');
    for (String n : notes) {
      md.append('\n').append(n).append('\n');
    }

    Map<String, List<Result>> byClass = new LinkedHashMap<>();
    for (Result r : results) {
      byClass.computeIfAbsent(r.className(), k -> new ArrayList<>()).add(r);
    }
    List<Table> tables = byClass.values().stream().map(Table::new).toList();

    md.append("\n## Targets\n\n");
    md.append("| benchmark | target | measured | verdict |\n|---|---|---|---|\n");
    boolean any = false;
    for (Table t : tables) {
      for (String[] g : t.goals()) {
        md.append("| ").append(t.title).append(" | ").append(g[0]).append(" | ").append(g[1]);
        md.append(" | ").append(g[2]).append(" |\n");
        any = true;
      }
    }
    if (!any) {
      md.append("| (no targets among these results) | | | |\n");
    }
    for (Table t : tables) {
      t.render(md);
    }
    return md.toString();
  }

  /** One benchmark class's results. */
  private static final class Table {
    final Class<?> type;
    final Comparison comparison;
    final String title;
    final List<Result> rows;

    Table(List<Result> results) {
      String className = results.get(0).className();
      type = load(className);
      comparison = type == null ? null : type.getAnnotation(Comparison.class);
      title =
          comparison != null
              ? comparison.title()
              : className.substring(className.lastIndexOf('.') + 1);
      rows = new ArrayList<>(results);
      rows.sort(Comparator.comparingInt(r -> role(r).ordinal()));
    }

    private static Class<?> load(String name) {
      try {
        return Class.forName(name, false, Report.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        return null;
      }
    }

    Row row(Result r) {
      if (type == null) {
        return null;
      }
      for (Method m : type.getMethods()) {
        if (m.getName().equals(r.method()) && m.isAnnotationPresent(Row.class)) {
          return m.getAnnotation(Row.class);
        }
      }
      return null;
    }

    Role role(Result r) {
      Row row = row(r);
      return row == null ? Role.PART : row.role();
    }

    String label(Result r) {
      Row row = row(r);
      return row == null ? "`" + r.method() + "`" : row.label();
    }

    /** The subject's result with the same parameters as {@code r}. */
    Result subjectFor(Result r) {
      if (comparison == null) {
        return null;
      }
      for (Result s : rows) {
        if (s.method().equals(comparison.subject()) && s.params().equals(r.params())) {
          return s;
        }
      }
      return null;
    }

    /**
     * Each goal as {target, measured, verdict}: one line per parameter set of the subject (a
     * benchmark run with capacity 0, 16 and 100 is judged three times), the parameters then in the
     * target's text.
     */
    List<String[]> goals() {
      List<String[]> out = new ArrayList<>();
      if (type == null || comparison == null) {
        return out;
      }
      List<Result> subjects =
          rows.stream().filter(r -> r.method().equals(comparison.subject())).toList();
      boolean several = subjects.size() > 1;
      for (Goal g : type.getAnnotationsByType(Goal.class)) {
        if (subjects.isEmpty()) {
          out.add(new String[] {g.text(), "not run", "–"});
          continue;
        }
        for (Result s : subjects) {
          String text = several ? g.text() + " (" + describe(s.params()) + ")" : g.text();
          if (!g.peer().isEmpty()) {
            Result p = peerFor(g.peer(), s);
            if (p == null) {
              out.add(new String[] {text, "peer not run", "–"});
            } else if (!s.unit().equals(p.unit())) {
              out.add(new String[] {text, "units differ", "–"});
            } else {
              double[] ratio = ratio(s, p);
              out.add(new String[] {text, formatRatio(ratio), verdict(ratio, g.maxRatio())});
            }
          } else if (!Double.isNaN(g.maxScore())) {
            if (!g.unit().equals(s.unit())) {
              out.add(new String[] {text, "score in " + s.unit() + ", not " + g.unit(), "–"});
            } else {
              double[] v = {s.score(), s.low(), s.high()};
              out.add(
                  new String[] {text, formatScore(s) + " " + s.unit(), verdict(v, g.maxScore())});
            }
          }
        }
      }
      return out;
    }

    /** The peer's result with the same parameters as the subject's {@code s}. */
    private Result peerFor(String method, Result s) {
      for (Result r : rows) {
        if (r.method().equals(method) && r.params().equals(s.params())) {
          return r;
        }
      }
      return null;
    }

    void render(StringBuilder md) {
      md.append("\n## ").append(title).append("\n\n");
      if (rows.stream().anyMatch(r -> r.mode().equals("scenario"))) {
        md.append("*Scenario* (not JMH): each sample is one whole run. ");
      }
      md.append("`").append(rows.get(0).className()).append("`");
      if (comparison != null && !comparison.notes().isEmpty()) {
        md.append(": ").append(comparison.notes());
      }
      md.append("\n\n");
      boolean params = rows.stream().anyMatch(r -> !r.params().isEmpty());
      boolean alloc = rows.stream().anyMatch(r -> !Double.isNaN(r.allocatedPerOp()));
      md.append("| | what is measured |").append(params ? " params |" : "");
      md.append(" score ± error (99.9% CI) | median | unit |");
      md.append(alloc ? " allocated per op |" : "").append(" trio4j / this |\n");
      md.append("|---|---|").append(params ? "---|" : "").append("---:|---:|---|");
      md.append(alloc ? "---:|" : "").append("---:|\n");
      for (Result r : rows) {
        Role role = role(r);
        md.append("| ").append(role.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        md.append(" | ").append(label(r)).append(" (`").append(r.method()).append("`)");
        if (params) {
          md.append(" | ").append(describe(r.params()));
        }
        md.append(" | ").append(formatScore(r));
        md.append(" | ").append(significant(r.median()));
        md.append(" | ").append(r.unit()).append(" | ");
        if (alloc) {
          md.append(formatBytes(r.allocatedPerOp())).append(" | ");
        }
        Result s = role == Role.PEER ? subjectFor(r) : null;
        if (s != null && s.unit().equals(r.unit())) {
          md.append(formatRatio(ratio(s, r)));
        } else if (role == Role.SUBJECT) {
          md.append("1");
        } else {
          md.append("–");
        }
        md.append(" |\n");
      }
      List<String[]> goals = goals();
      if (!goals.isEmpty()) {
        md.append('\n');
        for (String[] g : goals) {
          md.append("- Target ").append(g[0]).append(": ").append(g[1]);
          md.append(" → **").append(g[2]).append("**\n");
        }
      }
    }
  }

  /** Parameters as {@code k=v, k=v}. */
  static String describe(Map<String, String> params) {
    return params.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  /** {ratio, low, high}: subject / peer, with the range the two intervals allow. */
  static double[] ratio(Result subject, Result peer) {
    double r = subject.score() / peer.score();
    double lo = peer.high() > 0 ? subject.low() / peer.high() : Double.NaN;
    double hi = peer.low() > 0 ? subject.high() / peer.low() : Double.POSITIVE_INFINITY;
    return new double[] {r, lo, hi};
  }

  /**
   * Met when the value is at most the bound; "within error" when the interval straddles it.
   *
   * @param v {value, low, high}
   * @param bound the largest acceptable value
   * @return the verdict
   */
  static String verdict(double[] v, double bound) {
    boolean met = v[0] <= bound;
    boolean certain = met ? v[2] <= bound : v[1] > bound;
    return (met ? "met" : "missed") + (certain ? "" : " (within error)");
  }

  static String formatScore(Result r) {
    String s = significant(r.score());
    return Double.isNaN(r.error()) ? s + " ± n/a" : s + " ± " + significant(r.error());
  }

  static String formatRatio(double[] v) {
    String s = String.format(Locale.ROOT, "%.2f×", v[0]);
    if (v[1] == v[0] && v[2] == v[0]) {
      return s;
    }
    String hi = Double.isInfinite(v[2]) ? "∞" : String.format(Locale.ROOT, "%.2f", v[2]);
    return s + String.format(Locale.ROOT, " [%.2f–%s]", v[1], hi);
  }

  /** Bytes with a binary prefix and three significant digits. */
  static String formatBytes(double b) {
    if (Double.isNaN(b)) {
      return "n/a";
    }
    String[] units = {"B", "KiB", "MiB", "GiB"};
    int u = 0;
    while (Math.abs(b) >= 1024 && u < units.length - 1) {
      b /= 1024;
      u++;
    }
    return significant(b) + " " + units[u];
  }

  /** Three significant digits, without an exponent. */
  static String significant(double x) {
    if (Double.isNaN(x)) {
      return "n/a";
    }
    if (Double.isInfinite(x)) {
      return String.valueOf(x);
    }
    if (x == 0) {
      return "0";
    }
    BigDecimal d = new BigDecimal(x).round(new MathContext(3));
    if (Math.abs(x) >= 1000) {
      d = d.setScale(0, java.math.RoundingMode.HALF_EVEN);
    }
    return Objects.toString(d.stripTrailingZeros().toPlainString());
  }
}

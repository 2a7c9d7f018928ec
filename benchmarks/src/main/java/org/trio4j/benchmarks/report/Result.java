package org.trio4j.benchmarks.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark's result, read from JMH's JSON output.
 *
 * @param className the benchmark class's fully qualified name
 * @param method the benchmark method's name
 * @param mode JMH's mode ({@code avgt}, {@code ss}, ...), or {@code scenario} for a {@link
 *     MeasurementFile} row
 * @param params the JMH parameters, in declaration order
 * @param score the score (JMH's primary metric)
 * @param error the half-width of its 99.9% confidence interval; NaN with a single iteration
 * @param median the median of the measurement iterations' scores
 * @param unit the score's unit, such as {@code ms/op}
 * @param allocatedPerOp bytes allocated per operation ({@code -prof gc}'s {@code
 *     gc.alloc.rate.norm}), NaN without that profiler
 * @param jdk the JDK of the benchmark JVM, such as {@code 25.0.1 (OpenJDK 64-Bit Server VM
 *     25.0.1+8-LTS)}
 * @param jvmArgs the options of the benchmark JVM
 */
record Result(
    String className,
    String method,
    String mode,
    Map<String, String> params,
    double score,
    double error,
    double median,
    String unit,
    double allocatedPerOp,
    String jdk,
    List<String> jvmArgs) {

  /**
   * Reads every result of a JMH JSON result file.
   *
   * @param json the file's contents
   * @return the results, in file order
   * @throws IllegalArgumentException if it is not a JMH result file
   */
  static List<Result> parseAll(String json) {
    if (!(Json.parse(json) instanceof List<?> list)) {
      throw new IllegalArgumentException("a JMH JSON result file is an array");
    }
    return list.stream().map(Result::of).toList();
  }

  private static Result of(Object o) {
    Map<?, ?> m = (Map<?, ?>) o;
    String benchmark = (String) m.get("benchmark");
    int dot = benchmark.lastIndexOf('.');
    Map<String, String> params = new LinkedHashMap<>();
    if (m.get("params") instanceof Map<?, ?> p) {
      p.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
    }
    Map<?, ?> metric = (Map<?, ?>) m.get("primaryMetric");
    double median =
        metric.get("scorePercentiles") instanceof Map<?, ?> pc
            ? number(pc.get("50.0"))
            : Double.NaN;
    double alloc = Double.NaN;
    if (m.get("secondaryMetrics") instanceof Map<?, ?> sec
        && sec.get("gc.alloc.rate.norm") instanceof Map<?, ?> a) {
      alloc = number(a.get("score"));
    }
    String jdk = m.get("jdkVersion") + " (" + m.get("vmName") + " " + m.get("vmVersion") + ")";
    List<String> jvmArgs =
        m.get("jvmArgs") instanceof List<?> a
            ? a.stream().map(String::valueOf).toList()
            : List.of();
    return new Result(
        benchmark.substring(0, dot),
        benchmark.substring(dot + 1),
        String.valueOf(m.get("mode")),
        params,
        number(metric.get("score")),
        number(metric.get("scoreError")),
        median,
        (String) metric.get("scoreUnit"),
        alloc,
        jdk,
        jvmArgs);
  }

  /** JMH writes NaN and infinities as strings. */
  private static double number(Object o) {
    if (o instanceof Double d) {
      return d;
    }
    if (o instanceof String s) {
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }

  /**
   * The lower end of the confidence interval, or the score if there is no interval.
   *
   * @return the bound
   */
  double low() {
    return Double.isNaN(error) ? score : score - error;
  }

  /**
   * The upper end of the confidence interval, or the score if there is no interval.
   *
   * @return the bound
   */
  double high() {
    return Double.isNaN(error) ? score : score + error;
  }
}

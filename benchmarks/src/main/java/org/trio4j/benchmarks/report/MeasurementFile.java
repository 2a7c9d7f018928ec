package org.trio4j.benchmarks.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Writes {@link Measurement}s as a JSON array in the shape of JMH's result files ({@code -rf
 * json}), which {@link Report} reads like any other: so a load test run outside JMH lands in the
 * same report, with the same statistics.
 *
 * {@snippet :
 * MeasurementFile.write(Path.of("target/scenarios.json"), List.of(measurement));
 * }
 *
 * <p>The statistics are JMH's own ({@link ListStatistics}): the score is the mean, its error the
 * half-width of the 99.9% confidence interval (NaN for one sample), the percentiles those of the
 * samples. The JDK and JVM options recorded are those of the writing JVM.
 */
public final class MeasurementFile {
  private MeasurementFile() {}

  /**
   * Writes the file, replacing it.
   *
   * @param file where to write
   * @param measurements the rows, in order
   * @throws IOException if the file cannot be written
   */
  public static void write(Path file, List<Measurement> measurements) throws IOException {
    Files.writeString(file, toJson(measurements));
  }

  /**
   * The JSON text.
   *
   * @param measurements the rows, in order
   * @return a JSON array with one JMH-shaped object per row
   */
  public static String toJson(List<Measurement> measurements) {
    StringBuilder out = new StringBuilder("[\n");
    for (int i = 0; i < measurements.size(); i++) {
      if (i > 0) {
        out.append(",\n");
      }
      append(out, measurements.get(i));
    }
    return out.append("\n]\n").toString();
  }

  private static void append(StringBuilder out, Measurement m) {
    ListStatistics stats = new ListStatistics(m.samples());
    out.append("{\"jmhVersion\": \"none\", \"mode\": \"scenario\", \"benchmark\": ");
    string(out, m.className() + "." + m.method());
    out.append(", \"jvm\": ");
    string(out, System.getProperty("java.home") + "/bin/java");
    out.append(", \"jvmArgs\": [");
    List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      string(out, args.get(i));
    }
    out.append("], \"jdkVersion\": ");
    string(out, System.getProperty("java.version"));
    out.append(", \"vmName\": ");
    string(out, System.getProperty("java.vm.name"));
    out.append(", \"vmVersion\": ");
    string(out, System.getProperty("java.vm.version"));
    out.append(", \"params\": {");
    boolean first = true;
    for (Map.Entry<String, String> e : m.params().entrySet()) {
      if (!first) {
        out.append(", ");
      }
      first = false;
      string(out, e.getKey());
      out.append(": ");
      string(out, e.getValue());
    }
    out.append("},\n \"primaryMetric\": {\"score\": ").append(number(stats.getMean()));
    out.append(", \"scoreError\": ").append(number(stats.getMeanErrorAt(0.999)));
    out.append(", \"scoreUnit\": ");
    string(out, m.unit());
    out.append(", \"scorePercentiles\": {");
    double[] ps = {0, 50, 90, 99, 100};
    for (int i = 0; i < ps.length; i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append('"').append(String.format(Locale.ROOT, "%.1f", ps[i])).append("\": ");
      out.append(number(stats.getPercentile(ps[i])));
    }
    out.append("}, \"rawData\": [[");
    double[] samples = m.samples();
    for (int i = 0; i < samples.length; i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(number(samples[i]));
    }
    out.append("]]},\n \"secondaryMetrics\": {");
    if (!Double.isNaN(m.allocatedPerOp())) {
      out.append("\"gc.alloc.rate.norm\": {\"score\": ").append(number(m.allocatedPerOp()));
      out.append(", \"scoreUnit\": \"B/op\"}");
    }
    out.append("}}");
  }

  /** JMH writes NaN and the infinities as strings; so does this, and {@link Result} reads both. */
  private static String number(double d) {
    return Double.isFinite(d) ? Double.toString(d) : "\"" + d + "\"";
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}

package org.trio4j.benchmarks.scenarios;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.trio4j.benchmarks.IdleTaskMemory;
import org.trio4j.benchmarks.NurseryCancelLatency;
import org.trio4j.benchmarks.report.Measurement;
import org.trio4j.benchmarks.report.MeasurementFile;

/**
 * Runs the {@link Scenario}s that {@code benchmarks/run} adds to the JMH benchmarks, and writes
 * their measurements for the report.
 *
 * {@snippet lang = "shell" :
 * java -cp benchmarks/target/benchmarks.jar org.trio4j.benchmarks.scenarios.Scenarios \
 *     --effort quick --out benchmarks/target/scenario-result.json [REGEX...]
 * java -cp benchmarks/target/benchmarks.jar org.trio4j.benchmarks.scenarios.Scenarios --list
 * }
 *
 * <p>As with JMH's include patterns, a scenario runs if any REGEX is found in its class's full
 * name, or if no REGEX is given. A scenario that throws is reported on standard error and the
 * others still run; the exit status is then 1.
 */
public final class Scenarios {
  /** Every scenario, in the order they run and appear in the report. */
  public static final List<Class<? extends Scenario>> ALL =
      List.of(
          NurseryCancelLatency.class,
          IdleTaskMemory.class,
          // The echo load test: one run measures all four; see EchoLoadTest.
          EchoThroughput.class,
          EchoLatencyP50.class,
          EchoLatencyP99.class,
          EchoServerCpu.class);

  private Scenarios() {}

  /**
   * Runs the scenarios.
   *
   * @param args {@code --list} or {@code --effort smoke|quick|full --out FILE}, then any REGEXes
   * @throws Exception if the file cannot be written or a scenario cannot be created
   */
  public static void main(String[] args) throws Exception {
    boolean list = false;
    Effort effort = Effort.QUICK;
    Path out = null;
    List<Pattern> includes = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--list" -> list = true;
        case "--effort" -> effort = Effort.valueOf(value(args, ++i).toUpperCase(Locale.ROOT));
        case "--out" -> out = Path.of(value(args, ++i));
        default -> {
          if (args[i].startsWith("-")) {
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; usage: Scenarios (--list | --effort"
                    + " smoke|quick|full --out FILE) [REGEX...]");
          }
          includes.add(Pattern.compile(args[i]));
        }
      }
    }
    List<Class<? extends Scenario>> selected = select(includes);
    if (list) {
      selected.forEach(c -> System.out.println(c.getName()));
      return;
    }
    if (out == null) {
      throw new IllegalArgumentException("--out FILE is required (or --list)");
    }
    List<Measurement> all = new ArrayList<>();
    boolean failed = false;
    for (Class<? extends Scenario> c : selected) {
      System.err.println("# Scenario: " + c.getName() + " (" + effort + ")");
      long start = System.nanoTime();
      try {
        List<Measurement> ms = c.getConstructor().newInstance().run(effort);
        ms.forEach(m -> System.err.println("  " + m));
        all.addAll(ms);
      } catch (Exception e) {
        failed = true;
        System.err.println("  FAILED: " + e);
        e.printStackTrace();
      }
      System.err.printf(Locale.ROOT, "  (%.1f s)%n", (System.nanoTime() - start) / 1e9);
    }
    MeasurementFile.write(out, all);
    if (failed) {
      System.exit(1);
    }
  }

  /**
   * The registered scenarios whose class name matches any of the patterns (all if none).
   *
   * @param includes the patterns, searched for in the full class name
   * @return the scenarios, in registration order
   */
  public static List<Class<? extends Scenario>> select(List<Pattern> includes) {
    return ALL.stream()
        .filter(
            c ->
                includes.isEmpty()
                    || includes.stream().anyMatch(p -> p.matcher(c.getName()).find()))
        .toList();
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException("missing value after " + args[i - 1]);
    }
    return args[i];
  }
}

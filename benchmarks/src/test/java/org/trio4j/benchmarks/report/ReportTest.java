package org.trio4j.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trio4j.benchmarks.ChannelPairBenchmark;

/** The report generator, on hand-written JMH JSON. */
class ReportTest {
  private static final String SPAWN = "org.trio4j.benchmarks.SpawnJoinBenchmark.";
  private static final String CHECKPOINT = "org.trio4j.benchmarks.CheckpointBenchmark.";

  private static String result(String benchmark, String score, String error, String unit) {
    return """
        {"jmhVersion": "1.37", "benchmark": "%s", "mode": "avgt",
         "jvmArgs": ["--enable-preview", "-Xmx1g"],
         "jdkVersion": "25.0.1", "vmName": "OpenJDK 64-Bit Server VM", "vmVersion": "25.0.1+8",
         "params": %s,
         "primaryMetric": {"score": %s, "scoreError": %s, "scoreUnit": "%s",
                           "scoreConfidence": [0, 0], "rawData": [[1.0, 2.0]],
                           "scorePercentiles": {"0.0": 1.0, "50.0": 1.5, "100.0": 2.0}},
         "secondaryMetrics": {%s}}
        """
        .formatted(
            benchmark,
            benchmark.startsWith(SPAWN) ? "{\"tasks\": \"100000\"}" : "{}",
            score,
            error,
            unit,
            benchmark.endsWith("Nursery")
                ? "\"gc.alloc.rate.norm\": {\"score\": 76742049.8, \"scoreUnit\": \"B/op\"}"
                : "");
  }

  private static String render(String... results) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("Cores", "2");
    return Report.render(
        Result.parseAll("[" + String.join(",", results) + "]"), facts, List.of("Noisy."));
  }

  /** Peer rows show trio4j / peer with the range of the two intervals, and goals get verdicts. */
  @Test
  void ratiosAndVerdicts() {
    String md =
        render(
            result(SPAWN + "trio4jNursery", "120.0", "10.0", "ms/op"),
            result(SPAWN + "trio4jEmptyRun", "45.678", "1.2345", "us/op"),
            result(SPAWN + "virtualThreads", "100.0", "5.0", "ms/op"),
            result(SPAWN + "structuredTaskScope", "200.0", "\"NaN\"", "ms/op"),
            result(CHECKPOINT + "trio4jCheckpoint", "60.0", "20.0", "ns/op"),
            result(CHECKPOINT + "volatileRead", "0.5", "0.01", "ns/op"));
    // 120/100 = 1.20; range 110/105 .. 130/95.
    assertTrue(md.contains("| 100 ± 5 | 1.5 | ms/op | n/a | 1.20× [1.05–1.37] |"), md);
    assertTrue(md.contains("| 200 ± n/a | 1.5 | ms/op | n/a | 0.60× [0.55–0.65] |"), md);
    assertTrue(md.contains("| 45.7 ± 1.23 | 1.5 | us/op | n/a | – |"), md);
    assertTrue(md.contains("| 120 ± 10 | 1.5 | ms/op | 73.2 MiB | 1 |"), md);
    // No allocation column where no row has one.
    assertTrue(md.contains("| 60 ± 20 | 1.5 | ns/op | 1 |"), md);
    assertTrue(md.contains("≤ 1.3× raw virtual threads | 1.20× [1.05–1.37]"), md);
    assertTrue(md.contains("| met (within error) |"), md);
    assertTrue(md.contains("| ≤ `StructuredTaskScope` | 0.60× [0.55–0.65]"), md);
    assertTrue(md.contains("| ≤ 50 ns | 60 ± 20 ns/op | missed (within error) |"), md);
    assertTrue(md.contains("- **Cores**: 2"), md);
    assertTrue(md.contains("- **JDK**: 25.0.1 (OpenJDK 64-Bit Server VM 25.0.1+8)"), md);
    assertTrue(md.contains("`--enable-preview -Xmx1g`"), md);
    assertTrue(md.contains("\nNoisy.\n"), md);
    // The subject comes first, the parts next, the peers last.
    assertTrue(md.indexOf("`trio4jNursery`") < md.indexOf("`trio4jEmptyRun`"), md);
    assertTrue(md.indexOf("`trio4jEmptyRun`") < md.indexOf("`structuredTaskScope`)"), md);
  }

  /** A goal whose benchmarks did not run says so instead of inventing a verdict. */
  @Test
  void goalsOfBenchmarksNotRun() {
    String md = render(result(SPAWN + "trio4jNursery", "120.0", "10.0", "ms/op"));
    assertTrue(md.contains("| ≤ 1.3× raw virtual threads | peer not run | – |"), md);
  }

  /** A verdict is certain only when the whole interval is on one side of the bound. */
  @Test
  void verdicts() {
    assertEquals("met", Report.verdict(new double[] {1.0, 0.9, 1.1}, 1.3));
    assertEquals("met (within error)", Report.verdict(new double[] {1.2, 1.1, 1.4}, 1.3));
    assertEquals("missed (within error)", Report.verdict(new double[] {1.4, 1.2, 1.6}, 1.3));
    assertEquals("missed", Report.verdict(new double[] {1.5, 1.4, 1.6}, 1.3));
  }

  /** Scores keep three significant digits and never use an exponent; bytes get a prefix. */
  @Test
  void significantDigits() {
    assertEquals("732 KiB", Report.formatBytes(749_568));
    assertEquals("12 B", Report.formatBytes(12));
    assertEquals("0.00123", Report.significant(0.0012345));
    assertEquals("12.3", Report.significant(12.345));
    assertEquals("123000", Report.significant(123456.7));
    assertEquals("100", Report.significant(100.0));
  }

  /** The JSON reader handles nesting, escapes, literals and numbers, and rejects garbage. */
  @Test
  void json() {
    Object v = Json.parse(" {\"a\": [1, -2.5e3, true, false, null], \"b\\\"\\u00e9\": {}} ");
    Map<?, ?> m = (Map<?, ?>) v;
    assertEquals(java.util.Arrays.asList(1.0, -2500.0, true, false, null), m.get("a"));
    assertEquals(Map.of(), m.get("b\"é"));
    assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2"));
    assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\" 1}"));
    assertThrows(IllegalArgumentException.class, () -> Json.parse("[1] x"));
  }

  /**
   * A measurement file reads back as results with the mean as score, JMH's 99.9% interval as error
   * and the median of the samples, and its table is marked as a scenario.
   */
  @Test
  void measurementFilesReadBackAsResults() {
    String spawn = "org.trio4j.benchmarks.SpawnJoinBenchmark";
    Measurement subject =
        new Measurement(
                spawn, "trio4jNursery", Map.of(), "ms/op", new double[] {1, 2, 3, 10}, Double.NaN)
            .withParam("tasks", "100000")
            .withAllocatedPerOp(2048);
    Measurement peer =
        Measurement.of(
                org.trio4j.benchmarks.SpawnJoinBenchmark.class, "virtualThreads", "ms/op", 2.0)
            .withParam("tasks", "100000");
    List<Result> results = Result.parseAll(MeasurementFile.toJson(List.of(subject, peer)));
    Result s = results.get(0);
    assertEquals(spawn, s.className());
    assertEquals("trio4jNursery", s.method());
    assertEquals("scenario", s.mode());
    assertEquals(Map.of("tasks", "100000"), s.params());
    assertEquals(4.0, s.score(), 1e-12);
    assertEquals(2.5, s.median(), 1e-12);
    assertEquals("ms/op", s.unit());
    assertEquals(2048.0, s.allocatedPerOp(), 0);
    // 99.9% two-sided Student t with 3 degrees of freedom is 12.924; sd of {1,2,3,10} is 4.0825.
    assertEquals(12.924 * 4.0825 / 2, s.error(), 0.01);
    Result p = results.get(1);
    assertTrue(Double.isNaN(p.error()), "one sample has no interval");
    assertTrue(Double.isNaN(p.allocatedPerOp()));
    String md = Report.render(results, Map.of(), List.of());
    assertTrue(md.contains("*Scenario* (not JMH)"), md);
    assertTrue(md.contains("| 2 ± n/a | 2 | ms/op | n/a | 2.00×"), md);
  }

  /** A measurement refuses to be empty or to hold a sample that is not a number. */
  @Test
  void measurementsCheckTheirSamples() {
    assertThrows(
        IllegalArgumentException.class, () -> Measurement.of(ReportTest.class, "x", "ms/op"));
    assertThrows(
        IllegalArgumentException.class,
        () -> Measurement.of(ReportTest.class, "x", "ms/op", 1, Double.NaN));
  }

  /** A goal is judged once per parameter set, each subject against the peer with its params. */
  @Test
  void goalsPerParameterSet() {
    String pair = "org.trio4j.benchmarks.ChannelPairBenchmark";
    List<Measurement> ms = new ArrayList<>();
    for (String cap : List.of("0", "16")) {
      double trio = cap.equals("0") ? 200 : 100;
      ms.add(
          Measurement.of(ChannelPairBenchmark.class, "trio4j", "ns/op", trio)
              .withParam("capacity", cap));
      ms.add(
          Measurement.of(ChannelPairBenchmark.class, "kotlin", "ns/op", 150)
              .withParam("capacity", cap));
      ms.add(
          Measurement.of(ChannelPairBenchmark.class, "jox", "ns/op", 1000)
              .withParam("capacity", cap));
    }
    String md = Report.render(Result.parseAll(MeasurementFile.toJson(ms)), Map.of(), List.of());
    assertTrue(md.contains("(capacity=0) | 1.33× | missed |"), md);
    assertTrue(md.contains("(capacity=16) | 0.67× | met |"), md);
    assertTrue(md.contains(pair), md);
  }
}

package org.trio4j.benchmarks.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trio4j.benchmarks.EchoLoadResult;
import org.trio4j.benchmarks.report.Measurement;

/** How the echo load test sizes its runs and turns the client's results into report rows. */
class EchoLoadTestPlanTest {
  /** Smoke is small and short (CI); quick and full use the 1,000 connections. */
  @Test
  void plansFollowTheEffort() {
    EchoLoadTest.Plan smoke = EchoLoadTest.plan(Effort.SMOKE);
    assertEquals(1, smoke.runs());
    assertTrue(smoke.connections() <= 10);
    assertTrue(smoke.warmupMillis() + smoke.measureMillis() <= 1_000);
    assertEquals(1_000, EchoLoadTest.plan(Effort.QUICK).connections());
    assertEquals(1_000, EchoLoadTest.plan(Effort.FULL).connections());
    assertTrue(EchoLoadTest.plan(Effort.FULL).runs() > EchoLoadTest.plan(Effort.QUICK).runs());
  }

  /**
   * Each server that ran becomes one row of the scenario's table, named by its method, with one
   * sample per run in run order and the connection count as a parameter.
   */
  @Test
  void resultsBecomeOneRowPerServer() {
    Map<EchoLoadTest.Server, List<EchoLoadTest.Sample>> byServer = new LinkedHashMap<>();
    byServer.put(
        EchoLoadTest.Server.TRIO4J,
        List.of(sample(400_000, 4_000, 9_000, 0.5), sample(500_000, 5_000, 8_000, 0.25)));
    byServer.put(
        EchoLoadTest.Server.NETTY,
        List.of(sample(1_000_000, 2_000, 3_000, 1), sample(800_000, 2_500, 3_500, 0.5)));
    byServer.put(
        EchoLoadTest.Server.PYTHON_TRIO,
        List.of(sample(10_000, 9_000, 9_000, Double.NaN), sample(20_000, 9_000, 9_000, 1)));
    EchoLoadTest.Results results =
        new EchoLoadTest.Results(EchoLoadTest.plan(Effort.QUICK), byServer);

    List<Measurement> ms =
        results.measurements(EchoThroughput.class, "µs/op", s -> s.client().microsPerRoundTrip());
    assertEquals(
        List.of(
            Measurement.of(EchoThroughput.class, "trio4j", "µs/op", 5.0, 4.0)
                .withParam("connections", "1000"),
            Measurement.of(EchoThroughput.class, "netty", "µs/op", 2.0, 2.5)
                .withParam("connections", "1000")),
        ms.subList(0, 2));
    assertEquals(
        Measurement.of(EchoThroughput.class, "pythonTrio", "µs/op", 200.0, 100.0)
            .withParam("connections", "1000"),
        ms.get(2));
    List<Measurement> p99 =
        results.measurements(EchoLatencyP99.class, "µs", s -> s.client().p99Micros());
    assertEquals(List.of(9_000.0, 8_000.0), boxed(p99.get(0).samples()));
    assertEquals("netty", p99.get(1).method());
  }

  /**
   * Server CPU per round trip is the server's share of its core times the time per round trip; a
   * server whose CPU time could not be read in some run has no row rather than a made-up one.
   */
  @Test
  void serverCpuPerRoundTripAndUnknownReadings() {
    Map<EchoLoadTest.Server, List<EchoLoadTest.Sample>> byServer = new LinkedHashMap<>();
    byServer.put(EchoLoadTest.Server.TRIO4J, List.of(sample(400_000, 1, 1, 0.5)));
    byServer.put(EchoLoadTest.Server.PYTHON_TRIO, List.of(sample(10_000, 1, 1, Double.NaN)));
    List<Measurement> ms =
        new EchoLoadTest.Results(EchoLoadTest.plan(Effort.QUICK), byServer)
            .measurements(
                EchoServerCpu.class, "µs/op", EchoLoadTest.Sample::serverCpuMicrosPerRoundTrip);
    assertEquals(
        List.of(
            Measurement.of(EchoServerCpu.class, "trio4j", "µs/op", 2.5)
                .withParam("connections", "1000")),
        ms);
  }

  private static EchoLoadTest.Sample sample(
      long roundTripsIn2s, double p50, double p99, double serverCpu) {
    return new EchoLoadTest.Sample(
        new EchoLoadResult(1_000, roundTripsIn2s, 2.0, p50, p99, p99, p99, 0.5), serverCpu);
  }

  private static List<Double> boxed(double[] xs) {
    return java.util.Arrays.stream(xs).boxed().toList();
  }
}

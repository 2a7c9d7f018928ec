package org.trio4j.benchmarks.scenarios;

import org.trio4j.benchmarks.report.Comparison;
import org.trio4j.benchmarks.report.Goal;

/**
 * The echo load test's throughput: one of four tables of {@link EchoLoadTest}, which runs once for
 * all four. Each sample is time per round trip, 10⁶ / (round trips per second), so lower is better.
 */
@Comparison(
    title = "Echo over loopback: throughput (time per round trip)",
    subject = "trio4j",
    notes =
        "Each sample is time per round trip, 10⁶ / (round trips per second), so lower is better. "
            + EchoLoadTest.SETUP)
@Goal(text = "throughput ≥ 1.0× Netty (time per round trip ≤ 1.0×)", peer = "netty", maxRatio = 1.0)
@Goal(
    text = "first milestone: throughput ≥ 1.0× plain virtual threads",
    peer = "virtualThreads",
    maxRatio = 1.0)
public final class EchoThroughput extends EchoTable {
  /** Creates the scenario (the runner does). */
  public EchoThroughput() {
    super("µs/op", s -> s.client().microsPerRoundTrip());
  }
}

package org.trio4j.benchmarks.scenarios;

import org.trio4j.benchmarks.report.Comparison;
import org.trio4j.benchmarks.report.Goal;

/**
 * The echo load test's 99th percentile latency: one of four tables of {@link EchoLoadTest}, which
 * runs once for all four. Each sample is the 99th percentile of the round-trip latency of the run.
 */
@Comparison(
    title = "Echo over loopback: 99th percentile round-trip latency",
    subject = "trio4j",
    notes =
        "Each sample is the 99th percentile of the round-trip latency of the run. "
            + EchoLoadTest.SETUP)
@Goal(text = "p99 latency ≤ 1.0× Netty", peer = "netty", maxRatio = 1.0)
public final class EchoLatencyP99 extends EchoTable {
  /** Creates the scenario (the runner does). */
  public EchoLatencyP99() {
    super("µs", s -> s.client().p99Micros());
  }
}

package org.trio4j.benchmarks.scenarios;

import java.util.List;
import org.trio4j.benchmarks.report.Comparison;
import org.trio4j.benchmarks.report.Goal;
import org.trio4j.benchmarks.report.Measurement;
import org.trio4j.benchmarks.report.Role;
import org.trio4j.benchmarks.report.Row;

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
public final class EchoLatencyP99 implements Scenario {
  /** Creates the scenario (the runner does). */
  public EchoLatencyP99() {}

  @Override
  public List<Measurement> run(Effort effort) throws Exception {
    return EchoLoadTest.results(effort)
        .measurements(EchoLatencyP99.class, "µs", s -> s.client().p99Micros());
  }

  /** The trio4j server's row (the report reads its label). */
  @Row(role = Role.SUBJECT, label = EchoLoadTest.TRIO4J)
  public void trio4j() {}

  /** The plain virtual-thread server's row. */
  @Row(role = Role.PEER, label = EchoLoadTest.VIRTUAL_THREADS)
  public void virtualThreads() {}

  /** Netty's row. */
  @Row(role = Role.PEER, label = EchoLoadTest.NETTY)
  public void netty() {}

  /** Python Trio's row. */
  @Row(role = Role.PEER, label = EchoLoadTest.PYTHON_TRIO)
  public void pythonTrio() {}
}

package org.trio4j.benchmarks.scenarios;

import java.util.List;
import org.trio4j.benchmarks.report.Comparison;
import org.trio4j.benchmarks.report.Goal;
import org.trio4j.benchmarks.report.Measurement;
import org.trio4j.benchmarks.report.Role;
import org.trio4j.benchmarks.report.Row;

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
public final class EchoThroughput implements Scenario {
  /** Creates the scenario (the runner does). */
  public EchoThroughput() {}

  @Override
  public List<Measurement> run(Effort effort) throws Exception {
    return EchoLoadTest.results(effort)
        .measurements(EchoThroughput.class, "µs/op", s -> s.client().microsPerRoundTrip());
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

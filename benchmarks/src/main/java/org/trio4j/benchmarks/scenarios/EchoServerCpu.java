package org.trio4j.benchmarks.scenarios;

import java.util.List;
import org.trio4j.benchmarks.report.Comparison;
import org.trio4j.benchmarks.report.Measurement;
import org.trio4j.benchmarks.report.Role;
import org.trio4j.benchmarks.report.Row;

/**
 * The echo load test's server CPU time per round trip: one of four tables of {@link EchoLoadTest},
 * which runs once for all four. Each sample is the server process's CPU time (user and system, all
 * threads, from {@code /proc}) over the measured period, divided by the round trips in it.
 *
 * <p>On a machine shared with other work the server gets only part of its core, and throughput
 * measures that share as much as the server; this table does not depend on it. It leaves out kernel
 * work not charged to the server process (part of the loopback's softirq processing).
 */
@Comparison(
    title = "Echo over loopback: server CPU time per round trip",
    subject = "trio4j",
    notes =
        "Each sample is the server process's CPU time (user + system, all its threads, read from"
            + " `/proc/PID/stat`) over the measured period divided by the round trips in it: what"
            + " a round trip costs the server whatever share of its core it got, so the most"
            + " telling table on a shared machine. Kernel work not charged to the server process"
            + " (some of the loopback's softirq processing) is left out. Linux only. "
            + EchoLoadTest.SETUP)
public final class EchoServerCpu implements Scenario {
  /** Creates the scenario (the runner does). */
  public EchoServerCpu() {}

  @Override
  public List<Measurement> run(Effort effort) throws Exception {
    return EchoLoadTest.results(effort)
        .measurements(
            EchoServerCpu.class, "µs/op", EchoLoadTest.Sample::serverCpuMicrosPerRoundTrip);
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

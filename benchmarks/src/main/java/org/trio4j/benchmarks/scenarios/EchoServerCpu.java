package org.trio4j.benchmarks.scenarios;

import org.trio4j.benchmarks.report.Comparison;

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
public final class EchoServerCpu extends EchoTable {
  /** Creates the scenario (the runner does). */
  public EchoServerCpu() {
    super("µs/op", EchoLoadTest.Sample::serverCpuMicrosPerRoundTrip);
  }
}

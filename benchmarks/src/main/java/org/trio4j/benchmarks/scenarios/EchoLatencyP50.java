package org.trio4j.benchmarks.scenarios;

import org.trio4j.benchmarks.report.Comparison;

/**
 * The echo load test's median latency: one of four tables of {@link EchoLoadTest}, which runs once
 * for all four. Each sample is the median round-trip latency of the run.
 */
@Comparison(
    title = "Echo over loopback: median round-trip latency",
    subject = "trio4j",
    notes = "Each sample is the median round-trip latency of the run. " + EchoLoadTest.SETUP)
public final class EchoLatencyP50 extends EchoTable {
  /** Creates the scenario (the runner does). */
  public EchoLatencyP50() {
    super("µs", s -> s.client().p50Micros());
  }
}

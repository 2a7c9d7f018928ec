package org.trio4j.benchmarks.scenarios;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.trio4j.benchmarks.report.Measurement;
import org.trio4j.benchmarks.report.Role;
import org.trio4j.benchmarks.report.Row;

/**
 * One table of the echo load test: the same four servers' rows, one metric of {@link
 * EchoLoadTest}'s samples. Subclasses carry the table's {@code @Comparison} and goals and choose
 * the metric; the load test runs once for all of them.
 *
 * {@snippet :
 * @Comparison(title = "Echo over loopback: 99th percentile", subject = "trio4j")
 * public final class EchoLatencyP99 extends EchoTable {
 *   public EchoLatencyP99() {
 *     super("µs", s -> s.client().p99Micros());
 *   }
 * }
 * }
 */
public abstract class EchoTable implements Scenario {
  private final String unit;
  private final ToDoubleFunction<EchoLoadTest.Sample> metric;

  /**
   * Declares the table's metric.
   *
   * @param unit the metric's unit (lower is better)
   * @param metric what each run's sample contributes
   */
  protected EchoTable(String unit, ToDoubleFunction<EchoLoadTest.Sample> metric) {
    this.unit = unit;
    this.metric = metric;
  }

  @Override
  public final List<Measurement> run(Effort effort) throws Exception {
    return EchoLoadTest.results(effort).measurements(getClass(), unit, metric);
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

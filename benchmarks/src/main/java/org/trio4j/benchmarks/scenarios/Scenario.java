package org.trio4j.benchmarks.scenarios;

import java.util.List;
import org.trio4j.benchmarks.report.Measurement;

/**
 * A measurement that JMH cannot make well (a load test with its own client process, the heap after
 * a GC): {@link Scenarios} runs each registered one after the JMH benchmarks and the report shows
 * its {@link Measurement}s beside them.
 *
 * {@snippet :
 * @Comparison(title = "Memory per idle task", subject = "trio4jEvent")
 * public final class IdleTaskMemory implements Scenario {
 *   @Row(role = Role.SUBJECT, label = "trio4j: a task parked on an Event")
 *   public void trio4jEvent() {} // labels only: the report reads the annotations
 *
 *   public List<Measurement> run(Effort effort) throws Exception { ... }
 * }
 * }
 *
 * <p>Implementations have a public no-argument constructor. As for JMH classes, the class carries
 * {@code @Comparison} and {@code @Goal}s, and each row's public method (which may do nothing) its
 * {@code @Row}. A scenario bounds its own count and time, binds to loopback only, and leaves no
 * process or thread behind when it returns or throws.
 */
public interface Scenario {
  /**
   * Measures.
   *
   * @param effort how many runs and how large
   * @return one measurement per row, each with one sample per run
   * @throws Exception if the measurement failed (the runner reports it and goes on)
   */
  List<Measurement> run(Effort effort) throws Exception;
}

package org.trio4j.benchmarks.report;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Labels a benchmark method for the report: what it measures, and its {@link Role}.
 *
 * {@snippet :
 * @Benchmark
 * @Row(role = Role.PEER, label = "raw virtual threads")
 * public void virtualThreads() { ... }
 * }
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Row {
  /**
   * The row's label in the table (Markdown).
   *
   * @return the label
   */
  String label();

  /**
   * Whether the row is trio4j, a part of trio4j's cost, or a peer.
   *
   * @return the role
   */
  Role role();
}

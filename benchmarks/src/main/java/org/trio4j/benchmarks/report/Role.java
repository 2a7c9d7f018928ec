package org.trio4j.benchmarks.report;

/** What a benchmark row is to its table; see {@link Row}. */
public enum Role {
  /** The trio4j benchmark the peers are compared with ({@link Comparison#subject()}). */
  SUBJECT,
  /** A component of trio4j's cost, shown to explain the subject's score; no ratio. */
  PART,
  /** A peer: the row shows the ratio subject / peer. */
  PEER
}

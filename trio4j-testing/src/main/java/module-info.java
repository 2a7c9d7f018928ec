/**
 * Testing tools for code built on trio4j: a virtual clock that jumps, a JUnit 5 extension that runs
 * each test inside a run (under many seeds with {@code @TrioFuzz}), a sequencer, checkpoint
 * assertions, in-memory streams, the stream conformance kit, and a trace recorder with a timeline
 * renderer ({@code org.trio4j.testing.trace}).
 */
module org.trio4j.testing {
  requires transitive org.trio4j;
  requires transitive org.junit.jupiter.api;

  exports org.trio4j.testing;
  exports org.trio4j.testing.trace;
}

/**
 * Testing tools for code built on trio4j: a virtual clock that jumps, a JUnit 5 extension that runs
 * each test inside a run (under many seeds with {@code @TrioFuzz}), a trace recorder and timeline
 * renderer ({@code org.trio4j.testing.trace}), and (later) stream conformance kits.
 */
module org.trio4j.testing {
  requires transitive org.trio4j;
  requires transitive org.junit.jupiter.api;

  exports org.trio4j.testing;
  exports org.trio4j.testing.trace;
}

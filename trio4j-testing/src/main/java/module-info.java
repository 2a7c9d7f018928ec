/**
 * Testing tools for code built on trio4j: a virtual clock that jumps, a JUnit 5 extension that runs
 * each test inside a run, a sequencer, checkpoint assertions, in-memory streams, and the stream
 * conformance kit.
 */
module org.trio4j.testing {
  requires transitive org.trio4j;
  requires transitive org.junit.jupiter.api;

  exports org.trio4j.testing;
}

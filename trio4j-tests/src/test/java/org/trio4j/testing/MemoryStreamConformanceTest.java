package org.trio4j.testing;

/**
 * The stream conformance kit run against the memory and lockstep streams (Trio's
 * test_memory_streams_with_generic_tests and test_lockstep_streams_with_generic_tests).
 */
class MemoryStreamConformanceTest {

  /** A memory one-way pair passes every one-way check, the clogged ones included. */
  @TrioTest
  void memoryOneWayPairPassesTheOneWayChecks() {
    StreamChecks.checkOneWayStream(MemoryStreams::oneWayPair, CloggedMemoryStreams::oneWayPair);
  }

  /** A memory pair passes every half-closeable check (it has no clogged form, as in Trio). */
  @TrioTest
  void memoryPairPassesTheHalfCloseableChecks() {
    StreamChecks.checkHalfCloseableStream(MemoryStreams::pair, null);
  }

  /** A lockstep one-way pair passes every one-way check, with itself as the clogged maker. */
  @TrioTest
  void lockstepOneWayPairPassesTheOneWayChecks() {
    StreamChecks.checkOneWayStream(
        MemoryStreams::lockstepOneWayPair, MemoryStreams::lockstepOneWayPair);
  }

  /** A lockstep pair passes every two-way check, with itself as the clogged maker. */
  @TrioTest
  void lockstepPairPassesTheTwoWayChecks() {
    StreamChecks.checkTwoWayStream(MemoryStreams::lockstepPair, MemoryStreams::lockstepPair);
  }

  /** A lockstep pair also passes the half-closeable checks that need no clogged maker. */
  @TrioTest
  void lockstepPairPassesTheHalfCloseableChecks() {
    HalfCloseableStreamChecks<?, ?> checks =
        new HalfCloseableStreamChecks<>(MemoryStreams::lockstepPair, null);
    checks.checkBothAreHalfCloseable();
    checks.checkSendEof();
    checks.checkSendingAfterEofFails();
    checks.checkTheOtherDirectionWorksAfterEof();
  }
}

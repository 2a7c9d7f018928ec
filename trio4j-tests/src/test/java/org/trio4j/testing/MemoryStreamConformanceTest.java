package org.trio4j.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.trio4j.Trio;

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

  /**
   * The kit also runs in a plain Trio.run on the real clock, as a user's own test might call it,
   * and takes little real time there.
   */
  @Test
  void theKitRunsInAPlainRunOnTheRealClock() {
    long start = System.nanoTime();
    Trio.run(
        () -> {
          StreamChecks.checkHalfCloseableStream(MemoryStreams::pair, null);
          StreamChecks.checkOneWayStream(
              MemoryStreams::lockstepOneWayPair, MemoryStreams::lockstepOneWayPair);
          return null;
        });
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 5_000, "took " + millis + " ms");
  }
}

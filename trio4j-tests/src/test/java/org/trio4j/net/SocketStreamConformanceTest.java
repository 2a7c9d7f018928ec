package org.trio4j.net;

import org.trio4j.testing.HalfCloseableStreamChecks;
import org.trio4j.testing.StreamPair;
import org.trio4j.testing.TrioTest;

/**
 * SocketStream through the stream conformance kit (StreamChecks.checkHalfCloseableStream, split
 * into its four parts to keep each test short), with a clogged maker that fills both kernel buffers
 * (Trio's test_SocketStream_generic).
 *
 * <p>The real clock: the clogged maker waits out TCP's delayed ACK (SocketStreamPair) and real data
 * is in flight during the checks, so an autojumping clock gains nothing here.
 */
class SocketStreamConformanceTest {
  private static StreamPair<SocketStream, SocketStream> pair() throws Exception {
    SocketStreamPair p = SocketStreamPair.open();
    return new StreamPair<>(p.a, p.b);
  }

  private static StreamPair<SocketStream, SocketStream> clogged() throws Exception {
    SocketStreamPair p = SocketStreamPair.settledClogged();
    return new StreamPair<>(p.a, p.b);
  }

  private static HalfCloseableStreamChecks<SocketStream, SocketStream> checks() {
    return new HalfCloseableStreamChecks<>(
        SocketStreamConformanceTest::pair, SocketStreamConformanceTest::clogged);
  }

  /** Every one-way check passes with data flowing from the first stream to the second. */
  @TrioTest(clock = TrioTest.ClockKind.REAL)
  void oneWayChecks() {
    checks().twoWayChecks().oneWayChecks().runAll();
  }

  /** Every one-way check passes with data flowing from the second stream to the first. */
  @TrioTest(clock = TrioTest.ClockKind.REAL)
  void reversedOneWayChecks() {
    checks().twoWayChecks().reversedOneWayChecks().runAll();
  }

  /** The two-way checks pass: both are streams, full duplex works, close gives the peer the end. */
  @TrioTest(clock = TrioTest.ClockKind.REAL)
  void twoWayChecks() {
    var twoWay = checks().twoWayChecks();
    twoWay.checkBothAreStreams();
    twoWay.checkFullDuplex();
    twoWay.checkClosingGivesThePeerTheEnd();
  }

  /** The half-closeable checks pass: sendEof, sending after it, and its conflicts. */
  @TrioTest(clock = TrioTest.ClockKind.REAL)
  void halfCloseableChecks() {
    var checks = checks();
    checks.checkBothAreHalfCloseable();
    checks.checkSendEof();
    checks.checkSendingAfterEofFails();
    checks.checkTheOtherDirectionWorksAfterEof();
    checks.checkSendEofConflictsWithSending();
  }
}

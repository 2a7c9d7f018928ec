package org.trio4j.tls;

import org.junit.jupiter.api.BeforeAll;
import org.trio4j.testing.MemoryStreams;
import org.trio4j.testing.StreamChecks;
import org.trio4j.testing.StreamPair;
import org.trio4j.testing.TrioTest;

class SslStreamConformanceTest {
  @BeforeAll
  static void certificates() {
    TlsFixtures.load();
  }

  /**
   * SslStream over memory streams passes the two-way stream conformance kit, with lockstep streams
   * as the clogged transport (Trio's test_SSLStream_generic). The pairs start fresh and handshake
   * lazily inside the checks, as the first send, receive or graceful close needs it; only the
   * clogged pairs handshake first (below).
   */
  @TrioTest
  void passesTheTwoWayStreamChecks() {
    check(SslOptions.defaults());
  }

  /**
   * The same with both ends HTTPS-compatible (no close_notify sent or expected, so close() needs no
   * handshake).
   */
  @TrioTest
  void passesTheTwoWayStreamChecksWhenHttpsCompatible() {
    check(SslOptions.builder().httpsCompatible(true).build());
  }

  private static void check(SslOptions options) {
    StreamChecks.checkTwoWayStream(
        () -> {
          SslStream[] p = TlsFixtures.memoryPair(options, options);
          return new StreamPair<>(p[0], p[1]);
        },
        () -> {
          var t = MemoryStreams.lockstepPair();
          SslStream[] p = TlsFixtures.wrap(t.left(), t.right(), options, options);
          // Handshake first: otherwise a receive meant to unclog the peer would itself start the
          // handshake by sending, and get stuck (as in Trio).
          SslStreamBasicsTest.handshake(p);
          return new StreamPair<>(p[0], p[1]);
        });
  }
}

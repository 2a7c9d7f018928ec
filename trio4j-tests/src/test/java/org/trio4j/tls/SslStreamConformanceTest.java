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
   * as the clogged transport (Trio's test_SSLStream_generic). The pairs have done their handshake:
   * the kit's check 9 closes one end of a fresh pair while the other end does nothing, and a
   * graceful close must handshake first (so that the peer sees a clean end), which needs a peer
   * that takes part. Trio's own check 9 closes the send side only after the pair was used.
   */
  @TrioTest
  void passesTheTwoWayStreamChecks() {
    check(SslOptions.defaults(), true);
  }

  /**
   * The same with both ends HTTPS-compatible (no close_notify sent or expected), where close()
   * needs no handshake, so the pairs start fresh and handshake lazily inside the checks.
   */
  @TrioTest
  void passesTheTwoWayStreamChecksWhenHttpsCompatible() {
    check(SslOptions.builder().httpsCompatible(true).build(), false);
  }

  private static void check(SslOptions options, boolean handshakeFirst) {
    StreamChecks.checkTwoWayStream(
        () -> {
          SslStream[] p = TlsFixtures.memoryPair(options, options);
          if (handshakeFirst) {
            SslStreamBasicsTest.handshake(p);
          }
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

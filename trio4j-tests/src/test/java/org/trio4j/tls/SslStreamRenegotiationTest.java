package org.trio4j.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.BeforeAll;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.testing.TrioTest;

class SslStreamRenegotiationTest {
  @BeforeAll
  static void certificates() {
    TlsFixtures.load();
  }

  /**
   * TLS 1.2 renegotiation started by the server mid-connection: the server's next send must first
   * read the client's answer (a write that needs a read), and the client's receive must answer the
   * server's request (a read that needs a write); data flows on both ways afterwards (Trio's
   * test_renegotiation_simple, with the JDK's engine in place of PyOpenSSL).
   */
  @TrioTest
  void serverInitiatedRenegotiation() throws Exception {
    AtomicReference<SSLEngine> serverEngine = new AtomicReference<>();
    SslStream[] p = renegotiablePair(serverEngine);
    SslStreamBasicsTest.handshake(p);
    assertEquals("TLSv1.2", p[0].session().getProtocol());
    renegotiate(serverEngine.get());
    Nursery.open(
        n -> {
          n.startSoon(() -> p[1].sendAll(new byte[] {'a'}));
          assertArrayEquals(new byte[] {'a'}, p[0].receiveSome(1));
        });
    assertEquals(HandshakeStatus.NOT_HANDSHAKING, serverEngine.get().getHandshakeStatus());
    p[0].sendAll(new byte[] {'b'});
    assertArrayEquals(new byte[] {'b'}, p[1].receiveSome(1));
    SslStreamBasicsTest.closeBoth(p);
  }

  /**
   * Renegotiations interleaved with concurrent sends and receives on both ends, with random delays
   * before each call, never lose, reorder or corrupt data, and never make two tasks use the
   * transport at once (Trio's test_renegotiation_randomized, smaller).
   */
  @TrioTest
  void renegotiationsDuringFullDuplexTraffic() throws Exception {
    AtomicReference<SSLEngine> serverEngine = new AtomicReference<>();
    SslStream[] p = renegotiablePair(serverEngine);
    SslStreamBasicsTest.handshake(p);
    Random random = new Random(0);
    for (int round = 0; round < 10; round++) {
      renegotiate(serverEngine.get());
      byte[] up = SslStreamBasicsTest.random(1 + random.nextInt(3000), round);
      byte[] down = SslStreamBasicsTest.random(1 + random.nextInt(3000), 100 + round);
      long[] delays = new long[4];
      for (int i = 0; i < 4; i++) {
        delays[i] = random.nextInt(10);
      }
      Nursery.open(
          n -> {
            n.startSoon(() -> delayed(delays[0], () -> p[0].sendAll(up)));
            n.startSoon(() -> delayed(delays[1], () -> p[1].sendAll(down)));
            n.startSoon(() -> delayed(delays[2], () -> expect(p[1], up)));
            n.startSoon(() -> delayed(delays[3], () -> expect(p[0], down)));
          });
      // The renegotiation completed (renegotiate() checks this again before the next one).
      assertEquals(HandshakeStatus.NOT_HANDSHAKING, serverEngine.get().getHandshakeStatus());
    }
    SslStreamBasicsTest.closeBoth(p);
  }

  private static SslStream[] renegotiablePair(AtomicReference<SSLEngine> serverEngine) {
    SslOptions client = SslOptions.builder().configureEngine(TlsFixtures::tls12).build();
    SslOptions server =
        SslOptions.builder()
            .configureEngine(
                e -> {
                  TlsFixtures.tls12(e);
                  serverEngine.set(e);
                })
            .build();
    return TlsFixtures.memoryPair(client, server);
  }

  /** Asks the (idle) server engine for a new handshake: it will send a HelloRequest. */
  private static void renegotiate(SSLEngine engine) throws SSLException {
    assertEquals(HandshakeStatus.NOT_HANDSHAKING, engine.getHandshakeStatus());
    engine.beginHandshake();
    assertEquals(HandshakeStatus.NEED_WRAP, engine.getHandshakeStatus());
  }

  private static void delayed(long millis, org.trio4j.ThrowingRunnable<Exception> body)
      throws Exception {
    Trio.sleep(Duration.ofMillis(millis));
    body.run();
  }

  private static void expect(SslStream s, byte[] expected) {
    byte[] got = new byte[expected.length];
    int n = 0;
    while (n < got.length) {
      byte[] chunk = s.receiveSome(got.length - n);
      if (chunk.length == 0) {
        throw new AssertionError("early end of stream");
      }
      System.arraycopy(chunk, 0, got, n, chunk.length);
      n += chunk.length;
    }
    assertArrayEquals(expected, got);
  }
}

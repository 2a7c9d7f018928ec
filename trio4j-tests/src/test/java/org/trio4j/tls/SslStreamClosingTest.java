package org.trio4j.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.trio4j.BrokenResourceException;
import org.trio4j.ClosedResourceException;
import org.trio4j.Nursery;
import org.trio4j.testing.MemoryStreams;
import org.trio4j.testing.TrioTest;

class SslStreamClosingTest {
  @BeforeAll
  static void certificates() {
    TlsFixtures.load();
  }

  private static final SslOptions HTTPS = SslOptions.builder().httpsCompatible(true).build();

  /**
   * The nice case: the client's close sends close_notify, the server reads the end of stream
   * (twice), closes too, and every later call on a closed stream fails with
   * ClosedResourceException; closing again is fine (Trio's test_closing_nice_case).
   */
  @TrioTest
  void closeNotifyIsSentAndReceived() throws Exception {
    SslStream[] p = TlsFixtures.memoryPair();
    var t = TlsFixtures.memoryTransport(p[0]);
    AtomicInteger closes = TlsFixtures.countCloses(t);
    Nursery.open(
        n -> {
          n.startSoon(p[0]::close);
          assertArrayEquals(new byte[0], p[1].receiveSome(10));
          assertArrayEquals(new byte[0], p[1].receiveSome(10));
          p[1].close();
        });
    assertEquals(1, closes.get());
    assertThrows(ClosedResourceException.class, () -> t.sendAll(new byte[] {1}));
    p[0].close();
    p[0].close();
    assertEquals(1, closes.get());
    assertThrows(ClosedResourceException.class, () -> p[1].sendAll(new byte[] {1}));
    assertThrows(ClosedResourceException.class, () -> p[0].receiveSome(10));
    assertThrows(ClosedResourceException.class, p[0]::doHandshake);
    assertThrows(ClosedResourceException.class, p[0]::waitSendAllMightNotBlock);
  }

  /** Closing before any handshake first handshakes, so the peer still sees a clean end. */
  @TrioTest
  void closeBeforeTheHandshakeGivesACleanEnd() throws Exception {
    SslStream[] p = TlsFixtures.memoryPair();
    Nursery.open(
        n -> {
          n.startSoon(p[0]::close);
          assertArrayEquals(new byte[0], p[1].receiveSome(10));
          p[1].close();
        });
  }

  /**
   * An end of the transport without close_notify is a BrokenResourceException on the other side,
   * caused by the truncation, and sending fails too (Trio's test_ssl_bad_shutdown).
   */
  @TrioTest
  void raggedEofIsBroken() throws Exception {
    SslStream[] p = TlsFixtures.memoryPair();
    SslStreamBasicsTest.handshake(p);
    p[0].closeForcefully();
    BrokenResourceException e =
        assertThrows(BrokenResourceException.class, () -> p[1].receiveSome(10));
    assertTrue(e.getCause().getMessage().contains("without a TLS close_notify"), String.valueOf(e));
    assertThrows(BrokenResourceException.class, () -> p[1].sendAll(new byte[10]));
    p[1].close();
  }

  /**
   * HTTPS-compatible streams send no close_notify and read an end of the transport as the end of
   * the stream, every time (Trio's test_ssl_bad_shutdown_but_its_ok).
   */
  @TrioTest
  void raggedEofIsFineWhenHttpsCompatible() throws Exception {
    SslStream[] p = TlsFixtures.memoryPair(HTTPS, HTTPS);
    SslStreamBasicsTest.handshake(p);
    p[0].closeForcefully();
    assertArrayEquals(new byte[0], p[1].receiveSome(10));
    assertArrayEquals(new byte[0], p[1].receiveSome(10));
    assertThrows(BrokenResourceException.class, () -> p[1].sendAll(new byte[10]));
    p[1].close();
  }

  /**
   * An HTTPS-compatible client closes without close_notify, so a strict server sees a truncated
   * stream (Trio's test_ssl_https_compatibility_disagreement).
   */
  @TrioTest
  void httpsCompatibilityDisagreement() throws Exception {
    SslStream[] p = TlsFixtures.memoryPair(HTTPS, SslOptions.defaults());
    SslStreamBasicsTest.handshake(p);
    Nursery.open(
        n -> {
          n.startSoon(p[0]::close);
          BrokenResourceException e =
              assertThrows(BrokenResourceException.class, () -> p[1].receiveSome(10));
          assertTrue(e.getCause().getMessage().contains("close_notify"), String.valueOf(e));
        });
    p[1].close();
  }

  /**
   * An HTTPS-compatible server whose client goes away before the handshake reads a clean end
   * (Trio's test_https_mode_eof_before_handshake).
   */
  @TrioTest
  void httpsModeEndBeforeTheHandshake() throws Exception {
    SslStream[] p = TlsFixtures.memoryPair(HTTPS, HTTPS);
    Nursery.open(
        n -> {
          n.startSoon(p[0]::close);
          assertArrayEquals(new byte[0], p[1].receiveSome(10));
        });
    p[1].close();
  }

  /**
   * A close that must handshake first, and whose handshake fails, throws the
   * BrokenResourceException and still closes the transport (Trio's
   * test_ssl_handshake_failure_during_aclose).
   */
  @TrioTest
  void handshakeFailureDuringClose() throws Exception {
    var t = MemoryStreams.pair();
    AtomicInteger closes = TlsFixtures.countCloses(t.left());
    SslStream client = SslStream.client(t.left(), TlsFixtures.UNTRUSTING, "localhost");
    SslStream server = SslStream.server(t.right(), TlsFixtures.SERVER);
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                assertThrows(BrokenResourceException.class, server::doHandshake);
                server.close();
              });
          assertThrows(BrokenResourceException.class, client::close);
        });
    assertEquals(1, closes.get());
    assertEquals(SslStream.State.CLOSED, client.state());
  }

  /**
   * If closing the transport fails, close() throws that failure and the transport was closed
   * exactly once (Trio's test_ssl_only_closes_stream_once).
   */
  @TrioTest
  void transportIsClosedOnceEvenIfItsCloseFails() throws Exception {
    var t = MemoryStreams.pair();
    AtomicInteger closes = TlsFixtures.countCloses(t.left());
    SslStream[] p =
        TlsFixtures.wrap(
            new FailingClose(t.left()), t.right(), SslOptions.defaults(), SslOptions.defaults());
    SslStreamBasicsTest.handshake(p);
    IllegalStateException e = assertThrows(IllegalStateException.class, p[0]::close);
    assertEquals("close failed", e.getMessage());
    assertEquals(1, closes.get());
    p[1].close();
  }

  /** A transport whose close() closes it and then throws. */
  private static final class FailingClose implements org.trio4j.stream.Stream {
    private final org.trio4j.stream.Stream inner;

    FailingClose(org.trio4j.stream.Stream inner) {
      this.inner = inner;
    }

    @Override
    public void sendAll(java.nio.ByteBuffer data) {
      inner.sendAll(data);
    }

    @Override
    public void waitSendAllMightNotBlock() {
      inner.waitSendAllMightNotBlock();
    }

    @Override
    public int receiveSome(java.nio.ByteBuffer dst) {
      return inner.receiveSome(dst);
    }

    @Override
    public void close() {
      inner.close();
      throw new IllegalStateException("close failed");
    }
  }
}

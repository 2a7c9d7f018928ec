package org.trio4j.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.trio4j.CancelScope;
import org.trio4j.Nursery;
import org.trio4j.testing.Checkpoints;
import org.trio4j.testing.TrioTest;

class SslStreamBasicsTest {
  @BeforeAll
  static void certificates() {
    TlsFixtures.load();
  }

  /** A client and a server over memory streams handshake on first use and echo data both ways. */
  @TrioTest
  void echoOverMemoryStreams() throws Exception {
    echo(TlsFixtures.memoryPair(), "TLSv1.3");
  }

  /** The same echo works when the client allows TLS 1.2 only. */
  @TrioTest
  void echoOverTls12() throws Exception {
    echo(
        TlsFixtures.memoryPair(
            SslOptions.builder().configureEngine(TlsFixtures::tls12).build(),
            SslOptions.defaults()),
        "TLSv1.2");
  }

  private static void echo(SslStream[] p, String protocol) throws Exception {
    SslStream client = p[0];
    SslStream server = p[1];
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                byte[] got = server.receiveSome(100);
                server.sendAll(got);
                assertArrayEquals(new byte[0], server.receiveSome(100));
                assertArrayEquals(new byte[0], server.receiveSome(100));
                server.close();
              });
          client.sendAll("hello".getBytes(US_ASCII));
          assertEquals("hello", new String(client.receiveSome(100), US_ASCII));
          client.close();
        });
    assertEquals(protocol, client.session().getProtocol());
    assertEquals(protocol, server.session().getProtocol());
    assertFalse(client.isServerSide());
    assertTrue(server.isServerSide());
    assertEquals(Optional.of("localhost"), client.serverHostName());
    assertEquals(Optional.empty(), server.serverHostName());
    assertEquals(SslStream.State.CLOSED, client.state());
    assertEquals(SslStream.State.CLOSED, server.state());
    assertTrue(client.toString().contains("client to localhost, CLOSED"), client.toString());
  }

  /**
   * Before the handshake, session() and negotiatedApplicationProtocol() fail with a message that
   * says to call doHandshake(); after it, the session shows the server's certificate.
   */
  @TrioTest
  void sessionIsVisibleOnlyAfterTheHandshake() throws Exception {
    SslStream[] p = TlsFixtures.memoryPair();
    IllegalStateException e = assertThrows(IllegalStateException.class, p[0]::session);
    assertTrue(e.getMessage().contains("doHandshake()"), e.getMessage());
    assertThrows(IllegalStateException.class, p[1]::negotiatedApplicationProtocol);
    assertFalse(p[0].statistics().handshakeComplete());
    handshake(p);
    assertEquals(TlsFixtures.LOCALHOST.certificate(), p[0].session().getPeerCertificates()[0]);
    assertEquals(Optional.empty(), p[0].negotiatedApplicationProtocol());
    assertEquals(Optional.empty(), p[1].negotiatedApplicationProtocol());
    SslStreamStatistics s = p[0].statistics();
    assertTrue(s.handshakeComplete());
    assertEquals("TLSv1.3", s.protocol());
    closeBoth(p);
  }

  /** ALPN: the server picks a protocol both sides offer, and both see it after the handshake. */
  @TrioTest
  void alpnIsNegotiated() throws Exception {
    SslStream[] p =
        TlsFixtures.memoryPair(
            SslOptions.builder().applicationProtocols("h2", "http/1.1").build(),
            SslOptions.builder().applicationProtocols("http/1.1").build());
    handshake(p);
    assertEquals(Optional.of("http/1.1"), p[0].negotiatedApplicationProtocol());
    assertEquals(Optional.of("http/1.1"), p[1].negotiatedApplicationProtocol());
    closeBoth(p);
  }

  /**
   * Sending an empty buffer after the handshake is a checkpoint that sends nothing: in a cancelled
   * scope it throws Cancelled, and the peer then receives the next real data (Trio's
   * test_send_all_empty_string).
   */
  @TrioTest
  void sendingNothingIsOnlyACheckpoint() throws Exception {
    SslStream[] p = TlsFixtures.memoryPair();
    handshake(p);
    CancelScope scope = new CancelScope();
    scope.cancel();
    scope.run(() -> p[0].sendAll(new byte[0]));
    assertTrue(scope.cancelledCaught());
    p[0].sendAll(ByteBuffer.allocate(0));
    p[0].sendAll("x".getBytes(US_ASCII));
    assertEquals("x", new String(p[1].receiveSome(10), US_ASCII));
    assertEquals(SslStream.State.OK, p[0].state());
    closeBoth(p);
  }

  /**
   * Full duplex: 1 MiB goes each way at once in 32 KiB chunks while two more tasks call
   * doHandshake, and every byte arrives in order (Trio's test_full_duplex_basics).
   */
  @TrioTest
  void fullDuplexWithConcurrentHandshakes() throws Exception {
    SslStream[] p = TlsFixtures.memoryPair();
    byte[] a = random(1 << 20, 1);
    byte[] b = random(1 << 20, 2);
    ByteArrayOutputStream atServer = new ByteArrayOutputStream();
    ByteArrayOutputStream atClient = new ByteArrayOutputStream();
    Nursery.open(
        n -> {
          n.startSoon(() -> sendInChunks(p[0], a));
          n.startSoon(() -> sendInChunks(p[1], b));
          n.startSoon(() -> receiveAll(p[1], atServer, a.length));
          n.startSoon(() -> receiveAll(p[0], atClient, b.length));
          n.startSoon(p[0]::doHandshake);
          n.startSoon(p[0]::doHandshake);
          n.startSoon(p[1]::doHandshake);
        });
    assertArrayEquals(a, atServer.toByteArray());
    assertArrayEquals(b, atClient.toByteArray());
    closeBoth(p);
  }

  /**
   * A no-argument receiveSome asks for 16 KiB at first, and for the largest transport chunk seen
   * once that is larger (Trio's STARTING_RECEIVE_SIZE heuristic).
   */
  @TrioTest
  void defaultReceiveSizeStartsAt16KiBAndGrows() throws Exception {
    SslStream[] p = TlsFixtures.memoryPair();
    assertEquals(16384, p[1].statistics().estimatedReceiveSize());
    byte[] data = random(100_000, 3);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    AtomicInteger biggest = new AtomicInteger();
    Nursery.open(
        n -> {
          n.startSoon(() -> p[0].sendAll(data));
          while (got.size() < data.length) {
            byte[] chunk = p[1].receiveSome();
            biggest.accumulateAndGet(chunk.length, Math::max);
            got.write(chunk);
          }
        });
    assertArrayEquals(data, got.toByteArray());
    int estimate = p[1].statistics().estimatedReceiveSize();
    assertTrue(estimate > 16384, "estimate " + estimate);
    assertTrue(biggest.get() <= estimate, biggest + " > " + estimate);
    closeBoth(p);
  }

  /**
   * Every call is a checkpoint, even when it need not block: a second doHandshake, a receive served
   * from already decrypted data, a close (Trio's test_checkpoints).
   */
  @TrioTest
  void everyCallIsACheckpoint() throws Exception {
    SslStream[] p = TlsFixtures.memoryPair();
    Nursery.open(
        n -> {
          n.startSoon(p[1]::doHandshake);
          Checkpoints.assertCheckpoints(p[0]::doHandshake);
        });
    Checkpoints.assertCheckpoints(p[0]::doHandshake);
    Checkpoints.assertCheckpoints(p[0]::waitSendAllMightNotBlock);
    Checkpoints.assertCheckpoints(() -> p[0].sendAll("xxx".getBytes(US_ASCII)));
    Checkpoints.assertCheckpoints(() -> p[1].receiveSome(1));
    // The other two bytes are decrypted already: no transport read, still checkpoints.
    assertEquals(2, p[1].statistics().bufferedPlaintext());
    Checkpoints.assertCheckpoints(() -> p[1].receiveSome(1));
    Checkpoints.assertCheckpoints(() -> p[1].receiveSome(1));
    Checkpoints.assertCheckpoints(p[0]::close);
    Checkpoints.assertCheckpoints(p[0]::close);
    Checkpoints.assertCheckpoints(p[1]::close);
  }

  /**
   * waitSendAllMightNotBlock waits on the transport's own waitSendAllMightNotBlock (Trio's
   * test_wait_writable_calls_underlying_wait_writable).
   */
  @TrioTest
  void waitSendAllMightNotBlockAsksTheTransport() throws Exception {
    SslStream[] p = TlsFixtures.memoryPair();
    AtomicInteger calls = new AtomicInteger();
    TlsFixtures.memoryTransport(p[0])
        .sendStream()
        .setWaitSendAllMightNotBlockHook(calls::incrementAndGet);
    p[0].waitSendAllMightNotBlock();
    assertEquals(1, calls.get());
    p[0].closeForcefully();
    p[1].closeForcefully();
  }

  /** TLS over TLS over memory streams works (Trio's test_ssl_over_ssl). */
  @TrioTest
  void tlsOverTls() throws Exception {
    SslStream[] inner = TlsFixtures.memoryPair();
    SslStream[] outer =
        TlsFixtures.wrap(inner[0], inner[1], SslOptions.defaults(), SslOptions.defaults());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                assertEquals("hi", new String(outer[1].receiveSome(10), US_ASCII));
                outer[1].sendAll("bye".getBytes(US_ASCII));
              });
          outer[0].sendAll("hi".getBytes(US_ASCII));
          assertEquals("bye", new String(outer[0].receiveSome(10), US_ASCII));
        });
    closeBoth(outer);
    assertEquals(SslStream.State.CLOSED, inner[0].state());
  }

  static void handshake(SslStream[] p) throws Exception {
    Nursery.open(
        n -> {
          n.startSoon(p[0]::doHandshake);
          n.startSoon(p[1]::doHandshake);
        });
  }

  static void closeBoth(SslStream[] p) throws Exception {
    Nursery.open(
        n -> {
          n.startSoon(p[0]::close);
          n.startSoon(p[1]::close);
        });
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static void sendInChunks(SslStream s, byte[] data) {
    for (int off = 0; off < data.length; off += 32768) {
      s.sendAll(data, off, Math.min(32768, data.length - off));
    }
  }

  private static void receiveAll(SslStream s, ByteArrayOutputStream into, int n) {
    while (into.size() < n) {
      byte[] chunk = s.receiveSome(16384);
      if (chunk.length == 0) {
        throw new AssertionError("early end of stream after " + into.size());
      }
      into.writeBytes(chunk);
    }
  }
}

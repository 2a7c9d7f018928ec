package org.trio4j.tls;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.trio4j.stream.StapledStream;
import org.trio4j.stream.Stream;
import org.trio4j.testing.MemoryReceiveStream;
import org.trio4j.testing.MemorySendStream;
import org.trio4j.testing.MemoryStreams;

/**
 * Certificates and contexts shared by the TLS tests (made once: keys and contexts are the slow
 * part), and helpers that wrap transport pairs.
 */
final class TlsFixtures {
  private TlsFixtures() {}

  /** The CA every test server's certificate comes from. */
  static final TestCa CA = TestCa.create("trio4j test CA");

  /** The server certificate: localhost, 127.0.0.1 and ::1. */
  static final TestCa.Issued LOCALHOST = CA.issueCert("localhost", "127.0.0.1", "::1");

  /** Presents {@link #LOCALHOST}. */
  static final SSLContext SERVER = CA.serverContext(LOCALHOST);

  /** Trusts {@link #CA}. */
  static final SSLContext CLIENT = CA.clientContext();

  /** Trusts another CA only. */
  static final SSLContext UNTRUSTING = TestCa.create("some other CA").clientContext();

  /** Presents a certificate for localhost that expired a minute ago. */
  static final SSLContext EXPIRED_SERVER =
      CA.serverContext(CA.issueCert(Instant.now().minus(Duration.ofMinutes(1)), "localhost"));

  /** A client certificate from {@link #CA}. */
  static final TestCa.Issued USER = CA.issueCert("user.example.org");

  /** Trusts {@link #CA} and presents {@link #USER}. */
  static final SSLContext CLIENT_WITH_CERT = CA.clientContext(USER);

  /** The host name the test certificate is for. */
  static final String HOST = "localhost";

  static {
    warmUp();
  }

  /**
   * Makes sure the certificates exist and the JDK's TLS code is warmed up. Call it from a
   * {@code @BeforeAll}: the first call takes seconds (BouncyCastle's signed jars are verified as
   * they load, keys are made, the JDK loads its CA store), which must not happen inside a test's
   * run.
   */
  static void load() {}

  /**
   * Runs one handshake between two bare engines, outside any run, so that the JDK's one-time
   * security set-up (loading its CA store, provider init: over 100 ms) does not happen inside a
   * test, where cooperative mode would report the task as holding the run.
   */
  private static void warmUp() {
    try {
      SSLEngine c = CLIENT.createSSLEngine(HOST, -1);
      c.setUseClientMode(true);
      SSLEngine s = SERVER.createSSLEngine();
      s.setUseClientMode(false);
      c.beginHandshake();
      s.beginHandshake();
      ByteBuffer toServer = ByteBuffer.allocate(1 << 16).flip();
      ByteBuffer toClient = ByteBuffer.allocate(1 << 16).flip();
      for (int i = 0; i < 20; i++) {
        toServer = step(c, toClient, toServer);
        toClient = step(s, toServer, toClient);
      }
    } catch (SSLException e) {
      throw new IllegalStateException("TLS warm-up failed", e);
    }
  }

  /** Drives {@code e}: consumes from {@code in}, appends its output to {@code out} (read mode). */
  private static ByteBuffer step(SSLEngine e, ByteBuffer in, ByteBuffer out) throws SSLException {
    ByteBuffer app = ByteBuffer.allocate(1 << 16);
    ByteBuffer net = ByteBuffer.allocate(1 << 16).put(out);
    while (true) {
      HandshakeStatus hs = e.getHandshakeStatus();
      if (hs == HandshakeStatus.NEED_TASK) {
        e.getDelegatedTask().run();
      } else if (hs == HandshakeStatus.NEED_WRAP) {
        e.wrap(ByteBuffer.allocate(0), net);
      } else if (hs == HandshakeStatus.NEED_UNWRAP && in.hasRemaining()) {
        if (e.unwrap(in, app).bytesConsumed() == 0) {
          break;
        }
      } else {
        break;
      }
    }
    return net.flip();
  }

  /** Restricts an engine to TLS 1.2, where the server's last flight is not delayed. */
  static void tls12(SSLEngine engine) {
    engine.setEnabledProtocols(new String[] {"TLSv1.2"});
  }

  /** Wraps a connected transport pair as client (first) and server (second). */
  static SslStream[] wrap(
      Stream clientSide, Stream serverSide, SslOptions client, SslOptions server) {
    return new SslStream[] {
      SslStream.client(clientSide, CLIENT, HOST, client),
      SslStream.server(serverSide, SERVER, server)
    };
  }

  /** A client and a server over a fresh in-memory transport pair, default options. */
  static SslStream[] memoryPair() {
    return memoryPair(SslOptions.defaults(), SslOptions.defaults());
  }

  /** A client and a server over a fresh in-memory transport pair. */
  static SslStream[] memoryPair(SslOptions client, SslOptions server) {
    var t = MemoryStreams.pair();
    return wrap(t.left(), t.right(), client, server);
  }

  /** The memory transport under a stream of {@link #memoryPair}. */
  @SuppressWarnings("unchecked")
  static StapledStream<MemorySendStream, MemoryReceiveStream> memoryTransport(SslStream s) {
    return (StapledStream<MemorySendStream, MemoryReceiveStream>) s.transportStream();
  }

  /** Counts the closes of a memory transport, through its send side's close hook. */
  static AtomicInteger countCloses(StapledStream<MemorySendStream, MemoryReceiveStream> t) {
    AtomicInteger n = new AtomicInteger();
    Runnable original = t.sendStream().closeHook();
    t.sendStream()
        .setCloseHook(
            () -> {
              n.incrementAndGet();
              original.run();
            });
    return n;
  }

  /** Replaces the send hook of a memory transport with {@code before} followed by the pump. */
  static void beforeEachSend(
      StapledStream<MemorySendStream, MemoryReceiveStream> t, Runnable before) {
    Runnable pump = t.sendStream().sendAllHook();
    t.sendStream()
        .setSendAllHook(
            () -> {
              before.run();
              pump.run();
            });
  }
}

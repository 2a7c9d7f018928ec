package org.trio4j.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.trio4j.BrokenResourceException;
import org.trio4j.BusyResourceException;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.sync.Event;
import org.trio4j.testing.MemoryStreams;
import org.trio4j.testing.TrioTest;

class SslStreamFailureTest {
  @BeforeAll
  static void certificates() {
    TlsFixtures.load();
  }

  /**
   * Two tasks sending at once, or receiving at once, or sending while another waits for the
   * transport: the second fails with BusyResourceException (Trio's test_resource_busy_errors).
   */
  @TrioTest
  void concurrentCallsAreBusy() throws Exception {
    SslStream[] p = TlsFixtures.memoryPair();
    var clientTransport = TlsFixtures.memoryTransport(p[0]);
    SslStreamBasicsTest.handshake(p);
    Event release = new Event();
    Runnable pump = clientTransport.sendStream().sendAllHook();
    TlsFixtures.beforeEachSend(clientTransport, release::await); // the first sender waits
    Nursery.open(
        n -> {
          n.startSoon(() -> p[0].sendAll(new byte[] {1}));
          Lowlevel.waitAllTasksBlocked();
          BusyResourceException e =
              assertThrows(BusyResourceException.class, () -> p[0].sendAll(new byte[] {2}));
          assertTrue(e.getMessage().contains("another task"), e.getMessage());
          assertThrows(BusyResourceException.class, p[0]::waitSendAllMightNotBlock);
          assertTrue(p[0].statistics().sending());
          release.set();
        });
    clientTransport.sendStream().setSendAllHook(pump);
    assertEquals(1, p[1].receiveSome(10).length);
    Nursery.open(
        n -> {
          n.startSoon(() -> assertEquals(3, p[1].receiveSome(10)[0]));
          Lowlevel.waitAllTasksBlocked();
          assertThrows(BusyResourceException.class, () -> p[1].receiveSome(10));
          p[0].sendAll(new byte[] {3}); // unblock the first receiver
        });
    SslStreamBasicsTest.closeBoth(p);
  }

  /**
   * A sendAll cancelled while the transport is sending leaves the stream broken: later calls fail
   * with BrokenResourceException, and close() still closes the transport (DESIGN rule 13, Trio
   * issue 889).
   */
  @TrioTest
  void cancelledSendBreaksTheStream() throws Exception {
    SslStream[] p = TlsFixtures.memoryPair();
    var clientTransport = TlsFixtures.memoryTransport(p[0]);
    SslStreamBasicsTest.handshake(p);
    AtomicInteger closes = TlsFixtures.countCloses(clientTransport);
    clientTransport.sendStream().setSendAllHook(Trio::sleepForever);
    assertFalse(Trio.moveOnAfter(Duration.ofSeconds(1), () -> p[0].sendAll(new byte[100])));
    assertEquals(Duration.ofSeconds(1).toNanos(), Trio.currentTime());
    assertEquals(SslStream.State.BROKEN, p[0].state());
    assertThrows(BrokenResourceException.class, () -> p[0].sendAll(new byte[1]));
    assertThrows(BrokenResourceException.class, p[0]::waitSendAllMightNotBlock);
    assertThrows(BrokenResourceException.class, () -> p[0].receiveSome(1));
    p[0].close();
    assertEquals(1, closes.get());
    p[1].closeForcefully();
  }

  /**
   * A transport send that fails part way lets its exception through unchanged and breaks the
   * stream; close() then closes the transport (Trio's test_send_all_fails_in_the_middle).
   */
  @TrioTest
  void sendFailingInTheMiddle() throws Exception {
    SslStream[] p = TlsFixtures.memoryPair();
    var clientTransport = TlsFixtures.memoryTransport(p[0]);
    SslStreamBasicsTest.handshake(p);
    AtomicInteger closes = TlsFixtures.countCloses(clientTransport);
    IllegalStateException boom = new IllegalStateException("boom");
    clientTransport
        .sendStream()
        .setSendAllHook(
            () -> {
              throw boom;
            });
    assertSame(boom, assertThrows(IllegalStateException.class, () -> p[0].sendAll(new byte[1])));
    assertThrows(BrokenResourceException.class, p[0]::waitSendAllMightNotBlock);
    p[0].close();
    assertEquals(1, closes.get());
    p[1].closeForcefully();
  }

  /**
   * A transport failure during the handshake comes out of doHandshake unchanged, and the stream is
   * broken afterwards (Trio's test_send_error_during_handshake).
   */
  @TrioTest
  void sendErrorDuringTheHandshake() throws Exception {
    SslStream[] p = TlsFixtures.memoryPair();
    var clientTransport = TlsFixtures.memoryTransport(p[0]);
    IllegalStateException boom = new IllegalStateException("boom");
    clientTransport
        .sendStream()
        .setSendAllHook(
            () -> {
              throw boom;
            });
    assertSame(boom, assertThrows(IllegalStateException.class, p[0]::doHandshake));
    assertThrows(BrokenResourceException.class, p[0]::doHandshake);
    p[0].close();
    p[1].closeForcefully();
  }

  /**
   * A transport failure while receiving during the handshake also comes out unchanged and breaks
   * the stream (Trio's test_receive_error_during_handshake).
   */
  @TrioTest
  void receiveErrorDuringTheHandshake() throws Exception {
    SslStream[] p = TlsFixtures.memoryPair();
    IllegalStateException boom = new IllegalStateException("boom");
    TlsFixtures.memoryTransport(p[0])
        .receiveStream()
        .setReceiveSomeHook(
            () -> {
              throw boom;
            });
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                assertSame(boom, assertThrows(IllegalStateException.class, p[0]::doHandshake));
                n.cancelScope().cancel();
              });
          n.startSoon(p[1]::doHandshake);
        });
    assertThrows(BrokenResourceException.class, p[0]::doHandshake);
    p[0].closeForcefully();
    p[1].closeForcefully();
  }

  /**
   * A handshake cancelled while waiting for the peer breaks the stream for good (Trio: receive_some
   * is safe to cancel except during the handshake).
   */
  @TrioTest
  void cancelledHandshakeBreaksTheStream() throws Exception {
    SslStream[] p = TlsFixtures.memoryPair();
    assertFalse(Trio.moveOnAfter(Duration.ofSeconds(2), () -> p[0].receiveSome(10)));
    assertEquals(Duration.ofSeconds(2).toNanos(), Trio.currentTime());
    assertThrows(BrokenResourceException.class, () -> p[0].receiveSome(10));
    p[0].close();
    p[1].closeForcefully();
  }

  /**
   * A receive cancelled after the handshake loses nothing: the data sent later arrives whole and
   * the stream stays usable (DESIGN rule 13).
   */
  @TrioTest
  void cancelledReceiveLosesNothing() throws Exception {
    SslStream[] p = TlsFixtures.memoryPair();
    SslStreamBasicsTest.handshake(p);
    assertFalse(Trio.moveOnAfter(Duration.ofSeconds(1), () -> p[1].receiveSome(10)));
    assertEquals(SslStream.State.OK, p[1].state());
    p[0].sendAll(new byte[] {1, 2, 3});
    assertEquals(3, p[1].receiveSome(10).length);
    SslStreamBasicsTest.closeBoth(p);
  }

  /**
   * Concurrent callers share one handshake: with three tasks asking at once, the client still sends
   * exactly its two handshake flights (TLS 1.3: ClientHello, then Finished).
   */
  @TrioTest
  void concurrentHandshakeCallersShareOneHandshake() throws Exception {
    SslStream[] p = TlsFixtures.memoryPair();
    var clientTransport = TlsFixtures.memoryTransport(p[0]);
    AtomicInteger sends = new AtomicInteger();
    TlsFixtures.beforeEachSend(clientTransport, sends::incrementAndGet);
    Nursery.open(
        n -> {
          for (int i = 0; i < 3; i++) {
            n.startSoon(p[0]::doHandshake);
          }
          n.startSoon(p[1]::doHandshake);
        });
    assertEquals(2, sends.get());
    assertTrue(p[0].statistics().handshakeComplete());
    SslStreamBasicsTest.closeBoth(p);
  }

  /**
   * When a shared handshake fails, every task waiting on it fails too, with BrokenResourceException
   * (Trio would leave them waiting).
   */
  @TrioTest
  void aFailedSharedHandshakeFailsEveryWaiter() throws Exception {
    var t = MemoryStreams.pair();
    SslStream client = SslStream.client(t.left(), TlsFixtures.UNTRUSTING, "localhost");
    SslStream server = SslStream.server(t.right(), TlsFixtures.SERVER);
    AtomicInteger failures = new AtomicInteger();
    Nursery.open(
        n -> {
          for (int i = 0; i < 3; i++) {
            n.startSoon(
                () -> {
                  assertThrows(BrokenResourceException.class, client::doHandshake);
                  failures.incrementAndGet();
                });
          }
          n.startSoon(
              () -> {
                assertThrows(BrokenResourceException.class, server::doHandshake);
                server.close();
              });
          n.startSoon(
              () -> {
                while (failures.get() < 3) {
                  Trio.sleep(Duration.ofMillis(1));
                }
                client.close();
              });
        });
    assertEquals(3, failures.get());
  }
}

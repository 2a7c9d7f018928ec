package org.trio4j.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trio4j.net.SocketStreamPair.bytes;
import static org.trio4j.net.SocketStreamPair.receiveExactly;
import static org.trio4j.net.SocketStreamPair.string;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trio4j.BrokenResourceException;
import org.trio4j.BusyResourceException;
import org.trio4j.CancelScope;
import org.trio4j.ClosedResourceException;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.lowlevel.LoopbackPair;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.testing.TrioTest;

/**
 * SocketStream (Trio's _tests/test_highlevel_socket.py and the rules I1-I6 of TRIO-REFERENCE).
 * Tests with a deadline while real data is in flight use the real clock; the others run on the
 * autojumping clock, which is safe while nothing is in flight.
 */
class SocketStreamTest {
  /**
   * A send that cannot complete while the peer does not receive, even on a "clogged" pair: TCP may
   * still take a few small writes after its delayed ACK (about 40 ms later), see SocketStreamPair.
   */
  private static final int MORE_THAN_BUFFERS = 1 << 20;

  /**
   * TCP_NODELAY is on by default and can be turned off through setOption; the channel and the
   * addresses are reachable (test_SocketStream_basics).
   */
  @TrioTest
  void basicsAndSocketOptions() throws Exception {
    SocketStreamPair p = SocketStreamPair.open();
    try {
      assertTrue(p.a.getOption(StandardSocketOptions.TCP_NODELAY));
      assertSame(p.a, p.a.setOption(StandardSocketOptions.TCP_NODELAY, false));
      assertFalse(p.a.getOption(StandardSocketOptions.TCP_NODELAY));
      assertFalse(p.a.channel().isBlocking());
      assertEquals(p.a.localAddress(), p.b.remoteAddress());
      assertEquals(p.a.remoteAddress(), p.b.localAddress());
      assertEquals(p.a.localAddress(), p.a.channel().getLocalAddress());
      assertTrue(p.a.toString().contains(p.a.localAddress().toString()), p.a.toString());
    } finally {
      p.closeBoth();
    }
  }

  /** The constructor refuses a channel that is not connected, and one that is closed. */
  @Test
  void constructorChecksTheChannel() throws IOException {
    try (SocketChannel unconnected = SocketChannel.open()) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new SocketStream(unconnected));
      assertTrue(e.getMessage().contains("connected"), e.getMessage());
    }
    SocketChannel closed = SocketChannel.open();
    closed.close();
    assertThrows(ClosedResourceException.class, () -> new SocketStream(closed));
  }

  /** Data sent one way arrives whole and in order, and the other way too; EOF reads as -1. */
  @TrioTest
  void sendAndReceiveBothWays() throws Exception {
    SocketStreamPair p = SocketStreamPair.open();
    try {
      p.a.sendAll(bytes("hello"));
      assertEquals("hello", receiveExactly(p.b, 5));
      p.b.sendAll(bytes("world"));
      assertEquals("world", receiveExactly(p.a, 5));
      p.a.sendEof();
      assertEquals(-1, p.b.receiveSome(ByteBuffer.allocate(10)));
      assertArrayEquals(new byte[0], p.b.receiveSome());
      assertEquals(5, p.a.statistics().bytesSent());
      assertEquals(5, p.b.statistics().bytesReceived());
    } finally {
      p.closeBoth();
    }
  }

  /**
   * A stream outlives the run that used it: in a later run its waits go to that run's I/O poller
   * (the registration a stream keeps for its waits belongs to one run). The short read of the first
   * run makes the second run's receive wait before it reads.
   */
  @Test
  void aStreamWaitsAgainInALaterRun() throws Exception {
    SocketStreamPair p = SocketStreamPair.open();
    try {
      for (int run = 0; run < 3; run++) {
        String message = "run " + run;
        String received =
            Trio.run(
                () -> {
                  p.a.sendAll(bytes(message));
                  ByteBuffer buf = ByteBuffer.allocate(64);
                  while (buf.position() < message.length()) {
                    assertTrue(p.b.receiveSome(buf) > 0);
                  }
                  return string(Arrays.copyOf(buf.array(), buf.position()));
                });
        assertEquals(message, received);
      }
    } finally {
      p.a.channel().close();
      p.b.channel().close();
    }
  }

  /**
   * A sendAll larger than the kernel buffers blocks until the receiver drains them, and delivers
   * every byte; the stream then still carries data and EOF (test_SocketStream_send_all).
   */
  @TrioTest
  void bigSendAllBlocksUntilTheReceiverDrains() throws Exception {
    int big = 1_000_000;
    SocketStreamPair p = SocketStreamPair.small();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    try {
      Nursery.open(
          n -> {
            n.startSoon(
                () -> {
                  p.a.sendAll(new byte[big]);
                  log.add("sent");
                });
            n.startSoon(
                () -> {
                  Lowlevel.waitAllTasksBlocked();
                  log.add("receiving");
                  long got = 0;
                  while (got < big) {
                    got += p.b.receiveSome(big).length;
                  }
                  assertEquals(big, got);
                });
          });
      assertEquals(List.of("receiving", "sent"), log);
      p.a.sendAll(bytes("e"));
      assertEquals("e", string(p.b.receiveSome(10)));
      p.a.sendEof();
      assertArrayEquals(new byte[0], p.b.receiveSome(10));
    } finally {
      p.closeBoth();
    }
  }

  /** Data the peer sent before closing can still be received, then EOF (Trio's test of this). */
  @TrioTest
  void worksWhenThePeerHasAlreadyClosed() throws Exception {
    try (LoopbackPair raw = LoopbackPair.open()) {
      raw.b.write(ByteBuffer.wrap(bytes("x")));
      raw.b.close();
      SocketStream s = new SocketStream(raw.a);
      assertEquals("x", string(s.receiveSome(1)));
      assertArrayEquals(new byte[0], s.receiveSome(1));
      s.close();
    }
  }

  /**
   * After a read that left the kernel's queue empty, receiveSome waits for readability before it
   * reads (the read hint of ADR 0004), yet returns data that was queued before it was called, and a
   * cancelled one loses nothing.
   */
  @TrioTest
  void receiveAfterAShortReadReturnsQueuedDataAndLosesNothingWhenCancelled() throws Exception {
    SocketStreamPair p = SocketStreamPair.open();
    try {
      p.a.sendAll(bytes("one"));
      assertEquals("one", string(p.b.receiveSome(100)));
      p.a.sendAll(bytes("two"));
      assertEquals("two", string(p.b.receiveSome(100)));
      assertFalse(Trio.moveOnAfter(Duration.ofSeconds(1), () -> p.b.receiveSome(100)));
      p.a.sendAll(bytes("three"));
      assertEquals("three", string(p.b.receiveSome(100)));
      assertEquals(11, p.b.statistics().bytesReceived());
    } finally {
      p.closeBoth();
    }
  }

  /** A cancelled receiveSome receives nothing: the data sent afterwards arrives whole (I2). */
  @TrioTest
  void cancelledReceiveLosesNothing() throws Exception {
    SocketStreamPair p = SocketStreamPair.open();
    try {
      assertFalse(Trio.moveOnAfter(Duration.ofSeconds(1), () -> p.b.receiveSome(10)));
      assertEquals(Duration.ofSeconds(1).toNanos(), Trio.currentTime());
      p.a.sendAll(bytes("abc"));
      assertEquals("abc", receiveExactly(p.b, 3));
    } finally {
      p.closeBoth();
    }
  }

  /**
   * A sendAll cancelled after it wrote part of its data leaves the stream unable to send
   * (BrokenResourceException from then on), while the receiving side keeps working (DESIGN rule
   * 13).
   */
  @TrioTest
  void sendAllCancelledPartWayBreaksSending() throws Exception {
    SocketStreamPair p = SocketStreamPair.small();
    try {
      assertFalse(
          Trio.moveOnAfter(Duration.ofSeconds(1), () -> p.a.sendAll(new byte[MORE_THAN_BUFFERS])));
      assertEquals(Duration.ofSeconds(1).toNanos(), Trio.currentTime());
      assertTrue(p.a.statistics().bytesSent() > 0);
      assertTrue(p.a.statistics().sendBroken());
      BrokenResourceException e =
          assertThrows(BrokenResourceException.class, () -> p.a.sendAll(bytes("more")));
      assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
      assertThrows(BrokenResourceException.class, () -> p.a.sendAll(new byte[0]));
      p.b.sendAll(bytes("reply"));
      assertEquals("reply", receiveExactly(p.a, 5));
    } finally {
      p.closeBoth();
    }
  }

  /**
   * A sendAll cancelled before it wrote anything (here: in an already-cancelled scope) knows that
   * nothing was sent and leaves the stream usable; the next send arrives alone.
   */
  @TrioTest
  void sendAllCancelledBeforeSendingLeavesTheStreamUsable() throws Exception {
    SocketStreamPair p = SocketStreamPair.open();
    try {
      CancelScope scope = new CancelScope();
      scope.cancel();
      scope.run(() -> p.a.sendAll(bytes("lost")));
      assertTrue(scope.cancelledCaught());
      assertFalse(p.a.statistics().sendBroken());
      p.a.sendAll(bytes("kept"));
      p.a.sendEof();
      assertEquals("kept", receiveExactly(p.b, 10));
    } finally {
      p.closeBoth();
    }
  }

  /** Sending nothing is a checkpoint that sends nothing and leaves the stream intact. */
  @TrioTest
  void emptySendAllIsOnlyACheckpoint() throws Exception {
    SocketStreamPair p = SocketStreamPair.open();
    try {
      CancelScope scope = new CancelScope();
      scope.cancel();
      scope.run(() -> p.a.sendAll(new byte[0]));
      assertTrue(scope.cancelledCaught());
      p.a.sendAll(new byte[0]);
      p.a.sendAll(bytes("z"));
      assertEquals("z", receiveExactly(p.b, 1));
      assertFalse(p.a.statistics().sendBroken());
    } finally {
      p.closeBoth();
    }
  }

  /** Two concurrent receivers, or two concurrent senders, fail with BusyResourceException (I3). */
  @TrioTest
  void concurrentReceiversOrSendersAreBusy() throws Exception {
    SocketStreamPair p = SocketStreamPair.clogged(false);
    try {
      Nursery.open(
          n -> {
            n.startSoon(() -> p.a.receiveSome(10));
            n.startSoon(() -> p.a.sendAll(new byte[MORE_THAN_BUFFERS]));
            Lowlevel.waitAllTasksBlocked();
            BusyResourceException r =
                assertThrows(BusyResourceException.class, () -> p.a.receiveSome(10));
            assertTrue(r.getMessage().contains("receiving"), r.getMessage());
            BusyResourceException s =
                assertThrows(BusyResourceException.class, () -> p.a.sendAll(bytes("x")));
            assertTrue(s.getMessage().contains("sending"), s.getMessage());
            assertThrows(BusyResourceException.class, p.a::waitSendAllMightNotBlock);
            assertThrows(BusyResourceException.class, p.a::sendEof);
            n.cancelScope().cancel();
          });
    } finally {
      p.closeBoth();
    }
  }

  /** Closing a stream wakes a task blocked receiving on it with ClosedResourceException. */
  @TrioTest
  void closeWakesABlockedReceiver() throws Exception {
    SocketStreamPair p = SocketStreamPair.open();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    try {
      Nursery.open(
          n -> {
            n.startSoon(
                () -> {
                  try {
                    p.b.receiveSome(10);
                  } catch (ClosedResourceException e) {
                    log.add("closed");
                  }
                });
            Lowlevel.waitAllTasksBlocked();
            p.b.closeForcefully();
          });
      assertEquals(List.of("closed"), log);
    } finally {
      p.closeBoth();
    }
  }

  /** Closing a stream wakes a task blocked sending on it with ClosedResourceException. */
  @TrioTest
  void closeWakesABlockedSender() throws Exception {
    SocketStreamPair p = SocketStreamPair.clogged(false);
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    try {
      Nursery.open(
          n -> {
            n.startSoon(
                () -> {
                  try {
                    p.a.sendAll(new byte[MORE_THAN_BUFFERS]);
                  } catch (ClosedResourceException e) {
                    log.add("closed");
                  }
                });
            Lowlevel.waitAllTasksBlocked();
            p.a.closeForcefully();
          });
      assertEquals(List.of("closed"), log);
    } finally {
      p.closeBoth();
    }
  }

  /**
   * After close every operation throws ClosedResourceException, even an empty send; close is
   * idempotent, and a close in a cancelled scope still closes (I5).
   */
  @TrioTest
  void closedStreamRefusesEverything() throws Exception {
    SocketStreamPair p = SocketStreamPair.open();
    CancelScope scope = new CancelScope();
    scope.cancel();
    scope.run(p.a::close);
    assertTrue(scope.cancelledCaught());
    assertFalse(p.a.channel().isOpen());
    p.a.close();
    p.a.close();
    assertThrows(ClosedResourceException.class, () -> p.a.sendAll(bytes("x")));
    assertThrows(ClosedResourceException.class, () -> p.a.sendAll(new byte[0]));
    assertThrows(ClosedResourceException.class, () -> p.a.receiveSome(1));
    assertThrows(ClosedResourceException.class, p.a::waitSendAllMightNotBlock);
    assertThrows(ClosedResourceException.class, p.a::sendEof);
    assertThrows(
        ClosedResourceException.class, () -> p.a.getOption(StandardSocketOptions.TCP_NODELAY));
    assertTrue(p.a.statistics().closed());
    assertArrayEquals(new byte[0], p.b.receiveSome(10));
    p.b.close();
  }

  /**
   * After sendEof the peer reads the data then EOF; sending again throws ClosedResourceException,
   * sendEof again is a quiet checkpoint, and the other direction still works (I6).
   */
  @TrioTest
  void sendEofHalfCloses() throws Exception {
    SocketStreamPair p = SocketStreamPair.open();
    try {
      p.a.sendAll(bytes("x"));
      p.a.sendEof();
      assertEquals("x", receiveExactly(p.b, 1));
      assertArrayEquals(new byte[0], p.b.receiveSome(10));
      ClosedResourceException e =
          assertThrows(ClosedResourceException.class, () -> p.a.sendAll(bytes("y")));
      assertTrue(e.getMessage().contains("EOF"), e.getMessage());
      p.a.sendEof();
      CancelScope scope = new CancelScope();
      scope.cancel();
      scope.run(p.a::sendEof);
      assertTrue(scope.cancelledCaught());
      p.b.sendAll(bytes("back"));
      assertEquals("back", receiveExactly(p.a, 4));
      assertTrue(p.a.statistics().eofSent());
    } finally {
      p.closeBoth();
    }
  }

  /**
   * A connection reset by the peer is a BrokenResourceException with the operating system's
   * IOException as its cause (I4).
   */
  @TrioTest(clock = TrioTest.ClockKind.REAL)
  void peerResetIsBrokenResourceWithTheCause() throws Exception {
    try (LoopbackPair raw = LoopbackPair.open()) {
      SocketStream s = new SocketStream(raw.a);
      raw.b.setOption(StandardSocketOptions.SO_LINGER, 0);
      raw.b.close();
      BrokenResourceException e =
          Trio.failAfter(
              Duration.ofSeconds(5),
              () -> assertThrows(BrokenResourceException.class, () -> s.receiveSome(10)));
      assertInstanceOf(IOException.class, e.getCause());
      s.close();
    }
  }

  /**
   * Once the receiving side is closed, sending eventually fails with BrokenResourceException and
   * stays broken (check_one_way_stream).
   */
  @TrioTest(clock = TrioTest.ClockKind.REAL)
  void sendingToAClosedPeerBreaks() throws Exception {
    SocketStreamPair p = SocketStreamPair.open();
    try {
      p.b.close();
      Trio.failAfter(
          Duration.ofSeconds(5),
          () ->
              assertThrows(
                  BrokenResourceException.class,
                  () -> {
                    while (true) {
                      p.a.sendAll(new byte[100]);
                    }
                  }));
      assertThrows(BrokenResourceException.class, () -> p.a.sendAll(new byte[100]));
    } finally {
      p.closeBoth();
    }
  }

  /**
   * waitSendAllMightNotBlock blocks while the send buffer is full and returns once the receiver
   * drains it (check_one_way_stream with a clogged stream).
   */
  @TrioTest
  void waitSendAllMightNotBlockWaitsForTheReceiver() throws Exception {
    SocketStreamPair p = SocketStreamPair.clogged(false);
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    try {
      Nursery.open(
          n -> {
            n.startSoon(
                () -> {
                  log.add("waiter sleeping");
                  p.a.waitSendAllMightNotBlock();
                  log.add("waiter woke");
                  n.cancelScope().cancel();
                });
            Lowlevel.waitAllTasksBlocked();
            log.add("receiver starting");
            while (true) {
              p.b.receiveSome(16384);
            }
          });
      assertEquals(List.of("waiter sleeping", "receiver starting", "waiter woke"), log);
    } finally {
      p.closeBoth();
    }
  }

  /** Streams can be made from a channel connected by hand to a listener on 127.0.0.1. */
  @TrioTest
  void wrapsAnyConnectedChannel() throws Exception {
    List<SocketListener> listeners = Net.openTcpListeners(0, "127.0.0.1");
    SocketListener l = listeners.get(0);
    try (SocketChannel c =
        SocketChannel.open(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), l.localAddress().getPort()))) {
      SocketStream client = new SocketStream(c);
      SocketStream server = l.accept();
      client.sendAll(bytes("hi"));
      assertEquals("hi", receiveExactly(server, 2));
      server.close();
      client.close();
    } finally {
      l.close();
    }
  }
}

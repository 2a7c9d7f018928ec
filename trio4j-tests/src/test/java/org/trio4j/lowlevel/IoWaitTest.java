package org.trio4j.lowlevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.trio4j.BusyResourceException;
import org.trio4j.Cancelled;
import org.trio4j.ClosedResourceException;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.testing.TrioTest;

/**
 * Readiness waits (Lowlevel.waitReadable / waitWritable / notifyClosing; Trio's
 * _core/_tests/test_io.py): they wake when the channel is ready, lose nothing when cancelled, admit
 * one waiter per direction and end with ClosedResourceException when the channel is closing.
 *
 * <p>Real I/O is in flight in most of these tests, so the autojumping clock is safe only where
 * nothing is in flight while every task is blocked (a jump would fire a deadline early); tests that
 * need a deadline while data travels use the real clock.
 */
class IoWaitTest {
  private static void write(SocketChannel ch, String s) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    while (buf.hasRemaining()) {
      if (ch.write(buf) == 0) {
        Lowlevel.waitWritable(ch);
      }
    }
  }

  private static String readSome(SocketChannel ch) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(1024);
    int n;
    while ((n = ch.read(buf)) == 0) {
      Lowlevel.waitReadable(ch);
    }
    return n < 0 ? "<eof>" : new String(buf.array(), 0, n, StandardCharsets.UTF_8);
  }

  /** A wait on a channel that already has data returns, and the data is there to read. */
  @TrioTest
  void waitReadableReturnsWhenDataIsAlreadyThere() throws Exception {
    try (LoopbackPair p = LoopbackPair.open()) {
      write(p.a, "x");
      Lowlevel.waitReadable(p.b);
      ByteBuffer buf = ByteBuffer.allocate(8);
      assertEquals(1, p.b.read(buf));
    }
  }

  /** A waiting reader stays parked until data arrives, and then wakes. */
  @TrioTest
  void waitReadableWaitsUntilDataArrives() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    try (LoopbackPair p = LoopbackPair.open()) {
      Nursery.open(
          n -> {
            n.startSoon(
                () -> {
                  Lowlevel.waitReadable(p.b);
                  log.add("readable");
                  log.add(readSome(p.b));
                });
            Lowlevel.waitAllTasksBlocked();
            assertEquals(List.of(), log);
            assertEquals(1, Lowlevel.currentIoStatistics().readersWaiting());
            write(p.a, "hello");
          });
      assertEquals(List.of("readable", "hello"), log);
    }
  }

  /**
   * A cancelled wait throws Cancelled at the deadline, consumes nothing and frees the reader slot:
   * the next wait on the same channel works and the data sent afterwards arrives whole.
   */
  @TrioTest
  void cancelledWaitLosesNothingAndLeavesTheChannelUsable() throws Exception {
    try (LoopbackPair p = LoopbackPair.open()) {
      assertFalse(Trio.moveOnAfter(Duration.ofSeconds(1), () -> Lowlevel.waitReadable(p.b)));
      assertEquals(Duration.ofSeconds(1).toNanos(), Trio.currentTime());
      assertEquals(0, Lowlevel.currentIoStatistics().readersWaiting());
      assertTrue(p.b.isOpen());
      write(p.a, "after the cancel");
      assertEquals("after the cancel", readSome(p.b));
    }
  }

  /** A wait inside an already-cancelled scope throws Cancelled without registering anything. */
  @TrioTest
  void waitInCancelledScopeThrowsAtOnce() throws Exception {
    try (LoopbackPair p = LoopbackPair.open()) {
      write(p.a, "x");
      org.trio4j.CancelScope scope = new org.trio4j.CancelScope();
      scope.cancel();
      AtomicBoolean returned = new AtomicBoolean();
      scope.run(
          () -> {
            Lowlevel.waitReadable(p.b);
            returned.set(true);
          });
      assertFalse(returned.get());
      assertTrue(scope.cancelledCaught());
      assertEquals(0, Lowlevel.currentIoStatistics().channels());
    }
  }

  /**
   * A writer whose send buffer is full stays parked until the peer drains it, then wakes; a fresh
   * connection is writable at once.
   */
  @TrioTest
  void waitWritableWaitsForRoomInTheSendBuffer() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    try (LoopbackPair p = LoopbackPair.open(8192)) {
      Lowlevel.waitWritable(p.a);
      assertTrue(LoopbackPair.fill(p.a) > 0);
      Nursery.open(
          n -> {
            n.startSoon(
                () -> {
                  Lowlevel.waitWritable(p.a);
                  log.add("writable");
                  n.cancelScope().cancel();
                });
            Lowlevel.waitAllTasksBlocked();
            assertEquals(List.of(), log);
            ByteBuffer sink = ByteBuffer.allocate(65536);
            while (true) {
              sink.clear();
              if (p.b.read(sink) == 0) {
                Lowlevel.waitReadable(p.b);
              }
            }
          });
      assertEquals(List.of("writable"), log);
    }
  }

  /**
   * A second task waiting for the same direction fails at once with BusyResourceException, while a
   * wait in the other direction is allowed.
   */
  @TrioTest
  void secondWaiterInTheSameDirectionIsBusy() throws Exception {
    try (LoopbackPair p = LoopbackPair.open()) {
      Nursery.open(
          n -> {
            n.startSoon(() -> Lowlevel.waitReadable(p.b));
            Lowlevel.waitAllTasksBlocked();
            BusyResourceException e =
                assertThrows(BusyResourceException.class, () -> Lowlevel.waitReadable(p.b));
            assertTrue(e.getMessage().contains("readable"), e.getMessage());
            Lowlevel.waitWritable(p.b);
            n.cancelScope().cancel();
          });
    }
  }

  /**
   * ChannelWaits waits on the channel's one registration, as Lowlevel does: its waiting reader
   * makes a second reader busy, it wakes when data arrives, a cancelled wait loses nothing, and
   * notifyClosing wakes it with ClosedResourceException.
   */
  @TrioTest
  void channelWaitsFollowsTheRulesOfLowlevelWaits() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    try (LoopbackPair p = LoopbackPair.open()) {
      ChannelWaits waits = new ChannelWaits(p.b);
      assertFalse(Trio.moveOnAfter(Duration.ofSeconds(1), waits::waitReadable));
      assertEquals(0, Lowlevel.currentIoStatistics().readersWaiting());
      Nursery.open(
          n -> {
            n.startSoon(
                () -> {
                  waits.waitReadable();
                  log.add(readSome(p.b));
                });
            Lowlevel.waitAllTasksBlocked();
            assertThrows(BusyResourceException.class, () -> Lowlevel.waitReadable(p.b));
            write(p.a, "hello");
          });
      assertEquals(List.of("hello"), log);
      Nursery.open(
          n -> {
            n.startSoon(
                () -> {
                  try {
                    waits.waitReadable();
                  } catch (ClosedResourceException e) {
                    log.add("closed");
                  }
                });
            Lowlevel.waitAllTasksBlocked();
            Lowlevel.notifyClosing(p.b);
          });
      assertEquals(List.of("hello", "closed"), log);
      assertThrows(ClosedResourceException.class, waits::waitWritable);
    }
  }

  /**
   * notifyClosing wakes the reader and the writer of the channel with ClosedResourceException, and
   * a wait that starts after it (before the close) fails the same way instead of hanging.
   */
  @TrioTest
  void notifyClosingWakesEveryWaiterWithClosedResourceException() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    try (LoopbackPair p = LoopbackPair.open(8192)) {
      LoopbackPair.fill(p.b);
      Nursery.open(
          n -> {
            n.startSoon(
                () -> {
                  try {
                    Lowlevel.waitReadable(p.b);
                  } catch (ClosedResourceException e) {
                    log.add("reader closed");
                  }
                });
            n.startSoon(
                () -> {
                  try {
                    Lowlevel.waitWritable(p.b);
                  } catch (ClosedResourceException e) {
                    log.add("writer closed");
                  }
                });
            Lowlevel.waitAllTasksBlocked();
            IoStatistics s = Lowlevel.currentIoStatistics();
            assertEquals(1, s.readersWaiting());
            assertEquals(1, s.writersWaiting());
            Lowlevel.notifyClosing(p.b);
          });
      Collections.sort(log);
      assertEquals(List.of("reader closed", "writer closed"), log);
      assertThrows(ClosedResourceException.class, () -> Lowlevel.waitReadable(p.b));
      assertThrows(ClosedResourceException.class, () -> Lowlevel.waitWritable(p.b));
      p.b.close();
      assertThrows(ClosedResourceException.class, () -> Lowlevel.waitReadable(p.b));
    }
  }

  /**
   * After notifyClosing and close, the poller deregisters the channel promptly (so the JDK really
   * closes its file descriptor) even though nothing else happens on that poller.
   */
  @TrioTest(clock = TrioTest.ClockKind.REAL)
  void closedChannelIsDeregisteredPromptly() throws Exception {
    try (LoopbackPair p = LoopbackPair.open()) {
      assertFalse(Trio.moveOnAfter(Duration.ofMillis(20), () -> Lowlevel.waitReadable(p.b)));
      assertTrue(p.b.isRegistered());
      Lowlevel.notifyClosing(p.b);
      p.b.close();
      Trio.failAfter(
          Duration.ofSeconds(2),
          () -> {
            while (p.b.isRegistered()) {
              Trio.sleep(Duration.ofMillis(1));
            }
          });
      assertEquals("<eof>", readSome(p.a));
    }
  }

  /** A channel in blocking mode is refused with a message that says what to do. */
  @TrioTest
  void blockingChannelIsRejected() throws Exception {
    try (LoopbackPair p = LoopbackPair.open()) {
      p.b.configureBlocking(true);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Lowlevel.waitReadable(p.b));
      assertTrue(e.getMessage().contains("configureBlocking(false)"), e.getMessage());
    }
  }

  /** Waiting on a channel that is already closed throws ClosedResourceException. */
  @TrioTest
  void waitOnClosedChannelThrowsClosedResourceException() throws Exception {
    try (LoopbackPair p = LoopbackPair.open()) {
      p.b.close();
      assertThrows(ClosedResourceException.class, () -> Lowlevel.waitReadable(p.b));
      assertThrows(ClosedResourceException.class, () -> Lowlevel.waitWritable(p.b));
    }
  }

  /**
   * Pollers start lazily and round-robin: none before the first wait, then one per channel up to
   * the number of cores.
   */
  @TrioTest
  void pollersStartLazilyOnePerChannelUpToTheCores() throws Exception {
    assertEquals(new IoStatistics(0, 0, 0, 0, 0), Lowlevel.currentIoStatistics());
    try (LoopbackPair p = LoopbackPair.open();
        LoopbackPair q = LoopbackPair.open()) {
      Lowlevel.waitWritable(p.a);
      assertEquals(1, Lowlevel.currentIoStatistics().pollers());
      Lowlevel.waitWritable(q.a);
      assertEquals(
          Math.min(2, Runtime.getRuntime().availableProcessors()),
          Lowlevel.currentIoStatistics().pollers());
      assertEquals(2, Lowlevel.currentIoStatistics().channels());
    }
  }

  /** Readiness waits outside a run fail at once with a clear message. */
  @Test
  void waitsOutsideARunFail() throws IOException {
    try (LoopbackPair p = LoopbackPair.open()) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> Lowlevel.waitReadable(p.b));
      assertTrue(e.getMessage().contains("Trio.run"), e.getMessage());
      assertThrows(IllegalStateException.class, () -> Lowlevel.notifyClosing(p.b));
    }
  }

  /** The Cancelled of a wait cancelled from outside is the scope's, caught by that scope. */
  @TrioTest
  void waitCancelledByAnotherTask() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    try (LoopbackPair p = LoopbackPair.open()) {
      Nursery.open(
          n -> {
            n.startSoon(
                () -> {
                  try {
                    Lowlevel.waitReadable(p.b);
                  } catch (Cancelled c) {
                    log.add("cancelled");
                    throw c;
                  }
                });
            Lowlevel.waitAllTasksBlocked();
            n.cancelScope().cancel();
          });
      assertEquals(List.of("cancelled"), log);
      write(p.a, "still here");
      assertEquals("still here", readSome(p.b));
    }
  }
}

package org.trio4j.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.trio4j.BrokenResourceException;
import org.trio4j.CancelScope;
import org.trio4j.ClosedResourceException;
import org.trio4j.EndOfChannelException;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.testing.TrioTest;

/** Ports of Trio's close tests in {@code test_channel.py} (rules H4 to H7). */
class ChannelCloseTest {

  /**
   * Closing the send handle fails the sender blocked on it with ClosedResourceException, for good,
   * and receivers then see the end of the channel (test_close_basics, test_close_sync).
   */
  @TrioTest
  void closingTheSendSideFailsItsBlockedSenderAndEndsTheChannel() throws Exception {
    ChannelPair<String> ch = Channels.open(0);
    SendChannel<String> s = ch.send();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                assertThrows(ClosedResourceException.class, () -> s.send("x"));
                log.add("sender failed");
              });
          Lowlevel.waitAllTasksBlocked();
          s.close();
        });
    assertEquals(List.of("sender failed"), log);
    assertThrows(ClosedResourceException.class, () -> s.trySend("x"));
    assertThrows(ClosedResourceException.class, () -> s.send("x"));
    assertThrows(EndOfChannelException.class, ch.receive()::tryReceive);
    assertThrows(EndOfChannelException.class, ch.receive()::receive);
  }

  /**
   * Closing the only receive handle fails a blocked sender with BrokenResourceException, and every
   * later send too (test_close_basics, test_close_sync).
   */
  @TrioTest
  void closingTheReceiveSideBreaksBlockedAndLaterSenders() throws Exception {
    ChannelPair<String> ch = Channels.open(0);
    SendChannel<String> s = ch.send();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                assertThrows(BrokenResourceException.class, () -> s.send("x"));
                log.add("sender broken");
              });
          Lowlevel.waitAllTasksBlocked();
          ch.receive().close();
        });
    assertEquals(List.of("sender broken"), log);
    assertThrows(BrokenResourceException.class, () -> s.trySend("x"));
    assertThrows(BrokenResourceException.class, () -> s.send("x"));
  }

  /**
   * Closing a receive handle fails the receiver blocked on it with ClosedResourceException, for
   * good (test_close_basics, test_close_sync).
   */
  @TrioTest
  void closingTheReceiveSideFailsItsBlockedReceiver() throws Exception {
    ChannelPair<String> ch = Channels.open(0);
    ReceiveChannel<String> r = ch.receive();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                assertThrows(ClosedResourceException.class, r::receive);
                log.add("receiver failed");
              });
          Lowlevel.waitAllTasksBlocked();
          r.close();
        });
    assertEquals(List.of("receiver failed"), log);
    assertThrows(ClosedResourceException.class, r::tryReceive);
    assertThrows(ClosedResourceException.class, r::receive);
    assertThrows(ClosedResourceException.class, () -> r.iterator().hasNext());
  }

  /**
   * close() is not a checkpoint: it works inside a cancelled scope, as in a finally block of a
   * cancelled task (H7, test_close_sync).
   */
  @TrioTest
  void closeIsNotACheckpoint() {
    ChannelPair<String> ch = Channels.open(1);
    CancelScope scope = new CancelScope();
    scope.cancel();
    scope.run(
        () -> {
          ch.send().close();
          ch.receive().close();
          ch.send().close();
        });
    assertFalse(scope.cancelledCaught(), "nothing inside the scope was a checkpoint");
    assertEquals(new ChannelStatistics(0, 1, 0, 0, 0, 0), ch.send().statistics());
  }

  /**
   * The channel breaks for senders only when the last receive clone closes; clone() of a closed
   * handle fails (test_receive_channel_clone_and_close).
   */
  @TrioTest
  void receiveClonesAndClose() {
    ChannelPair<String> ch = Channels.open(10);
    SendChannel<String> s = ch.send();
    ReceiveChannel<String> r = ch.receive();
    ReceiveChannel<String> r2 = r.clone();
    ReceiveChannel<String> r3 = r.clone();

    assertTrue(s.trySend("a"));
    r.close();
    try (r2) {
      assertEquals(2, s.statistics().openReceiveChannels());
    }
    assertThrows(ClosedResourceException.class, r::clone);
    assertThrows(ClosedResourceException.class, r2::clone);

    assertTrue(s.trySend("b"), "r3 is still open");
    assertEquals(2, s.statistics().currentBufferUsed());
    r3.close();
    assertEquals(0, s.statistics().currentBufferUsed(), "the last receiver discards the buffer");
    assertThrows(BrokenResourceException.class, () -> s.trySend("c"));
  }

  /**
   * Closing one send clone fails only the sender blocked on that clone; a sender on another clone
   * carries on (test_close_multiple_send_handles).
   */
  @TrioTest
  void closingOneSendCloneFailsOnlyItsOwnSenders() throws Exception {
    ChannelPair<String> ch = Channels.open(0);
    SendChannel<String> s1 = ch.send();
    SendChannel<String> s2 = s1.clone();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                assertThrows(ClosedResourceException.class, () -> s1.send("nope"));
                log.add("s1 sender failed");
              });
          n.startSoon(
              () -> {
                s2.send("ok");
                log.add("s2 sender done");
              });
          Lowlevel.waitAllTasksBlocked();
          s1.close();
          Lowlevel.waitAllTasksBlocked();
          assertEquals(List.of("s1 sender failed"), log);
          assertEquals("ok", ch.receive().receive());
        });
    assertEquals(List.of("s1 sender failed", "s2 sender done"), log);
  }

  /**
   * Closing one receive clone fails only the receiver blocked on that clone; a receiver on another
   * clone still gets the next value (test_close_multiple_receive_handles).
   */
  @TrioTest
  void closingOneReceiveCloneFailsOnlyItsOwnReceivers() throws Exception {
    ChannelPair<String> ch = Channels.open(0);
    ReceiveChannel<String> r1 = ch.receive();
    ReceiveChannel<String> r2 = r1.clone();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                assertThrows(ClosedResourceException.class, r1::receive);
                log.add("r1 receiver failed");
              });
          Lowlevel.waitAllTasksBlocked();
          n.startSoon(() -> log.add("r2 receiver got " + r2.receive()));
          Lowlevel.waitAllTasksBlocked();
          r1.close();
          Lowlevel.waitAllTasksBlocked();
          assertEquals(List.of("r1 receiver failed"), log);
          ch.send().send("ok");
        });
    assertEquals(List.of("r1 receiver failed", "r2 receiver got ok"), log);
  }

  /**
   * Receivers see the end of the channel only after every send clone is closed, and get the
   * buffered values first (H4, H6).
   */
  @TrioTest
  void endOfChannelOnlyAfterTheLastSendCloneClosesAndTheBufferDrains() throws Exception {
    ChannelPair<String> ch = Channels.open(2);
    SendChannel<String> s2 = ch.send().clone();
    ch.send().trySend("a");
    ch.send().close();
    assertEquals("a", ch.receive().tryReceive());
    assertNull(ch.receive().tryReceive(), "s2 is still open");
    s2.trySend("b");
    s2.close();
    assertEquals("b", ch.receive().receive());
    assertThrows(EndOfChannelException.class, ch.receive()::tryReceive);
  }

  /** A receiver blocked when the last send clone closes gets EndOfChannelException (H4). */
  @TrioTest
  void blockedReceiversSeeTheEndWhenTheLastSenderCloses() throws Exception {
    ChannelPair<String> ch = Channels.open(3);
    ReceiveChannel<String> r2 = ch.receive().clone();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                assertThrows(EndOfChannelException.class, ch.receive()::receive);
                log.add("r ended");
              });
          n.startSoon(
              () -> {
                assertThrows(EndOfChannelException.class, r2::receive);
                log.add("r2 ended");
              });
          Lowlevel.waitAllTasksBlocked();
          ch.send().close();
        });
    assertEquals(List.of("r ended", "r2 ended"), log.stream().sorted().toList());
  }

  /**
   * A send on a closed handle fails with ClosedResourceException even when the channel is also
   * broken (H5).
   */
  @TrioTest
  void ownHandleClosedTakesPrecedenceOverBroken() {
    ChannelPair<String> ch = Channels.open(1);
    ch.receive().close();
    ch.send().close();
    assertThrows(ClosedResourceException.class, () -> ch.send().send("x"));
    assertThrows(ClosedResourceException.class, () -> ch.send().trySend("x"));
  }

  /** A send handle closed by another task fails its blocked senders at the moment of the close. */
  @TrioTest
  void closeFromAnotherTaskWakesTheBlockedSenderAtOnce() throws Exception {
    ChannelPair<String> ch = Channels.open(0);
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                assertThrows(ClosedResourceException.class, () -> ch.send().send("x"));
                log.add("failed at " + Trio.currentTime());
              });
          n.startSoon(
              () -> {
                Trio.sleep(java.time.Duration.ofSeconds(3));
                ch.send().close();
              });
        });
    assertEquals(List.of("failed at " + java.time.Duration.ofSeconds(3).toNanos()), log);
  }
}

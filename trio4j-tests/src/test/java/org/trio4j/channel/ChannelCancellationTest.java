package org.trio4j.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.trio4j.CancelScope;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.testing.TrioTest;

/** Send and receive are atomic with respect to cancellation (rule H1, DESIGN rule 13). */
class ChannelCancellationTest {

  /** A send cancelled while blocked did not send: the value never reaches a receiver. */
  @TrioTest
  void cancelledBlockedSendDeliversNothing() throws Exception {
    ChannelPair<String> ch = Channels.open(0);
    assertFalse(Trio.moveOnAfter(Duration.ofSeconds(1), () -> ch.send().send("lost?")));
    assertEquals(Duration.ofSeconds(1).toNanos(), Trio.currentTime());
    assertEquals(0, ch.send().statistics().tasksWaitingSend());
    assertNull(ch.receive().tryReceive());
  }

  /**
   * A send cancelled while blocked on a full buffer leaves the buffer as it was: its value does not
   * take the slot that a receive frees.
   */
  @TrioTest
  void cancelledSendOnAFullBufferDoesNotTakeTheFreedSlot() {
    ChannelPair<String> ch = Channels.open(1);
    assertTrue(ch.send().trySend("first"));
    assertFalse(Trio.moveOnAfter(Duration.ofMillis(5), () -> ch.send().send("second")));
    assertEquals("first", ch.receive().tryReceive());
    assertNull(ch.receive().tryReceive());
  }

  /**
   * A receive cancelled while blocked took nothing: the next value goes to the next receiver, and
   * the cancelled one holds no place in the queue.
   */
  @TrioTest
  void cancelledBlockedReceiveTakesNothing() throws Exception {
    ChannelPair<String> ch = Channels.open(0);
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          CancelScope first = new CancelScope();
          n.startSoon(
              () -> {
                first.run(() -> log.add("first got " + ch.receive().receive()));
                log.add("first cancelled=" + first.cancelledCaught());
              });
          Lowlevel.waitAllTasksBlocked();
          n.startSoon(() -> log.add("second got " + ch.receive().receive()));
          Lowlevel.waitAllTasksBlocked();
          first.cancel();
          Lowlevel.waitAllTasksBlocked();
          ch.send().send("v");
        });
    assertEquals(List.of("first cancelled=true", "second got v"), log);
  }

  /**
   * A value handed to a waiting receiver is returned by its receive even when the receiver is
   * cancelled right after the hand-off, possibly before it has run again: the cancellation surfaces
   * at its next checkpoint.
   */
  @TrioTest
  void receiverCancelledAfterTheHandOffStillGetsTheValue() throws Exception {
    ChannelPair<String> ch = Channels.open(0);
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    CancelScope scope = new CancelScope();
    Nursery.open(
        n -> {
          n.startSoon(
              () ->
                  scope.run(
                      () -> {
                        log.add("got " + ch.receive().receive());
                        Trio.sleepForever();
                      }));
          Lowlevel.waitAllTasksBlocked();
          assertTrue(ch.send().trySend("v"));
          scope.cancel();
        });
    assertEquals(List.of("got v"), log);
    assertTrue(scope.cancelledCaught());
  }

  /**
   * A blocked send whose value was taken returns normally even when its task is cancelled right
   * after, possibly before it has run again: the value was delivered, so the send happened.
   */
  @TrioTest
  void senderCancelledAfterTheHandOffReturnsNormally() throws Exception {
    ChannelPair<String> ch = Channels.open(0);
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    CancelScope scope = new CancelScope();
    Nursery.open(
        n -> {
          n.startSoon(
              () ->
                  scope.run(
                      () -> {
                        ch.send().send("v");
                        log.add("sent");
                        Trio.sleepForever();
                      }));
          Lowlevel.waitAllTasksBlocked();
          assertEquals("v", ch.receive().tryReceive());
          scope.cancel();
        });
    assertEquals(List.of("sent"), log);
    assertTrue(scope.cancelledCaught());
  }

  /** A task already cancelled fails its send and receive even when they could complete at once. */
  @TrioTest
  void operationsThatWouldNotBlockStillCheckForCancellation() {
    ChannelPair<String> ch = Channels.open(1);
    CancelScope scope = new CancelScope();
    scope.cancel();
    scope.run(() -> ch.send().send("x"));
    assertTrue(scope.cancelledCaught());
    assertTrue(ch.send().trySend("y"));
    CancelScope scope2 = new CancelScope();
    scope2.cancel();
    scope2.run(() -> ch.receive().receive());
    assertTrue(scope2.cancelledCaught());
    assertEquals("y", ch.receive().tryReceive());
  }

  /** A task already cancelled can still use the non-blocking forms, which are not checkpoints. */
  @TrioTest
  void tryOperationsAreNotCheckpoints() {
    ChannelPair<String> ch = Channels.open(1);
    CancelScope scope = new CancelScope();
    scope.cancel();
    List<String> log = new ArrayList<>();
    scope.run(
        () -> {
          assertTrue(ch.send().trySend("x"));
          log.add(ch.receive().tryReceive());
          log.add(String.valueOf(ch.receive().tryReceive()));
        });
    assertFalse(scope.cancelledCaught());
    assertEquals(List.of("x", "null"), log);
  }
}

package org.trio4j.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trio4j.channel.ChannelAssertions.assertCancelledWithoutEffect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.trio4j.ClosedResourceException;
import org.trio4j.EndOfChannelException;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.testing.TrioTest;

/** Ports of Trio's {@code test_channel.py}: buffering, clones, statistics and fairness. */
class ChannelTest {

  /** A capacity-2 channel buffers two values, then ends after its sender closes (test_channel). */
  @TrioTest
  void bufferedChannelLifecycle() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> Channels.open(-1));
    ChannelPair<Object> ch = Channels.open(2);
    SendChannel<Object> s = ch.send();
    ReceiveChannel<Object> r = ch.receive();
    assertTrue(s.toString().contains("capacity=2"), s.toString());
    assertTrue(r.toString().startsWith("ReceiveChannel@"), r.toString());

    assertTrue(s.trySend(1));
    assertCancelledWithoutEffect(s::statistics, () -> s.send(2));
    s.send(2);
    assertFalse(s.trySend("third"), "the buffer is full");

    assertCancelledWithoutEffect(r::statistics, r::receive);
    assertEquals(1, r.receive());
    assertEquals(2, r.tryReceive());
    assertNull(r.tryReceive(), "nothing left");

    assertTrue(s.trySend("last"));
    s.close();
    assertTrue(s.toString().contains("[closed"), s.toString());
    assertThrows(ClosedResourceException.class, () -> s.send("too late"));
    assertThrows(ClosedResourceException.class, () -> s.trySend("too late"));
    assertThrows(ClosedResourceException.class, s::clone);
    s.close();

    assertEquals("last", r.tryReceive());
    assertThrows(EndOfChannelException.class, r::receive);
    assertThrows(EndOfChannelException.class, r::tryReceive);
    r.close();
    assertThrows(ClosedResourceException.class, r::receive);
    assertThrows(ClosedResourceException.class, r::tryReceive);
    r.close();
  }

  /** Null values are rejected and leave the channel unchanged. */
  @TrioTest
  void nullValuesAreRejected() {
    ChannelPair<String> ch = Channels.open(1);
    assertThrows(NullPointerException.class, () -> ch.send().send(null));
    assertThrows(NullPointerException.class, () -> ch.send().trySend(null));
    assertEquals(0, ch.send().statistics().currentBufferUsed());
  }

  /**
   * A receive cancelled by a timeout leaves no stale waiter behind: the next value goes to the
   * buffer (test_553).
   */
  @TrioTest
  void cancelledReceiveLeavesNoStaleWaiter() {
    ChannelPair<String> ch = Channels.open(1);
    assertFalse(Trio.moveOnAfter(Duration.ofSeconds(10), ch.receive()::receive));
    assertEquals(Duration.ofSeconds(10).toNanos(), Trio.currentTime());
    assertEquals(0, ch.send().statistics().tasksWaitingReceive());
    ch.send().send("Test for PR #553");
    assertEquals("Test for PR #553", ch.receive().tryReceive());
  }

  /**
   * Ten producers, each with its own clone, feed one consumer, which sees the end once all are
   * closed (test_channel_multiple_producers).
   */
  @TrioTest
  void multipleProducers() throws Exception {
    ChannelPair<Integer> ch = Channels.open(0);
    List<Integer> got = new ArrayList<>();
    Nursery.open(
        n -> {
          try (SendChannel<Integer> s = ch.send()) {
            for (int i = 0; i < 10; i++) {
              SendChannel<Integer> mine = s.clone();
              int base = 3 * i;
              n.startSoon(
                  () -> {
                    try (mine) {
                      for (int j = base; j < base + 3; j++) {
                        mine.send(j);
                      }
                    }
                  });
            }
          }
          for (int v : ch.receive()) {
            got.add(v);
          }
        });
    Collections.sort(got);
    assertEquals(IntStream.range(0, 30).boxed().toList(), got);
  }

  /**
   * Five consumers iterating one receive handle share the values, and each gets at least one
   * (test_channel_multiple_consumers).
   */
  @TrioTest
  void multipleConsumers() throws Exception {
    Set<Integer> successfulReceivers = Collections.synchronizedSet(new HashSet<>());
    List<Integer> received = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          ChannelPair<Integer> ch = Channels.open(1);
          try (SendChannel<Integer> s = ch.send()) {
            for (int i = 0; i < 5; i++) {
              int id = i;
              n.startSoon(
                  () -> {
                    for (int v : ch.receive()) {
                      successfulReceivers.add(id);
                      received.add(v);
                    }
                  });
            }
            Lowlevel.waitAllTasksBlocked();
            for (int i = 0; i < 10; i++) {
              s.send(i);
            }
          }
        });
    assertEquals(Set.of(0, 1, 2, 3, 4), successfulReceivers);
    assertEquals(10, received.size());
    assertEquals(IntStream.range(0, 10).boxed().toList(), received.stream().sorted().toList());
  }

  /** An unbounded channel never blocks a sender and drains in order (test_inf_capacity). */
  @TrioTest
  void unboundedCapacity() {
    ChannelPair<Integer> ch = Channels.openUnbounded();
    assertEquals(Channels.UNBOUNDED, ch.send().statistics().maxBufferSize());
    assertTrue(ch.send().toString().contains("capacity=unbounded"), ch.send().toString());
    try (SendChannel<Integer> s = ch.send()) {
      for (int i = 0; i < 1000; i++) {
        assertTrue(s.trySend(i));
      }
    }
    List<Integer> got = new ArrayList<>();
    for (int v : ch.receive()) {
      got.add(v);
    }
    assertEquals(IntStream.range(0, 1000).boxed().toList(), got);
  }

  /**
   * A large bounded buffer grows as it fills, keeps FIFO order across wrap-around, and stops at its
   * capacity.
   */
  @TrioTest
  void largeBufferKeepsOrderAcrossGrowthAndWrapAround() {
    ChannelPair<Integer> ch = Channels.open(100);
    SendChannel<Integer> s = ch.send();
    ReceiveChannel<Integer> r = ch.receive();
    int next = 0;
    int expected = 0;
    for (int round = 0; round < 7; round++) {
      while (s.trySend(next)) {
        next++;
      }
      assertEquals(100, s.statistics().currentBufferUsed());
      for (int k = 0; k < 37; k++) {
        assertEquals(expected++, r.tryReceive());
      }
    }
    s.close();
    for (int v : r) {
      assertEquals(expected++, v);
    }
    assertEquals(next, expected);
  }

  /** statistics() counts buffered values, open handles and waiting tasks (test_statistics). */
  @TrioTest
  void statistics() throws Exception {
    ChannelPair<String> ch = Channels.open(2);
    SendChannel<String> s = ch.send();
    ReceiveChannel<String> r = ch.receive();
    assertEquals(s.statistics(), r.statistics());
    assertEquals(new ChannelStatistics(0, 2, 1, 1, 0, 0), s.statistics());

    s.trySend("a");
    assertEquals(1, s.statistics().currentBufferUsed());

    SendChannel<String> s2 = s.clone();
    assertEquals(2, s.statistics().openSendChannels());
    s.close();
    assertEquals(1, s2.statistics().openSendChannels());

    ReceiveChannel<String> r2 = r.clone();
    assertEquals(2, s2.statistics().openReceiveChannels());
    r2.close();
    assertEquals(1, s2.statistics().openReceiveChannels());

    Nursery.open(
        n -> {
          s2.trySend("b");
          assertEquals(2, s.statistics().currentBufferUsed());
          n.startSoon(() -> s2.send("c"));
          n.startSoon(() -> s2.send("d"));
          Lowlevel.waitAllTasksBlocked();
          assertEquals(2, s.statistics().tasksWaitingSend());
          n.cancelScope().cancel();
        });
    assertEquals(0, s.statistics().tasksWaitingSend());

    while (r.tryReceive() != null) {
      // empty the buffer
    }
    Nursery.open(
        n -> {
          n.startSoon(r::receive);
          Lowlevel.waitAllTasksBlocked();
          assertEquals(1, s.statistics().tasksWaitingReceive());
          n.cancelScope().cancel();
        });
    assertEquals(new ChannelStatistics(0, 2, 1, 1, 0, 0), s.statistics());
  }

  /**
   * A value sent while a receiver waits belongs to that receiver, and a freed slot belongs to the
   * oldest waiting sender (test_channel_fairness).
   */
  @TrioTest
  void fairness() throws Exception {
    ChannelPair<Integer> ch = Channels.open(1);
    SendChannel<Integer> s = ch.send();
    ReceiveChannel<Integer> r = ch.receive();
    assertTrue(s.trySend(1));
    assertEquals(1, r.tryReceive());
    assertTrue(s.trySend(2));
    assertEquals(2, r.tryReceive());

    List<Integer> result = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(() -> result.add(r.receive()));
          Lowlevel.waitAllTasksBlocked();
          assertTrue(s.trySend(2));
          assertNull(r.tryReceive(), "the value belongs to the waiting receiver");
        });
    assertEquals(List.of(2), result);

    ChannelPair<Integer> ch2 = Channels.open(1);
    SendChannel<Integer> s2 = ch2.send();
    ReceiveChannel<Integer> r2 = ch2.receive();
    assertTrue(s2.trySend(1));
    assertFalse(s2.trySend(0));
    Nursery.open(
        n -> {
          n.startSoon(() -> s2.send(2));
          Lowlevel.waitAllTasksBlocked();
          assertEquals(1, r2.tryReceive());
          assertFalse(s2.trySend(3), "the freed slot belongs to the waiting sender");
          assertEquals(2, r2.receive());
        });
  }

  /**
   * A rendezvous channel passes a value only between a sender and a receiver that meet; both sides
   * are checkpoints (test_unbuffered).
   */
  @TrioTest
  void unbuffered() throws Exception {
    ChannelPair<Integer> ch = Channels.open(0);
    SendChannel<Integer> s = ch.send();
    ReceiveChannel<Integer> r = ch.receive();
    assertNull(r.tryReceive());
    assertFalse(s.trySend(1));
    assertCancelledWithoutEffect(s::statistics, () -> s.send(1));
    assertCancelledWithoutEffect(r::statistics, r::receive);
    Nursery.open(
        n -> {
          n.startSoon(() -> s.send(1));
          assertEquals(1, r.receive());
        });
    assertNull(r.tryReceive());
  }

  /** tryReceive on a rendezvous channel takes a blocked sender's value and wakes it (H2). */
  @TrioTest
  void tryReceiveTakesFromABlockedSender() throws Exception {
    ChannelPair<String> ch = Channels.open(0);
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                ch.send().send("v");
                log.add("sent");
              });
          Lowlevel.waitAllTasksBlocked();
          assertEquals(1, ch.send().statistics().tasksWaitingSend());
          assertEquals("v", ch.receive().tryReceive());
          Lowlevel.waitAllTasksBlocked();
          assertEquals(List.of("sent"), log);
        });
  }

  /** Blocked senders are served in the order they started waiting (H3). */
  @TrioTest
  void waitingSendersAreServedInFifoOrder() throws Exception {
    ChannelPair<Integer> ch = Channels.open(0);
    Nursery.open(
        n -> {
          for (int i = 0; i < 5; i++) {
            int v = i;
            n.startSoon(() -> ch.send().send(v));
            Lowlevel.waitAllTasksBlocked();
          }
          for (int i = 0; i < 5; i++) {
            assertEquals(i, ch.receive().receive());
          }
        });
  }

  /** Blocked receivers are served in the order they started waiting (H3). */
  @TrioTest
  void waitingReceiversAreServedInFifoOrder() throws Exception {
    ChannelPair<Integer> ch = Channels.open(0);
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          for (int i = 0; i < 5; i++) {
            int id = i;
            n.startSoon(() -> log.add("receiver " + id + " got " + ch.receive().receive()));
            Lowlevel.waitAllTasksBlocked();
          }
          for (int i = 0; i < 5; i++) {
            assertTrue(ch.send().trySend(i));
          }
        });
    assertEquals(
        IntStream.range(0, 5).mapToObj(i -> "receiver " + i + " got " + i).sorted().toList(),
        log.stream().sorted().toList());
  }

  /** Clones share one queue: each value goes to exactly one of them, not to all (H6). */
  @TrioTest
  void clonesShareOneQueue() {
    ChannelPair<String> ch = Channels.open(4);
    ReceiveChannel<String> r2 = ch.receive().clone();
    SendChannel<String> s2 = ch.send().clone();
    ch.send().trySend("a");
    s2.trySend("b");
    assertEquals("a", r2.tryReceive());
    assertEquals("b", ch.receive().tryReceive());
    assertNull(r2.tryReceive());
    assertNull(ch.receive().tryReceive());
  }

  /** A blocking send outside a run fails at once with IllegalStateException (DESIGN rule 3). */
  @org.junit.jupiter.api.Test
  void blockingOperationsOutsideARunFailClearly() {
    ChannelPair<String> ch = Channels.open(1);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ch.send().send("x"));
    assertTrue(e.getMessage().contains("Trio.run"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> ch.receive().receive());
    assertTrue(ch.send().trySend("x"), "the non-blocking forms work from any thread");
    assertEquals("x", ch.receive().tryReceive());
  }

  /** trySend from a thread outside the run hands the value to a task waiting in receive. */
  @TrioTest
  void trySendFromAForeignThreadWakesAWaitingReceiver() throws Exception {
    ChannelPair<String> ch = Channels.open(0);
    Thread outsider =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (!ch.send().trySend("from outside")) {
                    Thread.onSpinWait();
                  }
                });
    assertEquals("from outside", ch.receive().receive());
    outsider.join();
  }
}

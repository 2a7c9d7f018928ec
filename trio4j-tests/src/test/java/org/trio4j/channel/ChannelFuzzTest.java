package org.trio4j.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.trio4j.CancelScope;
import org.trio4j.EndOfChannelException;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.testing.TrioTest;

/**
 * Randomized proof of rule H1 in parallel mode: under random cancellations (short timeouts and
 * explicit cancels from other tasks, racing with hand-offs on both carrier threads), every value is
 * received exactly once if its send returned normally, and never if its send was cancelled.
 */
class ChannelFuzzTest {
  private static final int SEEDS = 200;

  /** Nothing lost, nothing duplicated on a rendezvous channel, over 200 seeds. */
  @TrioTest
  void rendezvousChannelLosesAndDuplicatesNothingUnderCancellation() throws Exception {
    fuzz(0);
  }

  /** Nothing lost, nothing duplicated on a channel of capacity 1, over 200 seeds. */
  @TrioTest
  void capacityOneChannelLosesAndDuplicatesNothingUnderCancellation() throws Exception {
    fuzz(1);
  }

  /** Nothing lost, nothing duplicated on a channel of capacity 16, over 200 seeds. */
  @TrioTest
  void capacitySixteenChannelLosesAndDuplicatesNothingUnderCancellation() throws Exception {
    fuzz(16);
  }

  private static void fuzz(int capacity) throws Exception {
    Counters totals = new Counters();
    for (int seed = 0; seed < SEEDS; seed++) {
      runSeed(capacity, seed, totals);
    }
    // The test proves something only if cancellations really hit both sides.
    assertTrue(totals.cancelledSends.sum() > 0, "some sends were cancelled: " + totals);
    assertTrue(totals.cancelledReceives.sum() > 0, "some receives were cancelled: " + totals);
    assertTrue(totals.sent.sum() > 0, "some sends completed: " + totals);
  }

  private static void runSeed(int capacity, int seed, Counters totals) throws Exception {
    Random rnd = new Random(seed * 1_000_003L + capacity);
    int senders = 1 + rnd.nextInt(4);
    int receivers = 1 + rnd.nextInt(4);
    int perSender = 5 + rnd.nextInt(20);
    AtomicIntegerArray sentOk = new AtomicIntegerArray(senders * perSender);
    AtomicIntegerArray received = new AtomicIntegerArray(senders * perSender);
    // The cancel scope each task is running its current operation in, for the others to cancel.
    AtomicReferenceArray<CancelScope> current = new AtomicReferenceArray<>(senders + receivers);
    ChannelPair<Integer> ch = Channels.open(capacity);
    Nursery.open(
        n -> {
          for (int i = 0; i < senders; i++) {
            SendChannel<Integer> tx = ch.send().clone();
            Random own = new Random(rnd.nextLong());
            int slot = i;
            int first = i * perSender;
            n.startSoon(
                () -> {
                  try (tx) {
                    for (int v = first; v < first + perSender; v++) {
                      sendOne(tx, v, own, slot, current, sentOk, totals);
                    }
                  }
                });
          }
          for (int j = 0; j < receivers; j++) {
            ReceiveChannel<Integer> rx = ch.receive().clone();
            Random own = new Random(rnd.nextLong());
            int slot = senders + j;
            n.startSoon(
                () -> {
                  try (rx) {
                    while (receiveOne(rx, own, slot, current, received, totals)) {
                      // until the end of the channel
                    }
                  }
                });
          }
          ch.send().close();
          ch.receive().close();
        });
    for (int v = 0; v < senders * perSender; v++) {
      assertEquals(
          sentOk.get(v),
          received.get(v),
          "capacity " + capacity + ", seed " + seed + ": value " + v + " received how often");
    }
  }

  private static void sendOne(
      SendChannel<Integer> tx,
      int v,
      Random rnd,
      int slot,
      AtomicReferenceArray<CancelScope> current,
      AtomicIntegerArray sentOk,
      Counters totals)
      throws Exception {
    pause(rnd);
    int mode = rnd.nextInt(10);
    if (mode == 0) {
      if (tx.trySend(v)) {
        sentOk.set(v, 1);
        totals.sent.increment();
      }
    } else {
      CancelScope scope = scopeFor(mode, rnd);
      current.set(slot, scope);
      scope.run(
          () -> {
            tx.send(v);
            sentOk.set(v, 1); // not a checkpoint: recorded if and only if send returned
          });
      current.set(slot, null);
      if (scope.cancelledCaught()) {
        totals.cancelledSends.increment();
      } else {
        totals.sent.increment();
      }
    }
    cancelSomeone(rnd, current);
  }

  private static boolean receiveOne(
      ReceiveChannel<Integer> rx,
      Random rnd,
      int slot,
      AtomicReferenceArray<CancelScope> current,
      AtomicIntegerArray received,
      Counters totals)
      throws Exception {
    pause(rnd);
    int mode = rnd.nextInt(10);
    boolean[] ended = {false};
    if (mode == 0) {
      try {
        Integer v = rx.tryReceive();
        if (v != null) {
          record(received, v);
        }
      } catch (EndOfChannelException e) {
        ended[0] = true;
      }
    } else {
      CancelScope scope = scopeFor(mode, rnd);
      current.set(slot, scope);
      scope.run(
          () -> {
            try {
              record(received, rx.receive());
            } catch (EndOfChannelException e) {
              ended[0] = true;
            }
          });
      current.set(slot, null);
      if (scope.cancelledCaught()) {
        totals.cancelledReceives.increment();
      }
    }
    cancelSomeone(rnd, current);
    return !ended[0];
  }

  private static void record(AtomicIntegerArray received, int v) {
    if (v < 0 || v >= received.length()) {
      fail("received a value that nobody sent: " + v);
    }
    received.incrementAndGet(v);
  }

  /** A scope with a short timeout (virtual nanoseconds), or one only another task may cancel. */
  private static CancelScope scopeFor(int mode, Random rnd) {
    return mode < 5 ? CancelScope.withTimeout(Duration.ofNanos(rnd.nextInt(3))) : new CancelScope();
  }

  /** Sometimes sleeps (virtual time), so that tasks wake together, or passes a checkpoint. */
  private static void pause(Random rnd) {
    int p = rnd.nextInt(8);
    if (p == 0) {
      Trio.sleep(Duration.ofNanos(1 + rnd.nextInt(3)));
    } else if (p == 1) {
      Trio.checkpoint();
    }
  }

  /** Sometimes cancels the operation another task is in, racing with whoever serves it. */
  private static void cancelSomeone(Random rnd, AtomicReferenceArray<CancelScope> current) {
    if (rnd.nextInt(3) == 0) {
      CancelScope victim = current.get(rnd.nextInt(current.length()));
      if (victim != null) {
        victim.cancel();
      }
    }
  }

  /** What happened over all seeds, to check that cancellation really was exercised. */
  private static final class Counters {
    final LongAdder sent = new LongAdder();
    final LongAdder cancelledSends = new LongAdder();
    final LongAdder cancelledReceives = new LongAdder();

    @Override
    public String toString() {
      return "sent="
          + sent
          + ", cancelledSends="
          + cancelledSends
          + ", cancelledReceives="
          + cancelledReceives;
    }
  }
}

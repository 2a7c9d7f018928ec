package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.trio4j.internal.DeadlineHeap;
import org.trio4j.internal.TimerEntry;

/**
 * The run's deadline heap against a sorted-set model: entries come out in deadline order, equal
 * deadlines first-in first-out, and any pending entry can be removed.
 */
class DeadlineHeapTest {
  /** A test entry that knows its key; fire() is never called here. */
  private static final class Entry extends TimerEntry {
    final long deadline;
    final long order;

    Entry(long deadline, long order) {
      this.deadline = deadline;
      this.order = order;
    }

    @Override
    protected void fire() {}

    @Override
    public String toString() {
      return "Entry[" + deadline + "#" + order + "]";
    }
  }

  private static final Comparator<Entry> BY_KEY =
      Comparator.<Entry>comparingLong(e -> e.deadline).thenComparingLong(e -> e.order);

  /**
   * A long random mix of adds (many deadlines equal), removals of pending and of fired entries, and
   * pops at advancing times (some bounded to a few entries) gives exactly the model's results: the
   * same entries popped in the same order, the same earliest deadline and size after every step.
   */
  @Test
  void matchesASortedModel() {
    Random random = new Random(42);
    DeadlineHeap heap = new DeadlineHeap();
    TreeSet<Entry> model = new TreeSet<>(BY_KEY);
    List<Entry> all = new ArrayList<>();
    long now = 0;
    for (int step = 0; step < 20_000; step++) {
      int op = random.nextInt(10);
      if (op < 6) {
        Entry e = new Entry(now + random.nextInt(200), step);
        boolean earliest = model.isEmpty() || BY_KEY.compare(e, model.first()) < 0;
        assertEquals(earliest, heap.add(e, e.deadline), "add says whether it became the earliest");
        model.add(e);
        all.add(e);
      } else if (op < 8 && !all.isEmpty()) {
        Entry e = all.get(random.nextInt(all.size()));
        assertEquals(model.remove(e), heap.remove(e), "remove " + e);
      } else if (op < 9) {
        now += random.nextInt(50);
        List<Entry> expected = new ArrayList<>();
        while (!model.isEmpty() && model.first().deadline <= now) {
          expected.add(model.pollFirst());
        }
        assertEquals(expected, heap.popExpired(now), "pop at " + now);
      } else {
        // A bounded pop: the earliest expired entries, at most max of them, the rest left.
        now += random.nextInt(50);
        int max = 1 + random.nextInt(4);
        List<Entry> expected = new ArrayList<>();
        while (expected.size() < max && !model.isEmpty() && model.first().deadline <= now) {
          expected.add(model.pollFirst());
        }
        assertEquals(expected, heap.popExpired(now, max), "pop of " + max + " at " + now);
      }
      assertEquals(model.size(), heap.size());
      assertEquals(model.isEmpty() ? Long.MAX_VALUE : model.first().deadline, heap.nextDeadline());
    }
  }

  /** An entry cannot be added twice, and removing one that fired or was never added is a no-op. */
  @Test
  void addTwiceFailsAndRemoveOfAnAbsentEntrySaysSo() {
    DeadlineHeap heap = new DeadlineHeap();
    Entry e = new Entry(5, 0);
    assertTrue(heap.add(e, 5));
    assertThrows(IllegalStateException.class, () -> heap.add(e, 6));
    assertEquals(List.of(e), heap.popExpired(5));
    assertFalse(heap.remove(e));
    assertFalse(heap.remove(new Entry(1, 1)));
    assertTrue(heap.add(e, 7), "a fired entry can be added again");
  }

  /**
   * Removing an entry that is in no heap (never added: a cancel scope without a deadline) answers
   * at once without the lock, so it does not drain the intake as a locked remove does, and the
   * entries waiting there are still pending and fire.
   */
  @Test
  void removeOfAnEntryInNoHeapTakesNoLock() {
    DeadlineHeap heap = new DeadlineHeap();
    Entry a = new Entry(3, 0);
    Entry b = new Entry(4, 1);
    heap.add(a, 3);
    heap.add(b, 4);
    assertEquals(2, heap.intakeLength());
    assertFalse(heap.remove(new Entry(1, 2)));
    assertEquals(2, heap.intakeLength(), "the intake was not drained: no lock was taken");
    assertEquals(List.of(a, b), heap.popExpired(4));
    assertFalse(heap.remove(a), "a popped entry is in no heap either");
  }

  /**
   * An entry removed while it still waits on the intake (removed without the lock) never fires,
   * counts as removed once, and can be added again at once, before any drain, and then fires once.
   */
  @Test
  void anEntryRemovedOnTheIntakeNeverFiresAndCanBeAddedAgain() {
    DeadlineHeap heap = new DeadlineHeap();
    Entry e = new Entry(5, 0);
    heap.add(e, 5);
    assertEquals(1, heap.intakeLength(), "not drained yet");
    assertTrue(heap.remove(e));
    assertFalse(heap.remove(e), "removed once");
    assertTrue(heap.add(e, 3), "added again before the drain dropped it");
    assertEquals(List.of(e), heap.popExpired(10));
    assertEquals(0, heap.size());
    Entry f = new Entry(5, 1);
    heap.add(f, 5);
    assertTrue(heap.remove(f));
    assertEquals(List.of(), heap.popExpired(10), "a removed entry does not fire");
    assertEquals(0, heap.intakeLength(), "the pop's drain dropped it");
  }

  /**
   * Entries added and removed while nothing else drains the heap (scopes left long before their
   * deadlines, the timer loop asleep) do not pile up on the intake: removing an entry that was
   * pushed a multiple of 128 deep drains it.
   */
  @Test
  void removedEntriesDoNotPileUpOnTheIntake() {
    DeadlineHeap heap = new DeadlineHeap();
    int most = 0;
    for (int i = 0; i < 10_000; i++) {
      Entry e = new Entry(1_000_000 + i, i);
      heap.add(e, e.deadline);
      assertTrue(heap.remove(e));
      most = Math.max(most, heap.intakeLength());
    }
    assertTrue(most <= 128, "the intake grew to " + most);
    assertEquals(0, heap.size());
  }

  /**
   * Removing without the lock races the drains safely: two threads each add 20,000 entries that are
   * due at once and remove each straight away, while a third pops what is due. Every entry is
   * either removed (remove said true) and never popped, or popped exactly once (remove said false).
   */
  @Test
  void removesRacingDrainsLoseNoEntryAndFireNoRemovedOne() {
    assertTimeoutPreemptively(
        Duration.ofMinutes(2),
        () -> {
          DeadlineHeap heap = new DeadlineHeap();
          int perThread = 20_000;
          java.util.Set<TimerEntry> popped = java.util.concurrent.ConcurrentHashMap.newKeySet();
          java.util.concurrent.atomic.AtomicInteger poppedTwice =
              new java.util.concurrent.atomic.AtomicInteger();
          java.util.concurrent.atomic.AtomicBoolean stop =
              new java.util.concurrent.atomic.AtomicBoolean();
          Thread popper =
              Thread.ofPlatform()
                  .start(
                      () -> {
                        while (!stop.get()) {
                          for (TimerEntry e : heap.popExpired(0)) {
                            if (!popped.add(e)) {
                              poppedTwice.incrementAndGet();
                            }
                          }
                        }
                      });
          List<List<Entry>> removedBy = new ArrayList<>();
          List<List<Entry>> keptBy = new ArrayList<>();
          List<Thread> adders = new ArrayList<>();
          for (int t = 0; t < 2; t++) {
            List<Entry> removed = new ArrayList<>();
            List<Entry> kept = new ArrayList<>();
            removedBy.add(removed);
            keptBy.add(kept);
            int base = t * perThread;
            adders.add(
                Thread.ofPlatform()
                    .start(
                        () -> {
                          for (int i = 0; i < perThread; i++) {
                            Entry e = new Entry(0, base + i);
                            heap.add(e, 0);
                            (heap.remove(e) ? removed : kept).add(e);
                          }
                        }));
          }
          for (Thread a : adders) {
            a.join();
          }
          stop.set(true);
          popper.join();
          for (TimerEntry e : heap.popExpired(0)) {
            if (!popped.add(e)) {
              poppedTwice.incrementAndGet();
            }
          }
          assertEquals(0, poppedTwice.get(), "popped twice");
          int removedCount = 0;
          for (int t = 0; t < 2; t++) {
            for (Entry e : removedBy.get(t)) {
              assertFalse(popped.contains(e), "removed, yet popped: " + e);
            }
            for (Entry e : keptBy.get(t)) {
              assertTrue(popped.contains(e), "not removed, yet never popped: " + e);
            }
            removedCount += removedBy.get(t).size();
          }
          assertEquals(2 * perThread - removedCount, popped.size());
          assertEquals(0, heap.size());
        });
  }

  /** An entry that a thread waits on until a loop thread has popped it. */
  private static final class Awaited extends TimerEntry {
    final Thread owner = Thread.currentThread();
    volatile boolean popped;

    @Override
    protected void fire() {}
  }

  /**
   * No wake-up is lost between adders and the timer loop: two threads each add, one at a time,
   * 10,000 entries that are due at once and wait for each to be popped, while a loop thread (as the
   * run's timer loop does) asks for the next deadline, pops what is due and otherwise parks with no
   * timeout until an add says it must be woken. A single lost wake-up leaves the loop parked and
   * the adders waiting for good, which the timeout reports. A later entry stays in the heap
   * throughout, so that the published bound is a real deadline, not "none".
   */
  @Test
  void concurrentAddsAlwaysWakeTheLoop() {
    assertTimeoutPreemptively(
        Duration.ofMinutes(2),
        () -> {
          DeadlineHeap heap = new DeadlineHeap();
          heap.add(new Entry(1_000, 0), 1_000);
          int rounds = 10_000;
          Thread[] loopThread = new Thread[1];
          boolean[] stop = {false};
          Object stopLock = new Object();
          Thread loop =
              Thread.ofPlatform()
                  .start(
                      () -> {
                        while (true) {
                          synchronized (stopLock) {
                            if (stop[0]) {
                              return;
                            }
                          }
                          if (heap.nextDeadline() <= 0) {
                            for (TimerEntry e : heap.popExpired(0)) {
                              Awaited a = (Awaited) e;
                              a.popped = true;
                              LockSupport.unpark(a.owner);
                            }
                          } else {
                            LockSupport.park();
                          }
                        }
                      });
          loopThread[0] = loop;
          Runnable adder =
              () -> {
                for (int i = 0; i < rounds; i++) {
                  Awaited a = new Awaited();
                  if (heap.add(a, 0)) {
                    LockSupport.unpark(loopThread[0]);
                  }
                  while (!a.popped) {
                    LockSupport.park();
                  }
                }
              };
          Thread first = Thread.ofPlatform().start(adder);
          Thread second = Thread.ofPlatform().start(adder);
          first.join();
          second.join();
          synchronized (stopLock) {
            stop[0] = true;
          }
          LockSupport.unpark(loop);
          loop.join();
          assertEquals(1, heap.size(), "only the later entry is left");
        });
  }
}

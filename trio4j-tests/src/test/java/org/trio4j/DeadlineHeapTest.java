package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
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
   * pops at advancing times gives exactly the model's results: the same entries popped in the same
   * order, the same earliest deadline and size after every step.
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
      } else {
        now += random.nextInt(50);
        List<Entry> expected = new ArrayList<>();
        while (!model.isEmpty() && model.first().deadline <= now) {
          expected.add(model.pollFirst());
        }
        assertEquals(expected, heap.popExpired(now), "pop at " + now);
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
}

package org.trio4j.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.Task;
import org.trio4j.testing.TrioTest;

class CapacityLimiterTest {
  private static Set<Object> borrowers(CapacityLimiter c) {
    return new HashSet<>(c.statistics().borrowers());
  }

  /**
   * Borrowing, borrowing on behalf of others, the one-token rule and fairness
   * (test_CapacityLimiter).
   */
  @TrioTest
  void capacityLimiter() throws Exception {
    IllegalArgumentException zero =
        assertThrows(IllegalArgumentException.class, () -> new CapacityLimiter(0));
    assertEquals("totalTokens must be >= 1, but was 0", zero.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new CapacityLimiter(-1));
    CapacityLimiter c = new CapacityLimiter(2);
    assertEquals("CapacityLimiter[0/2 borrowed, waiting=0]", c.toString());
    assertEquals(2, c.totalTokens());
    assertEquals(0, c.borrowedTokens());
    assertEquals(2, c.availableTokens());
    assertThrows(IllegalStateException.class, c::release);
    assertEquals(0, c.borrowedTokens());
    assertTrue(c.tryAcquire());
    assertEquals(1, c.borrowedTokens());
    assertEquals(1, c.availableTokens());
    Task me = Lowlevel.currentTask();
    assertEquals(new CapacityLimiterStatistics(1, 2, List.of(me), 0), c.statistics());

    // One token per borrower.
    assertThrows(IllegalStateException.class, c::tryAcquire);
    assertEquals(1, c.borrowedTokens());
    assertThrows(IllegalStateException.class, c::acquire);
    assertEquals(1, c.borrowedTokens());

    // But a token can be borrowed on behalf of someone else, until the sack is empty.
    c.acquireOnBehalfOf("someone");
    assertEquals(2, c.borrowedTokens());
    assertFalse(c.tryAcquireOnBehalfOf("third party"));
    assertEquals(Set.of(me, "someone"), borrowers(c));
    assertEquals("CapacityLimiter[2/2 borrowed, waiting=0]", c.toString());

    c.releaseOnBehalfOf(me);
    assertEquals(List.of("someone"), c.statistics().borrowers());
    c.releaseOnBehalfOf("someone");
    assertEquals(0, c.borrowedTokens());
    c.run(() -> assertEquals(1, c.borrowedTokens()));
    assertEquals(0, c.borrowedTokens());

    Nursery.open(
        n -> {
          c.acquireOnBehalfOf("value 1");
          c.acquireOnBehalfOf("value 2");
          n.startSoon(() -> c.acquireOnBehalfOf("value 3"));
          Lowlevel.waitAllTasksBlocked();
          assertEquals(2, c.borrowedTokens());
          assertEquals(1, c.statistics().tasksWaiting());
          c.releaseOnBehalfOf("value 2");
          // Fairness: the token went straight to the waiter.
          assertEquals(2, c.borrowedTokens());
          assertEquals(Set.of("value 1", "value 3"), borrowers(c));
          assertFalse(c.tryAcquire());
        });
    c.releaseOnBehalfOf("value 3");
    c.releaseOnBehalfOf("value 1");
    assertEquals(0, c.borrowedTokens());
  }

  /**
   * Raising the total wakes waiters at once; lowering it below the borrowed count lets holders
   * finish and admits nobody until enough tokens are back
   * (test_CapacityLimiter_change_total_tokens).
   */
  @TrioTest
  void changeTotalTokens() throws Exception {
    CapacityLimiter c = new CapacityLimiter(2);
    assertThrows(IllegalArgumentException.class, () -> c.setTotalTokens(0));
    assertThrows(IllegalArgumentException.class, () -> c.setTotalTokens(-10));
    assertEquals(2, c.totalTokens());
    Nursery.open(
        n -> {
          for (int i = 0; i < 5; i++) {
            int borrower = i;
            n.startSoon(() -> c.acquireOnBehalfOf(borrower));
            Lowlevel.waitAllTasksBlocked();
          }
          assertEquals(Set.of(0, 1), borrowers(c));
          assertEquals(3, c.statistics().tasksWaiting());
          c.setTotalTokens(c.totalTokens() + 2);
          assertEquals(Set.of(0, 1, 2, 3), borrowers(c));
          assertEquals(1, c.statistics().tasksWaiting());
          c.setTotalTokens(c.totalTokens() - 3);
          assertEquals(4, c.borrowedTokens());
          assertEquals(1, c.totalTokens());
          assertEquals(-3, c.availableTokens());
          c.releaseOnBehalfOf(0);
          c.releaseOnBehalfOf(1);
          c.releaseOnBehalfOf(2);
          assertEquals(Set.of(3), borrowers(c));
          assertEquals(1, c.statistics().tasksWaiting());
          c.releaseOnBehalfOf(3);
          assertEquals(Set.of(4), borrowers(c));
          assertEquals(0, c.statistics().tasksWaiting());
        });
  }

  /**
   * A waiter cancelled while queued leaves nothing behind: its task is no longer a pending
   * borrower, so it may borrow again later (test_CapacityLimiter_memleak_548).
   */
  @TrioTest
  void cancelledWaiterLeavesNothingBehind() throws Exception {
    CapacityLimiter c = new CapacityLimiter(1);
    c.acquire();
    AtomicReference<Task> child = new AtomicReference<>();
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                child.set(Lowlevel.currentTask());
                c.acquire();
              });
          Lowlevel.waitAllTasksBlocked();
          assertEquals(1, c.statistics().tasksWaiting());
          n.cancelScope().cancel();
        });
    assertEquals(0, c.statistics().tasksWaiting());
    c.release();
    assertTrue(c.tryAcquireOnBehalfOf(child.get()));
    assertEquals(List.of(child.get()), c.statistics().borrowers());
  }

  /** A borrower that is already waiting for a token in another task cannot ask for a second one. */
  @TrioTest
  void aWaitingBorrowerCannotAskTwice() throws Exception {
    CapacityLimiter c = new CapacityLimiter(1);
    c.acquire();
    Nursery.open(
        n -> {
          n.startSoon(() -> c.acquireOnBehalfOf("worker"));
          Lowlevel.waitAllTasksBlocked();
          assertThrows(IllegalStateException.class, () -> c.tryAcquireOnBehalfOf("worker"));
          c.release();
        });
    assertEquals(List.of("worker"), c.statistics().borrowers());
  }

  /** Ten tasks through a 3-token limiter, each holding for 1 s, take exactly 4 s. */
  @TrioTest
  void limitsConcurrencyInVirtualTime() throws Exception {
    CapacityLimiter c = new CapacityLimiter(3);
    Nursery.open(
        n -> {
          for (int i = 0; i < 10; i++) {
            n.startSoon(() -> c.run(() -> Trio.sleep(Duration.ofSeconds(1))));
          }
        });
    assertEquals(Duration.ofSeconds(4).toNanos(), Trio.currentTime());
    assertEquals(0, c.borrowedTokens());
  }

  /** With Integer.MAX_VALUE tokens (Trio's math.inf) nobody ever waits. */
  @TrioTest
  void effectivelyUnlimited() {
    CapacityLimiter c = new CapacityLimiter(Integer.MAX_VALUE);
    assertTrue(c.tryAcquire());
    assertTrue(c.tryAcquireOnBehalfOf("other"));
    assertEquals(Integer.MAX_VALUE - 2, c.availableTokens());
  }
}

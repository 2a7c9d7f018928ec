package org.trio4j.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.trio4j.Cancelled;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.ParkingLot;
import org.trio4j.lowlevel.Task;

/**
 * A sack of tokens that limits how many tasks (or other borrowers) do something at once, and
 * remembers who holds each token (Trio's {@code trio.CapacityLimiter}).
 *
 * {@snippet :
 * CapacityLimiter limiter = new CapacityLimiter(40);
 * limiter.run(() -> expensiveOperation()); // at most 40 at a time
 * }
 *
 * <p>Each borrower holds at most one token. By default the borrower is the calling {@link Task};
 * {@link #acquireOnBehalfOf(Object)} and {@link #releaseOnBehalfOf(Object)} borrow for any other
 * object (a worker thread, a connection), compared with {@code equals}. Only the borrower's token
 * can be released on its behalf, which catches releasing what was never acquired.
 *
 * <p>Waiting tasks are served first in, first out, and a released token goes directly to the
 * longest waiter; {@code tryAcquire} fails while anyone is waiting. {@link #setTotalTokens(int)}
 * changes the size of the sack: raising it lets waiters in at once, lowering it below the number of
 * borrowed tokens lets the current borrowers finish and admits nobody new until enough tokens have
 * come back.
 *
 * <h2>Cancellation</h2>
 *
 * {@code acquire} is a checkpoint even when a token is free; a cancelled {@code acquire} throws
 * {@link Cancelled} without a token and gives up its place in line. {@code release} and {@code
 * tryAcquire} are not checkpoints.
 *
 * <h2>Exceptions</h2>
 *
 * Borrowing a second token for the same borrower, and releasing for a borrower that holds none,
 * throw {@link IllegalStateException}; a total below 1 throws {@link IllegalArgumentException}.
 *
 * <h2>Thread safety</h2>
 *
 * Any task may use it concurrently. The methods that do not wait ({@code tryAcquireOnBehalfOf},
 * {@code releaseOnBehalfOf}, {@code setTotalTokens}, the getters) may also be called from outside
 * the run.
 */
public final class CapacityLimiter implements Acquirable {
  /*
   * Implementation notes.
   *
   * All state is guarded by this object's monitor; the lot's lock nests inside it. A task that
   * must wait records the borrower it waits for in `pending` and joins the lot, both under the
   * monitor. wakeWaiters() (after a release or a raised total) unparks as many waiters as there
   * are free tokens and moves each one's borrower from `pending` to `borrowers` in the same
   * critical section: the token is the waiter's before it even runs (hand-off), so a task that
   * releases cannot take it back, and tryAcquire refuses while the lot is non-empty.
   *
   * A cancelled waiter leaves the lot through its abort function (the lot's lock decides between
   * it and an unpark) and then removes its own `pending` entry; had an unpark won, it would have
   * returned normally, holding the token.
   *
   * Unlike Trio, a borrower that is already waiting for a token (in another task) is refused too:
   * two tokens for one borrower would otherwise be counted as one.
   */

  private final ParkingLot lot = new ParkingLot();
  // Guarded by this object's monitor.
  private int totalTokens;
  private final LinkedHashSet<Object> borrowers = new LinkedHashSet<>();
  private final HashMap<Task, Object> pending = new HashMap<>();

  /**
   * Creates a limiter with {@code totalTokens} tokens.
   *
   * @param totalTokens how many tokens; at least 1 ({@link Integer#MAX_VALUE} for no limit)
   * @throws IllegalArgumentException if {@code totalTokens} is below 1
   */
  public CapacityLimiter(int totalTokens) {
    this.totalTokens = checkTotal(totalTokens);
  }

  /**
   * Returns the total number of tokens.
   *
   * @return the total
   */
  public synchronized int totalTokens() {
    return totalTokens;
  }

  /**
   * Changes the total number of tokens. Raising it wakes as many waiting tasks as there are new
   * free tokens, at once; lowering it below the number of borrowed tokens lets the borrowers keep
   * theirs, and admits nobody new until enough have been released. Not a checkpoint.
   *
   * @param newTotal the new total; at least 1
   * @throws IllegalArgumentException if {@code newTotal} is below 1
   */
  public synchronized void setTotalTokens(int newTotal) {
    totalTokens = checkTotal(newTotal);
    wakeWaiters();
  }

  /**
   * Returns how many tokens are borrowed.
   *
   * @return the count
   */
  public synchronized int borrowedTokens() {
    return borrowers.size();
  }

  /**
   * Returns how many tokens are free: the total minus the borrowed ones (negative after the total
   * was lowered below the number borrowed).
   *
   * @return the count
   */
  public synchronized int availableTokens() {
    return totalTokens - borrowers.size();
  }

  /**
   * Borrows a token for the current task, waiting in line if none is free. A checkpoint.
   *
   * @throws Cancelled if the caller is cancelled before or while waiting (no token is borrowed)
   * @throws IllegalStateException if the current task already holds a token of this limiter
   */
  @Override
  public void acquire() {
    acquireOnBehalfOf(Lowlevel.currentTask());
  }

  /**
   * Borrows a token for {@code borrower}, waiting in line if none is free. A checkpoint.
   *
   * @param borrower who will hold the token, for example a worker thread; compared with {@code
   *     equals}
   * @throws Cancelled if the caller is cancelled before or while waiting (no token is borrowed)
   * @throws IllegalStateException if {@code borrower} already holds (or waits for) a token of this
   *     limiter
   */
  public void acquireOnBehalfOf(Object borrower) {
    Objects.requireNonNull(borrower, "borrower");
    Lowlevel.checkpointIfCancelled();
    Task me = Lowlevel.currentTask();
    ParkingLot.Ticket ticket;
    synchronized (this) {
      if (tryAcquireLocked(borrower)) {
        ticket = null;
      } else {
        ticket = lot.enqueue();
        pending.put(me, borrower);
      }
    }
    if (ticket == null) {
      Lowlevel.cancelShieldedCheckpoint();
      return;
    }
    try {
      ticket.park(); // woken by wakeWaiters(), which made `borrower` a borrower
    } catch (Throwable t) {
      synchronized (this) {
        pending.remove(me);
      }
      throw t;
    }
  }

  /**
   * Borrows a token for the current task if one is free and nobody is waiting. Not a checkpoint.
   *
   * @return true if borrowed; false if {@link #acquire()} would wait
   * @throws IllegalStateException if the current task already holds a token of this limiter
   */
  @Override
  public boolean tryAcquire() {
    return tryAcquireOnBehalfOf(Lowlevel.currentTask());
  }

  /**
   * Borrows a token for {@code borrower} if one is free and nobody is waiting. Not a checkpoint.
   *
   * @param borrower who will hold the token
   * @return true if borrowed; false if {@link #acquireOnBehalfOf(Object)} would wait
   * @throws IllegalStateException if {@code borrower} already holds (or waits for) a token
   */
  public synchronized boolean tryAcquireOnBehalfOf(Object borrower) {
    Objects.requireNonNull(borrower, "borrower");
    return tryAcquireLocked(borrower);
  }

  /**
   * Returns the current task's token; the longest waiter, if any, gets it at once. Not a
   * checkpoint.
   *
   * @throws IllegalStateException if the current task holds no token of this limiter
   */
  @Override
  public void release() {
    releaseOnBehalfOf(Lowlevel.currentTask());
  }

  /**
   * Returns {@code borrower}'s token; the longest waiter, if any, gets it at once. Not a
   * checkpoint.
   *
   * @param borrower who holds the token
   * @throws IllegalStateException if {@code borrower} holds no token of this limiter
   */
  public synchronized void releaseOnBehalfOf(Object borrower) {
    Objects.requireNonNull(borrower, "borrower");
    if (!borrowers.remove(borrower)) {
      throw new IllegalStateException(
          "cannot release a token for "
              + borrower
              + ": it is not holding any of this CapacityLimiter's tokens");
    }
    wakeWaiters();
  }

  /**
   * Returns a snapshot of the limiter, for debugging.
   *
   * @return the statistics
   */
  public synchronized CapacityLimiterStatistics statistics() {
    return new CapacityLimiterStatistics(
        borrowers.size(), totalTokens, new ArrayList<>(borrowers), lot.size());
  }

  @Override
  public String toString() {
    CapacityLimiterStatistics s = statistics();
    return "CapacityLimiter["
        + s.borrowedTokens()
        + "/"
        + s.totalTokens()
        + " borrowed, waiting="
        + s.tasksWaiting()
        + "]";
  }

  // Caller holds the monitor.
  private boolean tryAcquireLocked(Object borrower) {
    if (borrowers.contains(borrower)) {
      throw new IllegalStateException(
          borrower + " is already holding one of this CapacityLimiter's tokens; release it first");
    }
    if (pending.containsValue(borrower)) {
      throw new IllegalStateException(
          borrower + " is already waiting for one of this CapacityLimiter's tokens");
    }
    if (borrowers.size() < totalTokens && lot.size() == 0) {
      borrowers.add(borrower);
      return true;
    }
    return false;
  }

  // Caller holds the monitor.
  private void wakeWaiters() {
    int available = totalTokens - borrowers.size();
    if (available <= 0) {
      return;
    }
    List<Task> woken = lot.unpark(available);
    for (Task t : woken) {
      borrowers.add(pending.remove(t));
    }
  }

  private static int checkTotal(int total) {
    if (total < 1) {
      throw new IllegalArgumentException("totalTokens must be >= 1, but was " + total);
    }
    return total;
  }
}

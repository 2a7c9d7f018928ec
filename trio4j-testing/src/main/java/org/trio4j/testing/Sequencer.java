package org.trio4j.testing;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.trio4j.Cancelled;
import org.trio4j.ThrowingRunnable;
import org.trio4j.lowlevel.Lowlevel;

/**
 * Makes blocks of code in different tasks run in a fixed order, for tests that need a precise
 * interleaving (Trio's {@code testing.Sequencer}). Each block has a position; the block at position
 * 0 runs at once, and the block at position {@code n} runs only after the block at {@code n - 1}
 * has finished.
 *
 * {@snippet :
 * Sequencer seq = new Sequencer();
 * Nursery.open(n -> {
 *   n.startSoon(() -> {
 *     seq.run(1, () -> log.add("second"));
 *     seq.run(3, () -> log.add("fourth"));
 *   });
 *   n.startSoon(() -> {
 *     seq.run(0, () -> log.add("first"));
 *     seq.run(2, () -> log.add("third"));
 *   });
 * });
 * }
 *
 * <h2>Cancellation</h2>
 *
 * Waiting for a turn is a checkpoint (except at position 0). If a waiting task is cancelled, the
 * sequence can never complete: the sequencer is then broken, the cancelled call and every waiting
 * and later one fail with {@link IllegalStateException}, as Trio's fail with {@code RuntimeError}.
 *
 * <h2>Exceptions and thread safety</h2>
 *
 * Each position may be used once; using one again fails with {@link IllegalStateException}. A block
 * that throws still lets the next position run. Thread-safe.
 */
public final class Sequencer {
  /*
   * Implementation notes. `released` holds the positions whose predecessor has finished (Trio's
   * per-position Events, set); a waiter sleeps on the monitor until its position is released or
   * the sequencer breaks. Breaking wakes everyone, as Trio's setting of every Event does.
   */

  private final TaskMonitor monitor = new TaskMonitor();
  // Guarded by the monitor's lock.
  private final Set<Integer> claimed = new HashSet<>();
  private final Set<Integer> released = new HashSet<>();
  private boolean broken;

  /** Creates a sequencer; position 0 may run at once. */
  public Sequencer() {}

  /**
   * Waits until the block at {@code position - 1} has finished, runs {@code body}, and then lets
   * the block at {@code position + 1} run (even if {@code body} threw).
   *
   * @param position the block's place in the sequence, from 0
   * @param body the block
   * @param <X> the checked exception it may throw
   * @throws X whatever {@code body} throws
   * @throws IllegalArgumentException if {@code position} is negative
   * @throws IllegalStateException if the position was used before, or the sequencer is broken (a
   *     waiting task was cancelled), or this task was cancelled while it waited
   */
  public <X extends Exception> void run(int position, ThrowingRunnable<X> body) throws X {
    if (position < 0) {
      throw new IllegalArgumentException("position must not be negative, but was " + position);
    }
    claim(position);
    if (position != 0) {
      awaitTurn(position);
    }
    try {
      body.run();
    } finally {
      monitor.lock();
      try {
        released.add(position + 1);
        monitor.signalAll();
      } finally {
        monitor.unlock();
      }
    }
  }

  private void claim(int position) {
    monitor.lock();
    try {
      if (!claimed.add(position)) {
        throw new IllegalStateException(
            "sequence position " + position + " was already used; each position runs once");
      }
      if (broken) {
        throw brokenException();
      }
    } finally {
      monitor.unlock();
    }
  }

  private void awaitTurn(int position) {
    boolean ready;
    try {
      Lowlevel.checkpointIfCancelled();
      monitor.lock();
      try {
        ready = released.contains(position);
        while (!released.contains(position) && !broken) {
          monitor.await();
        }
      } finally {
        monitor.unlock();
      }
      if (ready) {
        Lowlevel.cancelShieldedCheckpoint();
      }
    } catch (Cancelled e) {
      monitor.lock();
      try {
        broken = true;
        monitor.signalAll();
      } finally {
        monitor.unlock();
      }
      throw new IllegalStateException(
          "the wait for sequence position " + position + " was cancelled; the sequence is broken");
    }
    monitor.lock();
    try {
      if (broken) {
        throw brokenException();
      }
    } finally {
      monitor.unlock();
    }
  }

  private static IllegalStateException brokenException() {
    return new IllegalStateException(
        "the sequence is broken: a task waiting for its position was cancelled");
  }

  @Override
  public String toString() {
    monitor.lock();
    try {
      return "Sequencer[used="
          + new TreeSet<>(claimed)
          + ", waiting="
          + monitor.waiting()
          + (broken ? ", broken" : "")
          + "]";
    } finally {
      monitor.unlock();
    }
  }
}

package org.trio4j.internal;

import org.trio4j.lowlevel.SpinOutcome;

/**
 * A short busy wait for a wake-up before a task parks, for hand-offs between two tasks on different
 * carriers ({@code Lowlevel.spinBeforePark}; the rendezvous channels use it).
 */
public final class ParkSpin {
  /*
   * Why. In parallel mode a rendezvous between two tasks costs a park and an unpark per value.
   * With two carriers the JDK's scheduler lets the other carrier steal each woken task, so every
   * hand-off also moves a task to the other core and thaws its stack there: about 1.1 µs per value
   * in ChannelPairBenchmark, against 0.43 µs when the JVM has one carrier. A waker that finds its
   * partner still spinning finds the partner's task IDLE: TaskImpl.tryReschedule then only flips
   * IDLE to WOKEN (no counter, no unpark, no queue) and the partner's park() returns at once
   * through its "rescheduled before park" path. So two tasks that keep handing values to each other
   * from two carriers stop parking altogether (measured: 0.55-0.6 µs per value).
   *
   * Safety. The park protocol is not touched: the wake-up is still claimed once, by the `wake` CAS,
   * and a cancellation during the spin is delivered as for a task that is slow to reach park(): a
   * canceller that finds the task not PARKED interrupts it, and park() sees the cancelled status
   * and calls the abort function. The spin itself stops when the task's status is cancelled.
   *
   * When. A spin pays only while the partner runs on another carrier; otherwise it burns a carrier,
   * and worse, the partner may be queued on this very carrier (the JDK queues a task unparked by a
   * virtual thread on that thread's carrier), where it cannot run until the spin ends. The JDK's
   * SynchronousQueue spins only while its carrier has no queued work, which it asks the pool
   * (ForkJoinWorkerThread.hasKnownQueuedWork, not public). A library cannot see its carrier, so:
   *   - parallel mode, more than one carrier, and no more runnable tasks in the run than carriers
   *     (the low half of Runner.counts, which counts the spinner and counts woken tasks still queued
   *     for a carrier): otherwise some task is waiting for a carrier and must not wait for this one;
   *   - a named partner (the task that last used the other side) that is not parked in trio4j;
   *   - for the first QUEUED_NANOS the spin reads only its own task's state. Then it stops if the
   *     partner is parked or still woken and queued: most likely queued behind this task, on this
   *     carrier. A partner that was woken a moment ago and is being stolen by the other carrier
   *     looks the same for a microsecond or so; stopping at once on it (as the first version of
   *     this spin did, in session 4) refused 98% of the spins in the pair benchmark, and reading the
   *     partner's task on every round pulled its cache line (which the partner writes at every
   *     checkpoint) from the other core and slowed both sides to no gain;
   *   - SPIN_NANOS at most, like SynchronousQueue's 128 rounds of Thread.onSpinWait.
   * Only rendezvous channels ask (as in SynchronousQueue and Jox): a buffered channel gains from
   * parking, because a sender parked on a full buffer wakes late and then finds room for many
   * values; a spinning one is woken for every freed slot (capacity 16: 0.2 µs per value became 0.5).
   */

  // The carriers of the JDK's virtual-thread scheduler, as it sizes its pool.
  static final int CARRIERS = carriers();

  // The longest busy wait, in nanoseconds.
  static final long SPIN_NANOS = 10_000L;

  // How long the spin trusts a partner that is not running yet (see the notes).
  static final long QUEUED_NANOS = 2_000L;

  private ParkSpin() {}

  /**
   * Busy-waits briefly for {@code task} to be rescheduled, if the run's state leaves room for it
   * and {@code partner} may be about to wake it; on the task's own thread, before it parks.
   *
   * @param task the current task, about to park
   * @param partner the task expected to wake it, or null if unknown (then it does not spin)
   * @return how the spin ended ({@link SpinOutcome#WOKEN}: its park will return at once)
   */
  public static SpinOutcome spin(TaskImpl task, TaskImpl partner) {
    Runner r = task.runner;
    if (CARRIERS < 2
        || partner == null
        || partner == task
        || partner.runner != r
        || !(r.scheduler() instanceof ParallelScheduler)) {
      return SpinOutcome.NOT_TRIED;
    }
    int runnable = r.runnable();
    if (runnable < 2 || runnable > CARRIERS || partner.parkedOn() != null) {
      return SpinOutcome.NOT_TRIED;
    }
    long start = System.nanoTime();
    while (true) {
      for (int i = 0; i < 16; i++) {
        if (task.wokenNotResumed()) {
          return SpinOutcome.WOKEN;
        }
        Thread.onSpinWait();
      }
      long elapsed = System.nanoTime() - start;
      if (elapsed < QUEUED_NANOS) {
        continue;
      }
      CancelStatus s = task.status;
      if (elapsed >= SPIN_NANOS
          || (s != null && s.effectivelyCancelled)
          || partner.parkedOn() != null
          || partner.wokenNotResumed()) {
        return task.wokenNotResumed() ? SpinOutcome.WOKEN : SpinOutcome.GAVE_UP;
      }
    }
  }

  private static int carriers() {
    String p = System.getProperty("jdk.virtualThreadScheduler.parallelism");
    if (p != null) {
      try {
        return Integer.parseInt(p.trim());
      } catch (NumberFormatException e) {
        // the JDK falls back to the processor count too
      }
    }
    return Runtime.getRuntime().availableProcessors();
  }
}

package org.trio4j.internal;

/**
 * A short busy wait for a wake-up before a task parks, for hand-offs between tasks on different
 * carriers ({@code Lowlevel.spinBeforePark}).
 */
public final class ParkSpin {
  /*
   * Why. In parallel mode a rendezvous between two tasks costs one park and one unpark per value,
   * and on an otherwise idle machine each unpark wakes a parked carrier through the operating
   * system (a futex). A waker that finds its partner still spinning finds the partner's task IDLE:
   * TaskImpl.tryReschedule then only flips IDLE to WOKEN (no unpark, no scheduler queue), and the
   * partner's park() returns at once through its existing "rescheduled before park" path. The
   * park protocol is not touched, so a wake happens exactly once (the `wake` CAS) and cancellation
   * behaves as for a task that is slow to reach park(): a canceller that finds the task not PARKED
   * interrupts it, and park() then sees the cancelled status and calls the abort function.
   *
   * When. Spinning pays only if the waker is running on another carrier right now; otherwise it
   * burns a carrier, and worse, the waker may be queued on this very carrier (the JDK's scheduler
   * queues a task unparked by a virtual thread on that thread's carrier), where it cannot run until
   * the spin ends. So the spin needs: parallel mode and more than one carrier; no more runnable
   * tasks in the run than carriers (the low half of Runner.counts, which counts the spinner, and
   * counts woken tasks still queued for a carrier); and the likely partner, named by the caller,
   * running: neither parked in trio4j nor woken and queued. It stops as soon as the partner parks
   * or is queued (it will not hand off then), when the task is cancelled, or after SPIN_NANOS.
   * Callers add their own back-off when spins keep failing.
   */

  // The carriers of the JDK's virtual-thread scheduler, as it sizes its pool.
  static final int CARRIERS = carriers();

  // The longest busy wait, in nanoseconds.
  static final long SPIN_NANOS = Long.getLong("trio4j.parkSpinNanos", 20_000L);

  private ParkSpin() {}

  /**
   * Busy-waits briefly for {@code task} to be rescheduled, if {@code partner} is running and the
   * run's state leaves it a carrier of its own; on the task's own thread, before it parks.
   *
   * @param task the current task, about to park
   * @param partner the task expected to wake it, or null if unknown (then it does not spin)
   * @return true if the task was rescheduled while it spun (its park will return at once)
   */
  public static boolean spin(TaskImpl task, TaskImpl partner) {
    Runner r = task.runner;
    if (CARRIERS < 2
        || SPIN_NANOS <= 0
        || partner == null
        || partner == task
        || partner.runner != r
        || !(r.scheduler() instanceof ParallelScheduler)) {
      return false;
    }
    int runnable = r.runnable();
    if (runnable < 2 || runnable > CARRIERS || !running(partner)) {
      return false;
    }
    long start = System.nanoTime();
    while (true) {
      for (int i = 0; i < 16; i++) {
        if (task.wokenNotResumed()) {
          return true;
        }
        Thread.onSpinWait();
      }
      CancelStatus s = task.status;
      if (!running(partner)
          || (s != null && s.effectivelyCancelled)
          || System.nanoTime() - start >= SPIN_NANOS) {
        return task.wokenNotResumed();
      }
    }
  }

  // Neither parked in trio4j nor woken and waiting for a carrier (it may still be descheduled by
  // the operating system, or blocked in foreign code: the time bound covers those).
  private static boolean running(TaskImpl t) {
    return t.parkedOn() == null && !t.wokenNotResumed();
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

package org.trio4j.channel;

import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.Task;

/**
 * When the tasks that block on one side of one channel try {@link Lowlevel#spinBeforePark} before
 * they park: always while spins succeed, and ever more rarely (down to one wait in 64) while they
 * fail, either because the run's state rules a spin out (many runnable tasks, cooperative mode) or
 * because the partner did not come in time.
 */
final class SpinBackoff {
  /*
   * Plain fields, read and written without the channel's lock by every task that blocks on this
   * side: a lost or stale update only changes which wait tries the next spin, never what a wait
   * does. A successful spin writes nothing when nothing changes, so that a steady hand-off does not
   * write this cache line on every value.
   */
  private static final int MAX_FAILURES = 10;

  // Waits left to park without trying a spin.
  private int skip;
  // Spins failed in a row, capped: a failure skips the next 2^failures - 1 waits.
  private int failures;

  /**
   * Before {@code me}'s task parks: spins for its wake-up if spins have been paying off lately.
   *
   * @param me the waiter, registered on its queue, whose task is about to park on it
   * @param partner the task that last used the other side, the likely waker; or null
   */
  void beforePark(Waiter me, Task partner) {
    int s = skip;
    if (s > 0) {
      skip = s - 1;
      return;
    }
    if (Lowlevel.spinBeforePark(me, partner)) {
      if (failures != 0) {
        failures = 0;
      }
    } else {
      int f = Math.min(failures + 1, MAX_FAILURES);
      failures = f;
      skip = (1 << f) - 1;
    }
  }
}

package org.trio4j.channel;

import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.SpinOutcome;
import org.trio4j.lowlevel.Task;

/**
 * When the tasks that block on one rendezvous channel {@linkplain Lowlevel#spinBeforePark spin}
 * before they park: always while spins end in a wake-up, and after each spin that gives up, not for
 * the next 1, 3, 7, ... up to 63 waits (reset by the next spin that ends in a wake-up).
 */
final class SpinBackoff {
  /*
   * Why. On a quiet machine nearly every spin of a two-task hand-off ends in a wake-up. On a machine
   * whose cores run other work the partner is often descheduled: each spin then burns its 10 µs and
   * the task parks anyway (ChannelPairBenchmark with two CPU hogs: 1.4-2.3 µs per value with
   * spins, 1.0-1.3 without). Only a spin that ran and gave up counts against spinning; a spin the
   * core did not try (SpinOutcome.NOT_TRIED: cooperative mode, many runnable tasks, a parked
   * partner) counts for nothing. Session 4's back-off counted those too, and as its gate refused
   * almost every spin in the pair benchmark, it kept skipping the few that would have won.
   *
   * Plain fields, read and written without the channel's lock by every task that blocks on the
   * channel: a lost or stale update only changes which wait tries the next spin, never what a wait
   * does. A spin that ends in a wake-up writes nothing when nothing changes, so that a steady
   * hand-off does not write this cache line on every value.
   */
  private static final int MAX_FAILURES = 6;

  // Waits left to park without trying a spin.
  private int skip;
  // Spins that gave up in a row, capped: the last one skips the next 2^failures - 1 waits.
  private int failures;

  /**
   * Before {@code me}'s task parks: spins for its wake-up unless spins have been giving up lately.
   *
   * @param me the waiter, queued, whose task is about to park on it
   * @param partner the task that last used the other side, the likely waker; or null
   */
  void beforePark(Waiter me, Task partner) {
    int s = skip;
    if (s > 0) {
      skip = s - 1;
      return;
    }
    SpinOutcome o = Lowlevel.spinBeforePark(me, partner);
    if (o == SpinOutcome.WOKEN) {
      if (failures != 0) {
        failures = 0;
      }
    } else if (o == SpinOutcome.GAVE_UP) {
      int f = Math.min(failures + 1, MAX_FAILURES);
      failures = f;
      skip = (1 << f) - 1;
    }
  }
}

package org.trio4j.lowlevel;

/**
 * How a {@link Lowlevel#spinBeforePark spin before a park} ended, so that the primitive that asked
 * can stop asking while spins keep giving up (on a machine whose cores are busy with other work,
 * the partner is often descheduled and every spin only burns its time).
 *
 * {@snippet :
 * SpinOutcome o = Lowlevel.spinBeforePark(me, lastPartner);
 * if (o == SpinOutcome.GAVE_UP) {
 *   skipNextSpins(); // back off: park at once for the next few waits
 * }
 * Lowlevel.park(me);
 * }
 */
public enum SpinOutcome {
  /** It did not spin: the run's state or the partner's made a wake-up during a spin unlikely. */
  NOT_TRIED,
  /** The task was rescheduled while it spun (or before): its park returns at once. */
  WOKEN,
  /** It spun and gave up (time up, partner parked or queued, or the task cancelled). */
  GAVE_UP
}

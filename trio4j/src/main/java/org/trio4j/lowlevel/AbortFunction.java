package org.trio4j.lowlevel;

/**
 * Called when a task parked in {@link Lowlevel#park(AbortFunction)} is cancelled: it tries to take
 * the task off whatever it waits on.
 *
 * <p>It is called at most once per park, from whichever thread delivered the cancellation (another
 * task, the run's timer loop, or the parked task itself), and concurrently with anyone who may be
 * waking the task. It must therefore decide atomically, under the same lock the wakers use, whether
 * it removed the task (return {@link Abort#SUCCEEDED}) or someone else already took it (return
 * {@link Abort#FAILED}). It must be quick and must not block or call trio4j operations that can
 * block.
 *
 * {@snippet :
 * Object value = Lowlevel.park(() -> {
 *   synchronized (waiters) {
 *     return waiters.remove(me) ? Abort.SUCCEEDED : Abort.FAILED;
 *   }
 * });
 * }
 */
@FunctionalInterface
public interface AbortFunction {
  /** An abort function for waits that cannot be cancelled; it always says {@link Abort#FAILED}. */
  AbortFunction NEVER = () -> Abort.FAILED;

  /** An abort function for waits that hold nothing; it always says {@link Abort#SUCCEEDED}. */
  AbortFunction ALWAYS = () -> Abort.SUCCEEDED;

  /**
   * Tries to take the parked task off its wait.
   *
   * @return whether it did
   */
  Abort abort();
}

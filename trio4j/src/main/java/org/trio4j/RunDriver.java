package org.trio4j;

import java.util.List;
import org.trio4j.internal.Durations;
import org.trio4j.internal.Runner;
import org.trio4j.internal.Scheduler;
import org.trio4j.internal.SigintHandler;
import org.trio4j.internal.TaskImpl;
import org.trio4j.internal.TaskParent;

/** Sets up a run: the root task, the system nursery, the main task, and the outcome. */
final class RunDriver {
  /*
   * Implementation notes.
   *
   * As in Trio, the root task opens the system nursery (where system tasks live) and starts the
   * main task in it. The main task's outcome is kept aside, not given to the nursery, and when it
   * ends it cancels the system nursery, so that system tasks wind down and the run can end.
   * A failure in the system nursery is a TrioInternalError. Interrupting the thread that runs
   * the timer loop (the caller of Trio.run) cancels the whole run, as Ctrl-C does.
   *
   * The root task opens two nurseries, as Trio's init task does: an outer one for the entry task
   * (EntryQueue: callbacks from other threads; started when the run first hands out its
   * TrioToken), and inside it the system nursery. The entry task is cancelled only once the
   * system nursery has closed, so that system tasks can still hear from threads while they wind
   * down.
   *
   * Ctrl-C: on the main thread a SIGINT handler is installed for the duration of the run
   * (SigintHandler); a SIGINT cancels the run like an interrupt, and once every task has finished
   * Trio.run throws KeyboardInterrupt, whatever the main task did (Trio raises a pending
   * KeyboardInterrupt at the end of the run too). A failure of the main task other than the
   * Cancelled that Ctrl-C caused is attached to it as suppressed.
   */

  private RunDriver() {}

  static <T, X extends Exception> T run(RunOptions options, ThrowingSupplier<T, X> main) throws X {
    TaskImpl already = TaskImpl.currentOrNull();
    if (already != null) {
      throw new IllegalStateException(
          "Trio.run was called from inside a run (in "
              + already
              + "); runs do not nest. Start concurrent work with a Nursery instead.");
    }
    Clock clock = options.clockFactory().get();
    Scheduler scheduler =
        options.scheduling() == RunOptions.Scheduling.COOPERATIVE
            ? Scheduler.cooperative(
                options.seed(), Durations.toNanos(options.slowTaskThreshold(), "slowTaskThreshold"))
            : Scheduler.parallel();
    Runner runner = new Runner(clock, options.instruments(), scheduler);
    Outcome<T> mainOutcome = new Outcome<>();
    Outcome<Object> rootOutcome = new Outcome<>();
    runner.setOnInterrupt(
        () -> {
          Nursery sys = runner.systemNursery();
          if (sys != null) {
            sys.cancelScope().cancel("the thread running Trio.run was interrupted");
          }
        });
    TaskParent rootParent =
        new TaskParent() {
          @Override
          public Runnable childExitedLocked(TaskImpl child, Throwable failure) {
            return () -> {
              rootOutcome.failure = failure;
              runner.rootFinished();
            };
          }

          @Override
          public Nursery nursery() {
            return null;
          }
        };
    SigintHandler sigint = SigintHandler.install(runner);
    try {
      runner.execute(
          () ->
              Nursery.open(
                  entry -> {
                    runner.setEntryNursery(entry);
                    Nursery.open(
                        sys -> {
                          runner.setSystemNursery(sys);
                          sys.startSoon(
                              "trio4j-main",
                              () -> {
                                try {
                                  mainOutcome.value = main.get();
                                } catch (Throwable t) {
                                  mainOutcome.failure = t;
                                } finally {
                                  sys.cancelScope().cancel("the main task finished");
                                }
                              });
                        });
                    entry.cancelScope().cancel("the system nursery has closed");
                  }),
          rootParent);
    } finally {
      sigint.restore();
    }
    List<Throwable> internal = runner.internalErrors();
    if (rootOutcome.failure != null || !internal.isEmpty()) {
      Throwable cause = rootOutcome.failure != null ? rootOutcome.failure : internal.get(0);
      TrioInternalError e =
          new TrioInternalError(
              "a system task or trio4j itself failed; the run was cancelled", cause);
      for (Throwable t : internal) {
        if (t != cause) {
          e.addSuppressed(t);
        }
      }
      if (mainOutcome.failure != null
          && mainOutcome.failure != cause
          && !(mainOutcome.failure instanceof Cancelled)) {
        e.addSuppressed(mainOutcome.failure);
      }
      throw e;
    }
    if (sigint.received() || runner.wasInterrupted()) {
      // As Trio: an interrupted run ends in KeyboardInterrupt whatever main did; a real failure of
      // main is kept as suppressed, its Cancelled (the interrupt's own consequence) is not. An
      // interrupt of the thread is given back to it; Ctrl-C leaves no interrupt behind.
      if (runner.wasInterrupted()) {
        Thread.currentThread().interrupt();
      }
      KeyboardInterrupt ki =
          new KeyboardInterrupt(
              sigint.received()
                  ? "Ctrl-C (SIGINT) cancelled the run"
                  : "the run was cancelled because its thread was interrupted");
      if (mainOutcome.failure != null && !(mainOutcome.failure instanceof Cancelled)) {
        ki.addSuppressed(mainOutcome.failure);
      }
      throw ki;
    }
    if (mainOutcome.failure != null) {
      throw Runner.<X>sneaky(mainOutcome.failure);
    }
    return mainOutcome.value;
  }

  /** A result holder, written by one task and read after the run. */
  private static final class Outcome<T> {
    volatile T value;
    volatile Throwable failure;
  }
}

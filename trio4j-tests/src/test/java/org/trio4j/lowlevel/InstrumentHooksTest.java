package org.trio4j.lowlevel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.trio4j.CancelScope;
import org.trio4j.Cancelled;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.testing.TrioTest;

/**
 * The instrument hooks that tracing tools need: taskCheckpointed at every schedule point,
 * taskCancelled whenever a Cancelled is raised in a task, taskFailed when a body throws.
 */
class InstrumentHooksTest {

  /** Records the new hooks as "hook task [detail]", for the tasks whose name starts with "c". */
  static final class Recording implements Instrument {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    private static boolean watched(Task t) {
      return t.name().startsWith("c");
    }

    @Override
    public void taskCheckpointed(Task task) {
      if (watched(task)) {
        events.add("checkpoint " + task.name());
      }
    }

    @Override
    public void taskCancelled(Task task, Cancelled cancelled) {
      if (watched(task)) {
        events.add("cancelled " + task.name() + " " + cancelled.getMessage());
      }
    }

    @Override
    public void taskFailed(Task task, Throwable failure) {
      if (watched(task)) {
        events.add("failed " + task.name() + " " + failure.getClass().getSimpleName());
      }
    }

    @Override
    public void taskExited(Task task) {
      if (watched(task)) {
        events.add("exited " + task.name());
      }
    }
  }

  /**
   * Every Trio.checkpoint, Lowlevel.checkpoint and cancelShieldedCheckpoint is reported once, on
   * the task, and a task that returns normally is not reported as failed.
   */
  @TrioTest
  void everySchedulePointIsReported() throws Exception {
    Recording r = new Recording();
    Lowlevel.addInstrument(r);
    Nursery.open(
        n ->
            n.startSoon(
                "c1",
                () -> {
                  Trio.checkpoint();
                  Lowlevel.checkpoint();
                  Lowlevel.cancelShieldedCheckpoint();
                }));
    Lowlevel.removeInstrument(r);
    assertEquals(List.of("checkpoint c1", "checkpoint c1", "checkpoint c1", "exited c1"), r.events);
  }

  /**
   * A task parked when its nursery is cancelled is reported as cancelled with the scope's reason,
   * then as failed with the Cancelled that left its body, then as exited; a task whose body throws
   * is reported as failed with that exception before it exits.
   */
  @TrioTest
  void cancellationAndFailureAreReportedBeforeTheExit() throws Exception {
    Recording r = new Recording();
    Lowlevel.addInstrument(r);
    Nursery.open(
        n -> {
          n.startSoon("c-parked", Trio::sleepForever);
          Lowlevel.waitAllTasksBlocked();
          n.cancelScope().cancel("stop now");
        });
    try {
      Nursery.open(
          n ->
              n.startSoon(
                  "c-thrower",
                  () -> {
                    throw new IOException("boom");
                  }));
    } catch (IOException expected) {
      // the child's failure
    }
    Lowlevel.removeInstrument(r);
    assertEquals(
        List.of(
            "cancelled c-parked stop now",
            "failed c-parked Cancelled",
            "exited c-parked",
            "failed c-thrower IOException",
            "exited c-thrower"),
        r.events);
  }

  /**
   * Cancellation is level-triggered, and so is the hook: each checkpoint in a cancelled scope that
   * raises Cancelled is reported, after the checkpoint itself.
   */
  @TrioTest
  void eachRaisedCancelledIsReported() throws Exception {
    Recording r = new Recording();
    Lowlevel.addInstrument(r);
    Nursery.open(
        n ->
            n.startSoon(
                "c2",
                () -> {
                  CancelScope scope = new CancelScope();
                  scope.run(
                      () -> {
                        scope.cancel("again and again");
                        for (int i = 0; i < 2; i++) {
                          try {
                            Trio.checkpoint();
                          } catch (Cancelled expected) {
                            // caught on purpose, to reach the next checkpoint
                          }
                        }
                      });
                }));
    Lowlevel.removeInstrument(r);
    assertEquals(
        List.of(
            "checkpoint c2",
            "cancelled c2 again and again",
            "checkpoint c2",
            "cancelled c2 again and again",
            "exited c2"),
        r.events);
  }
}

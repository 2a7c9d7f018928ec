package org.trio4j.testing.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trio4j.Nursery;
import org.trio4j.RunOptions;
import org.trio4j.ThrowingSupplier;
import org.trio4j.Trio;
import org.trio4j.testing.MockClock;
import org.trio4j.testing.TrioExtension;
import org.trio4j.testing.trace.TraceEvent.Kind;

/**
 * {@link TraceRecorder}: the tasks of a run with their places in the nursery tree, and the events
 * of each with their times on the run's clock. Runs in the suite's scheduling mode.
 */
class TraceRecorderTest {
  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  static Trace record(ThrowingSupplier<Object, Exception> main) throws Exception {
    MockClock clock = MockClock.autojumping();
    TraceRecorder recorder = new TraceRecorder(clock);
    Trio.run(
        RunOptions.builder()
            .clock(clock)
            .instrument(recorder)
            .scheduling(TrioExtension.schedulingMode())
            .build(),
        main);
    return recorder.trace();
  }

  private static List<Kind> kinds(Trace trace, String task) {
    return trace.eventsOf(trace.task(task)).stream().map(TraceEvent::kind).toList();
  }

  private static List<Long> times(Trace trace, String task) {
    return trace.eventsOf(trace.task(task)).stream().map(TraceEvent::time).toList();
  }

  /**
   * Each task is recorded with its parent (the task that opened its nursery) and its nursery, its
   * spawn and exit times, its failure; its events come in order with exact virtual times: spawn,
   * park for a sleep, wake, checkpoints, exit; a failure before the exit.
   */
  @Test
  void recordsTheTreeAndTheLifeOfEachTask() throws Exception {
    Trace trace =
        record(
            () -> {
              try {
                Nursery.open(
                    n -> {
                      n.startSoon(
                          "a",
                          () -> {
                            Trio.sleep(Duration.ofSeconds(1));
                            Trio.checkpoint();
                            Trio.checkpoint();
                          });
                      n.startSoon(
                          "b",
                          () ->
                              Nursery.open(
                                  inner ->
                                      inner.startSoon(
                                          "b1",
                                          () -> {
                                            Trio.sleep(Duration.ofSeconds(2));
                                            throw new IOException("boom");
                                          })));
                    });
              } catch (IOException expected) {
                // b1's failure, through b
              }
              return null;
            });
    TraceTask main = trace.task("trio4j-main");
    TraceTask a = trace.task("a");
    TraceTask b = trace.task("b");
    TraceTask b1 = trace.task("b1");
    assertEquals(main.key(), a.parent());
    assertEquals(main.key(), b.parent());
    assertEquals(b.key(), b1.parent());
    assertEquals(a.nursery(), b.nursery());
    assertNotEquals(a.nursery(), b1.nursery());
    assertEquals(List.of(a, b), trace.children(main));
    assertEquals(trace.task("trio4j-root").key(), main.parent());

    assertEquals(
        List.of(
            Kind.SPAWNED,
            Kind.PARKED,
            Kind.SCHEDULED,
            Kind.CHECKPOINT,
            Kind.CHECKPOINT,
            Kind.EXITED),
        kinds(trace, "a"));
    assertEquals(List.of(0L, 0L, SECOND, SECOND, SECOND, SECOND), times(trace, "a"));
    assertEquals(0, a.spawned());
    assertEquals(SECOND, a.exited());
    assertNull(a.failure());

    assertEquals(
        List.of(Kind.SPAWNED, Kind.PARKED, Kind.SCHEDULED, Kind.FAILED, Kind.EXITED),
        kinds(trace, "b1"));
    assertEquals("java.io.IOException: boom", b1.failure());
    assertEquals(2 * SECOND, b1.exited());
    TraceEvent failed = trace.eventsOf(b1).get(3);
    assertEquals("java.io.IOException: boom", failed.detail());
    assertEquals(2 * SECOND, failed.time());
    assertEquals("java.io.IOException: boom", b.failure(), "b's nursery rethrew b1's failure");
    assertTrue(main.hasExited());
    assertNull(main.failure());

    for (int i = 0; i < trace.events().size(); i++) {
      assertEquals(i, trace.events().get(i).seq());
    }
  }

  /**
   * A task started with Nursery.start begins in a hidden nursery of the caller's and is moved to
   * the target nursery by started(); the recorder places it in the target nursery, with the
   * siblings started there by startSoon.
   */
  @Test
  void aStartedTaskIsPlacedInItsTargetNursery() throws Exception {
    Trace trace =
        record(
            () -> {
              Nursery.open(
                  n -> {
                    n.startSoon("sibling", Trio::sleepForever);
                    n.start(
                        "server",
                        status -> {
                          status.started(null);
                          Trio.sleepForever();
                        });
                    n.cancelScope().cancel();
                  });
              return null;
            });
    assertEquals(trace.task("sibling").nursery(), trace.task("server").nursery());
    assertEquals(trace.task("trio4j-main").key(), trace.task("server").parent());
  }

  /**
   * A cancelled task gets a CANCELLED event with the reason, then FAILED with the Cancelled; a
   * trace taken during the run shows tasks that have not exited.
   */
  @Test
  void cancellationAndUnfinishedTasks() throws Exception {
    MockClock clock = MockClock.autojumping();
    TraceRecorder recorder = new TraceRecorder(clock);
    Trace[] during = new Trace[1];
    Trio.run(
        RunOptions.builder()
            .clock(clock)
            .instrument(recorder)
            .scheduling(TrioExtension.schedulingMode())
            .build(),
        () -> {
          Nursery.open(
              n -> {
                n.startSoon("victim", Trio::sleepForever);
                org.trio4j.lowlevel.Lowlevel.waitAllTasksBlocked();
                during[0] = recorder.trace();
                n.cancelScope().cancel("enough");
              });
          return null;
        });
    assertFalse(during[0].task("victim").hasExited());
    Trace trace = recorder.trace();
    List<TraceEvent> victim = trace.eventsOf(trace.task("victim"));
    assertEquals(
        List.of(
            Kind.SPAWNED, Kind.PARKED, Kind.SCHEDULED, Kind.CANCELLED, Kind.FAILED, Kind.EXITED),
        victim.stream().map(TraceEvent::kind).toList());
    assertEquals("enough", victim.get(3).detail());
    assertTrue(victim.get(4).detail().startsWith("org.trio4j.Cancelled"), victim.get(4).detail());
  }
}

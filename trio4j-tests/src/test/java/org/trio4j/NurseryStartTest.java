package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trio4j.VirtualTime.seconds;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.Task;
import org.trio4j.testing.TrioTest;

/** Nursery.start and TaskStatus.started (rules D1-D7, C8; Trio's test_nursery_start*). */
class NurseryStartTest {

  /** Sleeps {@code s} seconds, reports started(s), then sleeps {@code s} seconds more. */
  private static StartFunction<Integer> sleepThenStart(int s) {
    return status -> {
      Trio.sleep(Duration.ofSeconds(s));
      status.started(s);
      Trio.sleep(Duration.ofSeconds(s));
    };
  }

  /**
   * start returns the value passed to started exactly when started is called (1 s or 2 s), the task
   * then lives in the target nursery, which exits at twice that time (D1).
   */
  @TrioTest
  void startReturnsTheStartedValueAtTheRightTime() throws Exception {
    for (int s = 1; s <= 2; s++) {
      int secs = s;
      long t0 = Trio.currentTime();
      Nursery.open(
          n -> {
            assertEquals(0, n.childTasks().size());
            assertEquals(secs, n.start(sleepThenStart(secs)));
            assertEquals(seconds(secs), Trio.currentTime() - t0);
            assertEquals(1, n.childTasks().size());
          });
      assertEquals(seconds(2L * secs), Trio.currentTime() - t0);
    }
  }

  /** started() without a value makes start return null, and start can name the task. */
  @TrioTest
  void startedWithoutValueAndNamedTask() throws Exception {
    List<String> names = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          Object v =
              n.start(
                  "server",
                  status -> {
                    names.add(Lowlevel.currentTask().name());
                    status.started();
                  });
          assertNull(v);
        });
    assertEquals(List.of("server"), names);
  }

  /**
   * Before started() the task is a child of a hidden nursery of the caller; after it, the target
   * nursery is its parent (test_task_tree_introspection).
   */
  @TrioTest
  void startedMovesTheTaskIntoTheTargetNursery() throws Exception {
    Task caller = Lowlevel.currentTask();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        target -> {
          target.start(
              status -> {
                Task me = Lowlevel.currentTask();
                Nursery before = me.parentNursery().orElseThrow();
                assertNotSame(target, before);
                assertSame(caller, before.parentTask());
                status.started();
                assertSame(target, me.parentNursery().orElseThrow());
                log.add("moved");
              });
        });
    assertEquals(List.of("moved"), log);
  }

  /**
   * After started(), the task is cancelled by the target nursery's scope, not by the scope of the
   * caller of start: cancelling the caller's scope leaves it running, cancelling the target ends
   * it.
   */
  @TrioTest
  void startedTaskIsCancelledByTheTargetNotByTheCaller() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        target -> {
          CancelScope callerScope = new CancelScope();
          callerScope.run(
              () -> {
                target.start(
                    status -> {
                      status.started();
                      try {
                        Trio.sleepForever();
                      } catch (Cancelled c) {
                        log.add("child cancelled at " + Trio.currentTime());
                        throw c;
                      }
                    });
                callerScope.cancel();
                try {
                  Trio.checkpoint();
                } catch (Cancelled c) {
                  log.add("caller cancelled at " + Trio.currentTime());
                  throw c;
                }
              });
          assertTrue(callerScope.cancelledCaught());
          Trio.sleep(Duration.ofSeconds(1));
          Lowlevel.waitAllTasksBlocked();
          assertEquals(List.of("caller cancelled at 0"), log);
          target.cancelScope().cancel();
        });
    assertEquals(List.of("caller cancelled at 0", "child cancelled at " + seconds(1)), log);
  }

  /**
   * Before started(), the task runs under the caller's scopes: a deadline of the caller cancels it,
   * and the target nursery is not affected.
   */
  @TrioTest
  void beforeStartedTheTaskRunsUnderTheCallersScopes() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        target -> {
          target.startSoon(
              () -> {
                Trio.sleep(Duration.ofSeconds(5));
                log.add("target's other child done at " + Trio.currentTime());
              });
          boolean completed =
              Trio.moveOnAfter(
                  Duration.ofSeconds(1),
                  () ->
                      target.start(
                          status -> {
                            assertEquals(seconds(1), Trio.currentEffectiveDeadline());
                            try {
                              Trio.sleep(Duration.ofSeconds(3));
                            } catch (Cancelled c) {
                              log.add("starting child cancelled at " + Trio.currentTime());
                              throw c;
                            }
                            status.started();
                          }));
          assertFalse(completed);
        });
    assertEquals(
        List.of(
            "starting child cancelled at " + seconds(1),
            "target's other child done at " + seconds(5)),
        log);
  }

  /**
   * A task that fails before started(): its exception comes out of start unchanged, and neither
   * reaches nor cancels the target nursery (D3).
   */
  @TrioTest
  void failureBeforeStartedComesOutOfStartOnly() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    IOException oops = new IOException("oops");
    AtomicReference<Nursery> ref = new AtomicReference<>();
    Nursery.open(
        target -> {
          ref.set(target);
          target.startSoon(
              () -> {
                Trio.sleep(Duration.ofSeconds(2));
                log.add("sibling done at " + Trio.currentTime());
              });
          IOException thrown =
              assertThrows(
                  IOException.class,
                  () ->
                      target.start(
                          status -> {
                            Trio.sleep(Duration.ofSeconds(1));
                            throw oops;
                          }));
          assertSame(oops, thrown);
          assertEquals(0, thrown.getSuppressed().length);
          assertEquals(seconds(1), Trio.currentTime());
        });
    assertEquals(List.of("sibling done at " + seconds(2)), log);
    assertFalse(ref.get().cancelScope().cancelCalled());
  }

  /** A task that returns without calling started() makes start throw IllegalStateException (D4). */
  @TrioTest
  void returnWithoutStartedIsAnError() throws Exception {
    Nursery.open(
        n -> {
          IllegalStateException e =
              assertThrows(IllegalStateException.class, () -> n.start(status -> {}));
          assertTrue(e.getMessage().contains("without calling"), e.getMessage());
        });
  }

  /**
   * Calling started() twice throws IllegalStateException in the task, and start returns the first
   * value (D5).
   */
  @TrioTest
  void startedTwiceFailsInTheChild() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          String v =
              n.start(
                  status -> {
                    status.started("first");
                    IllegalStateException e =
                        assertThrows(IllegalStateException.class, () -> status.started("second"));
                    log.add(e.getMessage().contains("twice") ? "twice" : e.getMessage());
                  });
          assertEquals("first", v);
        });
    assertEquals(List.of("twice"), log);
  }

  /**
   * If the caller of start is cancelled, started() is a no-op: the task stays under start, and
   * start throws Cancelled, which the caller's scope catches (D6).
   */
  @TrioTest
  void startedInCancelledCallerIsANoOp() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        target -> {
          CancelScope cs = new CancelScope();
          cs.run(
              () -> {
                cs.cancel();
                target.start(
                    status -> {
                      status.started("hi");
                      log.add(
                          "moved: "
                              + (Lowlevel.currentTask().parentNursery().orElseThrow() == target));
                      Trio.checkpoint();
                      log.add("checkpoint passed: must not happen");
                    });
                log.add("start returned: must not happen");
              });
          assertTrue(cs.cancelledCaught());
          assertEquals(0, target.childTasks().size());
        });
    assertEquals(List.of("moved: false"), log);
  }

  /**
   * If the caller of start is cancelled and the task calls started() and ends without a checkpoint,
   * start returns normally and the caller's scope catches nothing (D6).
   */
  @TrioTest
  void startedWithoutCheckpointInCancelledCallerReturnsNormally() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        target -> {
          CancelScope cs = new CancelScope();
          cs.run(
              () -> {
                cs.cancel();
                target.start(status -> status.started(null));
                log.add("start returned");
              });
          assertFalse(cs.cancelledCaught());
        });
    assertEquals(List.of("start returned"), log);
  }

  /**
   * If the caller of start is cancelled, a failure after started() still comes out of start,
   * unchanged, since started() did not move the task (D6).
   */
  @TrioTest
  void failureAfterNoOpStartedComesOutOfStart() throws Exception {
    IllegalArgumentException whoops = new IllegalArgumentException("whoopsiedaisy");
    AtomicReference<Nursery> ref = new AtomicReference<>();
    Nursery.open(
        target -> {
          ref.set(target);
          CancelScope cs = new CancelScope();
          IllegalArgumentException thrown =
              assertThrows(
                  IllegalArgumentException.class,
                  () ->
                      cs.run(
                          () -> {
                            cs.cancel();
                            target.start(
                                status -> {
                                  status.started();
                                  throw whoops;
                                });
                          }));
          assertSame(whoops, thrown);
          assertFalse(cs.cancelledCaught());
        });
    assertFalse(ref.get().cancelScope().cancelCalled());
  }

  /**
   * A target nursery stays open while start() calls aimed at it are pending, even with no child in
   * it: two starts (at 0 s and 1 s, each started 2 s later, then 3 s of work) keep it open for 6 s.
   */
  @TrioTest
  void pendingStartsKeepTheTargetOpen() throws Exception {
    StartFunction<Void> sleepABit =
        status -> {
          Trio.sleep(Duration.ofSeconds(2));
          status.started();
          Trio.sleep(Duration.ofSeconds(3));
        };
    Nursery.open(
        n1 -> {
          long t0 = Trio.currentTime();
          Nursery.open(
              n2 -> {
                n1.startSoon(() -> n2.start(sleepABit));
                Trio.sleep(Duration.ofSeconds(1));
                n1.startSoon(() -> n2.start(sleepABit));
              });
          assertEquals(seconds(6), Trio.currentTime() - t0);
        });
  }

  /**
   * A pending start keeps its target open even when its task then fails before started(): the
   * failure comes out of start at 7 s and the target closes then, empty and unharmed.
   */
  @TrioTest
  void pendingStartThatFailsStillKeptTheTargetOpen() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    IllegalArgumentException keyError = new IllegalArgumentException("key");
    Nursery.open(
        n1 -> {
          long t0 = Trio.currentTime();
          Nursery.open(
              n2 -> {
                n1.startSoon(
                    () -> {
                      IllegalArgumentException e =
                          assertThrows(
                              IllegalArgumentException.class,
                              () ->
                                  n2.start(
                                      status -> {
                                        Trio.sleep(Duration.ofSeconds(7));
                                        throw keyError;
                                      }));
                      log.add(e == keyError ? "start threw the task's failure" : e.toString());
                    });
                Lowlevel.waitAllTasksBlocked();
              });
          log.add("target closed");
          assertEquals(seconds(7), Trio.currentTime() - t0);
        });
    // Both happen at 7 s, in parallel: the order of the two log entries is not defined.
    assertEquals(Set.of("start threw the task's failure", "target closed"), Set.copyOf(log));
    assertEquals(2, log.size());
  }

  /**
   * started() moving a task whose own children are parked into a target nursery that is already
   * cancelled delivers the cancellation to them (test_nursery_start_with_cancelled_nursery).
   */
  @TrioTest
  void startedIntoACancelledTargetCancelsTheMovedTasks() throws Exception {
    for (boolean cancelBeforeStarted : new boolean[] {true, false}) {
      Trio.failAfter(
          Duration.ofSeconds(10),
          () ->
              Nursery.open(
                  n -> {
                    Nursery target =
                        n.start(
                            status ->
                                Nursery.open(
                                    inner -> {
                                      status.started(inner);
                                      Trio.sleepForever();
                                    }));
                    target.start(
                        status ->
                            Nursery.open(
                                kids -> {
                                  kids.startSoon(Trio::sleepForever);
                                  kids.startSoon(Trio::sleepForever);
                                  Lowlevel.waitAllTasksBlocked();
                                  if (cancelBeforeStarted) {
                                    target.cancelScope().cancel();
                                  }
                                  status.started();
                                }));
                    target.cancelScope().cancel();
                  }));
      assertEquals(0, Trio.currentTime());
    }
  }

  /**
   * A task started with start can itself open a nursery and use start, and each level returns its
   * value in order (nested starts, as a server that starts its listeners).
   */
  @TrioTest
  void nestedStarts() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          String v =
              n.start(
                  outerStatus ->
                      Nursery.open(
                          inner -> {
                            int port = inner.start(sleepThenStart(1));
                            log.add("inner started " + port + " at " + Trio.currentTime());
                            outerStatus.started("listening on " + port);
                          }));
          log.add(v + " at " + Trio.currentTime());
        });
    assertEquals(
        List.of("inner started 1 at " + seconds(1), "listening on 1 at " + seconds(1)), log);
    assertEquals(seconds(2), Trio.currentTime());
  }
}

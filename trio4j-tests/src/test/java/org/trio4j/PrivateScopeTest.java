package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trio4j.VirtualTime.seconds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.trio4j.internal.TaskImpl;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.sync.Event;
import org.trio4j.testing.TrioTest;

/**
 * Plain cancel scopes (not a nursery's) are entered and left without the run's structure lock:
 * their statuses stay out of the shared tree, and the task stays attached to the nearest nursery
 * scope above them (CancelStatus notes). These tests check that every way a cancellation travels
 * still reaches a task inside such scopes, and that shields among them still stop it.
 */
class PrivateScopeTest {

  /**
   * A nursery's cancellation reaches a child parked two plain scopes deep, and neither of those
   * scopes catches it: the nursery does.
   */
  @TrioTest
  void nurseryCancellationReachesATaskInsidePlainScopes() throws Exception {
    CancelScope outer = new CancelScope();
    CancelScope inner = new CancelScope();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () ->
                  outer.run(
                      () ->
                          inner.run(
                              () -> {
                                try {
                                  Trio.sleepForever();
                                } catch (Cancelled c) {
                                  log.add("cancelled at " + Trio.currentTime());
                                  throw c;
                                }
                              })));
          Trio.sleep(Duration.ofSeconds(1));
          n.cancelScope().cancel();
        });
    assertEquals(List.of("cancelled at " + seconds(1)), log);
    assertFalse(outer.cancelledCaught());
    assertFalse(inner.cancelledCaught());
  }

  /**
   * A shield between the nursery and a parked task keeps the nursery's cancellation from waking it;
   * once the task leaves the shield it is under the cancellation again.
   */
  @TrioTest
  void shieldAmongPlainScopesStopsTheNurseryCancellation() throws Exception {
    Event gate = new Event();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                CancelScope shield = new CancelScope();
                shield.setShield(true);
                shield.run(
                    () ->
                        new CancelScope()
                            .run(
                                () -> {
                                  gate.await();
                                  log.add("gate opened at " + Trio.currentTime());
                                  Trio.checkpoint();
                                }));
                log.add("left the shield");
                assertThrows(Cancelled.class, Trio::checkpoint);
                log.add("cancelled after the shield");
              });
          Lowlevel.waitAllTasksBlocked();
          n.cancelScope().cancel();
          CancelScope mine = new CancelScope(); // the owner is under the nursery's cancellation too
          mine.setShield(true);
          mine.run(
              () -> {
                Trio.sleep(Duration.ofSeconds(2));
                gate.set();
              });
        });
    assertEquals(
        List.of("gate opened at " + seconds(2), "left the shield", "cancelled after the shield"),
        log);
  }

  /**
   * Cancelling a plain scope from another task wakes its owner parked in a deeper plain scope, and
   * the cancelled scope catches the cancellation.
   */
  @TrioTest
  void cancellingAPlainScopeFromAnotherTaskWakesItsOwner() throws Exception {
    CancelScope outer = new CancelScope();
    List<Long> caughtAt = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                outer.run(() -> new CancelScope().run(Trio::sleepForever));
                caughtAt.add(Trio.currentTime());
              });
          Trio.sleep(Duration.ofSeconds(3));
          outer.cancel();
        });
    assertTrue(outer.cancelledCaught());
    assertEquals(List.of(seconds(3)), caughtAt);
  }

  /**
   * A deadline on a plain scope inside another plain scope fires and is caught by its own scope,
   * while the outer one stays uncancelled.
   */
  @TrioTest
  void deadlineOfAnInnerPlainScopeIsCaughtThere() throws Exception {
    CancelScope outer = new CancelScope();
    CancelScope inner = CancelScope.withTimeout(Duration.ofSeconds(2));
    outer.run(
        () -> {
          inner.run(Trio::sleepForever);
          assertEquals(seconds(2), Trio.currentTime());
          Trio.checkpoint();
        });
    assertTrue(inner.cancelledCaught());
    assertFalse(outer.cancelledCaught());
    assertFalse(outer.cancelCalled());
  }

  /**
   * A nursery opened inside plain scopes hangs under the innermost of them: cancelling the
   * outermost reaches the nursery's children, and that scope catches the cancellation.
   */
  @TrioTest
  void nurseryInsidePlainScopesIsReachedByTheirCancellation() throws Exception {
    CancelScope outer = new CancelScope();
    AtomicInteger childrenCancelled = new AtomicInteger();
    outer.run(
        () ->
            new CancelScope()
                .run(
                    () ->
                        Nursery.open(
                            n -> {
                              for (int i = 0; i < 3; i++) {
                                n.startSoon(
                                    () -> {
                                      try {
                                        Trio.sleepForever();
                                      } catch (Cancelled c) {
                                        childrenCancelled.incrementAndGet();
                                        throw c;
                                      }
                                    });
                              }
                              Lowlevel.waitAllTasksBlocked();
                              outer.cancel("from the outermost plain scope");
                            })));
    assertEquals(3, childrenCancelled.get());
    assertTrue(outer.cancelledCaught());
  }

  /**
   * After a nursery inside a plain scope has closed, the scope, now in the tree, is still left
   * normally, and later plain scopes of the same task work as before.
   */
  @TrioTest
  void scopeLinkedByANurseryIsLeftNormally() throws Exception {
    CancelScope linked = new CancelScope();
    linked.run(
        () -> {
          Nursery.open(n -> n.startSoon(Trio::checkpoint));
          CancelScope inside = CancelScope.withTimeout(Duration.ofSeconds(1));
          inside.run(Trio::sleepForever);
          assertTrue(inside.cancelledCaught());
        });
    assertFalse(linked.cancelledCaught());
    CancelScope after = new CancelScope();
    after.run(
        () -> {
          after.cancel();
          Trio.checkpoint();
        });
    assertTrue(after.cancelledCaught());
  }

  /**
   * A task that calls started() from inside a plain scope moves into the target nursery with that
   * scope: the caller's cancellation no longer reaches it, the target's does, and the plain scope
   * does not catch it.
   */
  @TrioTest
  void startedFromInsideAPlainScopeMovesTheScopeToo() throws Exception {
    CancelScope childScope = new CancelScope();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        target -> {
          CancelScope callerScope = new CancelScope();
          callerScope.run(
              () -> {
                target.start(
                    status ->
                        childScope.run(
                            () -> {
                              status.started();
                              try {
                                Trio.sleepForever();
                              } catch (Cancelled c) {
                                log.add("child cancelled at " + Trio.currentTime());
                                throw c;
                              }
                            }));
                callerScope.cancel();
                Trio.checkpoint();
              });
          Trio.sleep(Duration.ofSeconds(1));
          Lowlevel.waitAllTasksBlocked();
          assertEquals(List.of(), log);
          target.cancelScope().cancel();
        });
    assertEquals(List.of("child cancelled at " + seconds(1)), log);
    assertFalse(childScope.cancelledCaught());
  }

  /**
   * Leaving plain scopes out of order is refused, as for any scope: the inner one is still the
   * innermost when the outer one is left. (Only the package-private enter and exit can misnest; run
   * and call cannot.)
   */
  @TrioTest
  void plainScopesLeftOutOfOrderAreRefused() {
    TaskImpl task = TaskImpl.current("test");
    CancelScope outer = new CancelScope();
    CancelScope inner = new CancelScope();
    outer.enter(task);
    inner.enter(task);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> outer.exit(task, null));
    assertTrue(e.getMessage().contains("cancel scope stack corrupted"), e.getMessage());
    assertNull(inner.exit(task, null));
    assertNull(outer.exit(task, null));
  }

  /** Rounds of each race below. */
  private static final int RACE_ROUNDS = 2_000;

  /**
   * Runs {@link #RACE_ROUNDS} rounds, in parallel mode, of a child that says it is about to enter a
   * plain scope (inside a plain scope {@code outer} of its own when {@code cancelOuter}) while the
   * parent cancels at that moment: the nursery, or {@code outer}. Inside the scope the child waits
   * without a checkpoint until the cancel has returned; then its cancellation check must throw.
   *
   * @return {rounds in which the check did not throw, rounds in which outer caught the cancel}
   */
  private static int[] raceCancelAgainstEntry(boolean cancelOuter) throws Exception {
    AtomicInteger missed = new AtomicInteger();
    AtomicInteger caught = new AtomicInteger();
    RunOptions parallel = RunOptions.builder().scheduling(RunOptions.Scheduling.PARALLEL).build();
    Trio.run(
        parallel,
        () -> {
          for (int r = 0; r < RACE_ROUNDS; r++) {
            AtomicBoolean entering = new AtomicBoolean();
            AtomicBoolean cancelled = new AtomicBoolean();
            CancelScope outer = new CancelScope();
            ThrowingRunnable<Exception> enter =
                () -> {
                  entering.set(true);
                  new CancelScope()
                      .run(
                          () -> {
                            while (!cancelled.get()) {
                              Thread.onSpinWait();
                            }
                            Lowlevel.checkpointIfCancelled();
                            missed.incrementAndGet();
                          });
                };
            Nursery.open(
                n -> {
                  n.startSoon(
                      () -> {
                        if (!cancelOuter) {
                          enter.run();
                          return;
                        }
                        outer.run(enter);
                        if (outer.cancelledCaught()) {
                          caught.incrementAndGet();
                        }
                      });
                  while (!entering.get()) {
                    Thread.onSpinWait();
                  }
                  if (cancelOuter) {
                    outer.cancel();
                  } else {
                    n.cancelScope().cancel();
                  }
                  cancelled.set(true);
                });
          }
          return null;
        });
    return new int[] {missed.get(), caught.get()};
  }

  /**
   * A nursery's cancellation racing with a task that is entering a plain scope is never lost (2,000
   * rounds; see raceCancelAgainstEntry).
   */
  @Test
  void cancellationRacingWithAPlainScopeEntryIsNeverLost() throws Exception {
    assertEquals(0, raceCancelAgainstEntry(false)[0]);
  }

  /**
   * Cancelling a plain scope from another task, racing with its owner entering a plain scope inside
   * it, is never lost either, and the cancelled scope catches it every time (2,000 rounds).
   */
  @Test
  void cancellingAPlainScopeRacingWithANestedEntryIsNeverLost() throws Exception {
    int[] r = raceCancelAgainstEntry(true);
    assertEquals(0, r[0]);
    assertEquals(RACE_ROUNDS, r[1]);
  }
}

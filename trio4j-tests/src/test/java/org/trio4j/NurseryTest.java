package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trio4j.VirtualTime.seconds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.ParkingLot;
import org.trio4j.lowlevel.RunStatistics;
import org.trio4j.lowlevel.Task;
import org.trio4j.testing.TrioTest;

/** Nurseries without failures: waiting, starting, scoping, closing, introspection (rules C1-C8). */
class NurseryTest {

  private static void shielded(ThrowingRunnable<RuntimeException> body) {
    CancelScope s = new CancelScope();
    s.setShield(true);
    s.run(body);
  }

  /** Nursery.open returns only after every child has finished, at the slowest child's end time. */
  @TrioTest
  void nurseryWaitsForEveryChild() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          for (int i = 3; i >= 1; i--) {
            int s = i;
            n.startSoon(
                () -> {
                  Trio.sleep(Duration.ofSeconds(s));
                  log.add(s + "s@" + Trio.currentTime());
                });
          }
        });
    assertEquals(List.of("1s@" + seconds(1), "2s@" + seconds(2), "3s@" + seconds(3)), log);
    assertEquals(seconds(3), Trio.currentTime());
  }

  /** An empty nursery returns at once, and its block exit is not a cancellation point. */
  @TrioTest
  void emptyNurseryReturnsAtOnceEvenInACancelledScope() throws Exception {
    CancelScope cs = new CancelScope();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    cs.run(
        () -> {
          cs.cancel();
          Nursery.open(n -> {});
          log.add("after nursery");
        });
    assertEquals(List.of("after nursery"), log);
    assertFalse(cs.cancelledCaught());
    assertEquals(0, Trio.currentTime());
  }

  /**
   * startSoon is not a synchronous call: it returns while the child is still blocked, a child's
   * failure does not come out of startSoon, and the child runs on a thread of its own.
   */
  @TrioTest
  void startSoonDoesNotRunTheChildSynchronously() throws Exception {
    ParkingLot lot = new ParkingLot();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Thread parentThread = Thread.currentThread();
    IllegalArgumentException boom = new IllegalArgumentException("child failure");
    IllegalArgumentException thrown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Trio.failAfter(
                    Duration.ofSeconds(10),
                    () ->
                        Nursery.open(
                            n -> {
                              n.startSoon(
                                  () -> {
                                    log.add(
                                        "child on parent's thread: "
                                            + (Thread.currentThread() == parentThread));
                                    lot.park();
                                    throw boom;
                                  });
                              log.add("startSoon returned");
                              Lowlevel.waitAllTasksBlocked();
                              assertEquals(1, lot.size());
                              lot.unpark();
                            })));
    assertSame(boom, thrown);
    assertEquals(2, log.size());
    assertTrue(log.contains("startSoon returned"));
    assertTrue(log.contains("child on parent's thread: false"));
  }

  /**
   * A child inherits the cancel scopes where the nursery was opened, not those around the startSoon
   * call: a child started from inside a cancelled scope is not cancelled.
   */
  @TrioTest
  void childIgnoresCancelledScopeAroundStartSoon() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          CancelScope cs = new CancelScope();
          cs.run(
              () -> {
                cs.cancel();
                n.startSoon(
                    () -> {
                      Trio.sleep(Duration.ofSeconds(1));
                      log.add("child slept until " + Trio.currentTime());
                    });
              });
        });
    assertEquals(List.of("child slept until " + seconds(1)), log);
  }

  /**
   * A child started by another task, which is outside the scope the nursery was opened in, is still
   * cancelled by that scope's deadline (C2).
   */
  @TrioTest
  void childInheritsTheDeadlineWhereTheNurseryWasOpened() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        outer -> {
          boolean completed =
              Trio.moveOnAfter(
                  Duration.ofSeconds(5),
                  () ->
                      Nursery.open(
                          inner -> {
                            outer.startSoon(
                                () -> {
                                  assertEquals(Long.MAX_VALUE, Trio.currentEffectiveDeadline());
                                  inner.startSoon(
                                      () -> {
                                        log.add("deadline " + Trio.currentEffectiveDeadline());
                                        try {
                                          Trio.sleep(Duration.ofSeconds(10));
                                          log.add("grandchild not cancelled");
                                        } catch (Cancelled c) {
                                          log.add("grandchild cancelled at " + Trio.currentTime());
                                          throw c;
                                        }
                                      });
                                });
                            Trio.sleepForever();
                          }));
          assertFalse(completed);
        });
    assertEquals(List.of("deadline " + seconds(5), "grandchild cancelled at " + seconds(5)), log);
    assertEquals(seconds(5), Trio.currentTime());
  }

  /** The end of the body does not cancel the children: the block waits for them (C7). */
  @TrioTest
  void endOfBodyDoesNotCancelChildren() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery n0 =
        captureNursery(
            n ->
                n.startSoon(
                    () -> {
                      Trio.sleep(Duration.ofSeconds(5));
                      log.add("child finished at " + Trio.currentTime());
                    }),
            log);
    assertEquals(List.of("body returned", "child finished at " + seconds(5)), log);
    assertFalse(n0.cancelScope().cancelCalled());
    assertEquals(seconds(5), Trio.currentTime());
  }

  private static Nursery captureNursery(NurseryBody body, List<String> log) throws Exception {
    AtomicReference<Nursery> ref = new AtomicReference<>();
    Nursery.open(
        n -> {
          ref.set(n);
          body.run(n);
          log.add("body returned");
        });
    return ref.get();
  }

  /**
   * While the block waits for its children it cannot be cancelled out: an enclosing deadline that
   * expires then does not end the wait before the (shielded) children are done (C6).
   */
  @TrioTest
  void waitingForChildrenIsNotCancellable() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    CancelScope outer = CancelScope.withTimeout(Duration.ofSeconds(1));
    outer.run(
        () ->
            Nursery.open(
                n ->
                    n.startSoon(
                        () -> {
                          shielded(() -> Trio.sleep(Duration.ofSeconds(3)));
                          log.add("child done at " + Trio.currentTime());
                        })));
    assertEquals(List.of("child done at " + seconds(3)), log);
    assertTrue(outer.cancelCalled());
    assertFalse(outer.cancelledCaught());
    assertEquals(seconds(3), Trio.currentTime());
  }

  /**
   * A task spawned into an already-cancelled nursery still starts, is cancelled at its first
   * checkpoint, and the nursery's own scope catches that (test_precancelled_task).
   */
  @TrioTest
  void childOfCancelledNurseryStartsAndIsCancelledAtItsFirstCheckpoint() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<Nursery> ref = new AtomicReference<>();
    Nursery.open(
        n -> {
          ref.set(n);
          n.cancelScope().cancel();
          n.startSoon(
              () -> {
                log.add("started");
                try {
                  Trio.sleepForever();
                } catch (Cancelled c) {
                  log.add("cancelled");
                  throw c;
                }
              });
        });
    assertEquals(List.of("started", "cancelled"), log);
    assertTrue(ref.get().cancelScope().cancelledCaught());
  }

  /**
   * A nursery passed to another task can be used by it while open, even after the body has ended
   * and the block is waiting for children (test_nursery_closure).
   */
  @TrioTest
  void nurseryCanBeUsedByAChildWhileTheBlockWaits() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<Nursery> ref = new AtomicReference<>();
    Nursery.open(
        n -> {
          ref.set(n);
          n.startSoon(
              () -> {
                Trio.sleep(Duration.ofSeconds(1));
                assertFalse(n.isClosed());
                n.startSoon(
                    () -> {
                      Trio.sleep(Duration.ofSeconds(1));
                      log.add("grandchild of the body ran until " + Trio.currentTime());
                    });
              });
        });
    assertEquals(List.of("grandchild of the body ran until " + seconds(2)), log);
    assertEquals(seconds(2), Trio.currentTime());
    assertTrue(ref.get().isClosed());
  }

  /** A closed nursery rejects startSoon and start at once, without time passing or fn running. */
  @TrioTest
  void closedNurseryRejectsNewTasksAtOnce() throws Exception {
    AtomicReference<Nursery> ref = new AtomicReference<>();
    Nursery.open(ref::set);
    Trio.sleep(Duration.ofSeconds(1));
    Nursery closed = ref.get();
    assertTrue(closed.isClosed());
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    IllegalStateException e1 =
        assertThrows(IllegalStateException.class, () -> closed.startSoon(() -> log.add("ran")));
    assertTrue(e1.getMessage().contains("closed"), e1.getMessage());
    IllegalStateException e2 =
        assertThrows(
            IllegalStateException.class,
            () ->
                closed.start(
                    status -> {
                      log.add("ran");
                      Trio.sleep(Duration.ofSeconds(7));
                      status.started();
                    }));
    assertTrue(e2.getMessage().contains("closed"), e2.getMessage());
    Lowlevel.waitAllTasksBlocked();
    assertEquals(List.of(), log);
    assertEquals(seconds(1), Trio.currentTime());
  }

  /**
   * Task introspection: childNurseries lists the open nurseries outermost first, a child's
   * parentNursery is the nursery whose parentTask started it, and childTasks lists live children.
   */
  @TrioTest
  void taskTreeIntrospection() throws Exception {
    Task me = Lowlevel.currentTask();
    assertEquals(List.of(), me.childNurseries());
    Nursery.open(
        n1 ->
            Nursery.open(
                n2 -> {
                  assertEquals(List.of(n1, n2), me.childNurseries());
                  assertSame(me, n1.parentTask());
                  AtomicReference<Task> child = new AtomicReference<>();
                  n2.startSoon(
                      "kid",
                      () -> {
                        Task k = Lowlevel.currentTask();
                        child.set(k);
                        assertSame(n2, k.parentNursery().orElseThrow());
                        assertSame(me, k.parentNursery().orElseThrow().parentTask());
                        assertEquals("kid", k.name());
                        assertEquals("kid", Thread.currentThread().getName());
                        Trio.sleepForever();
                      });
                  Lowlevel.waitAllTasksBlocked();
                  assertEquals(List.of(child.get()), n2.childTasks());
                  assertEquals(List.of(), n1.childTasks());
                  n2.cancelScope().cancel();
                }));
    assertEquals(List.of(), me.childNurseries());
  }

  /** tasksLiving counts the root and main tasks plus each live child, and drops when they end. */
  @TrioTest
  void statisticsCountLivingTasks() throws Exception {
    Lowlevel.waitAllTasksBlocked();
    RunStatistics base = Lowlevel.currentStatistics();
    assertEquals(2, base.tasksLiving(), base.toString());
    assertEquals(1, base.tasksRunnable(), base.toString());
    Nursery.open(
        n -> {
          n.startSoon(Trio::sleepForever);
          n.startSoon(Trio::sleepForever);
          Lowlevel.waitAllTasksBlocked();
          RunStatistics during = Lowlevel.currentStatistics();
          assertEquals(4, during.tasksLiving(), during.toString());
          assertEquals(1, during.tasksRunnable(), during.toString());
          n.cancelScope().cancel();
        });
    RunStatistics after = Lowlevel.currentStatistics();
    assertEquals(2, after.tasksLiving(), after.toString());
    CancelScope.withDeadline(Trio.currentTime() + seconds(5))
        .run(
            () -> {
              RunStatistics s = Lowlevel.currentStatistics();
              assertEquals(seconds(5), s.nanosToNextDeadline(), s.toString());
              assertEquals(1, s.pendingDeadlines(), s.toString());
            });
    assertEquals(Long.MAX_VALUE, Lowlevel.currentStatistics().nanosToNextDeadline());
  }

  /** Nurseries have a useful toString naming the owner and saying when they are closed. */
  @TrioTest
  void nurseryToStringShowsStateAndOwner() throws Exception {
    AtomicReference<Nursery> ref = new AtomicReference<>();
    Nursery.open(
        n -> {
          ref.set(n);
          n.startSoon(Trio::sleepForever);
          Lowlevel.waitAllTasksBlocked();
          assertTrue(n.toString().contains("children=1"), n.toString());
          assertTrue(n.toString().contains(Lowlevel.currentTask().name()), n.toString());
          n.cancelScope().cancel();
        });
    assertTrue(ref.get().toString().contains("closed"), ref.get().toString());
  }
}

package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trio4j.VirtualTime.seconds;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.trio4j.lowlevel.Instrument;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.ParkingLot;
import org.trio4j.lowlevel.RunVar;
import org.trio4j.lowlevel.Task;
import org.trio4j.testing.MockClock;
import org.trio4j.testing.TrioTest;

/** Runs: results, failures, nesting, use outside a run, and the end of a run (Trio's test_run). */
class RunTest {

  private static RunOptions autojump(MockClock clock) {
    return RunOptions.builder().clock(clock).build();
  }

  private static void shielded(ThrowingRunnable<RuntimeException> body) {
    CancelScope s = new CancelScope();
    s.setShield(true);
    s.run(body);
  }

  /** Trio.run returns the value main returned, also after main passed a checkpoint. */
  @Test
  void runReturnsMainsValue() {
    assertEquals(8, Trio.run(autojump(MockClock.autojumping()), () -> 8));
    assertEquals(
        "after",
        Trio.run(
            autojump(MockClock.autojumping()),
            () -> {
              Trio.checkpoint();
              Trio.sleep(Duration.ofSeconds(1));
              return "after";
            }));
  }

  /** A checked exception thrown by main leaves Trio.run unchanged and catchable by its type. */
  @Test
  void runRethrowsMainsCheckedExceptionUnchanged() {
    IOException boom = new IOException("17");
    IOException caught = null;
    try {
      Trio.<Void, IOException>run(
          autojump(MockClock.autojumping()),
          () -> {
            Trio.checkpoint();
            throw boom;
          });
    } catch (IOException e) {
      caught = e;
    }
    assertSame(boom, caught);
    assertEquals(0, caught.getSuppressed().length);
  }

  /** An unchecked exception or an Error thrown by main leaves Trio.run as the same instance. */
  @Test
  void runRethrowsMainsUncheckedFailuresUnchanged() {
    ArithmeticException arith = new ArithmeticException("x");
    assertSame(
        arith,
        assertThrows(
            ArithmeticException.class,
            () ->
                Trio.run(
                    autojump(MockClock.autojumping()),
                    () -> {
                      throw arith;
                    })));
    AssertionError error = new AssertionError("y");
    assertSame(
        error,
        assertThrows(
            AssertionError.class,
            () ->
                Trio.run(
                    autojump(MockClock.autojumping()),
                    () -> {
                      throw error;
                    })));
  }

  /** Trio.run called inside a run fails at once with a message that points to nurseries. */
  @TrioTest
  void runInsideARunIsRejected() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Trio.run(() -> "never"));
    assertTrue(e.getMessage().contains("inside a run"), e.getMessage());
    assertTrue(e.getMessage().contains("Nursery"), e.getMessage());
    assertEquals(0, Trio.currentTime());
  }

  /** Every operation of Trio, CancelScope and Nursery fails at once outside a run. */
  @Test
  void trioOperationsOutsideARunFailAtOnce() {
    List<Executable> calls =
        List.of(
            Trio::checkpoint,
            () -> Trio.sleep(Duration.ofSeconds(1)),
            () -> Trio.sleepUntil(seconds(1)),
            Trio::sleepForever,
            Trio::currentTime,
            Trio::currentEffectiveDeadline,
            () -> Trio.moveOnAfter(Duration.ofSeconds(1), () -> {}),
            () -> Trio.moveOnAt(seconds(1), () -> {}),
            () -> Trio.failAfter(Duration.ofSeconds(1), () -> {}),
            () -> Trio.failAt(seconds(1), () -> {}),
            () -> new CancelScope().run(() -> {}),
            () -> new CancelScope().call(() -> 1),
            () -> Nursery.open(n -> {}));
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          for (Executable call : calls) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call);
            assertTrue(e.getMessage().contains("Trio.run"), e.getMessage());
          }
        });
  }

  /** Every low-level operation that needs a run fails at once outside a run. */
  @Test
  void lowlevelOperationsOutsideARunFailAtOnce() {
    RunVar<String> var = new RunVar<>("v", "default");
    Instrument nop = new Instrument() {};
    List<Executable> calls =
        List.of(
            Lowlevel::currentTask,
            Lowlevel::currentRootTask,
            () -> Lowlevel.park(() -> org.trio4j.lowlevel.Abort.SUCCEEDED),
            Lowlevel::checkpoint,
            Lowlevel::checkpointIfCancelled,
            Lowlevel::cancelShieldedCheckpoint,
            Lowlevel::currentClock,
            Lowlevel::currentStatistics,
            () -> Lowlevel.addInstrument(nop),
            () -> Lowlevel.removeInstrument(nop),
            () -> Lowlevel.spawnSystemTask("s", () -> {}),
            Lowlevel::waitAllTasksBlocked,
            () -> new ParkingLot().park(),
            var::get,
            () -> var.set("x"),
            var::remove);
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          for (Executable call : calls) {
            assertThrows(IllegalStateException.class, call);
          }
        });
  }

  /**
   * A nursery that escaped its run cannot start tasks from outside it: startSoon and start fail.
   */
  @Test
  void nurseryUsedOutsideItsRunFailsAtOnce() throws Exception {
    Nursery[] leaked = new Nursery[1];
    Trio.run(
        autojump(MockClock.autojumping()),
        () -> {
          Nursery.open(n -> leaked[0] = n);
          return null;
        });
    assertTrue(leaked[0].isClosed());
    assertThrows(IllegalStateException.class, () -> leaked[0].startSoon(() -> {}));
    assertThrows(IllegalStateException.class, () -> leaked[0].start(status -> status.started()));
  }

  /** A plain thread created inside a run is not a task: trio4j operations fail on it. */
  @TrioTest
  void aPlainThreadInsideARunIsNotATask() {
    CompletableFuture<Throwable> seen = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                Trio.currentTime();
                seen.complete(null);
              } catch (Throwable e) {
                seen.complete(e);
              }
            });
    t.start();
    Throwable e = seen.join();
    assertTrue(e instanceof IllegalStateException, String.valueOf(e));
  }

  /**
   * Trio.run returns only once every task has ended, including a system task that takes 3 s to
   * clean up after main returned, and afterRun comes after every task has exited.
   */
  @Test
  void nothingOutlivesTheRun() throws Exception {
    MockClock clock = MockClock.autojumping();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    List<Task> spawned = new CopyOnWriteArrayList<>();
    List<String> hooks = Collections.synchronizedList(new ArrayList<>());
    Instrument recorder =
        new Instrument() {
          @Override
          public void taskSpawned(Task task) {
            spawned.add(task);
            hooks.add("spawned " + task.name());
          }

          @Override
          public void taskExited(Task task) {
            hooks.add("exited " + task.name());
          }

          @Override
          public void afterRun() {
            hooks.add("afterRun");
          }
        };
    String result =
        Trio.run(
            RunOptions.builder().clock(clock).instrument(recorder).build(),
            () -> {
              Lowlevel.spawnSystemTask(
                  "lingerer",
                  () -> {
                    try {
                      Trio.sleepForever();
                    } finally {
                      shielded(() -> Trio.sleep(Duration.ofSeconds(3)));
                      log.add("lingerer ended at " + Trio.currentTime());
                    }
                  });
              Nursery.open(
                  n ->
                      n.startSoon(
                          "child",
                          () -> {
                            Trio.sleep(Duration.ofSeconds(2));
                            log.add("child ended at " + Trio.currentTime());
                          }));
              log.add("main ends at " + Trio.currentTime());
              return "main's value";
            });
    log.add("run returned");
    assertEquals("main's value", result);
    assertEquals(
        List.of(
            "child ended at " + seconds(2),
            "main ends at " + seconds(2),
            "lingerer ended at " + seconds(5),
            "run returned"),
        log);
    assertEquals(seconds(5), clock.currentTime());
    List<String> snapshot = new ArrayList<>(hooks);
    assertEquals("afterRun", snapshot.get(snapshot.size() - 1), snapshot.toString());
    for (Task t : spawned) {
      assertTrue(snapshot.contains("exited " + t.name()), t + " never exited: " + snapshot);
    }
    for (Task t : spawned) {
      t.thread().join(Duration.ofSeconds(10));
      assertFalse(t.thread().isAlive(), t + " still has a live thread after the run");
    }
  }

  /** A run can follow another on the same thread, each with its own root task. */
  @Test
  void runsFollowOneAnotherOnOneThread() {
    Task first = Trio.run(autojump(MockClock.autojumping()), Lowlevel::currentRootTask);
    Task second = Trio.run(autojump(MockClock.autojumping()), Lowlevel::currentRootTask);
    assertFalse(first == second, "two runs shared a root task");
  }

  /** currentClock is the run's clock, and currentTime follows a jump of the mock clock exactly. */
  @TrioTest(clock = TrioTest.ClockKind.MOCK)
  void currentTimeFollowsTheMockClock(MockClock clock) {
    assertSame(clock, Lowlevel.currentClock());
    long start = Trio.currentTime();
    assertEquals(clock.currentTime(), start);
    clock.jump(Duration.ofMillis(3150));
    assertEquals(start + Duration.ofMillis(3150).toNanos(), Trio.currentTime());
  }

  /**
   * The root task has no parent nursery, and walking up from the current task through parent
   * nurseries ends at it.
   */
  @TrioTest
  void parentChainEndsAtTheRootTask() {
    Task root = Lowlevel.currentRootTask();
    assertTrue(root.parentNursery().isEmpty());
    Task t = Lowlevel.currentTask();
    assertFalse(t == root, "the test body runs in the main task, not the root task");
    int hops = 0;
    while (t.parentNursery().isPresent()) {
      t = t.parentNursery().get().parentTask();
      assertTrue(++hops < 100, "the parent chain does not end");
    }
    assertSame(root, t);
  }

  /** The current task runs on its own thread, whose name is the task's name. */
  @TrioTest
  void currentTaskIsTheCallingThread() {
    Task me = Lowlevel.currentTask();
    assertSame(Thread.currentThread(), me.thread());
    assertEquals(Thread.currentThread().getName(), me.name());
    assertTrue(me.thread().isVirtual());
  }
}

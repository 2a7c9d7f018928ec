package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trio4j.VirtualTime.seconds;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.testing.MockClock;
import org.trio4j.testing.TrioTest;

/** How failures leave a nursery: cancellation of the rest, first failure wins (C3-C5). */
class NurseryFailureTest {

  private static void shielded(ThrowingRunnable<RuntimeException> body) {
    CancelScope s = new CancelScope();
    s.setShield(true);
    s.run(body);
  }

  /** A child that sleeps until cancelled, logs it, cleans up for 1 s (shielded), and rethrows. */
  private static ThrowingRunnable<RuntimeException> sleeperWithSlowCleanup(
      String name, List<String> log) {
    return () -> {
      try {
        Trio.sleepForever();
      } catch (Cancelled c) {
        log.add(name + " cancelled at " + Trio.currentTime());
        shielded(() -> Trio.sleep(Duration.ofSeconds(1)));
        log.add(name + " cleaned up at " + Trio.currentTime());
        throw c;
      }
    };
  }

  private static void assertNoCancelledSuppressed(Throwable t) {
    for (Throwable s : t.getSuppressed()) {
      assertFalse(s instanceof Cancelled, "a Cancelled was attached as suppressed: " + s);
    }
  }

  /**
   * A failure of the body cancels the children, and the nursery rethrows it, unchanged and alone,
   * only after they have finished (C3, test_nursery_main_block_error_basic).
   */
  @TrioTest
  void bodyFailureCancelsChildrenAndIsRethrownAfterThem() {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    IOException boom = new IOException("whoops");
    IOException thrown =
        assertThrows(
            IOException.class,
            () ->
                Nursery.open(
                    n -> {
                      n.startSoon(sleeperWithSlowCleanup("child", log));
                      Trio.sleep(Duration.ofSeconds(2));
                      throw boom;
                    }));
    assertSame(boom, thrown);
    assertEquals(0, thrown.getSuppressed().length);
    assertEquals(
        List.of("child cancelled at " + seconds(2), "child cleaned up at " + seconds(3)), log);
    assertEquals(seconds(3), Trio.currentTime());
  }

  /**
   * A failing child cancels its siblings and the body, and its exception comes out of the nursery
   * unchanged, without the Cancelled exceptions attached (C4, test_child_crash_wakes_parent).
   */
  @TrioTest
  void childFailureCancelsSiblingsAndBody() {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    IllegalArgumentException boom = new IllegalArgumentException("this is a crash");
    IllegalArgumentException thrown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Nursery.open(
                    n -> {
                      n.startSoon(sleeperWithSlowCleanup("sibling", log));
                      n.startSoon(
                          () -> {
                            Trio.sleep(Duration.ofSeconds(2));
                            throw boom;
                          });
                      try {
                        Trio.sleepForever();
                      } catch (Cancelled c) {
                        log.add("body cancelled at " + Trio.currentTime());
                        throw c;
                      }
                    }));
    assertSame(boom, thrown);
    assertEquals(0, thrown.getSuppressed().length);
    assertEquals(
        Set.of(
            "sibling cancelled at " + seconds(2),
            "body cancelled at " + seconds(2),
            "sibling cleaned up at " + seconds(3)),
        Set.copyOf(log));
    assertEquals(3, log.size());
    assertEquals(seconds(3), Trio.currentTime());
  }

  /**
   * The first failure is rethrown unchanged; failures raised later (here by a sibling and by the
   * body while being cancelled) are attached to it as suppressed, and no Cancelled is (C5).
   */
  @TrioTest
  void firstFailureWinsLaterOnesAreSuppressed() {
    IOException first = new IOException("first");
    IllegalStateException bySibling = new IllegalStateException("sibling's cleanup failed");
    ArithmeticException byBody = new ArithmeticException("body's cleanup failed");
    IOException thrown =
        assertThrows(
            IOException.class,
            () ->
                Nursery.open(
                    n -> {
                      n.startSoon(Trio::sleepForever);
                      n.startSoon(
                          () -> {
                            try {
                              Trio.sleepForever();
                            } catch (Cancelled c) {
                              throw bySibling;
                            }
                          });
                      n.startSoon(
                          () -> {
                            Trio.sleep(Duration.ofSeconds(1));
                            throw first;
                          });
                      try {
                        Trio.sleepForever();
                      } catch (Cancelled c) {
                        throw byBody;
                      }
                    }));
    assertSame(first, thrown);
    assertEquals(Set.of(bySibling, byBody), Set.of(thrown.getSuppressed()));
    assertEquals(2, thrown.getSuppressed().length);
    assertNoCancelledSuppressed(thrown);
  }

  /** A checked exception from a child can be caught around the nursery by its own type. */
  @TrioTest
  void checkedExceptionFromChildIsCatchableByItsType() throws Exception {
    FileNotFoundException boom = new FileNotFoundException("nope");
    FileNotFoundException caught = null;
    try {
      Nursery.open(
          n ->
              n.startSoon(
                  () -> {
                    Trio.checkpoint();
                    throw boom;
                  }));
    } catch (FileNotFoundException e) {
      caught = e;
    }
    assertSame(boom, caught);
  }

  /** An Error thrown by a child (such as a failed assertion) leaves the nursery unchanged. */
  @TrioTest
  void errorFromChildLeavesTheNurseryUnchanged() {
    AssertionError boom = new AssertionError("expected");
    assertSame(
        boom,
        assertThrows(
            AssertionError.class,
            () ->
                Nursery.open(
                    n ->
                        n.startSoon(
                            () -> {
                              throw boom;
                            }))));
  }

  /**
   * When the body and a child both fail at about the same moment, one of the two is rethrown and
   * the other is its only suppressed exception (test_main_and_task_both_crash).
   */
  @TrioTest
  void bodyAndChildBothFailing() {
    IllegalArgumentException byChild = new IllegalArgumentException("child");
    IllegalStateException byBody = new IllegalStateException("body");
    RuntimeException thrown =
        assertThrows(
            RuntimeException.class,
            () ->
                Nursery.open(
                    n -> {
                      n.startSoon(
                          () -> {
                            throw byChild;
                          });
                      throw byBody;
                    }));
    Throwable other = thrown == byChild ? byBody : byChild;
    assertTrue(thrown == byChild || thrown == byBody, thrown.toString());
    assertEquals(List.of(other), List.of(thrown.getSuppressed()));
  }

  /** Two children failing give one exception with the other suppressed (test_two_child_crashes). */
  @TrioTest
  void twoChildrenFailing() {
    IllegalArgumentException a = new IllegalArgumentException("a");
    IllegalStateException b = new IllegalStateException("b");
    RuntimeException thrown =
        assertThrows(
            RuntimeException.class,
            () ->
                Nursery.open(
                    n -> {
                      n.startSoon(
                          () -> {
                            throw a;
                          });
                      n.startSoon(
                          () -> {
                            throw b;
                          });
                    }));
    assertTrue(thrown == a || thrown == b, thrown.toString());
    assertEquals(List.of(thrown == a ? b : a), List.of(thrown.getSuppressed()));
  }

  /**
   * Cancelling a nursery's own scope cancels its children; the nursery's scope catches their
   * Cancelled, so the block returns normally.
   */
  @TrioTest
  void nurseryScopeCatchesTheCancellationsItCaused() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<Nursery> ref = new AtomicReference<>();
    Nursery.open(
        n -> {
          ref.set(n);
          n.startSoon(sleeperWithSlowCleanup("a", log));
          n.startSoon(sleeperWithSlowCleanup("b", log));
          Lowlevel.waitAllTasksBlocked();
          n.cancelScope().cancel();
        });
    assertTrue(ref.get().cancelScope().cancelledCaught());
    assertEquals(4, log.size());
    assertEquals(seconds(1), Trio.currentTime());
  }

  /**
   * Port of test_cancel_scope_exceptiongroup_filtering: children cancelled by the nursery, by an
   * outer scope, and one that fails; the nursery rethrows the failure alone, and the outer scope,
   * though cancelled, does not catch it.
   */
  @TrioTest
  void failureLeavesThroughACancelledOuterScopeWithoutCancelledAttached() {
    IllegalArgumentException keyError = new IllegalArgumentException("key");
    CancelScope outer = new CancelScope();
    IllegalArgumentException thrown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                outer.run(
                    () ->
                        Nursery.open(
                            n -> {
                              n.startSoon(Trio::sleepForever);
                              n.startSoon(Trio::sleepForever);
                              n.cancelScope().cancel();
                              shielded(Lowlevel::waitAllTasksBlocked);
                              n.startSoon(Trio::sleepForever);
                              outer.cancel();
                              n.startSoon(
                                  () -> {
                                    throw keyError;
                                  });
                            })));
    assertSame(keyError, thrown);
    assertEquals(0, thrown.getSuppressed().length);
    assertTrue(outer.cancelCalled());
    assertFalse(outer.cancelledCaught());
  }

  /**
   * A nursery whose only failures are Cancelled coming from a cancelled outer scope lets that
   * Cancelled through; the outer scope catches it and code after it carries on.
   */
  @TrioTest
  void outerScopeCatchesCancelledThatCrossedANursery() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<Nursery> ref = new AtomicReference<>();
    CancelScope outer = new CancelScope();
    outer.run(
        () -> {
          Nursery.open(
              n -> {
                ref.set(n);
                n.startSoon(sleeperWithSlowCleanup("child", log));
                Lowlevel.waitAllTasksBlocked();
                outer.cancel();
                Trio.sleepForever();
              });
          log.add("after the nursery: must not run");
        });
    log.add("after the outer scope");
    assertTrue(outer.cancelledCaught());
    assertFalse(ref.get().cancelScope().cancelledCaught());
    assertEquals(
        List.of(
            "child cancelled at 0", "child cleaned up at " + seconds(1), "after the outer scope"),
        log);
  }

  /** A failure in a nested nursery crosses the enclosing nursery unchanged and cancels it too. */
  @TrioTest
  void failureInNestedNurseryPropagatesUnchanged() {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    IOException boom = new IOException("deep");
    IOException thrown =
        assertThrows(
            IOException.class,
            () ->
                Nursery.open(
                    outer -> {
                      outer.startSoon(sleeperWithSlowCleanup("outer child", log));
                      Nursery.open(
                          inner ->
                              inner.startSoon(
                                  () -> {
                                    Trio.sleep(Duration.ofSeconds(1));
                                    throw boom;
                                  }));
                    }));
    assertSame(boom, thrown);
    assertEquals(0, thrown.getSuppressed().length);
    assertEquals(
        List.of(
            "outer child cancelled at " + seconds(1), "outer child cleaned up at " + seconds(2)),
        log);
  }

  /**
   * A child's crash propagates out of Trio.run after a looping sibling has been cancelled
   * (test_task_crash_propagation).
   */
  @Test
  void childCrashPropagatesOutOfTheRun() {
    List<String> looper = Collections.synchronizedList(new ArrayList<>());
    IllegalArgumentException argh = new IllegalArgumentException("argh");
    IllegalArgumentException thrown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Trio.run(
                    RunOptions.builder().clock(MockClock.autojumping()).build(),
                    () -> {
                      Nursery.open(
                          n -> {
                            n.startSoon(
                                () -> {
                                  try {
                                    while (true) {
                                      Trio.checkpoint();
                                    }
                                  } catch (Cancelled c) {
                                    looper.add("cancelled");
                                    throw c;
                                  }
                                });
                            n.startSoon(
                                () -> {
                                  throw argh;
                                });
                          });
                      return null;
                    }));
    assertSame(argh, thrown);
    assertEquals(List.of("cancelled"), looper);
  }
}

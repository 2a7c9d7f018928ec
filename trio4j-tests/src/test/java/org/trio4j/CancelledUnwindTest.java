package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.testing.TrioTest;

/**
 * Unwinding a cancelled nursery of many children: the fast paths taken once the nursery's scope is
 * cancelled (no second cancel() per child, one Cancelled kept) keep the failure rules (DESIGN rules
 * 7 and 10), and Cancelled is stackless unless asked for.
 */
class CancelledUnwindTest {
  private static final int CHILDREN = 2_000;

  /** Starts {@code count} children that wait forever and count the Cancelled they get. */
  private static void startSleepers(Nursery n, int count, AtomicInteger cancelled) {
    for (int i = 0; i < count; i++) {
      n.startSoon(
          () -> {
            try {
              Trio.sleepForever();
            } catch (Cancelled c) {
              cancelled.incrementAndGet();
              throw c;
            }
          });
    }
  }

  /**
   * A child that fails while its already-cancelled nursery unwinds thousands of cancelled children
   * is still the nursery's failure: rethrown unchanged, with no Cancelled attached.
   */
  @TrioTest
  void aRealFailureAmongThousandsOfCancelledChildrenIsRethrown() {
    AtomicInteger cancelled = new AtomicInteger();
    IOException boom = new IOException("cleanup failed");
    IOException thrown =
        assertThrows(
            IOException.class,
            () ->
                Nursery.open(
                    n -> {
                      startSleepers(n, CHILDREN / 2, cancelled);
                      n.startSoon(
                          () -> {
                            try {
                              Trio.sleepForever();
                            } catch (Cancelled c) {
                              throw boom;
                            }
                          });
                      startSleepers(n, CHILDREN / 2, cancelled);
                      Lowlevel.waitAllTasksBlocked();
                      n.cancelScope().cancel();
                    }));
    assertSame(boom, thrown);
    assertEquals(0, thrown.getSuppressed().length);
    assertEquals(CHILDREN, cancelled.get());
  }

  /**
   * Several real failures during the unwinding of a cancelled nursery: the first one is rethrown
   * and every other one is attached to it as suppressed, none of the thousands of Cancelled.
   */
  @TrioTest
  void laterRealFailuresAreSuppressedNotTheCancelledOnes() {
    AtomicInteger cancelled = new AtomicInteger();
    List<Throwable> failures = new ArrayList<>();
    Throwable thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                Nursery.open(
                    n -> {
                      startSleepers(n, CHILDREN, cancelled);
                      for (int i = 0; i < 3; i++) {
                        IllegalStateException e = new IllegalStateException("failure " + i);
                        failures.add(e);
                        n.startSoon(
                            () -> {
                              try {
                                Trio.sleepForever();
                              } catch (Cancelled c) {
                                throw e;
                              }
                            });
                      }
                      Lowlevel.waitAllTasksBlocked();
                      n.cancelScope().cancel();
                    }));
    assertTrue(failures.contains(thrown));
    List<Throwable> others = new ArrayList<>(failures);
    others.remove(thrown);
    assertEquals(others.size(), thrown.getSuppressed().length);
    assertTrue(List.of(thrown.getSuppressed()).containsAll(others));
    assertEquals(CHILDREN, cancelled.get());
  }

  /**
   * Cancelling a nursery of thousands of children: the nursery's own scope catches every Cancelled
   * and the block returns normally.
   */
  @TrioTest
  void theNurseryScopeCatchesThousandsOfCancelled() throws Exception {
    AtomicInteger cancelled = new AtomicInteger();
    AtomicReference<Nursery> ref = new AtomicReference<>();
    Nursery.open(
        n -> {
          ref.set(n);
          startSleepers(n, CHILDREN, cancelled);
          Lowlevel.waitAllTasksBlocked();
          n.cancelScope().cancel();
        });
    assertTrue(ref.get().cancelScope().cancelledCaught());
    assertEquals(CHILDREN, cancelled.get());
  }

  /**
   * When an outer scope cancels a nursery of thousands of children, their Cancelled leaves the
   * nursery (whose scope does not catch it) and the outer scope catches it.
   */
  @TrioTest
  void anOuterScopeCatchesTheCancelledOfThousandsOfChildren() throws Exception {
    AtomicInteger cancelled = new AtomicInteger();
    AtomicReference<Nursery> ref = new AtomicReference<>();
    List<String> log = new ArrayList<>();
    CancelScope outer = new CancelScope();
    outer.run(
        () -> {
          Nursery.open(
              n -> {
                ref.set(n);
                startSleepers(n, CHILDREN, cancelled);
                Lowlevel.waitAllTasksBlocked();
                outer.cancel();
              });
          log.add("after the nursery: must not run");
        });
    assertTrue(outer.cancelledCaught());
    assertFalse(ref.get().cancelScope().cancelledCaught());
    assertEquals(List.of(), log);
    assertEquals(CHILDREN, cancelled.get());
  }

  /**
   * By default a Cancelled carries no stack trace (creating one for each of thousands of tasks
   * walked each task's stack), but it still has its message and its cause.
   */
  @TrioTest
  void cancelledIsStacklessByDefaultAndKeepsMessageAndCause() throws InterruptedException {
    AtomicReference<Cancelled> atCheckpoint = new AtomicReference<>();
    AtomicReference<Cancelled> fromInterrupt = new AtomicReference<>();
    CancelScope scope = new CancelScope();
    scope.run(
        () -> {
          scope.cancel("because");
          try {
            Trio.checkpoint();
          } catch (Cancelled c) {
            atCheckpoint.set(c);
          }
          CancelScope inner = new CancelScope();
          try {
            inner.run(
                () -> {
                  throw new InterruptedException("as if from Thread.sleep");
                });
          } catch (Cancelled c) {
            fromInterrupt.set(c);
            throw c;
          }
        });
    assertTrue(scope.cancelledCaught());
    assertEquals(0, atCheckpoint.get().getStackTrace().length);
    assertEquals("because", atCheckpoint.get().getMessage());
    assertEquals(0, fromInterrupt.get().getStackTrace().length);
    assertInstanceOf(InterruptedException.class, fromInterrupt.get().getCause());
  }

  /** With {@code -Dtrio4j.cancelledStackTraces=true}, a Cancelled has the frames of its thread. */
  @Test
  void thePropertyTurnsStackTracesOn() throws IOException, InterruptedException {
    assertEquals("frames=0", childOutput(false));
    String on = childOutput(true);
    assertTrue(on.startsWith("frames=") && !on.equals("frames=0"), on);
  }

  private static String childOutput(boolean stackTraces) throws IOException, InterruptedException {
    return ChildJava.run(
            CancelledStackTraceProgram.class,
            List.of("-Dtrio4j.cancelledStackTraces=" + stackTraces))
        .strip();
  }
}

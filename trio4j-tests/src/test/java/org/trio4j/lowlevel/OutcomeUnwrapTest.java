package org.trio4j.lowlevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.trio4j.Cancelled;
import org.trio4j.testing.TrioTest;

/** Outcome.unwrap and Lowlevel.inTrioTask: the low-level pieces FromThread is built on. */
class OutcomeUnwrapTest {
  /** A value outcome unwraps to its value, on any thread. */
  @Test
  void aValueUnwrapsToTheValue() {
    assertEquals("v", Outcome.value("v").unwrap());
    assertEquals(null, Outcome.value(null).unwrap());
  }

  /** A failure outcome rethrows the very same exception, checked ones included. */
  @Test
  void aFailureIsRethrownUnchanged() {
    IOException boom = new IOException("boom");
    Outcome o = Outcome.failure(boom);
    assertSame(boom, assertThrows(IOException.class, o::unwrap));
    assertSame(boom, assertThrows(IOException.class, o::unwrap)); // any number of times
  }

  /** The cancellation outcome throws a fresh Cancelled, even outside a run. */
  @Test
  void theCancelledOutcomeThrowsCancelled() {
    Cancelled c1 = assertThrows(Cancelled.class, () -> Outcome.cancelled().unwrap());
    Cancelled c2 = assertThrows(Cancelled.class, () -> Outcome.cancelled().unwrap());
    assertFalse(c1 == c2);
  }

  /** inTrioTask is true on a task and false on any other thread, without throwing. */
  @TrioTest
  void inTrioTaskTellsTasksFromOtherThreads() throws Exception {
    assertTrue(Lowlevel.inTrioTask());
    CompletableFuture<Boolean> onPlainThread = new CompletableFuture<>();
    Thread t = new Thread(() -> onPlainThread.complete(Lowlevel.inTrioTask()));
    t.start();
    t.join();
    assertFalse(onPlainThread.get());
  }

  /** Outside any run, inTrioTask is false. */
  @Test
  void inTrioTaskIsFalseOutsideARun() {
    assertFalse(Lowlevel.inTrioTask());
  }
}

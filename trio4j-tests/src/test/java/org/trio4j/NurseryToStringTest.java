package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.testing.TrioTest;
import org.trio4j.thread.ToThread;

/**
 * Nursery.toString, which task-tree dumps call from any thread, keeps the lock order of the core: a
 * cancel scope's monitor comes before the run's structure lock (CancelScope.enter and exit hold the
 * monitor while they take the structure lock).
 */
class NurseryToStringTest {

  /**
   * While another thread holds the monitor of a nursery's scope (as CancelScope.exit does),
   * toString waits for that monitor without holding the structure lock, so operations that need the
   * structure lock (isClosed here; the scope's exit in real life) still proceed. Before the fix
   * toString took the structure lock first, and this deadlocked.
   */
  @TrioTest
  void toStringDoesNotHoldTheStructureLockWhileWaitingForTheScopeMonitor() throws Exception {
    AtomicReference<String> printed = new AtomicReference<>();
    boolean[] structureLockFree = new boolean[1];
    Nursery.open(
        n -> {
          n.startSoon("sleeper", Trio::sleepForever);
          Lowlevel.waitAllTasksBlocked();
          structureLockFree[0] =
              ToThread.runSync(
                  () -> {
                    Thread printer;
                    Thread other;
                    boolean done;
                    synchronized (n.cancelScope()) {
                      printer = Thread.ofPlatform().start(() -> printed.set(n.toString()));
                      long giveUp = System.nanoTime() + 10_000_000_000L;
                      while (printer.getState() != Thread.State.BLOCKED) {
                        assertTrue(System.nanoTime() < giveUp, "toString never blocked");
                        Thread.onSpinWait();
                      }
                      other = Thread.ofPlatform().start(n::isClosed);
                      other.join(5_000);
                      done = !other.isAlive();
                    }
                    printer.join();
                    other.join();
                    return done;
                  });
          n.cancelScope().cancel();
        });
    assertTrue(structureLockFree[0], "isClosed() waited for the structure lock held by toString");
    assertEquals("Nursery[owner=trio4j-main, children=1]", printed.get());
  }
}

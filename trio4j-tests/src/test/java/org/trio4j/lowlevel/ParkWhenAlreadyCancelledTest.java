package org.trio4j.lowlevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.trio4j.CancelScope;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.testing.TrioTest;

/**
 * A task that parks while already cancelled is aborted before it counts as blocked, as in Trio,
 * where the pending cancellation is delivered as soon as the task yields: otherwise the run could
 * look idle for an instant, and an autojumping clock could fire a timer that wakes the task
 * normally, so that it misses its cancellation (a Trio.sleep in a cancelled scope that completes).
 */
class ParkWhenAlreadyCancelledTest {
  /**
   * While the abort function of an already-cancelled park runs, the parking task still counts as
   * runnable.
   */
  @TrioTest
  void abortOfAnAlreadyCancelledParkHappensBeforeTheTaskCountsAsBlocked() throws Exception {
    List<Integer> runnableDuringAbort = Collections.synchronizedList(new ArrayList<>());
    CancelScope scope = new CancelScope();
    Nursery.open(
        n ->
            n.startSoon(
                () -> {
                  Lowlevel.waitAllTasksBlocked(); // the main task is now parked in Nursery.open
                  scope.cancel();
                  scope.run(
                      () ->
                          Lowlevel.park(
                              () -> {
                                runnableDuringAbort.add(
                                    Lowlevel.currentStatistics().tasksRunnable());
                                return Abort.SUCCEEDED;
                              }));
                }));
    assertTrue(scope.cancelledCaught());
    assertEquals(List.of(1), runnableDuringAbort);
    assertEquals(0, Trio.currentTime());
  }
}

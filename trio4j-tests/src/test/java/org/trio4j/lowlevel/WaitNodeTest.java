package org.trio4j.lowlevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.trio4j.CancelScope;
import org.trio4j.Nursery;
import org.trio4j.testing.TrioTest;

/**
 * A {@link WaitNode} is the record of exactly one park: parking on it wakes with the waker's value,
 * cancelling calls its abort function once, its toString() describes the wait in a dump, and it
 * cannot be parked on twice or by another task.
 */
class WaitNodeTest {
  /** A task parked on a node wakes with what its waker passed to reschedule. */
  @TrioTest
  void parkOnANodeReturnsTheRescheduledValue() throws Exception {
    List<Object> got = Collections.synchronizedList(new ArrayList<>());
    LoggingWaitNode[] node = new LoggingWaitNode[1];
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                node[0] = new LoggingWaitNode(Lowlevel.currentTask(), new ArrayList<>());
                got.add(Lowlevel.park(node[0]));
              });
          Lowlevel.waitAllTasksBlocked();
          assertTrue(Lowlevel.dumpTaskTree().contains("TestGate[node]"));
          Lowlevel.reschedule(node[0].waitingTask(), Outcome.value("value"));
        });
    assertEquals(List.of("value"), got);
  }

  /** Cancelling a task parked on a node calls the node's abort function once and wakes it. */
  @TrioTest
  void cancellingCallsTheNodesAbortOnce() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    CancelScope scope = new CancelScope();
    Nursery.open(
        n -> {
          n.startSoon(
              () ->
                  scope.run(() -> Lowlevel.park(new LoggingWaitNode(Lowlevel.currentTask(), log))));
          Lowlevel.waitAllTasksBlocked();
          scope.cancel();
          scope.cancel();
        });
    assertTrue(scope.cancelledCaught());
    assertEquals(List.of("abort"), log);
  }

  /** A node is parked on once: a second park on it fails without parking. */
  @TrioTest
  void aNodeIsParkedOnOnce() throws Exception {
    LoggingWaitNode node = new LoggingWaitNode(Lowlevel.currentTask(), new ArrayList<>());
    Task me = Lowlevel.currentTask();
    Nursery.open(
        n -> {
          n.startSoon(() -> Lowlevel.reschedule(me, Outcome.value(1)));
          assertEquals(1, Lowlevel.park(node));
        });
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Lowlevel.park(node));
    assertTrue(e.getMessage().contains("parked on once"), e.getMessage());
  }

  /** A node is parked on by the task it was made for, not by another. */
  @TrioTest
  void aNodeIsParkedOnByItsOwnTask() throws Exception {
    LoggingWaitNode node = new LoggingWaitNode(Lowlevel.currentTask(), new ArrayList<>());
    List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n ->
            n.startSoon(
                () -> {
                  try {
                    Lowlevel.park(node);
                  } catch (IllegalStateException e) {
                    thrown.add(e);
                  }
                }));
    assertEquals(1, thrown.size());
  }
}

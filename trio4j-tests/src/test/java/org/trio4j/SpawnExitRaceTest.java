package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.lowlevel.Task;
import org.trio4j.sync.Event;
import org.trio4j.testing.TrioExtension;
import org.trio4j.testing.TrioTest;
import org.trio4j.thread.ToThread;

/**
 * Many tasks spawning and ending at once, racing with the nursery closing, with task-tree dumps and
 * child snapshots, and with cancellation: the lock-free paths of the engine (the current-task
 * table, tasks that leave their nursery without the structure lock, the nursery's count of live
 * children and its wake-up handshake) keep every rule of the locked paths.
 */
@Timeout(120)
class SpawnExitRaceTest {

  /**
   * With thousands of tasks alive at once (more than the current-task table holds at first, so it
   * grows while spawners race), every task finds itself, before and after it parked, and a thread
   * that runs no task finds none.
   */
  @TrioTest
  void everyTaskFindsItselfWhileThousandsAreAlive() throws Exception {
    int spawners = 3;
    int perSpawner = 4_000;
    Event go = new Event();
    Set<Task> seen = ConcurrentHashMap.newKeySet();
    List<String> wrong = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger finished = new AtomicInteger();
    Nursery.open(
        n -> {
          for (int s = 0; s < spawners; s++) {
            int spawner = s;
            n.startSoon(
                () -> {
                  for (int i = 0; i < perSpawner; i++) {
                    String name = "s" + spawner + "-" + i;
                    n.startSoon(
                        name,
                        () -> {
                          Task me = Lowlevel.currentTask();
                          if (!me.name().equals(name) || me.thread() != Thread.currentThread()) {
                            wrong.add(name + " found " + me.name());
                          }
                          seen.add(me);
                          go.await();
                          if (Lowlevel.currentTask() != me) {
                            wrong.add(name + " lost itself after parking");
                          }
                          finished.incrementAndGet();
                        });
                  }
                });
          }
          Lowlevel.waitAllTasksBlocked();
          assertEquals(spawners * perSpawner, seen.size());
          assertTrue(Lowlevel.currentStatistics().tasksLiving() >= spawners * perSpawner);
          assertFalse(ToThread.runSync(Lowlevel::inTrioTask));
          go.set();
        });
    assertEquals(List.of(), wrong);
    assertEquals(spawners * perSpawner, finished.get());
    assertTrue(Lowlevel.inTrioTask());
  }

  /**
   * Children that end while other tasks take task-tree dumps and child snapshots never appear twice
   * or after the nursery closed; once it has closed, nothing of them is left in the structure.
   */
  @TrioTest
  void childrenEndingDuringDumpsLeaveNoTrace() throws Exception {
    int children = 3_000;
    AtomicReference<Nursery> inner = new AtomicReference<>();
    List<String> wrong = Collections.synchronizedList(new ArrayList<>());
    long livingBefore = Lowlevel.currentStatistics().tasksLiving();
    Nursery.open(
        outer -> {
          Event opened = new Event();
          Event closed = new Event();
          outer.startSoon(
              "watcher",
              () -> {
                opened.await();
                Nursery n = inner.get();
                while (!closed.isSet()) {
                  List<Task> snapshot = n.childTasks();
                  if (new HashSet<>(snapshot).size() != snapshot.size()) {
                    wrong.add("a child listed twice: " + snapshot);
                  }
                  boolean wasClosed = n.isClosed();
                  String dump = Lowlevel.dumpTaskTree();
                  if (wasClosed && dump.contains("task child-")) {
                    wrong.add("a child in the dump of a closed nursery:\n" + dump);
                  }
                  Trio.checkpoint();
                }
              });
          Nursery.open(
              n -> {
                inner.set(n);
                opened.set();
                for (int i = 0; i < children; i++) {
                  n.startSoon(
                      "child-" + i,
                      () -> {
                        Trio.checkpoint();
                        Trio.checkpoint();
                      });
                  if (i % 100 == 0) {
                    Trio.checkpoint();
                  }
                }
              });
          assertTrue(inner.get().isClosed());
          assertEquals(List.of(), inner.get().childTasks());
          assertFalse(Lowlevel.dumpTaskTree().contains("task child-"));
          closed.set();
        });
    assertEquals(List.of(), wrong);
    assertEquals(livingBefore, Lowlevel.currentStatistics().tasksLiving());
  }

  /**
   * The nursery's owner and its last child race to meet at the end of the block (children ending at
   * once, or after a checkpoint, or starting a sibling as they end): the owner always wakes, and
   * only once every child, the late sibling included, has finished.
   */
  @TrioTest
  void ownerAndLastChildAlwaysMeet() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    int expected = 0;
    for (int round = 0; round < 400; round++) {
      int kids = 1 + round % 4;
      boolean checkpointFirst = round % 3 == 0;
      boolean lateSibling = round % 5 == 0;
      AtomicInteger inRound = new AtomicInteger();
      Nursery.open(
          n -> {
            for (int k = 0; k < kids; k++) {
              boolean spawnSibling = lateSibling && k == 0;
              n.startSoon(
                  () -> {
                    if (checkpointFirst) {
                      Trio.checkpoint();
                    }
                    if (spawnSibling) {
                      n.startSoon(
                          () -> {
                            Trio.checkpoint();
                            inRound.incrementAndGet();
                          });
                    }
                    inRound.incrementAndGet();
                  });
            }
          });
      int want = kids + (lateSibling ? 1 : 0);
      assertEquals(want, inRound.get(), "round " + round);
      ran.addAndGet(inRound.get());
      expected += want;
    }
    assertEquals(expected, ran.get());
  }

  /**
   * A nursery cancelled while its body is still spawning cancels every child, whether it was
   * spawned before or after the cancellation and whether it has started yet: all of them unwind
   * (parked in trio4j, or, in parallel mode, blocked in plain JDK code) and the block ends.
   */
  @TrioTest
  void cancellationReachesChildrenSpawnedAroundIt() throws Exception {
    boolean parallel = TrioExtension.schedulingMode() == RunOptions.Scheduling.PARALLEL;
    int children = 2_000;
    AtomicInteger unwound = new AtomicInteger();
    Event forever = new Event();
    Nursery.open(
        n -> {
          for (int i = 0; i < children; i++) {
            boolean inJdk = parallel && i % 2 == 1;
            n.startSoon(
                () -> {
                  try {
                    if (inJdk) {
                      Thread.sleep(3_600_000);
                    } else {
                      forever.await();
                    }
                  } finally {
                    unwound.incrementAndGet();
                  }
                });
            if (i == children / 2) {
              n.cancelScope().cancel("half way");
            }
          }
        });
    assertEquals(children, unwound.get());
    assertFalse(forever.isSet());
  }

  /**
   * start() racing with the started task's end: a task that calls started() and returns at once is
   * moved into the target nursery and counted out of it exactly once, so both the hidden nursery of
   * start() and the target nursery close.
   */
  @TrioTest
  void startedTasksThatEndAtOnceAreCountedOnce() throws Exception {
    List<Integer> values = new ArrayList<>();
    Nursery.open(
        n -> {
          for (int i = 0; i < 200; i++) {
            int v = i;
            values.add(n.start(status -> status.started(v)));
          }
        });
    assertEquals(200, values.size());
    for (int i = 0; i < 200; i++) {
      assertEquals(i, values.get(i));
    }
  }
}

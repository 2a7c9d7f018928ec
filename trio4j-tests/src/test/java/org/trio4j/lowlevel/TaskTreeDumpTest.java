package org.trio4j.lowlevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trio4j.CancelScope;
import org.trio4j.Nursery;
import org.trio4j.RunOptions;
import org.trio4j.Trio;
import org.trio4j.channel.ChannelPair;
import org.trio4j.channel.Channels;
import org.trio4j.sync.Event;
import org.trio4j.sync.Lock;
import org.trio4j.testing.MockClock;
import org.trio4j.testing.TrioExtension;
import org.trio4j.testing.TrioTest;
import org.trio4j.thread.ToThread;

/**
 * The task-tree dump (Lowlevel.dumpTaskTree, dumpAllTaskTrees): every nursery, cancel scope and
 * task of a run, nested as they are, with deadlines, shields and cancelled state, and what each
 * task is doing or waiting for.
 */
class TaskTreeDumpTest {
  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  /** What the dumping task itself is said to do, in the mode the suite runs in. */
  private static String runningState() {
    return TrioExtension.schedulingMode() == RunOptions.Scheduling.COOPERATIVE
        ? "running (holds the cooperative run)"
        : "running";
  }

  /**
   * The lines of a dump from the first line equal to {@code from}, without the stack frames ("at
   * ..." lines) and with identity hash codes replaced by "ID".
   */
  private static List<String> structureFrom(String dump, String from) {
    List<String> out = new ArrayList<>();
    boolean on = false;
    for (String line : dump.split("\n")) {
      on |= line.equals(from);
      if (on && !line.trim().startsWith("at ")) {
        out.add(line.replaceAll("@[0-9a-f]+", "@ID"));
      }
    }
    return out;
  }

  /** The stack-frame lines shown under the task line that starts with {@code taskLine}. */
  private static List<String> framesOf(String dump, String taskLine) {
    List<String> out = new ArrayList<>();
    boolean on = false;
    for (String line : dump.split("\n")) {
      if (line.trim().startsWith(taskLine)) {
        on = true;
      } else if (on && line.trim().startsWith("at ")) {
        out.add(line.trim());
      } else if (on) {
        break;
      }
    }
    return out;
  }

  /**
   * A dump shows the run (clock, mode, time, counts), then its scopes nested as they are: each
   * nursery with its owner, each scope's deadline (absolute and relative), shield and cancelled
   * state, and for each task what it does: running, or parked on a sleep with its wake-up time, a
   * channel receive, a parking lot (lock, event), sleepForever, or its nursery's children; under a
   * parked task come the first frames of its stack that are not the JDK's or the engine's.
   */
  @TrioTest
  void dumpShowsNestingDeadlinesAndWhatEachTaskWaitsFor() throws Exception {
    Trio.sleep(Duration.ofSeconds(1));
    Lock lock = new Lock();
    Event gate = new Event();
    ChannelPair<String> channel = Channels.open(0);
    String[] dump = new String[1];
    Nursery.open(
        n -> {
          n.startSoon(
              "sleeper",
              () -> {
                CancelScope scope = CancelScope.withDeadline(4 * SECOND);
                scope.run(() -> Trio.sleep(Duration.ofSeconds(2)));
              });
          Lowlevel.waitAllTasksBlocked(); // the sleeper is inside its scope before the next start
          n.startSoon(
              "shielded",
              () -> {
                CancelScope shield = new CancelScope();
                shield.setShield(true);
                shield.run(gate::await);
              });
          n.startSoon("receiver", () -> channel.receive().receive());
          n.startSoon(
              "holder",
              () -> {
                lock.acquire();
                try {
                  Trio.sleepForever();
                } finally {
                  lock.release();
                }
              });
          Lowlevel.waitAllTasksBlocked();
          n.startSoon("waiter", lock::acquire);
          Lowlevel.waitAllTasksBlocked();
          CancelScope cancelled = new CancelScope();
          cancelled.cancel("for the dump");
          cancelled.run(
              () -> {
                dump[0] = Lowlevel.dumpTaskTree();
              });
          gate.set(); // the shielded task does not hear the nursery's cancellation
          n.cancelScope().cancel();
        });
    String header = dump[0].substring(0, dump[0].indexOf('\n'));
    assertTrue(
        header.matches(
            "Run#\\d+\\[MockClock\\[time=PT1S.*\\] at 1\\.000 s: 7 tasks living, 1 runnable, 2"
                + " deadlines pending \\(next in 2\\.000 s\\)"),
        header);
    assertTrue(
        dump[0].startsWith(
            header
                + "\nnursery of trio4j-root\n  nursery of trio4j-root\n    task trio4j-root: parked"
                + " on the children of Nursery[owner=trio4j-root, children=1]\n"),
        dump[0]);
    assertEquals(
        List.of(
            "    nursery of trio4j-main",
            "      task receiver: parked on receive on ReceiveChannel@ID[open, channel@ID:"
                + " capacity=0, buffered=0, openSenders=1, openReceivers=1, waitingSend=0,"
                + " waitingReceive=1]",
            "      task holder: parked on Trio.sleepForever()",
            "      task waiter: parked on ParkingLot[waiting=1]",
            // Tasks inside plain scopes come after the nursery's own tasks and linked scopes, in
            // the order the tasks joined the nursery (its owner first).
            "      cancel scope [cancelled: for the dump]",
            "        task trio4j-main: " + runningState(),
            "      cancel scope [deadline 4.000 s (in 3.000 s)]",
            "        task sleeper: parked on sleep until 3.000 s (in 2.000 s)",
            "      cancel scope [shield]",
            "        task shielded: parked on Event[unset, waiting=1]"),
        structureFrom(dump[0], "    nursery of trio4j-main"),
        dump[0]);
    List<String> sleeper = framesOf(dump[0], "task sleeper:");
    assertEquals(4, sleeper.size(), dump[0]);
    assertTrue(sleeper.get(0).startsWith("at org.trio4j.Trio.sleep"), dump[0]);
    assertTrue(sleeper.stream().anyMatch(f -> f.contains("TaskTreeDumpTest.lambda$")), dump[0]);
    List<String> waiter = framesOf(dump[0], "task waiter:");
    assertTrue(waiter.get(0).startsWith("at org.trio4j.sync."), dump[0]);
  }

  /**
   * A scope inside a cancelled scope is shown as cancelled from outside (its own reason being
   * none), under the scope that was cancelled, with that scope's reason.
   */
  @TrioTest
  void cancelledFromOutside() throws Exception {
    String[] dump = new String[1];
    // In parallel mode the root task may still be starting this one; the dump expects it parked.
    Lowlevel.waitAllTasksBlocked();
    CancelScope outer = new CancelScope();
    outer.run(
        () -> {
          outer.cancel("outer cancelled");
          CancelScope inner = CancelScope.withDeadline(5 * SECOND);
          inner.run(
              () -> {
                dump[0] = Lowlevel.dumpTaskTree();
              });
        });
    assertEquals(
        List.of(
            "  nursery of trio4j-root",
            "    task trio4j-root: parked on the children of Nursery[owner=trio4j-root, children=1]",
            "    cancel scope [cancelled: outer cancelled]",
            "      cancel scope [deadline 5.000 s (in 5.000 s), cancelled from outside]",
            "        task trio4j-main: " + runningState()),
        structureFrom(dump[0], "  nursery of trio4j-root"),
        dump[0]);
  }

  /**
   * dumpAllTaskTrees works from a thread outside the run (here a ToThread worker) and includes the
   * running run; once the run has ended it is no longer listed.
   */
  @Test
  void dumpAllFromAnotherThreadListsLiveRunsOnly() throws Exception {
    String[] seen = new String[2];
    Trio.run(
        RunOptions.builder().clock(MockClock.autojumping()).build(),
        () -> {
          String own = Lowlevel.dumpTaskTree();
          seen[0] = own.substring(0, own.indexOf('['));
          Nursery.open(
              n -> {
                n.startSoon("napper", Trio::sleepForever);
                Lowlevel.waitAllTasksBlocked();
                seen[1] = ToThread.runSync(Lowlevel::dumpAllTaskTrees);
                n.cancelScope().cancel();
              });
          return null;
        });
    assertTrue(seen[0].matches("Run#\\d+"), seen[0]);
    assertTrue(seen[1].contains(seen[0] + "["), seen[1]);
    assertTrue(seen[1].contains("task napper: parked on Trio.sleepForever()"), seen[1]);
    assertFalse(Lowlevel.dumpAllTaskTrees().contains(seen[0] + "["));
  }

  /**
   * A task waiting for I/O readiness is shown parked on an I/O wait, with the direction and the
   * channel.
   */
  @TrioTest
  void anIoWaitSaysDirectionAndChannel() throws Exception {
    Pipe pipe = Pipe.open();
    try {
      pipe.source().configureBlocking(false);
      String[] dump = new String[1];
      Nursery.open(
          n -> {
            n.startSoon("reader", () -> Lowlevel.waitReadable(pipe.source()));
            Lowlevel.waitAllTasksBlocked();
            dump[0] = Lowlevel.dumpTaskTree();
            n.cancelScope().cancel();
          });
      assertTrue(
          dump[0].contains(
              "task reader: parked on I/O wait until readable: " + pipe.source() + "\n"),
          dump[0]);
    } finally {
      pipe.source().close();
      pipe.sink().close();
    }
  }

  /** Outside a run, dumpTaskTree fails with a message naming the operation. */
  @Test
  void outsideARunDumpTaskTreeFails() {
    IllegalStateException e = assertThrows(IllegalStateException.class, Lowlevel::dumpTaskTree);
    assertTrue(e.getMessage().contains("Lowlevel.dumpTaskTree"), e.getMessage());
  }
}

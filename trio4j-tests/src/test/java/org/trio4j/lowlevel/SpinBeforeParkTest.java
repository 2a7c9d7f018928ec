package org.trio4j.lowlevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.trio4j.CancelScope;
import org.trio4j.Nursery;
import org.trio4j.RunOptions;
import org.trio4j.channel.ChannelPair;
import org.trio4j.channel.Channels;
import org.trio4j.channel.SendChannel;
import org.trio4j.testing.TrioTest;

/**
 * {@link Lowlevel#spinBeforePark}: a task woken before or while it spins gets {@link
 * SpinOutcome#WOKEN} and its park returns at once with the waker's outcome; a spin changes nothing
 * about cancellation; only the node's own task may spin on it; and a rendezvous channel, which
 * spins, does not keep an ended task reachable.
 */
class SpinBeforeParkTest {
  private static boolean twoCarriers() {
    String p = System.getProperty("jdk.virtualThreadScheduler.parallelism");
    int carriers =
        p != null ? Integer.parseInt(p.trim()) : Runtime.getRuntime().availableProcessors();
    return carriers >= 2;
  }

  /**
   * A task whose partner rescheduled it before it spins (the partner still running on another
   * carrier) gets WOKEN at once, and its park then returns the partner's value without blocking.
   */
  @TrioTest(scheduling = RunOptions.Scheduling.PARALLEL)
  void aTaskWokenBeforeItSpinsReturnsTrueAndItsParkReturnsAtOnce() throws Exception {
    assumeTrue(twoCarriers(), "needs two carriers, so that the partner runs while the task spins");
    AtomicReference<LoggingWaitNode> node = new AtomicReference<>();
    AtomicReference<Task> partner = new AtomicReference<>();
    CountDownLatch rescheduled = new CountDownLatch(1);
    AtomicBoolean spun = new AtomicBoolean();
    List<Object> got = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          CountDownLatch nodeReady = new CountDownLatch(1);
          n.startSoon(
              () -> {
                node.set(new LoggingWaitNode(Lowlevel.currentTask(), new ArrayList<>()));
                nodeReady.countDown();
                // A plain wait, not a park: the task stays runnable, as one registered with its
                // waker and on its way to park() is.
                rescheduled.await();
                got.add(Lowlevel.spinBeforePark(node.get(), partner.get()));
                got.add(Lowlevel.park(node.get()));
                spun.set(true);
              });
          n.startSoon(
              () -> {
                partner.set(Lowlevel.currentTask());
                nodeReady.await();
                Lowlevel.reschedule(node.get().waitingTask(), Outcome.value("handed"));
                rescheduled.countDown();
                // Keep running (not parked in trio4j) until the other task is done.
                while (!spun.get()) {
                  Thread.onSpinWait();
                }
              });
        });
    assertEquals(List.of(SpinOutcome.WOKEN, "handed"), got);
  }

  /**
   * A spin changes nothing about cancellation: a task cancelled while its partner keeps running is
   * woken by its node's abort function, once, and its park raises Cancelled.
   */
  @TrioTest
  void aCancelledTaskIsAbortedOnceAfterItsSpin() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    List<Object> spinResult = Collections.synchronizedList(new ArrayList<>());
    CancelScope scope = new CancelScope();
    AtomicReference<Task> partner = new AtomicReference<>();
    Nursery.open(
        n -> {
          n.startSoon(() -> partner.set(Lowlevel.currentTask()));
          Lowlevel.cancelShieldedCheckpoint();
          n.startSoon(
              () ->
                  scope.run(
                      () -> {
                        LoggingWaitNode me = new LoggingWaitNode(Lowlevel.currentTask(), log);
                        scope.cancel();
                        spinResult.add(Lowlevel.spinBeforePark(me, partner.get()));
                        Lowlevel.park(me);
                      }));
        });
    assertTrue(scope.cancelledCaught());
    assertEquals(1, spinResult.size());
    assertTrue(spinResult.get(0) != SpinOutcome.WOKEN, "woken by nobody: " + spinResult);
    assertEquals(List.of("abort"), log);
  }

  /** Only the node's own task spins on it: another task's call fails without spinning. */
  @TrioTest
  void onlyTheNodesTaskMaySpinOnIt() throws Exception {
    LoggingWaitNode node = new LoggingWaitNode(Lowlevel.currentTask(), new ArrayList<>());
    List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n ->
            n.startSoon(
                () ->
                    thrown.add(
                        assertThrows(
                            IllegalStateException.class,
                            () -> Lowlevel.spinBeforePark(node, null)))));
    assertEquals(1, thrown.size());
    assertTrue(thrown.get(0).getMessage().contains("spinBeforePark"), thrown.get(0).getMessage());
  }

  /** Without a partner there is nobody to wait for: it does not spin, and the park blocks. */
  @TrioTest
  void withoutAPartnerItReturnsFalse() throws Exception {
    List<Object> got = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<LoggingWaitNode> node = new AtomicReference<>();
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                node.set(new LoggingWaitNode(Lowlevel.currentTask(), new ArrayList<>()));
                got.add(Lowlevel.spinBeforePark(node.get(), null));
                got.add(Lowlevel.park(node.get()));
              });
          Lowlevel.waitAllTasksBlocked();
          Lowlevel.reschedule(node.get().waitingTask(), Outcome.value("later"));
        });
    assertEquals(List.of(SpinOutcome.NOT_TRIED, "later"), got);
  }

  /**
   * A rendezvous channel remembers the task that last used each side (the partner a waiter spins
   * for), but forgets a sender when it closes its handle: an ended sender, and what its body
   * captured, become unreachable although the channel stays open through a clone.
   */
  @TrioTest
  void aRendezvousChannelForgetsASenderThatClosedItsHandle() throws Exception {
    ChannelPair<String> channel = Channels.open(0);
    SendChannel<String> keptOpen = channel.send().clone();
    WeakReference<Object> captured = sendOnceAndEnd(channel);
    for (int i = 0; i < 10 && captured.get() != null; i++) {
      System.gc();
    }
    assertNull(captured.get(), "the ended sender's captured state is still reachable");
    assertEquals(1, channel.receive().statistics().openSendChannels());
    keptOpen.close();
    channel.receive().close();
  }

  /**
   * Starts a task that captures a fresh object, sends it on {@code channel} and closes its side.
   */
  private static WeakReference<Object> sendOnceAndEnd(ChannelPair<String> channel)
      throws Exception {
    Object payload = new Object();
    WeakReference<Object> ref = new WeakReference<>(payload);
    SendChannel<String> tx = channel.send();
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                try (tx) {
                  tx.send("value from " + System.identityHashCode(payload));
                }
              });
          assertTrue(channel.receive().receive().startsWith("value from "));
        });
    return ref;
  }
}

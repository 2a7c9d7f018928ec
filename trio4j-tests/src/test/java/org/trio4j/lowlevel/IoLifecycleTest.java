package org.trio4j.lowlevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.trio4j.Nursery;
import org.trio4j.RunOptions;
import org.trio4j.Trio;
import org.trio4j.testing.TrioExtension;

/** The poller threads belong to their run: nothing of the I/O machinery outlives Trio.run. */
class IoLifecycleTest {
  /**
   * The threads that woke tasks from I/O waits (the pollers, seen through an instrument's
   * taskScheduled hook, which runs on the waker's thread) have all ended when Trio.run returns.
   */
  @Test
  void pollerThreadsEndWithTheRun() throws Exception {
    Set<Thread> wakers = ConcurrentHashMap.newKeySet();
    Instrument spy =
        new Instrument() {
          @Override
          public void taskScheduled(Task task) {
            if (Thread.currentThread().getName().startsWith("trio4j-io-poller-")) {
              wakers.add(Thread.currentThread());
            }
          }
        };
    RunOptions options =
        RunOptions.builder().instrument(spy).scheduling(TrioExtension.schedulingMode()).build();
    Trio.run(
        options,
        () -> {
          try (LoopbackPair p = LoopbackPair.open();
              LoopbackPair q = LoopbackPair.open()) {
            Nursery.open(
                n -> {
                  n.startSoon(() -> Lowlevel.waitReadable(p.b));
                  n.startSoon(() -> Lowlevel.waitReadable(q.b));
                  Lowlevel.waitAllTasksBlocked();
                  p.a.write(ByteBuffer.wrap(new byte[] {1}));
                  q.a.write(ByteBuffer.wrap(new byte[] {1}));
                });
          }
          return null;
        });
    assertFalse(wakers.isEmpty(), "no poller woke a task");
    for (Thread t : wakers) {
      assertTrue(t.isVirtual(), t + " is a virtual thread");
      assertFalse(t.isAlive(), t + " outlived the run");
    }
  }

  /** A run that never waits for I/O starts no poller (the I/O machinery is created lazily). */
  @Test
  void runWithoutIoStartsNoPoller() throws Exception {
    IoStatistics s =
        Trio.run(
            RunOptions.builder().scheduling(TrioExtension.schedulingMode()).build(),
            () -> {
              Trio.checkpoint();
              return Lowlevel.currentIoStatistics();
            });
    assertEquals(0, s.pollers());
  }
}

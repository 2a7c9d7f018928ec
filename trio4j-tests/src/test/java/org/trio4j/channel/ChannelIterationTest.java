package org.trio4j.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.trio4j.CancelScope;
import org.trio4j.ClosedResourceException;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.testing.TrioTest;

/** For-each over a receive channel (Trio's {@code async for}). */
class ChannelIterationTest {

  /** A for-each loop gets every value in order and ends quietly when the sender closes. */
  @TrioTest
  void forEachEndsQuietlyAtTheEndOfTheChannel() throws Exception {
    ChannelPair<Integer> ch = Channels.open(0);
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                try (SendChannel<Integer> s = ch.send()) {
                  for (int i = 0; i < 3; i++) {
                    Trio.sleep(Duration.ofSeconds(1));
                    s.send(i);
                  }
                }
              });
          for (int v : ch.receive()) {
            log.add(v + "@" + Trio.currentTime());
          }
          log.add("end@" + Trio.currentTime());
        });
    long s = Duration.ofSeconds(1).toNanos();
    assertEquals(List.of("0@" + s, "1@" + 2 * s, "2@" + 3 * s, "end@" + 3 * s), log);
  }

  /**
   * Each step of the iteration is a checkpoint: a cancelled hasNext throws Cancelled and takes
   * nothing, so the value is still there for the next receive.
   */
  @TrioTest
  void eachStepIsACheckpointThatLosesNothing() {
    ChannelPair<String> ch = Channels.open(2);
    ch.send().trySend("a");
    ch.send().trySend("b");
    Iterator<String> it = ch.receive().iterator();
    assertEquals("a", it.next());
    CancelScope scope = new CancelScope();
    scope.cancel();
    scope.run(it::hasNext);
    assertTrue(scope.cancelledCaught());
    assertEquals(1, ch.send().statistics().currentBufferUsed());
    assertTrue(it.hasNext());
    assertTrue(it.hasNext(), "hasNext holds the value until next() takes it");
    assertEquals("b", it.next());
  }

  /** A finished iterator stays finished, and next() then throws NoSuchElementException. */
  @TrioTest
  void aFinishedIteratorStaysFinished() {
    ChannelPair<String> ch = Channels.open(1);
    ch.send().trySend("only");
    ch.send().close();
    Iterator<String> it = ch.receive().iterator();
    assertEquals("only", it.next());
    assertFalse(it.hasNext());
    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, it::next);
  }

  /**
   * A for-each loop whose receive handle is closed by another task fails with
   * ClosedResourceException, as Trio's async for does; only the end of the channel ends it quietly.
   */
  @TrioTest
  void closingTheHandleUnderAnIterationFailsIt() throws Exception {
    ChannelPair<String> ch = Channels.open(0);
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () ->
                  assertThrows(
                      ClosedResourceException.class,
                      () -> {
                        for (String v : ch.receive()) {
                          log.add(v);
                        }
                      }));
          Lowlevel.waitAllTasksBlocked();
          ch.send().send("one");
          Lowlevel.waitAllTasksBlocked();
          ch.receive().close();
        });
    assertEquals(List.of("one"), log);
  }
}

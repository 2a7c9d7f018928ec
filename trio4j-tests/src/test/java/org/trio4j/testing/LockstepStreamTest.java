package org.trio4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.trio4j.BrokenResourceException;
import org.trio4j.CancelScope;
import org.trio4j.Cancelled;
import org.trio4j.Nursery;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.stream.ReceiveStream;
import org.trio4j.stream.SendStream;

/** The lockstep streams' own behaviour: no buffering, and what a cancelled send leaves behind. */
class LockstepStreamTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * sendAll returns only after the receiver has taken every byte, in as many receives as needed.
   */
  @TrioTest
  void sendAllWaitsUntilEverythingIsReceived() throws Exception {
    var pair = MemoryStreams.lockstepOneWayPair();
    SendStream s = pair.left();
    ReceiveStream r = pair.right();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                s.sendAll(b("abc"));
                log.add("sent");
              });
          Lowlevel.waitAllTasksBlocked();
          log.add("receiving");
          assertArrayEquals(b("ab"), r.receiveSome(2));
          Lowlevel.waitAllTasksBlocked();
          log.add("received 2");
          assertArrayEquals(b("c"), r.receiveSome(2));
        });
    assertEquals(List.of("receiving", "received 2", "sent"), log);
  }

  /** waitSendAllMightNotBlock waits until a receive is pending. */
  @TrioTest
  void waitSendAllMightNotBlockWaitsForAReceiver() throws Exception {
    var pair = MemoryStreams.lockstepOneWayPair();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                pair.left().waitSendAllMightNotBlock();
                log.add("may send");
                pair.left().sendAll(b("x"));
              });
          Lowlevel.waitAllTasksBlocked();
          log.add("receiving");
          assertArrayEquals(b("x"), pair.right().receiveSome(5));
        });
    assertEquals(List.of("receiving", "may send"), log);
  }

  /**
   * A sendAll cancelled before the receiver took all of its data breaks the send side: later sends
   * fail with BrokenResourceException (DESIGN rule 13), and the receiver does not get the rest.
   */
  @TrioTest
  void aCancelledSendBreaksTheSendSide() throws Exception {
    var pair = MemoryStreams.lockstepOneWayPair();
    SendStream s = pair.left();
    ReceiveStream r = pair.right();
    Nursery.open(
        n -> {
          n.startSoon(() -> assertThrows(Cancelled.class, () -> s.sendAll(b("abc"))));
          Lowlevel.waitAllTasksBlocked();
          assertArrayEquals(b("a"), r.receiveSome(1));
          Lowlevel.waitAllTasksBlocked();
          n.cancelScope().cancel();
        });
    assertThrows(BrokenResourceException.class, () -> s.sendAll(b("x")));
    assertThrows(BrokenResourceException.class, s::waitSendAllMightNotBlock);
    Nursery.open(
        n -> {
          n.startSoon(() -> assertThrows(Cancelled.class, () -> r.receiveSome(10)));
          Lowlevel.waitAllTasksBlocked();
          n.cancelScope().cancel();
        });
  }

  /** A sendAll in an already-cancelled scope throws Cancelled before sending: nothing breaks. */
  @TrioTest
  void aSendCancelledBeforeItStartsLeavesTheStreamUsable() throws Exception {
    var pair = MemoryStreams.lockstepOneWayPair();
    CancelScope scope = new CancelScope();
    scope.cancel();
    scope.run(() -> assertThrows(Cancelled.class, () -> pair.left().sendAll(b("x"))));
    Nursery.open(
        n -> {
          n.startSoon(() -> pair.left().sendAll(b("y")));
          assertArrayEquals(b("y"), pair.right().receiveSome(10));
        });
  }

  /** A cancelled receive takes nothing: the sender's data goes to the next receive. */
  @TrioTest
  void aCancelledReceiveLosesNothing() throws Exception {
    var pair = MemoryStreams.lockstepOneWayPair();
    Nursery.open(
        n -> {
          n.startSoon(() -> assertThrows(Cancelled.class, () -> pair.right().receiveSome(10)));
          Lowlevel.waitAllTasksBlocked();
          n.cancelScope().cancel();
        });
    Nursery.open(
        n -> {
          n.startSoon(() -> pair.left().sendAll(b("kept")));
          assertArrayEquals(b("kept"), pair.right().receiveSome(10));
        });
  }
}

package org.trio4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.trio4j.BrokenResourceException;
import org.trio4j.Cancelled;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.stream.StapledStream;

/**
 * Ports of Trio's test_memory_stream_pump, test_memory_stream_one_way_pair and
 * test_memory_stream_pair, and the trickle example of memory_stream_pair's docs.
 */
class MemoryStreamsTest {
  private static final byte[] EMPTY = new byte[0];

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * The pump moves what is buffered (all of it or up to a limit), says whether it moved anything,
   * and carries the end across once the send stream is closed.
   */
  @TrioTest
  void pumpMovesDataAndTheEnd() {
    MemorySendStream s = new MemorySendStream();
    MemoryReceiveStream r = new MemoryReceiveStream();
    assertFalse(MemoryStreams.memoryStreamPump(s, r));
    s.sendAll(b("123"));
    assertTrue(MemoryStreams.memoryStreamPump(s, r));
    assertArrayEquals(b("123"), r.receiveSome(10));
    s.sendAll(b("456"));
    assertTrue(MemoryStreams.memoryStreamPump(s, r, 1));
    assertArrayEquals(b("4"), r.receiveSome(10));
    assertTrue(MemoryStreams.memoryStreamPump(s, r, 1));
    assertTrue(MemoryStreams.memoryStreamPump(s, r, 1));
    assertFalse(MemoryStreams.memoryStreamPump(s, r, 1));
    assertArrayEquals(b("56"), r.receiveSome(10));
    s.close();
    assertTrue(MemoryStreams.memoryStreamPump(s, r));
    assertArrayEquals(EMPTY, r.receiveSome(10));
  }

  /** Pumping into a closed receive stream fails with BrokenResourceException. */
  @TrioTest
  void pumpIntoAClosedReceiverIsBroken() {
    MemorySendStream s = new MemorySendStream();
    MemoryReceiveStream r = new MemoryReceiveStream();
    r.close();
    s.sendAll(b("x"));
    BrokenResourceException e =
        assertThrows(BrokenResourceException.class, () -> MemoryStreams.memoryStreamPump(s, r));
    assertEquals("MemoryReceiveStream was closed", e.getMessage());
  }

  /**
   * A one-way pair pumps from its send stream's sendAll and close hooks (not from the receiver), so
   * a waiting receiver gets data and the end as soon as they are sent.
   */
  @TrioTest
  void oneWayPairPumpsOnSendAndClose() throws Exception {
    var pair = MemoryStreams.oneWayPair();
    MemorySendStream s = pair.left();
    MemoryReceiveStream r = pair.right();
    assertNotNull(s.sendAllHook());
    assertNull(s.waitSendAllMightNotBlockHook());
    assertNotNull(s.closeHook());
    assertNull(r.receiveSomeHook());
    s.sendAll(b("123"));
    assertArrayEquals(b("123"), r.receiveSome(10));
    Nursery.open(
        n -> {
          n.startSoon(() -> assertArrayEquals(b("abc"), r.receiveSome(10)));
          Lowlevel.waitAllTasksBlocked();
          s.sendAll(b("abc"));
        });
    Nursery.open(
        n -> {
          n.startSoon(() -> assertArrayEquals(EMPTY, r.receiveSome(10)));
          Lowlevel.waitAllTasksBlocked();
          s.close();
        });
  }

  /**
   * With the send hook removed, sent data stays in the send stream and a receiver waits until
   * cancelled; putting the hook back delivers everything.
   */
  @TrioTest
  void oneWayPairStallsWithoutItsHook() throws Exception {
    var pair = MemoryStreams.oneWayPair();
    MemorySendStream s = pair.left();
    MemoryReceiveStream r = pair.right();
    Runnable old = s.sendAllHook();
    s.setSendAllHook(null);
    s.sendAll(b("456"));
    Nursery.open(
        n -> {
          n.startSoon(() -> assertThrows(Cancelled.class, () -> r.receiveSome(10)));
          Lowlevel.waitAllTasksBlocked();
          n.cancelScope().cancel();
        });
    s.setSendAllHook(old);
    s.sendAll(b("789"));
    assertArrayEquals(b("456789"), r.receiveSome(10));
  }

  /** A pair carries data both ways, and sendEof ends one direction (test_memory_stream_pair). */
  @TrioTest
  void pairCarriesDataBothWays() throws Exception {
    var pair = MemoryStreams.pair();
    StapledStream<MemorySendStream, MemoryReceiveStream> a = pair.left();
    StapledStream<MemorySendStream, MemoryReceiveStream> b = pair.right();
    a.sendAll(b("123"));
    b.sendAll(b("abc"));
    assertArrayEquals(b("123"), b.receiveSome(10));
    assertArrayEquals(b("abc"), a.receiveSome(10));
    a.sendEof();
    assertArrayEquals(EMPTY, b.receiveSome(10));
    Nursery.open(
        n -> {
          n.startSoon(() -> assertArrayEquals(b("xyz"), a.receiveSome(10)));
          n.startSoon(
              () -> {
                Lowlevel.waitAllTasksBlocked();
                b.sendAll(b("xyz"));
              });
        });
  }

  /**
   * The trickle example from MemoryStreams' docs: a send hook that pumps one byte per second
   * delivers "123" one byte at a time, a virtual second apart, then the end.
   */
  @TrioTest
  void trickleExampleDeliversOneBytePerSecond() throws Exception {
    var pair = MemoryStreams.pair();
    MemorySendStream out = pair.left().sendStream();
    MemoryReceiveStream in = pair.right().receiveStream();
    out.setSendAllHook(
        () -> {
          while (MemoryStreams.memoryStreamPump(out, in, 1)) {
            Trio.sleep(Duration.ofSeconds(1));
          }
        });
    List<String> got = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                pair.left().sendAll(b("123"));
                pair.left().sendEof();
              });
          n.startSoon(
              () -> {
                for (byte[] chunk : pair.right().chunks()) {
                  got.add(
                      new String(chunk, StandardCharsets.ISO_8859_1)
                          + " at "
                          + Duration.ofNanos(Trio.currentTime()).toSeconds());
                }
                got.add("end at " + Duration.ofNanos(Trio.currentTime()).toSeconds());
              });
        });
    assertEquals(List.of("1 at 0", "2 at 1", "3 at 2", "end at 3"), got);
  }
}

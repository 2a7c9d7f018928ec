package org.trio4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.trio4j.BusyResourceException;
import org.trio4j.ClosedResourceException;
import org.trio4j.Nursery;

/** Ports of Trio's test_MemoryReceiveStream and test_MemoryRecvStream_closing. */
class MemoryReceiveStreamTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] receive(MemoryReceiveStream r, int maxBytes) {
    return Checkpoints.assertCheckpoints(() -> r.receiveSome(maxBytes));
  }

  /** Put data comes out of receiveSome in order, up to the requested size, as checkpoints. */
  @TrioTest
  void putDataIsReceived() {
    MemoryReceiveStream r = new MemoryReceiveStream();
    r.putData(b("abc"));
    assertArrayEquals(b("a"), receive(r, 1));
    assertArrayEquals(b("bc"), receive(r, 10));
    r.putData(b("abc"));
    assertArrayEquals(b("abc"), Checkpoints.assertCheckpoints(() -> r.receiveSome()));
  }

  /** Two tasks receiving at once is an error. */
  @TrioTest
  void concurrentReceivesConflict() {
    MemoryReceiveStream r = new MemoryReceiveStream();
    assertThrows(
        BusyResourceException.class,
        () ->
            Nursery.open(
                n -> {
                  n.startSoon(() -> receive(r, 10));
                  n.startSoon(() -> receive(r, 10));
                }));
  }

  /** After putEof (idempotent) the data drains, then every receive is the end; puts then fail. */
  @TrioTest
  void putEofEndsTheStreamAfterTheData() {
    MemoryReceiveStream r = new MemoryReceiveStream();
    assertNull(r.receiveSomeHook());
    r.putData(b("def"));
    r.putEof();
    r.putEof();
    assertArrayEquals(b("def"), receive(r, 10));
    assertArrayEquals(new byte[0], receive(r, 10));
    assertArrayEquals(new byte[0], receive(r, 10));
    assertThrows(ClosedResourceException.class, () -> r.putData(b("---")));
    assertEquals(new MemoryStreamStatistics(0, true, false), r.statistics());
  }

  /**
   * The receiveSome hook runs before data is taken (and can add some); the close hook runs on
   * close, which discards pending data and makes receives fail.
   */
  @TrioTest
  void hooksRunWhereDocumented() {
    List<String> record = Collections.synchronizedList(new ArrayList<>());
    MemoryReceiveStream[] holder = new MemoryReceiveStream[1];
    Runnable receiveHook = () -> holder[0].putData(b("xxx"));
    Runnable closeHook = () -> record.add("closed");
    MemoryReceiveStream r = new MemoryReceiveStream(receiveHook, closeHook);
    holder[0] = r;
    assertSame(receiveHook, r.receiveSomeHook());
    assertSame(closeHook, r.closeHook());

    r.putData(b("yyy"));
    assertArrayEquals(b("yyyxxx"), r.receiveSome(10));
    assertArrayEquals(b("xxx"), r.receiveSome(10));
    assertArrayEquals(b("xxx"), r.receiveSome(10));
    r.putData(b("zzz"));
    r.setReceiveSomeHook(null);
    assertArrayEquals(b("zzz"), r.receiveSome(10));

    r.putData(b("lost on close"));
    Checkpoints.assertCheckpoints(r::close);
    assertEquals(List.of("closed"), record);
    assertThrows(ClosedResourceException.class, () -> r.receiveSome(10));
    assertEquals(new MemoryStreamStatistics(0, true, true), r.statistics());
  }

  /**
   * Closing with or without pending data makes receives fail with ClosedResourceException (not the
   * end of the stream), and put fails; closing again is fine.
   */
  @TrioTest
  void closingFailsReceivesAndPuts() {
    MemoryReceiveStream r = new MemoryReceiveStream();
    r.close();
    assertThrows(ClosedResourceException.class, () -> r.receiveSome(10));
    r.close();
    assertThrows(ClosedResourceException.class, () -> r.putData(b("123")));

    MemoryReceiveStream r2 = new MemoryReceiveStream();
    r2.putData(b("xyz"));
    r2.close();
    assertThrows(ClosedResourceException.class, () -> r2.receiveSome(10));
  }
}

package org.trio4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.trio4j.BusyResourceException;
import org.trio4j.ClosedResourceException;
import org.trio4j.Nursery;
import org.trio4j.WouldBlockException;
import org.trio4j.lowlevel.Lowlevel;

/**
 * The buffer inside the memory streams, tested directly as Trio tests its private
 * _UnboundedByteQueue (test__UnboundedByteQueue).
 */
class ByteQueueTest {
  private static final byte[] EMPTY = new byte[0];

  private static ByteBuffer buf(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Non-blocking gets take bytes in order, up to the limit, and say when nothing is there. */
  @TrioTest
  void getNowaitTakesBytesInOrder() {
    ByteQueue q = new ByteQueue();
    q.put(buf("123"));
    q.put(buf("456"));
    assertArrayEquals(b("1"), q.getNowait(1));
    assertArrayEquals(b("23456"), q.getNowait(10));
    q.put(buf("789"));
    assertArrayEquals(b("789"), q.getNowait(Integer.MAX_VALUE));
    assertThrows(WouldBlockException.class, () -> q.getNowait(10));
    assertThrows(WouldBlockException.class, () -> q.getNowait(Integer.MAX_VALUE));
    assertThrows(IllegalArgumentException.class, () -> q.getNowait(0));
  }

  /** Blocking gets that find data are checkpoints and take at most what was asked. */
  @TrioTest
  void getIsACheckpointAndHonoursTheLimit() {
    ByteQueue q = new ByteQueue();
    q.put(buf("abc"));
    assertArrayEquals(b("abc"), Checkpoints.assertCheckpoints(() -> q.get(10)));
    q.put(buf("def"));
    q.put(buf("ghi"));
    assertArrayEquals(b("d"), Checkpoints.assertCheckpoints(() -> q.get(1)));
    assertArrayEquals(b("efghi"), Checkpoints.assertCheckpoints(() -> q.get(Integer.MAX_VALUE)));
    assertThrows(IllegalArgumentException.class, () -> q.get(-1));
  }

  /** A blocked get wakes with the data a later put brings. */
  @TrioTest
  void aBlockedGetWakesOnPut() throws Exception {
    ByteQueue q = new ByteQueue();
    Nursery.open(
        n -> {
          n.startSoon(
              () ->
                  assertArrayEquals(
                      b("xyz"), Checkpoints.assertCheckpoints(() -> q.get(Integer.MAX_VALUE))));
          Lowlevel.waitAllTasksBlocked();
          q.put(buf("xyz"));
        });
  }

  /** Two tasks getting at once is an error, not a queue. */
  @TrioTest
  void twoGettersConflict() {
    ByteQueue q = new ByteQueue();
    assertThrows(
        BusyResourceException.class,
        () ->
            Nursery.open(
                n -> {
                  n.startSoon(() -> q.get(10));
                  n.startSoon(() -> q.get(10));
                }));
  }

  /**
   * After close, puts fail and gets return the end, blocking or not, again and again; close is
   * idempotent.
   */
  @TrioTest
  void closeEndsTheQueue() {
    ByteQueue q = new ByteQueue();
    q.close();
    assertThrows(ClosedResourceException.class, () -> q.put(buf("---")));
    assertArrayEquals(EMPTY, q.getNowait(10));
    assertArrayEquals(EMPTY, q.getNowait(Integer.MAX_VALUE));
    assertArrayEquals(EMPTY, q.get(10));
    assertArrayEquals(EMPTY, q.get(Integer.MAX_VALUE));
    q.close();
  }

  /** Close lets the data already put be drained first, and wakes a blocked getter with the end. */
  @TrioTest
  void closeDrainsThenWakesGetters() throws Exception {
    ByteQueue q = new ByteQueue();
    q.put(buf("left"));
    q.close();
    assertArrayEquals(b("left"), q.get(10));
    assertArrayEquals(EMPTY, q.get(10));
    ByteQueue q2 = new ByteQueue();
    Nursery.open(
        n -> {
          n.startSoon(() -> assertArrayEquals(EMPTY, q2.get(10)));
          Lowlevel.waitAllTasksBlocked();
          q2.close();
        });
  }

  /** Many puts and partial gets keep every byte in order across the buffer's compaction. */
  @TrioTest
  void keepsOrderAcrossGrowthAndCompaction() {
    ByteQueue q = new ByteQueue();
    int next = 0;
    int expected = 0;
    for (int round = 0; round < 200; round++) {
      byte[] chunk = new byte[round % 97 + 1];
      for (int i = 0; i < chunk.length; i++) {
        chunk[i] = (byte) next++;
      }
      q.put(ByteBuffer.wrap(chunk));
      for (byte got : q.getNowait(round % 53 + 1)) {
        if (got != (byte) expected++) {
          throw new AssertionError("byte " + (expected - 1) + " out of order");
        }
      }
    }
    for (byte got : q.getNowait(Integer.MAX_VALUE)) {
      if (got != (byte) expected++) {
        throw new AssertionError("byte " + (expected - 1) + " out of order");
      }
    }
    if (expected != next) {
      throw new AssertionError("lost bytes: got " + expected + " of " + next);
    }
  }
}

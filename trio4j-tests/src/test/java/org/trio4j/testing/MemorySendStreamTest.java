package org.trio4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.trio4j.BusyResourceException;
import org.trio4j.CancelScope;
import org.trio4j.Cancelled;
import org.trio4j.ClosedResourceException;
import org.trio4j.Nursery;
import org.trio4j.RunOptions;
import org.trio4j.WouldBlockException;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.sync.Event;

/** Port of Trio's test_MemorySendStream ({@code test_testing.py}). */
class MemorySendStreamTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void sendAll(MemorySendStream s, String data) {
    Checkpoints.assertCheckpoints(() -> s.sendAll(b(data)));
  }

  /** Sent data waits in the buffer for getData, which takes all of it or up to a limit. */
  @TrioTest
  void sentDataIsFetchedFromTheBuffer() {
    MemorySendStream s = new MemorySendStream();
    sendAll(s, "123");
    assertArrayEquals(b("1"), s.getDataNowait(1));
    assertArrayEquals(b("23"), s.getDataNowait());
    Checkpoints.assertCheckpoints(s::waitSendAllMightNotBlock);
    assertThrows(WouldBlockException.class, s::getDataNowait);
    assertThrows(WouldBlockException.class, () -> s.getDataNowait(10));
    sendAll(s, "456");
    assertArrayEquals(b("456"), Checkpoints.assertCheckpoints(() -> s.getData()));
    ByteBuffer data = ByteBuffer.wrap(b("xyz"));
    s.sendAll(data);
    assertEquals(3, data.position(), "sendAll consumes the buffer");
    assertArrayEquals(b("xy"), s.getData(2));
    assertEquals(new MemoryStreamStatistics(1, false, false), s.statistics());
  }

  /**
   * Of two sendAll calls started together, exactly one fails with BusyResourceException: the two
   * checkpoints at its start let the other task run into it (test_MemorySendStream). Only in
   * cooperative mode is the collision certain: in parallel mode one call may finish before the
   * other starts, which is why the next test blocks the first call.
   */
  @TrioTest(scheduling = RunOptions.Scheduling.COOPERATIVE)
  void concurrentSendsConflict() throws Exception {
    MemorySendStream s = new MemorySendStream();
    AtomicInteger busy = new AtomicInteger();
    Nursery.open(
        n -> {
          for (int i = 0; i < 2; i++) {
            n.startSoon(
                () -> {
                  try {
                    sendAll(s, "xxx");
                  } catch (BusyResourceException e) {
                    busy.incrementAndGet();
                  }
                });
          }
        });
    assertEquals(1, busy.get());
    assertArrayEquals(b("xxx"), s.getDataNowait());
  }

  /**
   * A sendAll or waitSendAllMightNotBlock started while a sendAll is blocked in its hook fails with
   * BusyResourceException, and the blocked call then completes.
   */
  @TrioTest
  void callsDuringABlockedSendConflict() throws Exception {
    Event release = new Event();
    MemorySendStream s = new MemorySendStream(release::await, null, null);
    Nursery.open(
        n -> {
          n.startSoon(() -> sendAll(s, "first"));
          Lowlevel.waitAllTasksBlocked();
          assertThrows(BusyResourceException.class, () -> s.sendAll(b("second")));
          assertThrows(BusyResourceException.class, s::waitSendAllMightNotBlock);
          release.set();
        });
    assertArrayEquals(b("first"), s.getDataNowait());
  }

  /** After close, buffered data can still be fetched, then the end; sending fails. */
  @TrioTest
  void closeKeepsBufferedDataButStopsSending() {
    MemorySendStream s = new MemorySendStream();
    sendAll(s, "xxx");
    Checkpoints.assertCheckpoints(s::close);
    assertArrayEquals(b("xxx"), s.getData());
    assertArrayEquals(new byte[0], s.getData());
    assertThrows(ClosedResourceException.class, () -> s.sendAll(b("---")));
    assertThrows(ClosedResourceException.class, s::waitSendAllMightNotBlock);
    assertEquals(new MemoryStreamStatistics(0, true, true), s.statistics());
    assertTrue(s.toString().contains("closed"), s.toString());
  }

  /**
   * The hooks are null by default; when set, sendAll's runs after the data is buffered, and the
   * close hook runs on every close, forceful or not.
   */
  @TrioTest
  void hooksRunWhereDocumented() {
    MemorySendStream plain = new MemorySendStream();
    assertNull(plain.sendAllHook());
    assertNull(plain.waitSendAllMightNotBlockHook());
    assertNull(plain.closeHook());

    List<String> record = Collections.synchronizedList(new ArrayList<>());
    MemorySendStream[] holder = new MemorySendStream[1];
    Runnable sendAllHook =
        () -> {
          assertArrayEquals(b("abc"), holder[0].getDataNowait());
          record.add("sendAll hook");
        };
    Runnable waitHook = () -> record.add("waitSendAllMightNotBlock hook");
    Runnable closeHook = () -> record.add("close hook");
    MemorySendStream s = new MemorySendStream(sendAllHook, waitHook, closeHook);
    holder[0] = s;
    assertSame(sendAllHook, s.sendAllHook());
    assertSame(waitHook, s.waitSendAllMightNotBlockHook());
    assertSame(closeHook, s.closeHook());

    s.sendAll(b("abc"));
    s.waitSendAllMightNotBlock();
    s.closeForcefully();
    s.close();
    assertEquals(
        List.of("sendAll hook", "waitSendAllMightNotBlock hook", "close hook", "close hook"),
        record);
  }

  /**
   * A sendAll cancelled at its first checkpoint sends nothing and leaves the stream usable (as
   * Trio's memory streams; nothing was half sent).
   */
  @TrioTest
  void aCancelledSendSendsNothingAndBreaksNothing() {
    MemorySendStream s = new MemorySendStream();
    CancelScope scope = new CancelScope();
    scope.cancel();
    scope.run(() -> assertThrows(Cancelled.class, () -> s.sendAll(b("lost"))));
    assertThrows(WouldBlockException.class, s::getDataNowait);
    sendAll(s, "kept");
    assertArrayEquals(b("kept"), s.getDataNowait());
  }
}

package org.trio4j.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.trio4j.CancelScope;
import org.trio4j.testing.TrioTest;

/** Ports of Trio's {@code test_highlevel_generic.py} (TRIO-REFERENCE 4.6). */
class StapledStreamTest {
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * Sending goes to the send stream and receiving to the receive stream, and the accessors return
   * the two streams (test_StapledStream).
   */
  @TrioTest
  void delegatesSendingAndReceivingToTheRightStream() {
    RecordingSendStream send = new RecordingSendStream(log, null);
    RecordingReceiveStream receive = new RecordingReceiveStream(log, null);
    StapledStream<RecordingSendStream, RecordingReceiveStream> stapled =
        new StapledStream<>(send, receive);
    assertSame(send, stapled.sendStream());
    assertSame(receive, stapled.receiveStream());

    stapled.sendAll(ascii("foo"));
    stapled.sendAll(ByteBuffer.wrap(ascii("bar")));
    stapled.sendAll(ascii("xbazx"), 1, 3);
    stapled.waitSendAllMightNotBlock();
    assertArrayEquals(new byte[0], stapled.receiveSome(1234));
    assertEquals(-1, stapled.receiveSome(ByteBuffer.allocate(77)));
    assertArrayEquals(new byte[0], stapled.receiveSome());
    assertEquals(
        List.of(
            "send: sendAll foo",
            "send: sendAll bar",
            "send: sendAll baz",
            "send: waitSendAllMightNotBlock",
            "receive: receiveSome 1234",
            "receive: receiveSome 77",
            "receive: receiveSome 65536"),
        log);
  }

  /** sendEof closes a send stream that cannot half-close, and leaves the receive stream alone. */
  @TrioTest
  void sendEofClosesASendStreamThatCannotHalfClose() {
    var stapled =
        new StapledStream<>(
            new RecordingSendStream(log, null), new RecordingReceiveStream(log, null));
    stapled.sendEof();
    assertEquals(List.of("send: close"), log);
  }

  /** sendEof calls the send stream's own sendEof when it is half-closeable, and does not close. */
  @TrioTest
  void sendEofUsesTheSendStreamsSendEof() {
    var stapled =
        new StapledStream<>(
            new RecordingHalfCloseableStream(log), new RecordingReceiveStream(log, null));
    stapled.sendEof();
    assertEquals(List.of("send: sendEof"), log);
  }

  /** close closes the send stream first, then the receive stream (test_StapledStream). */
  @TrioTest
  void closeClosesSendThenReceive() {
    var stapled =
        new StapledStream<>(
            new RecordingSendStream(log, null), new RecordingReceiveStream(log, null));
    stapled.close();
    assertEquals(List.of("send: close", "receive: close"), log);
  }

  /**
   * When both closes fail, both streams are still closed and no failure is lost: the first is
   * thrown with the second suppressed (test_StapledStream_with_erroring_close).
   */
  @TrioTest
  void bothClosesRunEvenIfTheyFail() {
    IllegalStateException sendError = new IllegalStateException("send error");
    IllegalStateException receiveError = new IllegalStateException("receive error");
    var stapled =
        new StapledStream<>(
            new RecordingSendStream(log, sendError), new RecordingReceiveStream(log, receiveError));
    IllegalStateException thrown = assertThrows(IllegalStateException.class, stapled::close);
    assertSame(sendError, thrown);
    assertEquals(List.of(receiveError), List.of(thrown.getSuppressed()));
    assertEquals(List.of("send: close", "receive: close"), log);
  }

  /** A failing receive-side close is reported even when the send-side close was only cancelled. */
  @TrioTest
  void aRealCloseFailureWinsOverCancellation() {
    IllegalStateException receiveError = new IllegalStateException("receive error");
    var stapled =
        new StapledStream<>(
            new RecordingSendStream(log, null), new RecordingReceiveStream(log, receiveError));
    CancelScope scope = new CancelScope();
    scope.cancel();
    IllegalStateException thrown =
        assertThrows(IllegalStateException.class, () -> scope.run(stapled::close));
    assertSame(receiveError, thrown);
    assertEquals(0, thrown.getSuppressed().length);
    assertEquals(List.of("send: close", "receive: close"), log);
  }

  /** closeForcefully closes both streams and the cancellation it uses does not escape. */
  @TrioTest
  void closeForcefullyClosesBoth() {
    var stapled =
        new StapledStream<>(
            new RecordingSendStream(log, null), new RecordingReceiveStream(log, null));
    stapled.closeForcefully();
    assertEquals(List.of("send: close", "receive: close"), log);
  }

  /** A null stream is rejected at construction, and toString shows both streams. */
  @TrioTest
  void rejectsNullAndDescribesItself() {
    RecordingSendStream send = new RecordingSendStream(log, null);
    RecordingReceiveStream receive = new RecordingReceiveStream(log, null);
    assertThrows(NullPointerException.class, () -> new StapledStream<>(null, receive));
    assertThrows(NullPointerException.class, () -> new StapledStream<>(send, null));
    String s = new StapledStream<>(send, receive).toString();
    assertTrue(s.startsWith("StapledStream[send="), s);
    assertTrue(s.contains(send.toString()) && s.contains(receive.toString()), s);
  }
}

package org.trio4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.trio4j.BrokenResourceException;
import org.trio4j.BusyResourceException;
import org.trio4j.CancelScope;
import org.trio4j.Cancelled;
import org.trio4j.ClosedResourceException;
import org.trio4j.Nursery;
import org.trio4j.NurseryBody;
import org.trio4j.ThrowingRunnable;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.stream.AsyncResource;
import org.trio4j.stream.ReceiveStream;
import org.trio4j.stream.SendStream;

/**
 * What the stream checks share: running a numbered check with a useful failure message, a fresh
 * pair closed forcefully afterwards, and the stream calls wrapped in {@link Checkpoints}.
 */
final class StreamCheckSupport {
  /** How much a "send until broken" loop sends before it gives up (more than any socket buffer). */
  static final long SEND_UNTIL_BROKEN_LIMIT = 64L << 20;

  private StreamCheckSupport() {}

  /** A check's body, given the two streams of a fresh pair. */
  @FunctionalInterface
  interface PairBody<L, R> {
    void run(L left, R right) throws Exception;
  }

  /**
   * Runs one check: an {@link AssertionError} or an unexpected exception comes out as an {@link
   * AssertionError} that names the check; {@link Cancelled} and other errors pass through.
   */
  static void runCheck(String name, String description, ThrowingRunnable<?> body) {
    String prefix = "stream check failed: " + name + " (" + description + "): ";
    try {
      body.run();
    } catch (AssertionError e) {
      throw new AssertionError(prefix + e.getMessage(), e);
    } catch (Exception e) {
      throw new AssertionError(prefix + "unexpected " + e, e);
    }
  }

  /** Makes a pair, runs {@code body} with it, and closes both streams forcefully in any case. */
  static <L extends AsyncResource, R extends AsyncResource> void withPair(
      StreamMaker<? extends L, ? extends R> maker, PairBody<L, R> body) throws Exception {
    StreamPair<? extends L, ? extends R> pair = maker.make();
    assertNotNull(pair, "the stream maker returned null");
    L left = pair.left();
    R right = pair.right();
    assertNotNull(left, "the stream maker returned a pair whose left stream is null");
    assertNotNull(right, "the stream maker returned a pair whose right stream is null");
    Throwable failure = null;
    try {
      body.run(left, right);
    } catch (Throwable t) {
      failure = t;
      throw t;
    } finally {
      failure = closeForcefully(left, failure);
      failure = closeForcefully(right, failure);
      if (failure != null) {
        throwUnchecked(failure);
      }
    }
  }

  /** Closes {@code r} forcefully; a failure is added to {@code earlier}, or becomes the failure. */
  private static Throwable closeForcefully(AsyncResource r, Throwable earlier) {
    try {
      r.closeForcefully();
      return earlier;
    } catch (Throwable t) {
      if (earlier == null) {
        return new AssertionError("closing " + r + " forcefully failed: " + t, t);
      }
      if (earlier != t) {
        earlier.addSuppressed(t);
      }
      return earlier;
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void throwUnchecked(Throwable t) throws T {
    throw (T) t;
  }

  /** {@code sendAll} wrapped in assertCheckpoints, and the buffer must be used up on return. */
  static void sendAll(SendStream s, ByteBuffer data) {
    Checkpoints.assertCheckpoints(() -> s.sendAll(data));
    assertFalse(
        data.hasRemaining(),
        "sendAll returned but left " + data.remaining() + " bytes in the buffer");
  }

  static void sendAll(SendStream s, byte[] data) {
    sendAll(s, ByteBuffer.wrap(data));
  }

  static void sendAll(SendStream s, String ascii) {
    sendAll(s, bytes(ascii));
  }

  static byte[] receiveSome(ReceiveStream r, int maxBytes) {
    return Checkpoints.assertCheckpoints(() -> r.receiveSome(maxBytes));
  }

  /** Receives with {@code receiveSome(1)} and checks the result ("" = the end of the stream). */
  static void receiveOne(ReceiveStream r, String expectedAscii) {
    byte[] got = receiveSome(r, 1);
    assertArrayEquals(
        bytes(expectedAscii),
        got,
        () ->
            "receiveSome(1) returned \""
                + new String(got, StandardCharsets.ISO_8859_1)
                + "\" instead of \""
                + expectedAscii
                + "\"");
  }

  static void close(AsyncResource r) {
    Checkpoints.assertCheckpoints(r::close);
  }

  static byte[] bytes(String ascii) {
    return ascii.getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * Sends 100 bytes at a time until the stream reports {@link BrokenResourceException}; fails if it
   * sends {@link #SEND_UNTIL_BROKEN_LIMIT} bytes without it.
   */
  static void sendUntilBroken(SendStream s, String why) {
    long sent = 0;
    try {
      while (sent < SEND_UNTIL_BROKEN_LIMIT) {
        sendAll(s, new byte[100]);
        sent += 100;
      }
    } catch (BrokenResourceException expected) {
      return;
    }
    fail("sendAll kept succeeding (" + sent + " bytes) after " + why);
  }

  /**
   * Runs {@code body} in a nursery and expects it to fail with {@link BusyResourceException}: the
   * operations it starts must collide. If every task blocks instead, the nursery is cancelled and
   * the check fails rather than hangs.
   */
  static void expectBusy(String what, NurseryBody body) {
    assertThrows(
        BusyResourceException.class,
        () ->
            Nursery.open(
                n -> {
                  body.run(n);
                  Lowlevel.waitAllTasksBlocked();
                  n.cancelScope().cancel();
                }),
        what + " should fail with BusyResourceException");
  }

  /** Sends with {@code send} in one task while another receives one byte, which must match. */
  static void transfer(SendStream s, ReceiveStream r, String expected, ThrowingRunnable<?> send)
      throws Exception {
    Nursery.open(
        n -> {
          n.startSoon(() -> Checkpoints.assertCheckpoints(send));
          n.startSoon(() -> receiveOne(r, expected));
        });
  }

  static void expectClosedSendSide(SendStream s) {
    close(s);
    assertThrows(
        ClosedResourceException.class,
        () -> sendAll(s, new byte[100]),
        "sendAll on a closed stream should fail");
    assertThrows(
        ClosedResourceException.class,
        () -> sendAll(s, new byte[0]),
        "sendAll of no bytes on a closed stream should fail");
    assertThrows(
        ClosedResourceException.class,
        () -> Checkpoints.assertCheckpoints(s::waitSendAllMightNotBlock),
        "waitSendAllMightNotBlock on a closed stream should fail");
    close(s);
    close(s);
  }

  static void waitAllowingBroken(SendStream s) {
    try {
      Checkpoints.assertCheckpoints(s::waitSendAllMightNotBlock);
    } catch (BrokenResourceException acceptable) {
      // Returning normally and reporting the broken stream are both fine.
    }
  }

  static void closeWhenBlocked(SendStream s) {
    Lowlevel.waitAllTasksBlocked();
    s.closeForcefully();
  }

  /** Runs {@code body} inside a cancel scope that is already cancelled. */
  static void cancelled(ThrowingRunnable<?> body) throws Exception {
    CancelScope scope = new CancelScope();
    scope.cancel();
    scope.run(body);
  }
}

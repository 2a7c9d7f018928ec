package org.trio4j.net;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import org.trio4j.BrokenResourceException;
import org.trio4j.BusyResourceException;
import org.trio4j.Cancelled;
import org.trio4j.ClosedResourceException;
import org.trio4j.lowlevel.ChannelWaits;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.stream.HalfCloseableStream;

/**
 * A TCP or Unix-domain connection as a {@link HalfCloseableStream} (Trio's {@code SocketStream}),
 * over a connected {@link SocketChannel} that it puts in non-blocking mode, with {@code
 * TCP_NODELAY} on for TCP. {@link Net#openTcpStream} and {@link Net#openUnixSocket} make them.
 *
 * {@snippet :
 * try (SocketStream stream = Net.openTcpStream("example.com", 80)) {
 *   stream.sendAll("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
 *   stream.sendEof();
 *   for (byte[] chunk : stream.chunks()) {
 *     System.out.write(chunk);
 *   }
 * }
 * }
 *
 * <h2>Cancellation</h2>
 *
 * Every operation is a checkpoint. A cancelled {@link #receiveSome} has received nothing and the
 * stream stays usable. A {@link #sendAll} cancelled after it handed some of its data to the kernel
 * may have sent part of it, so the stream can no longer send: later sends throw {@link
 * BrokenResourceException} (receiving still works). One cancelled before it wrote a byte leaves the
 * stream usable. {@link #close} always closes, even when cancelled.
 *
 * <h2>Exceptions</h2>
 *
 * An operation on a stream this side closed throws {@link ClosedResourceException}, and so does one
 * that was waiting when another task closed it; an operating-system error (the peer reset the
 * connection, for instance) throws {@link BrokenResourceException} with the {@link IOException} as
 * its cause.
 *
 * <h2>Thread safety</h2>
 *
 * One task may send while another receives; a second concurrent sender ({@code sendAll}, {@code
 * waitSendAllMightNotBlock}, {@code sendEof}) or receiver fails at once with {@link
 * org.trio4j.BusyResourceException}. {@code close} may be called by any task at any time.
 */
public final class SocketStream implements HalfCloseableStream {
  /*
   * Implementation notes.
   *
   * Every operation follows Trio's _nonblocking_helper: check for cancellation, try the
   * non-blocking call, and if it did something take a cancel-shielded checkpoint (it cannot be
   * cancelled after the fact); if it would block, wait for readiness (a full checkpoint) and try
   * again. The channel is never in blocking mode, so the interrupt that cancellation may leave on
   * the task's thread never closes it (ADR 0004).
   *
   * `sendBroken` is set when sendAll fails, or is cancelled after it has written some of its data:
   * the peer may have part of it, so no later send can be trusted (DESIGN rule 13). A sendAll
   * cancelled before it wrote anything knows that nothing was sent and leaves the stream usable
   * (SendStream's contract allows exactly that).
   * `closed` is set by close() before it wakes the waiters (notifyClosing) and closes the
   * channel; operations check it first, and an IOException seen after it is reported as
   * ClosedResourceException whatever the JDK called it.
   */

  private static final String SENDING_BUSY =
      "another task is currently sending data on this SocketStream";
  private static final String RECEIVING_BUSY =
      "another task is currently receiving data on this SocketStream";
  private static final VarHandle SENDING;
  private static final VarHandle RECEIVING;
  private static final VarHandle CLOSED;
  private static final VarHandle BYTES_SENT;
  private static final VarHandle BYTES_RECEIVED;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      SENDING = l.findVarHandle(SocketStream.class, "sending", boolean.class);
      RECEIVING = l.findVarHandle(SocketStream.class, "receiving", boolean.class);
      CLOSED = l.findVarHandle(SocketStream.class, "closed", boolean.class);
      BYTES_SENT = l.findVarHandle(SocketStream.class, "bytesSent", long.class);
      BYTES_RECEIVED = l.findVarHandle(SocketStream.class, "bytesReceived", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final SocketChannel channel;
  private final SocketAddress local;
  private final SocketAddress remote;
  // The conflict detectors (Trio's ConflictDetector, as fields of the stream itself: with many
  // connections every separate object a round trip touches is a likely cache miss). Entered with
  // a compareAndSet, left with a release store.
  private volatile boolean sending;
  private volatile boolean receiving;
  private volatile boolean closed;
  // Written by the task holding `sending`; volatile for statistics and toString.
  private volatile boolean eofSent;
  private volatile boolean sendBroken;
  // Written by the task holding `sending` (`receiving`) with opaque stores, read with opaque loads
  // by statistics(): atomic, and without the fence a volatile store costs on every call.
  private long bytesSent;
  private long bytesReceived;
  // Held by the task holding `receiving`: the last read returned less than it had room for, so the
  // kernel's receive queue was empty then (a hint only; see receiveSome).
  private boolean drained;
  // The channel's readiness waits, which keep its registration with the run's I/O manager so that
  // a wait needs no lookup by channel.
  private final ChannelWaits waits;

  /**
   * Wraps a connected channel: puts it in non-blocking mode and, for TCP, turns {@code TCP_NODELAY}
   * on (a Unix-domain channel has no such option).
   *
   * @param channel a connected TCP or Unix-domain channel; the stream owns it from now on
   * @throws IllegalArgumentException if the channel is not connected
   * @throws ClosedResourceException if the channel is closed
   * @throws BrokenResourceException if the channel cannot be put in non-blocking mode
   */
  public SocketStream(SocketChannel channel) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.waits = new ChannelWaits(channel);
    if (!channel.isOpen()) {
      throw new ClosedResourceException("the channel is closed");
    }
    if (!channel.isConnected()) {
      throw new IllegalArgumentException(
          "SocketStream requires a connected SocketChannel; connect it first, or use"
              + " Net.openTcpStream");
    }
    try {
      channel.configureBlocking(false);
      this.local = channel.getLocalAddress();
      this.remote = channel.getRemoteAddress();
    } catch (IOException e) {
      throw SocketErrors.translate(e, false);
    }
    if (isUnixDomain()) {
      return;
    }
    try {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    } catch (IOException | UnsupportedOperationException e) {
      // As Trio: a socket that refuses TCP_NODELAY still works.
    }
  }

  /**
   * Returns the underlying channel (Trio's {@code SocketStream.socket}). Reading or writing it
   * directly bypasses the stream's bookkeeping.
   *
   * @return the channel
   */
  public SocketChannel channel() {
    return channel;
  }

  /**
   * Returns the local address of a TCP stream.
   *
   * @return the address this end is bound to
   * @throws IllegalStateException if this is a Unix-domain stream: use {@link
   *     #localSocketAddress()}
   */
  public InetSocketAddress localAddress() {
    return inet(local, "localSocketAddress");
  }

  /**
   * Returns the peer's address of a TCP stream.
   *
   * @return the address this stream is connected to
   * @throws IllegalStateException if this is a Unix-domain stream: use {@link
   *     #remoteSocketAddress()}
   */
  public InetSocketAddress remoteAddress() {
    return inet(remote, "remoteSocketAddress");
  }

  /**
   * Returns the local address, of either kind: an {@link InetSocketAddress} for TCP, a {@link
   * UnixDomainSocketAddress} for a Unix-domain stream (with an empty path for a client's unbound
   * end).
   *
   * @return the address this end is bound to
   */
  public SocketAddress localSocketAddress() {
    return local;
  }

  /**
   * Returns the peer's address, of either kind (see {@link #localSocketAddress()}).
   *
   * @return the address this stream is connected to
   */
  public SocketAddress remoteSocketAddress() {
    return remote;
  }

  /**
   * Tells whether this is a Unix-domain stream rather than a TCP one.
   *
   * @return true for a Unix-domain stream
   */
  public boolean isUnixDomain() {
    return remote instanceof UnixDomainSocketAddress;
  }

  private static InetSocketAddress inet(SocketAddress a, String instead) {
    if (a instanceof InetSocketAddress i) {
      return i;
    }
    throw new IllegalStateException(
        "this is a Unix-domain SocketStream, which has no InetSocketAddress: use "
            + instead
            + "()");
  }

  /**
   * Reads a socket option, such as {@link StandardSocketOptions#TCP_NODELAY}.
   *
   * @param name the option
   * @param <T> its type
   * @return its value
   * @throws ClosedResourceException if the stream was closed
   * @throws BrokenResourceException if the operating system fails
   * @throws UnsupportedOperationException if the socket does not support the option
   */
  public <T> T getOption(SocketOption<T> name) {
    try {
      return channel.getOption(name);
    } catch (IOException e) {
      throw SocketErrors.translate(e, closed);
    }
  }

  /**
   * Sets a socket option, such as {@link StandardSocketOptions#SO_KEEPALIVE}.
   *
   * @param name the option
   * @param value its new value
   * @param <T> its type
   * @return this stream
   * @throws ClosedResourceException if the stream was closed
   * @throws BrokenResourceException if the operating system fails
   * @throws UnsupportedOperationException if the socket does not support the option
   * @throws IllegalArgumentException if the value is not valid for the option
   */
  public <T> SocketStream setOption(SocketOption<T> name, T value) {
    try {
      channel.setOption(name, value);
      return this;
    } catch (IOException e) {
      throw SocketErrors.translate(e, closed);
    }
  }

  @Override
  public void sendAll(ByteBuffer data) {
    Objects.requireNonNull(data, "data");
    if (eofSent) {
      throw new ClosedResourceException("can't send data after sending EOF");
    }
    enter(SENDING, SENDING_BUSY);
    try {
      checkNotClosed();
      if (sendBroken) {
        throw new BrokenResourceException(
            "an earlier sendAll on this SocketStream was cancelled or failed part-way, so the peer"
                + " may have received only part of it; this stream can no longer send");
      }
      if (!data.hasRemaining()) {
        Lowlevel.checkpoint();
        return;
      }
      boolean sentSome = false;
      try {
        Lowlevel.checkpointIfCancelled();
        boolean waited = false;
        while (data.hasRemaining()) {
          int n;
          try {
            n = channel.write(data);
          } catch (IOException e) {
            throw SocketErrors.translate(e, closed);
          }
          if (n == 0) {
            waits.waitWritable();
            waited = true;
          } else {
            sentSome = true;
            BYTES_SENT.setOpaque(this, bytesSent + n);
          }
        }
        if (!waited) {
          Lowlevel.cancelShieldedCheckpoint();
        }
      } catch (Cancelled c) {
        if (sentSome) {
          sendBroken = true;
        }
        throw c;
      } catch (RuntimeException | Error e) {
        sendBroken = true;
        throw e;
      }
    } finally {
      SENDING.setRelease(this, false);
    }
  }

  @Override
  public void waitSendAllMightNotBlock() {
    enter(SENDING, SENDING_BUSY);
    try {
      Lowlevel.checkpointIfCancelled();
      checkNotClosed();
      waits.waitWritable();
    } finally {
      SENDING.setRelease(this, false);
    }
  }

  @Override
  public void sendEof() {
    enter(SENDING, SENDING_BUSY);
    try {
      Lowlevel.checkpoint();
      checkNotClosed();
      if (eofSent) {
        return;
      }
      try {
        channel.shutdownOutput();
      } catch (IOException e) {
        throw SocketErrors.translate(e, closed);
      }
      eofSent = true;
    } finally {
      SENDING.setRelease(this, false);
    }
  }

  @Override
  public int receiveSome(ByteBuffer dst) {
    Objects.requireNonNull(dst, "dst");
    if (!dst.hasRemaining()) {
      throw new IllegalArgumentException("dst has no space remaining");
    }
    enter(RECEIVING, RECEIVING_BUSY);
    try {
      Lowlevel.checkpointIfCancelled();
      checkNotClosed();
      boolean waited = false;
      if (drained) {
        // The last read left the kernel's queue empty: wait for readability before reading, so
        // that a request/response loop does not pay a read that fails with EAGAIN each time.
        drained = false;
        waits.waitReadable();
        waited = true;
      }
      while (true) {
        int space = dst.remaining();
        int n;
        try {
          n = channel.read(dst);
        } catch (IOException e) {
          throw SocketErrors.translate(e, closed);
        }
        if (n != 0) {
          if (!waited) {
            Lowlevel.cancelShieldedCheckpoint();
          }
          if (n > 0) {
            BYTES_RECEIVED.setOpaque(this, bytesReceived + n);
            drained = n < space;
          }
          return n;
        }
        waits.waitReadable();
        waited = true;
      }
    } finally {
      RECEIVING.setRelease(this, false);
    }
  }

  /**
   * Closes the connection: tasks blocked on it wake with {@link ClosedResourceException}, and the
   * peer sees end of stream (or a reset, if data it sent was left unread). A checkpoint, but it
   * closes even when cancelled; idempotent.
   */
  @Override
  public void close() {
    if (CLOSED.compareAndSet(this, false, true)) {
      ChannelClosing.wakeWaitersAndClose(channel);
    }
    Lowlevel.checkpoint();
  }

  private void enter(VarHandle detector, String busy) {
    if (!detector.compareAndSet(this, false, true)) {
      throw new BusyResourceException(busy);
    }
  }

  private void checkNotClosed() {
    if (closed) {
      throw new ClosedResourceException("this SocketStream was closed");
    }
  }

  /**
   * Returns a snapshot of the stream's state.
   *
   * @return the statistics
   */
  public SocketStreamStatistics statistics() {
    return new SocketStreamStatistics(
        (long) BYTES_SENT.getOpaque(this),
        (long) BYTES_RECEIVED.getOpaque(this),
        eofSent,
        sendBroken,
        closed);
  }

  @Override
  public String toString() {
    return "SocketStream["
        + local
        + " -> "
        + remote
        + (closed ? ", closed" : "")
        + (eofSent ? ", EOF sent" : "")
        + (sendBroken ? ", send broken" : "")
        + "]";
  }
}

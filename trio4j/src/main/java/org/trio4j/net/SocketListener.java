package org.trio4j.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.trio4j.ClosedResourceException;
import org.trio4j.lowlevel.ConflictDetector;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.stream.Listener;

/**
 * A listening TCP socket as a {@link Listener} of {@link SocketStream}s (Trio's {@code
 * SocketListener}). {@link Net#openTcpListeners} makes them; {@link Net#serveListeners} serves
 * them.
 *
 * {@snippet :
 * try (SocketListener listener = Net.openTcpListeners(8080, "127.0.0.1").get(0)) {
 *   try (SocketStream conn = listener.accept()) {
 *     conn.sendAll("hello\n".getBytes(StandardCharsets.UTF_8));
 *   }
 * }
 * }
 *
 * <h2>Cancellation</h2>
 *
 * {@link #accept} is a checkpoint; a cancelled accept has accepted nothing (a connection that
 * arrives meanwhile stays queued for the next accept). {@link #close} always closes.
 *
 * <h2>Exceptions</h2>
 *
 * {@code accept} retries by itself the errors that concern only the connection being accepted (it
 * was reset or aborted before it could be accepted, and the other errors Trio retries). Other
 * operating-system errors, such as running out of file descriptors, are thrown as {@link
 * UncheckedIOException} with the {@link IOException} as the cause: the listener is still usable,
 * and {@link Net#serveListeners} retries the resource-exhaustion ones after 100 ms. On a closed
 * listener, {@code accept} throws {@link ClosedResourceException}.
 *
 * <h2>Thread safety</h2>
 *
 * One task accepts at a time; a second concurrent {@code accept} fails with {@link
 * org.trio4j.BusyResourceException}. {@code close} may be called by any task at any time.
 */
public final class SocketListener implements Listener<SocketStream> {
  private final ServerSocketChannel channel;
  private final InetSocketAddress local;
  private final ConflictDetector accepting =
      new ConflictDetector("another task is already accepting on this SocketListener");
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Wraps a bound (listening) server channel and puts it in non-blocking mode.
   *
   * @param channel a bound {@link ServerSocketChannel}; the listener owns it from now on
   * @throws IllegalArgumentException if the channel is not bound (a bound {@code
   *     ServerSocketChannel} listens)
   * @throws ClosedResourceException if the channel is closed
   */
  public SocketListener(ServerSocketChannel channel) {
    this.channel = Objects.requireNonNull(channel, "channel");
    try {
      InetSocketAddress a = (InetSocketAddress) channel.getLocalAddress();
      if (a == null) {
        throw new IllegalArgumentException(
            "SocketListener requires a listening socket: bind the ServerSocketChannel first, or"
                + " use Net.openTcpListeners");
      }
      this.local = a;
      channel.configureBlocking(false);
    } catch (ClosedChannelException e) {
      throw new ClosedResourceException("the channel is closed", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns the underlying channel (Trio's {@code SocketListener.socket}).
   *
   * @return the channel
   */
  public ServerSocketChannel channel() {
    return channel;
  }

  /**
   * Returns the address the listener is bound to, with the port the system chose if it was asked
   * for port 0.
   *
   * @return the local address
   */
  public InetSocketAddress localAddress() {
    return local;
  }

  /**
   * Waits for a connection and returns it as a {@link SocketStream}. A checkpoint.
   *
   * @return the new connection; the caller must close it
   * @throws ClosedResourceException if the listener (or its channel) was closed
   * @throws org.trio4j.BusyResourceException if another task is accepting on this listener
   * @throws UncheckedIOException for an operating-system error that is not retried, such as running
   *     out of file descriptors
   */
  @Override
  public SocketStream accept() {
    return accept(channel, closed, accepting, "SocketListener");
  }

  /**
   * The accept loop of {@link SocketListener} and {@link UnixSocketListener}: Trio's
   * _nonblocking_helper around {@code accept}, retrying the errors that concern only the connection
   * being accepted.
   */
  static SocketStream accept(
      ServerSocketChannel channel, AtomicBoolean closed, ConflictDetector accepting, String kind) {
    accepting.enter();
    try {
      Lowlevel.checkpointIfCancelled();
      boolean waited = false;
      while (true) {
        if (closed.get()) {
          throw new ClosedResourceException("this " + kind + " was closed");
        }
        SocketChannel conn;
        try {
          conn = channel.accept();
        } catch (ClosedChannelException e) {
          throw new ClosedResourceException("the listening socket was closed", e);
        } catch (IOException e) {
          if (SocketErrors.isTransientAcceptError(e)) {
            Lowlevel.checkpoint();
            continue;
          }
          throw new UncheckedIOException("accept failed: " + e.getMessage(), e);
        }
        if (conn != null) {
          if (!waited) {
            Lowlevel.cancelShieldedCheckpoint();
          }
          return wrap(conn);
        }
        Lowlevel.waitReadable(channel);
        waited = true;
      }
    } finally {
      accepting.exit();
    }
  }

  private static SocketStream wrap(SocketChannel conn) {
    try {
      return new SocketStream(conn);
    } catch (RuntimeException e) {
      try {
        conn.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Stops listening and closes the socket; a task blocked in {@link #accept} wakes with {@link
   * ClosedResourceException}. A checkpoint, but it closes even when cancelled; idempotent.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      ChannelClosing.wakeWaitersAndClose(channel);
    }
    Lowlevel.checkpoint();
  }

  @Override
  public String toString() {
    return "SocketListener[" + local + (closed.get() ? ", closed" : "") + "]";
  }
}

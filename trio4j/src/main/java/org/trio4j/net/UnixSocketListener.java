package org.trio4j.net;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.trio4j.ClosedResourceException;
import org.trio4j.lowlevel.ConflictDetector;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.stream.Listener;

/**
 * A listening Unix-domain socket as a {@link Listener} of {@link SocketStream}s, bound to a path in
 * the file system. {@link Net#openUnixListener} makes them; {@link Net#serveUnix} serves them.
 *
 * {@snippet :
 * try (UnixSocketListener listener = Net.openUnixListener(Path.of("/run/myapp.sock"))) {
 *   try (SocketStream conn = listener.accept()) {
 *     conn.sendAll("hello\n".getBytes(StandardCharsets.UTF_8));
 *   }
 * } // the socket file is deleted here
 * }
 *
 * <h2>The socket file</h2>
 *
 * Binding creates the socket file; {@link Net#openUnixListener} refuses a path where a file already
 * exists (a stale socket of a server that did not clean up, say) instead of deleting it, so that
 * one server never silently takes over another's address. {@link #close} deletes the file, but only
 * if it is still the one this listener created (same file key): a file that someone replaced
 * meanwhile is left alone.
 *
 * <h2>Cancellation</h2>
 *
 * {@link #accept} is a checkpoint; a cancelled accept has accepted nothing (a connection that
 * arrives meanwhile stays queued for the next accept). {@link #close} always closes.
 *
 * <h2>Exceptions</h2>
 *
 * As {@link SocketListener}: on a closed listener {@code accept} throws {@link
 * ClosedResourceException}; an operating-system error that is not retried comes out as {@link
 * java.io.UncheckedIOException} with the {@link IOException} as the cause.
 *
 * <h2>Thread safety</h2>
 *
 * One task accepts at a time; a second concurrent {@code accept} fails with {@link
 * org.trio4j.BusyResourceException}. {@code close} may be called by any task at any time.
 */
public final class UnixSocketListener implements Listener<SocketStream> {
  private final ServerSocketChannel channel;
  private final Path path;
  // The socket file's key (device and inode on Linux) just after bind, or null if unknown.
  private final Object fileKey;
  private final ConflictDetector accepting =
      new ConflictDetector("another task is already accepting on this UnixSocketListener");
  private final AtomicBoolean closed = new AtomicBoolean();

  UnixSocketListener(ServerSocketChannel channel, Path path) throws IOException {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.path = Objects.requireNonNull(path, "path");
    this.fileKey = fileKey(path);
    channel.configureBlocking(false);
  }

  private static Object fileKey(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Returns the underlying channel.
   *
   * @return the channel
   */
  public ServerSocketChannel channel() {
    return channel;
  }

  /**
   * Returns the path of the socket file the listener is bound to.
   *
   * @return the path, as given to {@link Net#openUnixListener}
   */
  public Path path() {
    return path;
  }

  /**
   * Waits for a connection and returns it as a Unix-domain {@link SocketStream}. A checkpoint.
   *
   * @return the new connection; the caller must close it
   * @throws ClosedResourceException if the listener was closed
   * @throws org.trio4j.BusyResourceException if another task is accepting on this listener
   * @throws java.io.UncheckedIOException for an operating-system error that is not retried
   */
  @Override
  public SocketStream accept() {
    return SocketListener.accept(channel, closed, accepting, "UnixSocketListener");
  }

  /**
   * Stops listening, closes the socket and deletes the socket file if it is still the one this
   * listener created; a task blocked in {@link #accept} wakes with {@link ClosedResourceException}.
   * A checkpoint, but it closes even when cancelled; idempotent. Failing to delete the file is
   * ignored (the next {@link Net#openUnixListener} on the path reports it).
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        ChannelClosing.wakeWaitersAndClose(channel);
      } finally {
        deleteSocketFile();
      }
    }
    Lowlevel.checkpoint();
  }

  private void deleteSocketFile() {
    if (fileKey == null || !fileKey.equals(fileKey(path))) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // Best effort, as documented.
    }
  }

  @Override
  public String toString() {
    return "UnixSocketListener[" + path + (closed.get() ? ", closed" : "") + "]";
  }
}

package org.trio4j.net;

import java.io.IOException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import org.trio4j.lowlevel.Lowlevel;

/** Connects and listens on Unix-domain sockets for {@link Net#openUnixSocket} and friends. */
final class UnixSockets {
  /*
   * Implementation notes. connect is RealTcpSocket.connect for a path: a cancellation check
   * first, the non-blocking connect (which on Linux completes at once or fails with EAGAIN when
   * the listener's backlog is full), and if it is pending a wait for writability and
   * finishConnect. Any failure or cancellation after the channel is opened closes it (with
   * notifyClosing, since it may have been registered with a poller).
   */

  private UnixSockets() {}

  static SocketStream connect(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
    Lowlevel.checkpointIfCancelled();
    SocketChannel ch = openChannel();
    try {
      ch.configureBlocking(false);
      if (ch.connect(address)) {
        Lowlevel.cancelShieldedCheckpoint();
      } else {
        do {
          Lowlevel.waitWritable(ch);
        } while (!ch.finishConnect());
      }
      return new SocketStream(ch);
    } catch (Throwable t) {
      try {
        Lowlevel.notifyClosing(ch);
        ch.close();
      } catch (IOException | RuntimeException e) {
        t.addSuppressed(e);
      }
      throw t;
    }
  }

  private static SocketChannel openChannel() throws IOException {
    try {
      return SocketChannel.open(StandardProtocolFamily.UNIX);
    } catch (UnsupportedOperationException e) {
      throw new SocketException("this system does not support Unix-domain sockets", e);
    }
  }

  static UnixSocketListener listen(Path path, int backlog) throws IOException {
    Objects.requireNonNull(path, "path");
    UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
    int effective = TcpListeners.effectiveBacklog(backlog);
    Lowlevel.checkpoint();
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(
          path.toString(),
          null,
          "a file already exists where the Unix socket should be created (perhaps the socket of a"
              + " server that did not clean up); delete it if no server uses it");
    }
    ServerSocketChannel ch;
    try {
      ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    } catch (UnsupportedOperationException e) {
      throw new SocketException("this system does not support Unix-domain sockets", e);
    }
    boolean bound = false;
    try {
      ch.bind(address, effective);
      bound = true;
      return new UnixSocketListener(ch, path);
    } catch (IOException | RuntimeException e) {
      try {
        ch.close();
        if (bound) {
          Files.deleteIfExists(path);
        }
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }
}

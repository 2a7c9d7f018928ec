package org.trio4j.net;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import org.trio4j.lowlevel.Lowlevel;

/**
 * One TCP connection attempt to one address: the building block of {@link Net#openTcpStream} and of
 * the connection strategies built on it (Happy Eyeballs races several of these).
 */
final class TcpConnect {
  private TcpConnect() {}

  /**
   * Connects a new non-blocking channel to {@code remote}: a non-blocking connect, then waits for
   * the socket to become writable and finishes the connect. A checkpoint.
   *
   * <p>If the attempt fails or is cancelled, the channel is closed before this returns or throws,
   * as Trio's {@code connect} does; on success the caller owns the channel.
   *
   * @param remote a resolved address
   * @param local the local address to bind first, or null for any
   * @return the connected channel, in non-blocking mode
   * @throws IOException if the connection fails (refused, unreachable, ...) or the local address
   *     cannot be bound
   * @throws org.trio4j.Cancelled if cancelled (the channel is closed)
   */
  static SocketChannel connect(InetSocketAddress remote, InetSocketAddress local)
      throws IOException {
    Objects.requireNonNull(remote, "remote");
    if (remote.isUnresolved()) {
      throw new IllegalArgumentException(
          remote + " is unresolved; resolve it first, or use Net.openTcpStream(host, port)");
    }
    Lowlevel.checkpointIfCancelled();
    SocketChannel ch;
    try {
      ch =
          SocketChannel.open(
              remote.getAddress() instanceof Inet6Address
                  ? StandardProtocolFamily.INET6
                  : StandardProtocolFamily.INET);
    } catch (UnsupportedOperationException e) {
      throw new IOException("this system cannot make a socket for " + remote, e);
    }
    boolean connected = false;
    try {
      ch.configureBlocking(false);
      if (local != null) {
        try {
          ch.bind(local);
        } catch (IOException e) {
          throw new IOException(
              "local address " + local + " is incompatible with remote address " + remote, e);
        }
      }
      if (ch.connect(remote)) {
        Lowlevel.cancelShieldedCheckpoint();
      } else {
        do {
          Lowlevel.waitWritable(ch);
        } while (!ch.finishConnect());
      }
      connected = true;
      return ch;
    } finally {
      if (!connected) {
        try {
          Lowlevel.notifyClosing(ch);
        } finally {
          ch.close();
        }
      }
    }
  }
}

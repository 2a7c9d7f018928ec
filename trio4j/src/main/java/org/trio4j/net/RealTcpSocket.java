package org.trio4j.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.Objects;
import org.trio4j.Cancelled;
import org.trio4j.lowlevel.Lowlevel;

/**
 * The system's {@link TcpSocket}: a non-blocking {@link SocketChannel} that connects without ever
 * blocking its task in the JDK (DESIGN rule 13), created by the default {@link SocketFactory}.
 */
final class RealTcpSocket implements TcpSocket {
  /*
   * Implementation notes. connect is Trio's socket.connect: a cancellation check first (nothing
   * has happened yet, so nothing needs undoing), the non-blocking connect, and if it is pending a
   * wait for writability (the kernel's "connect finished") followed by finishConnect, which
   * throws the connect's error. A cancelled wait closes the channel: a half-open connect cannot
   * be resumed. The NIO exceptions that are IllegalArgumentExceptions (an address of the wrong
   * family, an unresolved one) become SocketExceptions, so that they fail one attempt instead of
   * the whole openTcpStream, as an OSError does in Trio.
   */

  private final SocketChannel channel;
  private final ProtocolFamily family;

  private RealTcpSocket(SocketChannel channel, ProtocolFamily family) {
    this.channel = channel;
    this.family = family;
  }

  /** Opens a non-blocking channel of {@code family}. */
  static RealTcpSocket open(ProtocolFamily family) throws IOException {
    Objects.requireNonNull(family, "family");
    SocketChannel ch;
    try {
      ch = SocketChannel.open(family);
    } catch (UnsupportedOperationException e) {
      throw new SocketException("address family not supported: " + family, e);
    }
    try {
      ch.configureBlocking(false);
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    return new RealTcpSocket(ch, family);
  }

  @Override
  public ProtocolFamily family() {
    return family;
  }

  @Override
  public void bind(InetSocketAddress local) throws IOException {
    try {
      channel.bind(local);
    } catch (UnsupportedAddressTypeException | UnresolvedAddressException e) {
      throw new SocketException("cannot bind a " + family + " socket to " + local, e);
    }
  }

  @Override
  public void connect(InetSocketAddress remote) throws IOException {
    Lowlevel.checkpointIfCancelled();
    boolean connected;
    try {
      connected = channel.connect(remote);
    } catch (UnsupportedAddressTypeException | UnresolvedAddressException e) {
      throw new SocketException("cannot connect a " + family + " socket to " + remote, e);
    }
    if (connected) {
      Lowlevel.cancelShieldedCheckpoint();
      return;
    }
    try {
      do {
        Lowlevel.waitWritable(channel);
      } while (!channel.finishConnect());
    } catch (Cancelled c) {
      closeAfterCancel(c);
      throw c;
    }
  }

  private void closeAfterCancel(Cancelled c) {
    try {
      close();
    } catch (IOException e) {
      c.addSuppressed(e);
    }
  }

  @Override
  public SocketStream toStream() {
    if (!channel.isConnected()) {
      throw new IllegalStateException("toStream needs a connected socket: " + this);
    }
    return new SocketStream(channel);
  }

  /**
   * Wakes any task waiting on the channel and drops its registration with the run's I/O manager,
   * then closes it. Idempotent. The notice is sent even when the channel is already closed: a
   * failed {@code finishConnect} closes the channel itself, and its registration must still go.
   */
  @Override
  public void close() throws IOException {
    try {
      Lowlevel.notifyClosing(channel);
    } finally {
      channel.close();
    }
  }

  @Override
  public String toString() {
    String state = !channel.isOpen() ? "closed" : channel.isConnected() ? "connected" : "open";
    return "RealTcpSocket[" + family + ", " + state + "]";
  }
}

package org.trio4j.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import org.trio4j.Cancelled;

/**
 * A TCP socket on its way to becoming a connection: what a {@link SocketFactory} creates and {@link
 * Net#openTcpStream} binds, connects and finally turns into a {@link SocketStream}. The default
 * implementation wraps a non-blocking {@link java.nio.channels.SocketChannel}; a fake one (in
 * tests) only pretends.
 *
 * {@snippet :
 * try (TcpSocket socket = Net.socketFactory().openTcpSocket(StandardProtocolFamily.INET)) {
 *   socket.connect(new InetSocketAddress("127.0.0.1", 8080));   // a checkpoint
 *   ...
 * }
 * }
 *
 * <h2>Cancellation</h2>
 *
 * {@link #connect} is a checkpoint. If it is cancelled it throws {@link Cancelled} and the socket
 * is closed (a half-open connection attempt cannot be resumed), as Trio's {@code connect} does.
 * {@link #bind}, {@link #toStream} and {@link #close} do not block and are not checkpoints.
 *
 * <h2>Thread safety</h2>
 *
 * A socket is used by one task at a time; {@link #close} may be called from any task of the run.
 */
public interface TcpSocket extends AutoCloseable {
  /**
   * Returns the address family this socket was created for.
   *
   * @return {@link java.net.StandardProtocolFamily#INET} or {@link
   *     java.net.StandardProtocolFamily#INET6}
   */
  ProtocolFamily family();

  /**
   * Binds the local end of the socket before connecting, so that the connection leaves from {@code
   * local} (port 0: any free port).
   *
   * @param local the local address
   * @throws IOException if it cannot be bound there, for example because {@code local} belongs to
   *     another address family or is not an address of this machine
   */
  void bind(InetSocketAddress local) throws IOException;

  /**
   * Connects to {@code remote}, waiting until the connection is established or has failed. A
   * checkpoint.
   *
   * @param remote a resolved address of this socket's family
   * @throws IOException if the connection fails (refused, unreachable, timed out)
   * @throws Cancelled if cancelled; the socket is then closed
   */
  void connect(InetSocketAddress remote) throws IOException;

  /**
   * Turns the connected socket into a stream, which owns it from then on (Trio's {@code
   * SocketStream(sock)}). Not a checkpoint.
   *
   * @return the stream
   * @throws IOException if the connection cannot be used (the caller then closes the socket)
   * @throws IllegalStateException if the socket is not connected
   * @throws UnsupportedOperationException if this kind of socket has no stream (a fake one)
   */
  SocketStream toStream() throws IOException;

  /**
   * Closes the socket, at once; idempotent. Not a checkpoint. Must be called from a task of the run
   * (a real socket first wakes any task waiting on it).
   *
   * @throws IOException if the operating system reports an error while closing
   */
  @Override
  void close() throws IOException;
}

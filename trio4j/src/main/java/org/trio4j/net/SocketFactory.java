package org.trio4j.net;

import java.io.IOException;
import java.net.ProtocolFamily;

/**
 * Creates the sockets {@link Net#openTcpStream} connects with: the hook that decides what a
 * "socket" is (Trio's {@code trio.abc.SocketFactory}). The default creates non-blocking {@link
 * java.nio.channels.SocketChannel}s; install another for the current run with {@link
 * Net#setSocketFactory}, for example to set socket options on every connection, to go through a
 * proxy, or (in tests) to connect on a fake network where no real socket is ever opened ({@code
 * org.trio4j.testing.FakeNetwork}).
 *
 * {@snippet :
 * SocketFactory system = Net.socketFactory();
 * Net.setSocketFactory(family -> {
 *   System.err.println("opening a " + family + " socket");
 *   return system.openTcpSocket(family);
 * });
 * }
 *
 * <h2>Exceptions</h2>
 *
 * An {@link IOException} (for example a {@link java.net.SocketException} because the system has no
 * IPv6) makes that one connection attempt fail, and {@link Net#openTcpStream} goes on with the next
 * address at once; any other exception is a bug and makes the whole {@code openTcpStream} fail.
 *
 * <h2>Thread safety</h2>
 *
 * Several connection attempts run at once, in tasks that may run in parallel: an implementation
 * must be thread-safe. {@link #openTcpSocket} is not a checkpoint and should not block.
 */
@FunctionalInterface
public interface SocketFactory {
  /**
   * Creates an unconnected TCP socket for addresses of {@code family}.
   *
   * @param family {@link java.net.StandardProtocolFamily#INET} or {@link
   *     java.net.StandardProtocolFamily#INET6}
   * @return a new socket; the caller closes it
   * @throws IOException if no such socket can be created (the family is not supported, no file
   *     descriptors are left)
   */
  TcpSocket openTcpSocket(ProtocolFamily family) throws IOException;
}

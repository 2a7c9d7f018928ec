package org.trio4j.testing;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.trio4j.net.Net;
import org.trio4j.net.SocketListener;
import org.trio4j.net.SocketStream;

/**
 * Helpers for testing TCP code (Trio's {@code trio.testing.open_stream_to_socket_listener}).
 *
 * {@snippet :
 * List<SocketListener> listeners = nursery.start(status -> Net.serveTcp(handler, 0, null, status));
 * try (SocketStream client = SocketTesting.openStreamToSocketListener(listeners.get(0))) {
 *   client.sendAll(request);
 * }
 * }
 */
public final class SocketTesting {
  private SocketTesting() {}

  /**
   * Connects to {@code listener}'s address; if it listens on a wildcard address (0.0.0.0 or ::),
   * connects to the loopback address of that family instead. A checkpoint.
   *
   * @param listener the listener to connect to
   * @return a connected stream
   * @throws IOException if the connection fails
   */
  public static SocketStream openStreamToSocketListener(SocketListener listener)
      throws IOException {
    InetSocketAddress local = listener.localAddress();
    InetAddress address = local.getAddress();
    if (address.isAnyLocalAddress()) {
      byte[] loopback;
      if (address instanceof Inet6Address) {
        loopback = new byte[16];
        loopback[15] = 1;
      } else {
        loopback = new byte[] {127, 0, 0, 1};
      }
      address = InetAddress.getByAddress(loopback);
    }
    return Net.openTcpStream(new InetSocketAddress(address, local.getPort()));
  }
}

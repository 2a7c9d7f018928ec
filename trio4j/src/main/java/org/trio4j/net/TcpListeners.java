package org.trio4j.net;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;

/** Opens listening sockets for {@link Net#openTcpListeners} (Trio's open_tcp_listeners). */
final class TcpListeners {
  /*
   * Implementation notes.
   *
   * Trio opens one listener per address that getaddrinfo(host, AI_PASSIVE) returns, and for no
   * host one per address family (0.0.0.0 and ::), setting IPV6_V6ONLY on the IPv6 one so that the
   * two can share a port. The JDK offers no IPV6_V6ONLY option and creates every IPv6 socket
   * dual-stack (sun.nio.ch.Net clears the flag), so binding [::]:P after 0.0.0.0:P fails with
   * EADDRINUSE. So with no host this opens a single dual-stack listener on [::], which accepts
   * IPv4 and IPv6 connections alike, and falls back to 0.0.0.0 where the JDK or the system has no
   * IPv6. With a host, it is Trio's behaviour: one listener per resolved address.
   */

  /** Trio's default and cap: listen()'s backlog is an unsigned 16-bit value in some kernels. */
  static final int MAX_BACKLOG = 0xFFFF;

  private TcpListeners() {}

  /**
   * Returns the backlog to pass to listen(): capped at 65535.
   *
   * @param backlog the requested backlog; at least 1
   * @return the effective backlog
   */
  static int effectiveBacklog(int backlog) {
    if (backlog < 1) {
      throw new IllegalArgumentException("backlog must be at least 1, but was " + backlog);
    }
    return Math.min(backlog, MAX_BACKLOG);
  }

  /**
   * Returns the addresses to listen on when no host is given: the IPv6 wildcard (dual-stack) if
   * this JDK and system support IPv6, otherwise the IPv4 wildcard.
   *
   * @return the wildcard addresses
   * @throws IOException never in practice (the literals need no resolution)
   */
  static List<InetAddress> wildcards() throws IOException {
    InetAddress v4 = InetAddress.getByAddress(new byte[4]);
    InetAddress v6 = InetAddress.getByAddress(new byte[16]);
    return List.of(v6, v4);
  }

  /**
   * Opens one listener per address; if every address's family is unsupported, fails; if opening any
   * other fails, closes every listener opened so far and rethrows.
   *
   * @param port the port, 0 for any
   * @param addresses where to listen
   * @param backlog the effective backlog
   * @param wildcard true if {@code addresses} are {@link #wildcards()}: stop after the first that
   *     works (a dual-stack IPv6 wildcard covers IPv4 too)
   * @return the listeners
   * @throws IOException if binding fails, or no address family is supported
   */
  static List<SocketListener> open(
      int port, List<InetAddress> addresses, int backlog, boolean wildcard) throws IOException {
    List<SocketListener> opened = new ArrayList<>();
    List<Exception> unsupported = new ArrayList<>();
    boolean ok = false;
    try {
      for (InetAddress a : addresses) {
        ServerSocketChannel ch = openChannel(a instanceof Inet6Address, unsupported);
        if (ch == null) {
          continue;
        }
        try {
          ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
          ch.bind(new InetSocketAddress(a, port), backlog);
          opened.add(new SocketListener(ch));
        } catch (IOException | RuntimeException e) {
          ch.close();
          throw e;
        }
        if (wildcard) {
          break;
        }
      }
      if (opened.isEmpty()) {
        IOException e =
            new IOException(
                "this system supports none of the kinds of socket that "
                    + addresses
                    + " could use");
        unsupported.forEach(e::addSuppressed);
        throw e;
      }
      ok = true;
      return List.copyOf(opened);
    } finally {
      if (!ok) {
        for (SocketListener l : opened) {
          try {
            l.channel().close();
          } catch (IOException e) {
            // Closing what was opened is best effort; the first failure is what matters.
          }
        }
      }
    }
  }

  private static ServerSocketChannel openChannel(boolean ipv6, List<Exception> unsupported)
      throws IOException {
    ProtocolFamily family = ipv6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    try {
      return ServerSocketChannel.open(family);
    } catch (UnsupportedOperationException e) {
      unsupported.add(e);
      return null;
    } catch (IOException e) {
      String m = e.getMessage();
      if (m != null && m.startsWith("Address family not supported")) {
        unsupported.add(e);
        return null;
      }
      throw e;
    }
  }
}

package org.trio4j.net;

import java.io.IOException;
import java.util.Objects;

/**
 * High-level networking: TCP connections with Happy Eyeballs, and the per-run hooks for name
 * resolution and socket creation.
 */
public final class Net {
  private Net() {}

  /**
   * Connects to {@code host} with Happy Eyeballs, as {@link #openTcpStream(String, int,
   * TcpConnectOptions)} does, and returns the connected socket itself instead of a stream: for code
   * that installs its own {@link SocketFactory} (and so its own kind of {@link TcpSocket}), and for
   * tests of the connection strategy on a fake network.
   *
   * {@snippet :
   * try (TcpSocket socket = Net.connectTcpSocket("example.com", 80, TcpConnectOptions.DEFAULT)) {
   *   ...
   * }
   * }
   *
   * @param host a host name or a numeric IPv4 or IPv6 address
   * @param port the port, 1 to 65535
   * @param options the delay, local address and listener
   * @return the connected socket, which the caller must close
   * @throws java.net.UnknownHostException if the name has no addresses
   * @throws java.net.ConnectException if every attempt failed; each attempt's failure is attached
   *     as suppressed, in attempt order
   * @throws IOException if the resolver failed, or closing a losing socket failed
   * @throws IllegalArgumentException if {@code host} is null or empty or {@code port} is out of
   *     range
   * @throws org.trio4j.Cancelled if cancelled; every socket opened so far is closed
   */
  public static TcpSocket connectTcpSocket(String host, int port, TcpConnectOptions options)
      throws IOException {
    checkHostAndPort(host, port);
    Objects.requireNonNull(options, "options");
    return HappyEyeballs.connect(host, port, options);
  }

  /**
   * Installs {@code resolver} as the current run's {@link HostnameResolver} (Trio's {@code
   * set_custom_hostname_resolver}); other runs are not affected.
   *
   * @param resolver the resolver, or null for the system's default
   * @return the resolver that was installed before
   * @throws IllegalStateException if called outside a run
   */
  public static HostnameResolver setHostnameResolver(HostnameResolver resolver) {
    HostnameResolver previous = NetHooks.RESOLVER.get();
    if (resolver == null) {
      NetHooks.RESOLVER.remove();
    } else {
      NetHooks.RESOLVER.set(resolver);
    }
    return previous;
  }

  /**
   * Returns the current run's {@link HostnameResolver}.
   *
   * @return the installed resolver, or the system's default
   * @throws IllegalStateException if called outside a run
   */
  public static HostnameResolver hostnameResolver() {
    return NetHooks.RESOLVER.get();
  }

  /**
   * Installs {@code factory} as the current run's {@link SocketFactory} (Trio's {@code
   * set_custom_socket_factory}); other runs are not affected.
   *
   * @param factory the factory, or null for the system's default
   * @return the factory that was installed before
   * @throws IllegalStateException if called outside a run
   */
  public static SocketFactory setSocketFactory(SocketFactory factory) {
    SocketFactory previous = NetHooks.SOCKET_FACTORY.get();
    if (factory == null) {
      NetHooks.SOCKET_FACTORY.remove();
    } else {
      NetHooks.SOCKET_FACTORY.set(factory);
    }
    return previous;
  }

  /**
   * Returns the current run's {@link SocketFactory}.
   *
   * @return the installed factory, or the system's default
   * @throws IllegalStateException if called outside a run
   */
  public static SocketFactory socketFactory() {
    return NetHooks.SOCKET_FACTORY.get();
  }

  private static void checkHostAndPort(String host, int port) {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException(
          "host must be a host name or an IP address, but was " + (host == null ? "null" : "\"\""));
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, but was " + port);
    }
  }
}

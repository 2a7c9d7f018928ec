package org.trio4j.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Turns a host name and a port into socket addresses: the hook through which {@link
 * Net#openTcpStream} and {@link Net#openTcpListeners} resolve names (Trio's {@code
 * trio.abc.HostnameResolver}). Install one for the current run with {@link
 * Net#setHostnameResolver}; a test installs a fake one to script a whole network (see {@code
 * org.trio4j.testing.FakeNetwork}).
 *
 * {@snippet :
 * // Every name resolves to the local machine, over both families.
 * Net.setHostnameResolver(
 *     (host, port) ->
 *         List.of(
 *             new InetSocketAddress(InetAddress.getByName("::1"), port),
 *             new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port)));
 * }
 *
 * <p>The default resolver calls {@link java.net.InetAddress#getAllByName} and keeps the order the
 * system gives (RFC 6724 address selection); {@link Net#openTcpStream} then interleaves the
 * families itself. A numeric host (an IPv4 or IPv6 literal) is not looked up.
 *
 * <h2>Cancellation</h2>
 *
 * {@link #resolve} runs in the calling task, which may block in it. The system resolver does the
 * lookup on a worker thread ({@code ToThread} with abandon-on-cancel, as Trio's {@code getaddrinfo}
 * does, since the JDK cannot interrupt DNS): a cancelled caller returns at once and the lookup
 * finishes on its own. A custom resolver may use trio4j operations ({@code Trio.sleep}, a channel,
 * {@code ToThread}), which are cancellable; it should not block in plain JDK code that ignores
 * interrupts, which would hold up cancellation (and, in the cooperative scheduling mode, the run).
 *
 * <h2>Thread safety</h2>
 *
 * Tasks may call {@link #resolve} concurrently, so an implementation must be thread-safe.
 */
@FunctionalInterface
public interface HostnameResolver {
  /**
   * Resolves {@code host} to socket addresses with the given port, in order of preference.
   *
   * @param host a host name or a numeric address, never null or empty
   * @param port the port to put into every address: 1 to 65535 to connect to, 0 to 65535 for a
   *     listener ({@link Net#openTcpListeners}: 0 lets the system choose)
   * @return resolved addresses ({@link InetSocketAddress#isUnresolved()} false), possibly empty
   * @throws IOException if the name cannot be resolved ({@link java.net.UnknownHostException} for
   *     an unknown name)
   */
  List<InetSocketAddress> resolve(String host, int port) throws IOException;
}

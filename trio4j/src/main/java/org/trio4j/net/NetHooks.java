package org.trio4j.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.trio4j.lowlevel.RunVar;

/** The per-run hooks of {@link Net}, each a {@link RunVar} with the system's default. */
final class NetHooks {
  private NetHooks() {}

  static final RunVar<HostnameResolver> RESOLVER =
      new RunVar<>("org.trio4j.net.hostnameResolver", SystemHostnameResolver.INSTANCE);

  static final RunVar<SocketFactory> SOCKET_FACTORY =
      new RunVar<>("org.trio4j.net.socketFactory", SystemSocketFactory.INSTANCE);

  /**
   * Resolves through the current run's resolver and checks what it returned: a resolver that breaks
   * its contract (null, or unresolved addresses) is a bug, reported as one; no addresses at all is
   * an unknown host.
   *
   * @param host the name or numeric address
   * @param port the port to put in every address (0 when a listener lets the system choose)
   * @return the addresses, at least one
   * @throws IOException if resolution fails or finds nothing
   */
  static List<InetSocketAddress> resolve(String host, int port) throws IOException {
    List<InetSocketAddress> resolved = RESOLVER.get().resolve(host, port);
    if (resolved == null) {
      throw new IllegalStateException("the HostnameResolver returned null for " + host);
    }
    for (InetSocketAddress a : resolved) {
      if (a == null || a.isUnresolved()) {
        throw new IllegalStateException(
            "the HostnameResolver returned an unresolved address for " + host + ": " + a);
      }
    }
    if (resolved.isEmpty()) {
      throw new UnknownHostException(
          "no results found for hostname lookup: " + Addresses.formatHostPort(host, port));
    }
    return resolved;
  }
}

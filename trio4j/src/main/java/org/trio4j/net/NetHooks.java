package org.trio4j.net;

import org.trio4j.lowlevel.RunVar;

/** The per-run hooks of {@link Net}, each a {@link RunVar} with the system's default. */
final class NetHooks {
  private NetHooks() {}

  static final RunVar<HostnameResolver> RESOLVER =
      new RunVar<>("org.trio4j.net.hostnameResolver", SystemHostnameResolver.INSTANCE);

  static final RunVar<SocketFactory> SOCKET_FACTORY =
      new RunVar<>("org.trio4j.net.socketFactory", SystemSocketFactory.INSTANCE);
}

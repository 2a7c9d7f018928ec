package org.trio4j.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.trio4j.thread.ToThread;
import org.trio4j.thread.ToThreadOptions;

/**
 * The default {@link HostnameResolver}: {@link InetAddress#getAllByName}, on a worker thread that a
 * cancelled caller abandons (Trio's {@code getaddrinfo}, DESIGN rule 12), so that a slow DNS lookup
 * neither blocks a carrier thread nor delays a cancellation. A numeric address needs no lookup and
 * is parsed in the calling task.
 */
final class SystemHostnameResolver implements HostnameResolver {
  /*
   * Implementation notes. The JDK cannot interrupt a lookup, so ToThread with abandonOnCancel:
   * a cancelled openTcpStream returns at once and the worker finishes the lookup on its own, its
   * result dropped (Trio does the same). Literals skip the thread because InetAddress parses them
   * without any lookup; the pattern only has to recognise what getAllByName treats as a literal
   * (dotted IPv4, anything with a colon as IPv6) - a false negative just costs a thread.
   */

  static final SystemHostnameResolver INSTANCE = new SystemHostnameResolver();

  private static final Pattern LITERAL = Pattern.compile("[0-9.]+|.*:.*");
  private static final ToThreadOptions LOOKUP =
      ToThreadOptions.builder().abandonOnCancel(true).threadName("trio4j DNS lookup").build();

  private SystemHostnameResolver() {}

  @Override
  public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
    InetAddress[] all =
        LITERAL.matcher(host).matches()
            ? InetAddress.getAllByName(host)
            : ToThread.runSync(LOOKUP, () -> InetAddress.getAllByName(host));
    List<InetSocketAddress> out = new ArrayList<>(all.length);
    for (InetAddress a : all) {
      out.add(new InetSocketAddress(a, port));
    }
    return out;
  }

  @Override
  public String toString() {
    return "SystemHostnameResolver[InetAddress.getAllByName on a worker thread]";
  }
}

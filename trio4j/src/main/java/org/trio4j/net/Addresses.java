package org.trio4j.net;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Small helpers on addresses for {@link Net}: formatting, families, RFC 8305 ordering. */
final class Addresses {
  private Addresses() {}

  /**
   * Formats a host and a port for messages as Trio does: {@code example.com:80}, {@code [::1]:80}.
   */
  static String formatHostPort(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** Formats a resolved address as {@code 127.0.0.1:80} or {@code [::1]:80}, without a name. */
  static String format(InetSocketAddress address) {
    String host =
        address.isUnresolved() ? address.getHostString() : address.getAddress().getHostAddress();
    return formatHostPort(host, address.getPort());
  }

  /** The protocol family of a resolved address. */
  static ProtocolFamily familyOf(InetSocketAddress address) {
    return address.getAddress() instanceof Inet6Address
        ? StandardProtocolFamily.INET6
        : StandardProtocolFamily.INET;
  }

  /**
   * Interleaves address families as RFC 8305 section 4 asks, with a "First Address Family Count" of
   * 1: the first address stays first, then the addresses alternate between the other family and the
   * first one, each family keeping its own order, and whatever is left of the longer family comes
   * last. {@code [A1, A2, A3, B1, B2]} becomes {@code [A1, B1, A2, B2, A3]}; a list of one family
   * is unchanged. (Trio only moves the first address of the other family to second place, RFC 6555
   * section 5.4; DESIGN rule 20 asks for the full interleaving.)
   */
  static List<InetSocketAddress> interleaveFamilies(List<InetSocketAddress> addresses) {
    if (addresses.isEmpty()) {
      return List.of();
    }
    ProtocolFamily first = familyOf(addresses.get(0));
    Deque<InetSocketAddress> preferred = new ArrayDeque<>();
    Deque<InetSocketAddress> other = new ArrayDeque<>();
    for (InetSocketAddress a : addresses) {
      (familyOf(a) == first ? preferred : other).add(a);
    }
    List<InetSocketAddress> out = new ArrayList<>(addresses.size());
    while (!preferred.isEmpty() || !other.isEmpty()) {
      if (!preferred.isEmpty()) {
        out.add(preferred.poll());
      }
      if (!other.isEmpty()) {
        out.add(other.poll());
      }
    }
    return out;
  }
}

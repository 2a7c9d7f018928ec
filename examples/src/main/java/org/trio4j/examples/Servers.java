package org.trio4j.examples;

import java.net.InetSocketAddress;
import java.util.List;

/** What the example servers have in common: telling the user (and the tests) where they listen. */
final class Servers {
  private Servers() {}

  /**
   * Prints {@code listening on HOST:PORT} for each address, the line the example tests wait for.
   *
   * @param addresses where the server listens
   */
  static void printListening(List<InetSocketAddress> addresses) {
    for (InetSocketAddress a : addresses) {
      String host = a.getAddress().getHostAddress();
      System.out.println(
          "listening on " + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
    }
  }
}

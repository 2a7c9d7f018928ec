package org.trio4j.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The default {@link HostnameResolver}: {@link InetAddress#getAllByName}, in the calling task.
 *
 * <p>The lookup blocks in the operating system and cannot be interrupted, so cancellation takes
 * effect only once it returns (see {@link HostnameResolver}). When {@code org.trio4j.thread} lands,
 * it should move to {@code ToThread} with abandon-on-cancel (DESIGN rule 12).
 */
final class SystemHostnameResolver implements HostnameResolver {
  static final SystemHostnameResolver INSTANCE = new SystemHostnameResolver();

  private SystemHostnameResolver() {}

  @Override
  public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
    InetAddress[] all = InetAddress.getAllByName(host);
    List<InetSocketAddress> out = new ArrayList<>(all.length);
    for (InetAddress a : all) {
      out.add(new InetSocketAddress(a, port));
    }
    return out;
  }

  @Override
  public String toString() {
    return "SystemHostnameResolver[InetAddress.getAllByName]";
  }
}

package org.trio4j.net;

import java.io.IOException;
import java.net.ProtocolFamily;

/** The default {@link SocketFactory}: non-blocking {@link java.nio.channels.SocketChannel}s. */
final class SystemSocketFactory implements SocketFactory {
  static final SystemSocketFactory INSTANCE = new SystemSocketFactory();

  private SystemSocketFactory() {}

  @Override
  public TcpSocket openTcpSocket(ProtocolFamily family) throws IOException {
    return RealTcpSocket.open(family);
  }

  @Override
  public String toString() {
    return "SystemSocketFactory[SocketChannel]";
  }
}

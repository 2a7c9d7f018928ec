package org.trio4j.net;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketException;

/** The default {@link SocketFactory}: placeholder until the I/O core lands. */
final class SystemSocketFactory implements SocketFactory {
  static final SystemSocketFactory INSTANCE = new SystemSocketFactory();

  private SystemSocketFactory() {}

  @Override
  public TcpSocket openTcpSocket(ProtocolFamily family) throws IOException {
    throw new SocketException("not yet");
  }
}

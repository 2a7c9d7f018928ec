package org.trio4j.net;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.trio4j.TaskStatus;
import org.trio4j.tls.SslListener;
import org.trio4j.tls.SslOptions;
import org.trio4j.tls.SslStream;

/** TLS over TCP: the implementation of {@link Net}'s {@code *SslOverTcp*} methods. */
final class SslOverTcp {
  private SslOverTcp() {}

  static SslStream open(
      String host, int port, SSLContext context, SslOptions options, TcpConnectOptions connect)
      throws IOException {
    SocketStream tcp = Net.openTcpStream(host, port, connect);
    try {
      return SslStream.client(tcp, context, host, port, options);
    } catch (RuntimeException | Error e) {
      tcp.closeForcefully();
      throw e;
    }
  }

  static List<SslListener> listeners(int port, String host, SSLContext context, SslOptions options)
      throws IOException {
    List<SslListener> out = new ArrayList<>();
    for (SocketListener l : Net.openTcpListeners(port, host)) {
      out.add(new SslListener(l, context, options));
    }
    return out;
  }

  static void serve(
      ConnectionHandler<? super SslStream> handler,
      int port,
      SSLContext context,
      String host,
      SslOptions options,
      TaskStatus<? super List<SslListener>> status)
      throws Exception {
    Net.serveListeners(handler, listeners(port, host, context, options), null, status);
  }
}

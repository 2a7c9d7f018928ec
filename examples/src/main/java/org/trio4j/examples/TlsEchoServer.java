package org.trio4j.examples;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.trio4j.BrokenResourceException;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.net.Net;
import org.trio4j.net.SocketListener;
import org.trio4j.tls.SslListener;
import org.trio4j.tls.SslOptions;
import org.trio4j.tls.SslStream;

/**
 * The echo server over TLS, with a self-signed certificate made at start.
 *
 * <p>Run it with {@code examples/run tls-echo-server [--port N] [--host ADDRESS] [--cert FILE]}
 * (port 12345, address 127.0.0.1 and file {@code tls-echo-cert.pem} by default). It writes its
 * certificate (not its key) to FILE in PEM so that clients can verify it, prints {@code listening
 * on 127.0.0.1:PORT}, and echoes what each client sends. The certificate names {@code localhost}
 * and {@code 127.0.0.1}. Talk to it with {@code examples/run tls-echo-client --cert FILE LINE...},
 * or {@code openssl s_client -connect 127.0.0.1:12345 -CAfile FILE}.
 */
public final class TlsEchoServer {
  private TlsEchoServer() {}

  static void echo(SslStream stream) {
    try {
      for (byte[] chunk : stream.chunks()) {
        stream.sendAll(chunk);
      }
      System.out.println("tls echo server: connection closed");
    } catch (BrokenResourceException e) {
      // A failed handshake (a client that does not trust us) or a reset: only this connection.
      System.out.println("tls echo server: connection failed: " + e.getMessage());
    }
  }

  /**
   * Runs the server until it is interrupted.
   *
   * @param args {@code [--port N] [--host ADDRESS] [--cert FILE]}
   * @throws Exception if the certificate cannot be made or written, or the server fails
   */
  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args, Set.of("--port", "--host", "--cert"));
    int port = options.intValue("--port", 12345);
    String host = options.value("--host", "127.0.0.1");
    Path certFile = Path.of(options.value("--cert", "tls-echo-cert.pem"));
    SelfSignedCertificate cert = SelfSignedCertificate.create();
    cert.writePem(certFile);
    System.out.println("certificate written to " + certFile);
    var context = cert.serverContext();
    Trio.run(
        () -> {
          Nursery.open(
              nursery -> {
                List<SslListener> listeners =
                    nursery.start(
                        status ->
                            Net.serveSslOverTcp(
                                TlsEchoServer::echo,
                                port,
                                context,
                                host,
                                SslOptions.defaults(),
                                status));
                List<InetSocketAddress> addresses =
                    listeners.stream()
                        .map(l -> ((SocketListener) l.transportListener()).localAddress())
                        .toList();
                Servers.printListening(addresses);
              });
          return null;
        });
  }
}

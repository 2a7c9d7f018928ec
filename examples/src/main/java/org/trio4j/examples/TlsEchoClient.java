package org.trio4j.examples;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.trio4j.Trio;
import org.trio4j.net.Net;
import org.trio4j.thread.ToThread;
import org.trio4j.tls.SslStream;

/**
 * A client for {@link TlsEchoServer}: sends lines and prints each echo as {@code echo: LINE}.
 *
 * <p>Run it with {@code examples/run tls-echo-client --cert FILE [--host HOST] [--port N]
 * [LINE...]}: it sends the LINEs given, or else the lines it reads from standard input, one at a
 * time, waiting for each echo. The server is verified as for any TLS client: its certificate must
 * be signed by one in FILE (the PEM file the server wrote; no other CA is trusted) and must name
 * HOST (127.0.0.1 by default; {@code localhost} works too). A server that fails either check makes
 * the handshake fail, and the client exits with an error.
 */
public final class TlsEchoClient {
  private TlsEchoClient() {}

  /**
   * Runs the client.
   *
   * @param args {@code --cert FILE [--host HOST] [--port N] [LINE...]}
   * @throws Exception if the connection, the handshake or an echo fails
   */
  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args, Set.of("--port", "--host", "--cert"));
    int port = options.intValue("--port", 12345);
    String host = options.value("--host", "127.0.0.1");
    String cert = options.value("--cert", "tls-echo-cert.pem");
    List<String> lines = options.positional();
    SSLContext context = SelfSignedCertificate.trusting(Path.of(cert));
    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Trio.run(
        () -> {
          try (SslStream stream = Net.openSslOverTcpStream(host, port, context)) {
            stream.doHandshake();
            System.out.println(
                "connected to " + host + ":" + port + " (" + stream.session().getProtocol() + ")");
            LineReader echoes = new LineReader(stream, 1 << 20);
            int i = 0;
            while (true) {
              String line;
              if (!lines.isEmpty()) {
                line = i < lines.size() ? lines.get(i++) : null;
              } else {
                line = ToThread.runSync(stdin::readLine);
              }
              if (line == null) {
                break;
              }
              stream.sendAll((line + "\n").getBytes(StandardCharsets.UTF_8));
              String echo = echoes.readLine();
              if (echo == null) {
                throw new IllegalStateException("the server closed the connection");
              }
              System.out.println("echo: " + echo);
            }
          }
          return null;
        });
  }
}

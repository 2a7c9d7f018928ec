package org.trio4j.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.trio4j.BrokenResourceException;
import org.trio4j.Nursery;
import org.trio4j.net.ConnectAttempt;
import org.trio4j.net.ConnectAttemptListener;
import org.trio4j.net.Net;
import org.trio4j.net.SocketListener;
import org.trio4j.net.SocketStream;
import org.trio4j.net.TcpConnectOptions;
import org.trio4j.testing.SocketTesting;
import org.trio4j.testing.StreamChecks;
import org.trio4j.testing.StreamPair;
import org.trio4j.testing.TrioTest;

class SslOverTcpTest {
  @BeforeAll
  static void certificates() {
    TlsFixtures.load();
  }

  /**
   * serveSslOverTcp, started with nursery.start, accepts at once; openSslOverTcpStream connects to
   * it over loopback, verifies the certificate against the host name, negotiates ALPN and echoes.
   */
  @TrioTest
  void serveAndConnect() throws Exception {
    SslOptions alpn = SslOptions.builder().applicationProtocols("echo/1").build();
    Nursery.open(
        n -> {
          List<SslListener> listeners =
              n.start(
                  status ->
                      Net.serveSslOverTcp(
                          stream -> {
                            try {
                              for (byte[] chunk : stream.chunks()) {
                                stream.sendAll(chunk);
                              }
                            } catch (BrokenResourceException refusedClient) {
                              // The second client does not trust us: its handshake fails.
                            }
                          },
                          0,
                          TlsFixtures.SERVER,
                          "127.0.0.1",
                          alpn,
                          status));
          int port =
              ((SocketListener) listeners.get(0).transportListener()).localAddress().getPort();
          try (SslStream client =
              Net.openSslOverTcpStream("127.0.0.1", port, TlsFixtures.CLIENT, alpn)) {
            client.sendAll("ping".getBytes(US_ASCII));
            assertEquals("ping", new String(client.receiveSome(), US_ASCII));
            assertEquals(Optional.of("echo/1"), client.negotiatedApplicationProtocol());
            assertEquals(Optional.of("127.0.0.1"), client.serverHostName());
          }
          // A client that does not trust the server's CA is refused; the server carries on.
          try (SslStream wrongName =
              Net.openSslOverTcpStream("localhost", port, TlsFixtures.UNTRUSTING)) {
            assertThrows(BrokenResourceException.class, wrongName::doHandshake);
          }
          n.cancelScope().cancel();
        });
  }

  /**
   * openSslOverTcpStream with TcpConnectOptions connects as openTcpStream with those options does:
   * the attempt listener hears of the attempt, the local address is the one asked for, and the TLS
   * stream on top works; null options are refused.
   */
  @TrioTest
  void connectsWithTcpConnectOptions() throws Exception {
    List<String> attempts = new ArrayList<>();
    ConnectAttemptListener recorder =
        new ConnectAttemptListener() {
          @Override
          public void attemptStarted(ConnectAttempt a) {
            attempts.add("started " + a.number() + " " + a.address());
          }

          @Override
          public void attemptSucceeded(ConnectAttempt a) {
            attempts.add("succeeded " + a.number());
          }
        };
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    TcpConnectOptions connect =
        TcpConnectOptions.DEFAULT
            .withHappyEyeballsDelay(Duration.ofMillis(50))
            .withLocalAddress(loopback)
            .withListener(recorder);
    List<SslListener> listeners =
        Net.openSslOverTcpListeners(0, TlsFixtures.SERVER, "127.0.0.1", SslOptions.defaults());
    SslListener listener = listeners.get(0);
    InetSocketAddress server = ((SocketListener) listener.transportListener()).localAddress();
    try (listener) {
      Nursery.open(
          n -> {
            n.startSoon(
                () -> {
                  try (SslStream accepted = listener.accept()) {
                    accepted.sendAll(accepted.receiveSome(4));
                  }
                });
            try (SslStream client =
                Net.openSslOverTcpStream(
                    "127.0.0.1",
                    server.getPort(),
                    TlsFixtures.CLIENT,
                    SslOptions.defaults(),
                    connect)) {
              SocketStream tcp = (SocketStream) client.transportStream();
              assertEquals(loopback, tcp.localAddress().getAddress());
              assertEquals(server, tcp.remoteAddress());
              client.sendAll("ping".getBytes(US_ASCII));
              assertArrayEquals("ping".getBytes(US_ASCII), client.receiveSome(4));
            }
          });
    }
    assertEquals(List.of("started 1 " + server, "succeeded 1"), attempts);
    assertThrows(
        NullPointerException.class,
        () ->
            Net.openSslOverTcpStream(
                "127.0.0.1", server.getPort(), TlsFixtures.CLIENT, SslOptions.defaults(), null));
  }

  /**
   * SslStream over TCP loopback passes the two-way stream conformance kit, with pairs that start
   * fresh and handshake lazily inside the checks.
   */
  @TrioTest
  void passesTheTwoWayStreamChecksOverTcp() throws Exception {
    SocketListener listener = Net.openTcpListeners(0, "127.0.0.1").get(0);
    try (listener) {
      StreamChecks.checkTwoWayStream(
          () -> {
            var client = SocketTesting.openStreamToSocketListener(listener);
            var server = listener.accept();
            SslStream[] p =
                TlsFixtures.wrap(client, server, SslOptions.defaults(), SslOptions.defaults());
            return new StreamPair<>(p[0], p[1]);
          },
          null);
    }
  }

  /**
   * Interoperability: an SslStream client talks to the JDK's own blocking SSLServerSocket (in a
   * plain thread), which reads the client's close_notify as the end of the stream (Trio's
   * test_ssl_client_basics).
   */
  @TrioTest
  void clientTalksToTheJdksSslServerSocket() throws Exception {
    SSLServerSocket serverSocket =
        (SSLServerSocket)
            TlsFixtures.SERVER
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
    AtomicReference<Throwable> serverFailure = new AtomicReference<>();
    Thread server =
        Thread.ofPlatform()
            .start(
                () -> {
                  try (serverSocket;
                      SSLSocket s = (SSLSocket) serverSocket.accept()) {
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    byte[] buf = new byte[100];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                      out.write(buf, 0, n);
                    }
                  } catch (Throwable t) {
                    serverFailure.set(t);
                  }
                });
    try (SslStream client =
        Net.openSslOverTcpStream("127.0.0.1", serverSocket.getLocalPort(), TlsFixtures.CLIENT)) {
      client.sendAll("x".getBytes(US_ASCII));
      assertArrayEquals("x".getBytes(US_ASCII), client.receiveSome(1));
    }
    server.join();
    assertNull(serverFailure.get());
  }

  /**
   * Interoperability: the JDK's blocking SSLSocket client (in a plain thread) talks to an
   * SslListener over TCP; the server reads the client's close_notify as the end of the stream
   * (Trio's test_ssl_server_basics).
   */
  @TrioTest
  void serverTalksToTheJdksSslSocket() throws Exception {
    List<SslListener> listeners =
        Net.openSslOverTcpListeners(0, TlsFixtures.SERVER, "127.0.0.1", SslOptions.defaults());
    SslListener listener = listeners.get(0);
    int port = ((SocketListener) listener.transportListener()).localAddress().getPort();
    AtomicReference<Throwable> clientFailure = new AtomicReference<>();
    Thread client =
        Thread.ofPlatform()
            .start(
                () -> {
                  try (SSLSocket s =
                      (SSLSocket)
                          TlsFixtures.CLIENT
                              .getSocketFactory()
                              .createSocket(InetAddress.getLoopbackAddress(), port)) {
                    var p = s.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                    s.setSSLParameters(p);
                    s.getOutputStream().write('x');
                    assertEquals('y', s.getInputStream().read());
                    s.getOutputStream().write('z');
                  } catch (Throwable t) {
                    clientFailure.set(t);
                  }
                });
    try (listener;
        SslStream server = listener.accept()) {
      assertArrayEquals(new byte[] {'x'}, server.receiveSome(1));
      server.sendAll(new byte[] {'y'});
      assertArrayEquals(new byte[] {'z'}, server.receiveSome(1));
      assertArrayEquals(new byte[0], server.receiveSome(1));
    }
    client.join();
    assertNull(clientFailure.get());
    assertTrue(listener.toString().startsWith("SslListener["));
  }
}

package org.trio4j.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.trio4j.net.HappyEyeballsLoopbackTest.LO1;
import static org.trio4j.net.HappyEyeballsLoopbackTest.LO2;
import static org.trio4j.net.HappyEyeballsLoopbackTest.LO3;
import static org.trio4j.net.HappyEyeballsLoopbackTest.canBind;
import static org.trio4j.net.HappyEyeballsLoopbackTest.refusedPort;
import static org.trio4j.net.HappyEyeballsScenarioTest.HOST;
import static org.trio4j.net.HappyEyeballsScenarioTest.ms;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.List;
import org.trio4j.Trio;
import org.trio4j.testing.FakeNetwork;
import org.trio4j.testing.TrioTest;

/**
 * Net.openTcpStream end to end: the winner becomes a SocketStream, on real loopback sockets, and
 * the winner is closed when that step fails (on the fake network).
 */
class HappyEyeballsStreamTest {
  static SocketListener listen(InetAddress a) throws IOException {
    return Net.openTcpListeners(0, a.getHostAddress()).get(0);
  }

  /**
   * A connection that breaks right after connecting makes openTcpStream fail with that error, and
   * the socket is closed (test_one_host_failed_after_connect).
   */
  @TrioTest
  void oneHostFailedAfterConnect() {
    FakeNetwork net =
        new FakeNetwork()
            .addHost(HOST, "1.2.3.4")
            .breakAfterConnect("1.2.3.4", Duration.ofSeconds(1))
            .install();
    SocketException e = assertThrows(SocketException.class, () -> Net.openTcpStream(HOST, 83));
    assertEquals(
        "Connection reset: 1.2.3.4 broke right after connecting (FakeNetwork)", e.getMessage());
    assertTrue(net.socketFor("1.2.3.4").isConnected());
    assertEquals(List.of(), net.openSockets());
    assertEquals(ms(1000), Trio.currentTime());
  }

  /** On the fake network a winner cannot become a stream: openTcpStream says so, and closes it. */
  @TrioTest
  void aFakeWinnerHasNoStreamAndIsClosed() {
    FakeNetwork net =
        new FakeNetwork().addHost(HOST, "1.2.3.4").succeedAfter("1.2.3.4", Duration.ZERO).install();
    assertThrows(UnsupportedOperationException.class, () -> Net.openTcpStream(HOST, 80));
    assertEquals(List.of(), net.openSockets());
  }

  /** openTcpStream(InetSocketAddress) skips the resolver but still uses the socket factory. */
  @TrioTest
  void anAddressSkipsTheResolverButNotTheFactory() throws IOException {
    FakeNetwork net = new FakeNetwork().failAfter("1.2.3.4", Duration.ofMillis(30)).install();
    ConnectException e =
        assertThrows(
            ConnectException.class,
            () -> Net.openTcpStream(new InetSocketAddress(InetAddress.getByName("1.2.3.4"), 80)));
    assertEquals("all attempts to connect to 1.2.3.4:80 failed", e.getMessage());
    assertEquals(0, net.resolveCount());
    assertEquals(1, net.sockets().size());
    assertEquals(ms(30), Trio.currentTime());
  }

  /**
   * A real connection to a loopback listener carries bytes both ways and has TCP_NODELAY on
   * (test_open_tcp_stream_real_socket_smoketest).
   */
  @TrioTest(clock = TrioTest.ClockKind.REAL)
  void realSocketSmokeTest() throws IOException {
    try (SocketListener listener = listen(LO1)) {
      int port = listener.localAddress().getPort();
      try (SocketStream client = Net.openTcpStream("127.0.0.1", port);
          SocketStream server = listener.accept()) {
        client.sendAll(new byte[] {'x'});
        assertArrayEquals(new byte[] {'x'}, server.receiveSome(1));
        server.sendAll(new byte[] {'y'});
        assertArrayEquals(new byte[] {'y'}, client.receiveSome(1));
        assertEquals(new InetSocketAddress(LO1, port), client.remoteAddress());
        assertTrue(client.getOption(StandardSocketOptions.TCP_NODELAY));
      }
    }
  }

  /** A refused loopback port fails with every attempt's ConnectException attached. */
  @TrioTest(clock = TrioTest.ClockKind.REAL)
  void realRefusedPort() throws IOException {
    int port = refusedPort(LO1);
    ConnectException e =
        assertThrows(ConnectException.class, () -> Net.openTcpStream("127.0.0.1", port));
    assertEquals("all attempts to connect to 127.0.0.1:" + port + " failed", e.getMessage());
    assertInstanceOf(ConnectException.class, e.getSuppressed()[0]);
  }

  /**
   * The local address is where the connection comes from, as the server sees it; the IPv4 wildcard
   * works too (test_local_address_real).
   */
  @TrioTest(clock = TrioTest.ClockKind.REAL)
  void realLocalAddress() throws IOException {
    InetAddress local = canBind(LO2) ? LO2 : LO1;
    try (SocketListener listener = listen(LO1)) {
      int port = listener.localAddress().getPort();
      TcpConnectOptions options = TcpConnectOptions.DEFAULT.withLocalAddress(local);
      try (SocketStream client = Net.openTcpStream("127.0.0.1", port, options);
          SocketStream server = listener.accept()) {
        assertEquals(local, client.localAddress().getAddress());
        assertEquals(local, server.remoteAddress().getAddress());
      }
      options = TcpConnectOptions.DEFAULT.withLocalAddress(InetAddress.getByName("0.0.0.0"));
      try (SocketStream client = Net.openTcpStream("127.0.0.1", port, options);
          SocketStream server = listener.accept()) {
        assertEquals(client.localAddress(), server.remoteAddress());
      }
    }
  }

  /**
   * Over real sockets, a name that resolves to a refused loopback address and a listening one gives
   * a stream to the listening one.
   */
  @TrioTest(clock = TrioTest.ClockKind.REAL)
  void realFallthroughGivesAStreamToTheListeningAddress() throws IOException {
    assumeTrue(canBind(LO2) && canBind(LO3), "127.0.0.2 and 127.0.0.3 are not loopback here");
    try (SocketListener listener = listen(LO3)) {
      int port = listener.localAddress().getPort();
      Net.setHostnameResolver(
          (host, p) -> List.of(new InetSocketAddress(LO2, p), new InetSocketAddress(LO3, p)));
      try (SocketStream client = Net.openTcpStream("localhost", port);
          SocketStream server = listener.accept()) {
        assertEquals(new InetSocketAddress(LO3, port), client.remoteAddress());
        client.sendAll(new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, server.receiveSome(3));
      }
    }
  }
}

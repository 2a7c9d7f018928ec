package org.trio4j.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trio4j.net.HappyEyeballsScenarioTest.HOST;
import static org.trio4j.net.HappyEyeballsScenarioTest.check;
import static org.trio4j.net.HappyEyeballsScenarioTest.d;
import static org.trio4j.net.HappyEyeballsScenarioTest.ms;
import static org.trio4j.net.HappyEyeballsScenarioTest.times;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.trio4j.CancelScope;
import org.trio4j.Trio;
import org.trio4j.testing.FakeNetwork;
import org.trio4j.testing.FakeSocket;
import org.trio4j.testing.TrioTest;

/** Validation, the local address, the attempt listener and checkpoints of openTcpStream. */
class OpenTcpStreamOptionsTest {
  /** A null or empty host and a port out of 1..65535 are rejected before anything happens. */
  @TrioTest
  void validatesHostAndPort() {
    FakeNetwork net = new FakeNetwork().install();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Net.connectTcpSocket(null, 80, TcpConnectOptions.DEFAULT));
    assertEquals("host must be a host name or an IP address, but was null", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Net.connectTcpSocket("", 80, TcpConnectOptions.DEFAULT));
    for (int port : new int[] {0, -1, 65536}) {
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Net.connectTcpSocket(HOST, port, TcpConnectOptions.DEFAULT));
      assertEquals("port must be 1 to 65535, but was " + port, e.getMessage());
    }
    assertThrows(NullPointerException.class, () -> Net.connectTcpSocket(HOST, 80, null));
    assertEquals(0, net.resolveCount());
  }

  /** A negative delay is rejected; zero is allowed; null means 250 ms. */
  @TrioTest
  void validatesTheDelay() {
    assertThrows(
        IllegalArgumentException.class,
        () -> TcpConnectOptions.DEFAULT.withHappyEyeballsDelay(Duration.ofMillis(-1)));
    assertEquals(
        Duration.ZERO,
        TcpConnectOptions.DEFAULT.withHappyEyeballsDelay(Duration.ZERO).happyEyeballsDelay());
    assertEquals(Duration.ofMillis(250), TcpConnectOptions.DEFAULT.happyEyeballsDelay());
    assertSame(ConnectAttemptListener.NONE, TcpConnectOptions.DEFAULT.listener());
    assertNull(TcpConnectOptions.DEFAULT.localAddress());
  }

  /** With a zero delay every attempt starts at once, and the fastest one wins. */
  @TrioTest
  void zeroDelayStartsEveryAttemptAtOnce() throws IOException {
    FakeNetwork net =
        new FakeNetwork()
            .addHost(HOST, "1.1.1.1", "2.2.2.2", "3.3.3.3")
            .succeedAfter("1.1.1.1", Duration.ofSeconds(3))
            .succeedAfter("2.2.2.2", Duration.ofSeconds(1))
            .succeedAfter("3.3.3.3", Duration.ofSeconds(2))
            .install();
    TcpSocket sock =
        Net.connectTcpSocket(
            HOST, 80, TcpConnectOptions.DEFAULT.withHappyEyeballsDelay(Duration.ZERO));
    assertSame(net.socketFor("2.2.2.2"), sock);
    assertEquals(ms(1000), Trio.currentTime());
    assertEquals(times("1.1.1.1", 0, "2.2.2.2", 0, "3.3.3.3", 0), net.connectTimes());
    check(net, sock, 80);
  }

  /** openTcpStream is a checkpoint: in a cancelled scope it does not even resolve. */
  @TrioTest
  void isACheckpoint() throws IOException {
    FakeNetwork net =
        new FakeNetwork().addHost(HOST, "1.1.1.1").succeedAfter("1.1.1.1", d(0)).install();
    CancelScope scope = new CancelScope();
    scope.cancel();
    assertNull(scope.call(() -> Net.connectTcpSocket(HOST, 80, TcpConnectOptions.DEFAULT)));
    assertTrue(scope.cancelledCaught());
    assertEquals(0, net.resolveCount());
    assertEquals(List.of(), net.sockets());
  }

  /** A resolver may block on trio4j operations, and cancelling it there cancels openTcpStream. */
  @TrioTest
  void aSlowResolverIsCancellable() throws IOException {
    FakeNetwork net = new FakeNetwork().addHost(HOST, "1.1.1.1");
    Net.setSocketFactory(net);
    Net.setHostnameResolver(
        (host, port) -> {
          Trio.sleep(Duration.ofSeconds(10));
          return net.resolve(host, port);
        });
    assertNull(
        Trio.failAfter(
            Duration.ofSeconds(20),
            () ->
                CancelScope.withTimeout(Duration.ofSeconds(3))
                    .call(() -> Net.connectTcpSocket(HOST, 80, TcpConnectOptions.DEFAULT))));
    assertEquals(ms(3000), Trio.currentTime());
    assertEquals(List.of(), net.sockets());
  }

  /** A resolver failure comes out unchanged. */
  @TrioTest
  void resolverFailuresPropagate() {
    new FakeNetwork().install();
    IOException e =
        assertThrows(
            IOException.class,
            () -> Net.connectTcpSocket("nowhere.invalid", 80, TcpConnectOptions.DEFAULT));
    assertEquals("nowhere.invalid: unknown to this FakeNetwork", e.getMessage());
  }

  /** Every socket is bound to the local address, with port 0, before it connects. */
  @TrioTest
  void bindsEverySocketToTheLocalAddress() throws IOException {
    FakeNetwork net =
        new FakeNetwork()
            .addHost(HOST, "1.1.1.1", "2.2.2.2")
            .succeedAfter("1.1.1.1", Duration.ofSeconds(1))
            .succeedAfter("2.2.2.2", d(100))
            .install();
    InetAddress local = InetAddress.getByName("10.9.8.7");
    TcpSocket sock =
        Net.connectTcpSocket(HOST, 80, TcpConnectOptions.DEFAULT.withLocalAddress(local));
    assertSame(net.socketFor("2.2.2.2"), sock);
    for (FakeSocket s : net.sockets()) {
      assertEquals(new InetSocketAddress(local, 0), s.localAddress());
    }
    check(net, sock, 80);
  }

  /**
   * A local address of the other family makes each such attempt fail at once with a BindException
   * naming both addresses, and the next attempt starts at once (Trio's local_address="::" case).
   */
  @TrioTest
  void localAddressOfTheOtherFamilyFailsThatAttempt() throws IOException {
    FakeNetwork net =
        new FakeNetwork()
            .addHost(HOST, "::1", "2.2.2.2")
            .succeedAfter("::1", d(10))
            .succeedAfter("2.2.2.2", d(100))
            .install();
    TcpSocket sock =
        Net.connectTcpSocket(
            HOST,
            80,
            TcpConnectOptions.DEFAULT.withLocalAddress(InetAddress.getByName("10.9.8.7")));
    assertSame(net.socketFor("2.2.2.2"), sock);
    assertEquals(ms(100), Trio.currentTime());
    assertEquals(times("2.2.2.2", 0), net.connectTimes());
    assertEquals(2, net.sockets().size());
    assertNull(net.sockets().get(0).remoteAddress());
    assertEquals(List.of(sock), net.openSockets());

    FakeNetwork net2 =
        new FakeNetwork().addHost(HOST, "1.1.1.1").succeedAfter("1.1.1.1", d(10)).install();
    ConnectException all =
        assertThrows(
            ConnectException.class,
            () ->
                Net.connectTcpSocket(
                    HOST,
                    80,
                    TcpConnectOptions.DEFAULT.withLocalAddress(InetAddress.getByName("::"))));
    assertEquals("all attempts to connect to test.example.com:80 failed", all.getMessage());
    BindException b = assertInstanceOf(BindException.class, all.getSuppressed()[0]);
    assertEquals(
        "localAddress=0:0:0:0:0:0:0:0 is incompatible with remote address 1.1.1.1:80",
        b.getMessage());
    assertInstanceOf(SocketException.class, b.getCause());
    assertEquals(1, net2.sockets().size());
    assertEquals(List.of(), net2.openSockets());
    assertEquals(ms(100), Trio.currentTime()); // the bind failed at once
  }

  /** The listener sees each attempt start, fail or win, with its number, address and start time. */
  @TrioTest
  void listenerSeesEveryAttempt() throws IOException {
    FakeNetwork net =
        new FakeNetwork()
            .addHost(HOST, "1.1.1.1", "2.2.2.2", "::3", "4.4.4.4")
            .failAfter("1.1.1.1", d(100))
            .succeedAfter("::3", Duration.ofSeconds(10))
            .succeedAfter("4.4.4.4", d(200))
            .install();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    ConnectAttemptListener listener =
        new ConnectAttemptListener() {
          @Override
          public void attemptStarted(ConnectAttempt a) {
            log.add(a + " started at " + a.startTime() / 1_000_000 + " ms");
          }

          @Override
          public void attemptFailed(ConnectAttempt a, IOException e) {
            log.add(a + " failed at " + Trio.currentTime() / 1_000_000 + " ms: " + e.getMessage());
          }

          @Override
          public void attemptSucceeded(ConnectAttempt a) {
            log.add(a + " connected at " + Trio.currentTime() / 1_000_000 + " ms");
          }
        };
    TcpSocket sock =
        Net.connectTcpSocket(HOST, 443, TcpConnectOptions.DEFAULT.withListener(listener));
    assertSame(net.socketFor("4.4.4.4"), sock);
    assertEquals(
        List.of(
            "attempt 1 to 1.1.1.1:443 started at 0 ms",
            "attempt 1 to 1.1.1.1:443 failed at 100 ms: Connection refused: 1.1.1.1 (FakeNetwork)",
            "attempt 2 to [0:0:0:0:0:0:0:3]:443 started at 100 ms",
            "attempt 3 to 2.2.2.2:443 started at 350 ms",
            "attempt 3 to 2.2.2.2:443 failed at 350 ms: Connection refused: 2.2.2.2 (FakeNetwork)",
            "attempt 4 to 4.4.4.4:443 started at 350 ms",
            "attempt 4 to 4.4.4.4:443 connected at 550 ms"),
        log);
    check(net, sock, 443);
  }

  /**
   * Messages write an IPv6 host in brackets, as Trio's format_host_port does, and a numeric host
   * resolves to itself (test_format_host_port).
   */
  @TrioTest
  void messagesBracketIpv6Hosts() {
    new FakeNetwork().install();
    ConnectException e =
        assertThrows(
            ConnectException.class,
            () -> Net.connectTcpSocket("::1", 80, TcpConnectOptions.DEFAULT));
    assertEquals("all attempts to connect to [::1]:80 failed", e.getMessage());
    e =
        assertThrows(
            ConnectException.class,
            () -> Net.connectTcpSocket("127.0.0.1", 443, TcpConnectOptions.DEFAULT));
    assertEquals("all attempts to connect to 127.0.0.1:443 failed", e.getMessage());
    FakeNetwork named = new FakeNetwork().addHost("example.com").install();
    UnknownHostException u =
        assertThrows(
            UnknownHostException.class,
            () -> Net.connectTcpSocket("example.com", 443, TcpConnectOptions.DEFAULT));
    assertEquals("no results found for hostname lookup: example.com:443", u.getMessage());
    assertEquals(1, named.resolveCount());
  }
}

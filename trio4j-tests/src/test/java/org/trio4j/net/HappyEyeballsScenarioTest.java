package org.trio4j.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.trio4j.CancelScope;
import org.trio4j.Trio;
import org.trio4j.testing.FakeNetwork;
import org.trio4j.testing.FakeSocket;
import org.trio4j.testing.TrioTest;

/**
 * Every scenario of Trio's {@code test_highlevel_open_tcp_stream.py} on a {@link FakeNetwork}, with
 * exact virtual times: which attempt starts when, which one wins, and that every other socket is
 * closed.
 */
class HappyEyeballsScenarioTest {
  static final String HOST = "test.example.com";

  static long ms(double millis) {
    return Math.round(millis * 1_000_000);
  }

  static Duration d(double millis) {
    return Duration.ofNanos(ms(millis));
  }

  /** Alternating address/time pairs, in order, as a map (Trio's {@code connect_times}). */
  static Map<String, Long> times(Object... addressAndMillis) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < addressAndMillis.length; i += 2) {
      m.put((String) addressAndMillis[i], ms(((Number) addressAndMillis[i + 1]).doubleValue()));
    }
    return m;
  }

  static TcpSocket connect(int port) throws IOException {
    return Net.connectTcpSocket(HOST, port, TcpConnectOptions.DEFAULT);
  }

  static TcpSocket connect(int port, Duration delay) throws IOException {
    return Net.connectTcpSocket(
        HOST, port, TcpConnectOptions.DEFAULT.withHappyEyeballsDelay(delay));
  }

  /**
   * Trio's {@code Scenario.check}: every socket created was connected (none left unused), to the
   * right port, and all but the winner are closed.
   */
  static void check(FakeNetwork net, TcpSocket winner, int port) {
    for (FakeSocket s : net.sockets()) {
      assertTrue(s.remoteAddress() != null, s + " was created but never connected");
      assertEquals(port, s.remoteAddress().getPort(), s.toString());
      if (s != winner) {
        assertTrue(s.isClosed(), s + " lost but was not closed");
      }
    }
    assertEquals(winner == null ? List.of() : List.of(winner), net.openSockets());
  }

  /** One address that connects after 123 ms: it wins at exactly 123 ms. */
  @TrioTest
  void oneHostQuickSuccess() throws IOException {
    FakeNetwork net =
        new FakeNetwork().addHost(HOST, "1.2.3.4").succeedAfter("1.2.3.4", d(123)).install();
    TcpSocket sock = connect(80);
    assertSame(net.socketFor("1.2.3.4"), sock);
    assertTrue(net.socketFor("1.2.3.4").isConnected());
    assertEquals(ms(123), Trio.currentTime());
    check(net, sock, 80);
  }

  /** One address that takes 100 s to connect: nothing gives up early, it wins at 100 s. */
  @TrioTest
  void oneHostSlowSuccess() throws IOException {
    FakeNetwork net =
        new FakeNetwork()
            .addHost(HOST, "1.2.3.4")
            .succeedAfter("1.2.3.4", Duration.ofSeconds(100))
            .install();
    TcpSocket sock = connect(81);
    assertSame(net.socketFor("1.2.3.4"), sock);
    assertEquals(ms(100_000), Trio.currentTime());
    check(net, sock, 81);
  }

  /** One address that fails after 123 ms: openTcpStream fails at 123 ms, its socket closed. */
  @TrioTest
  void oneHostQuickFail() {
    FakeNetwork net =
        new FakeNetwork().addHost(HOST, "1.2.3.4").failAfter("1.2.3.4", d(123)).install();
    ConnectException e = assertThrows(ConnectException.class, () -> connect(82));
    assertEquals("all attempts to connect to test.example.com:82 failed", e.getMessage());
    assertEquals(1, e.getSuppressed().length);
    assertEquals(ms(123), Trio.currentTime());
    check(net, null, 82);
  }

  /** One address that fails after 100 s: the failure comes at exactly 100 s. */
  @TrioTest
  void oneHostSlowFail() {
    FakeNetwork net =
        new FakeNetwork()
            .addHost(HOST, "1.2.3.4")
            .failAfter("1.2.3.4", Duration.ofSeconds(100))
            .install();
    assertThrows(ConnectException.class, () -> connect(83));
    assertEquals(ms(100_000), Trio.currentTime());
    check(net, null, 83);
  }

  /**
   * With the default 250 ms delay, attempts start at 0, 250 and 500 ms, and the third one, which
   * connects in 200 ms, wins at 700 ms (Trio's test_basic_fallthrough).
   */
  @TrioTest
  void basicFallthrough() throws IOException {
    FakeNetwork net = threeSlowFirst().install();
    TcpSocket sock = connect(80);
    assertSame(net.socketFor("3.3.3.3"), sock);
    assertEquals(ms(250 + 250 + 200), Trio.currentTime());
    assertEquals(times("1.1.1.1", 0, "2.2.2.2", 250, "3.3.3.3", 500), net.connectTimes());
    check(net, sock, 80);
  }

  static FakeNetwork threeSlowFirst() {
    return new FakeNetwork()
        .addHost(HOST, "1.1.1.1", "2.2.2.2", "3.3.3.3")
        .succeedAfter("1.1.1.1", Duration.ofSeconds(1))
        .succeedAfter("2.2.2.2", Duration.ofSeconds(1))
        .succeedAfter("3.3.3.3", d(200));
  }

  /** An early success stops the race: the third address is never tried (test_early_success). */
  @TrioTest
  void earlySuccess() throws IOException {
    FakeNetwork net =
        new FakeNetwork()
            .addHost(HOST, "1.1.1.1", "2.2.2.2", "3.3.3.3")
            .succeedAfter("1.1.1.1", Duration.ofSeconds(1))
            .succeedAfter("2.2.2.2", d(100))
            .succeedAfter("3.3.3.3", d(200))
            .install();
    TcpSocket sock = connect(80);
    assertSame(net.socketFor("2.2.2.2"), sock);
    assertEquals(ms(250 + 100), Trio.currentTime());
    assertEquals(times("1.1.1.1", 0, "2.2.2.2", 250), net.connectTimes());
    assertNull(net.socketFor("3.3.3.3"));
    assertEquals(FakeSocket.State.CANCELLED, net.socketFor("1.1.1.1").state());
    check(net, sock, 80);
  }

  /**
   * With a 450 ms delay the first address (1 s) wins before the third could (test_custom_delay).
   */
  @TrioTest
  void customDelay() throws IOException {
    FakeNetwork net = threeSlowFirst().install();
    TcpSocket sock = connect(80, d(450));
    assertSame(net.socketFor("1.1.1.1"), sock);
    assertEquals(ms(1000), Trio.currentTime());
    assertEquals(times("1.1.1.1", 0, "2.2.2.2", 450, "3.3.3.3", 900), net.connectTimes());
    check(net, sock, 80);
  }

  /** A null delay means the default 250 ms, as in Trio's code and test_none_default. */
  @TrioTest
  void nullDelayMeansTheDefault() throws IOException {
    FakeNetwork net = threeSlowFirst().install();
    TcpSocket sock = connect(80, null);
    assertSame(net.socketFor("3.3.3.3"), sock);
    assertEquals(ms(700), Trio.currentTime());
    assertEquals(times("1.1.1.1", 0, "2.2.2.2", 250, "3.3.3.3", 500), net.connectTimes());
    assertEquals(
        Duration.ofMillis(250), new TcpConnectOptions(null, null, null).happyEyeballsDelay());
    check(net, sock, 80);
  }

  /**
   * A failed attempt starts the next one at once instead of after the delay; a slow attempt does
   * not (test_custom_errors_expedite).
   */
  @TrioTest
  void errorsExpediteTheNextAttempt() throws IOException {
    FakeNetwork net =
        new FakeNetwork()
            .addHost(HOST, "1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4")
            .failAfter("1.1.1.1", d(100))
            .failAfter("2.2.2.2", d(200))
            .succeedAfter("3.3.3.3", Duration.ofSeconds(10))
            .succeedAfter("4.4.4.4", d(250))
            .install();
    TcpSocket sock = connect(80);
    assertSame(net.socketFor("4.4.4.4"), sock);
    assertEquals(ms(100 + 200 + 250 + 250), Trio.currentTime());
    assertEquals(
        times("1.1.1.1", 0, "2.2.2.2", 100, "3.3.3.3", 300, "4.4.4.4", 550), net.connectTimes());
    check(net, sock, 80);
  }

  /**
   * When every attempt fails, one ConnectException names host:port and carries each attempt's
   * failure, in attempt order, as suppressed; it comes when the last one fails (test_all_fail).
   */
  @TrioTest
  void allFail() {
    FakeNetwork net =
        new FakeNetwork()
            .addHost(HOST, "1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4")
            .failAfter("1.1.1.1", d(100))
            .failAfter("2.2.2.2", d(200))
            .failAfter("3.3.3.3", Duration.ofSeconds(10))
            .failAfter("4.4.4.4", d(250))
            .install();
    ConnectException e = assertThrows(ConnectException.class, () -> connect(80));
    assertEquals("all attempts to connect to test.example.com:80 failed", e.getMessage());
    assertEquals(
        List.of(
            "Connection refused: 1.1.1.1 (FakeNetwork)",
            "Connection refused: 2.2.2.2 (FakeNetwork)",
            "Connection refused: 3.3.3.3 (FakeNetwork)",
            "Connection refused: 4.4.4.4 (FakeNetwork)"),
        Arrays.stream(e.getSuppressed()).map(Throwable::getMessage).toList());
    for (Throwable t : e.getSuppressed()) {
      assertInstanceOf(ConnectException.class, t);
    }
    assertEquals(ms(100 + 200 + 10_000), Trio.currentTime());
    assertEquals(
        times("1.1.1.1", 0, "2.2.2.2", 100, "3.3.3.3", 300, "4.4.4.4", 550), net.connectTimes());
    check(net, null, 80);
  }

  /**
   * Three attempts that connect at the same instant: exactly one wins, the others are closed
   * whether they were cancelled or had connected too (test_multi_success).
   */
  @TrioTest
  void multiSuccess() throws IOException {
    FakeNetwork net =
        new FakeNetwork()
            .addHost(HOST, "1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5")
            .failAfter("1.1.1.1", d(500))
            .succeedAfter("2.2.2.2", Duration.ofSeconds(10))
            .succeedAfter("3.3.3.3", Duration.ofSeconds(10 - 1))
            .succeedAfter("4.4.4.4", Duration.ofSeconds(10 - 2))
            .failAfter("5.5.5.5", d(500))
            .install();
    TcpSocket sock = connect(80, Duration.ofSeconds(1));
    assertFalse(net.socketFor("1.1.1.1").isConnected());
    assertFalse(net.socketFor("5.5.5.5").isConnected());
    assertTrue(
        List.of(net.socketFor("2.2.2.2"), net.socketFor("3.3.3.3"), net.socketFor("4.4.4.4"))
            .contains(sock),
        sock.toString());
    assertTrue(((FakeSocket) sock).isConnected());
    assertEquals(ms(500 + 10_000), Trio.currentTime());
    assertEquals(
        times("1.1.1.1", 0, "2.2.2.2", 500, "3.3.3.3", 1500, "4.4.4.4", 2500, "5.5.5.5", 3500),
        net.connectTimes());
    check(net, sock, 80);
  }

  /**
   * The first address of the other family is tried second, so it wins although the second IPv4
   * address would have been faster (test_does_reorder).
   */
  @TrioTest
  void doesReorder() throws IOException {
    FakeNetwork net =
        new FakeNetwork()
            .addHost(HOST, "1.1.1.1", "2.2.2.2", "::3")
            .failAfter("1.1.1.1", Duration.ofSeconds(10))
            .succeedAfter("2.2.2.2", Duration.ofSeconds(1))
            .succeedAfter("::3", d(500))
            .install();
    TcpSocket sock = connect(80, Duration.ofSeconds(1));
    assertSame(net.socketFor("::3"), sock);
    assertEquals(ms(1000 + 500), Trio.currentTime());
    assertEquals(times("1.1.1.1", 0, "::3", 1000), net.connectTimes());
    check(net, sock, 80);
  }

  /** The order in which the addresses of {@code addresses} are tried, when all are refused. */
  static List<String> attemptOrder(String... addresses) {
    FakeNetwork net = new FakeNetwork().addHost(HOST, addresses).install();
    ConnectException e = assertThrows(ConnectException.class, () -> connect(80));
    assertEquals(addresses.length, e.getSuppressed().length);
    assertEquals(0, Trio.currentTime());
    check(net, null, 80);
    return List.copyOf(net.connectTimes().keySet());
  }

  /**
   * RFC 8305 section 4: the families alternate, starting with the first address's, each keeping its
   * order, and the rest of the longer family comes last (Trio moves only one address; DESIGN rule
   * 20 asks for the full interleaving).
   */
  @TrioTest
  void interleavesAddressFamiliesAsRfc8305Asks() {
    assertEquals(
        List.of("10.0.0.0", "::0", "10.0.0.1", "::1", "10.0.0.2"),
        attemptOrder("10.0.0.0", "10.0.0.1", "10.0.0.2", "::0", "::1"));
    assertEquals(
        List.of("::a", "10.0.0.1", "::b", "10.0.0.2", "10.0.0.3"),
        attemptOrder("::a", "::b", "10.0.0.1", "10.0.0.2", "10.0.0.3"));
    assertEquals(
        List.of("10.0.0.1", "::1", "10.0.0.2", "::2"),
        attemptOrder("10.0.0.1", "10.0.0.2", "::1", "::2"));
  }

  /**
   * Lists of one family, single addresses and already alternating lists are left as they are
   * (test_reorder_for_rfc_6555_section_5_4).
   */
  @TrioTest
  void leavesHomogeneousAndAlternatingListsAlone() {
    assertEquals(
        List.of("10.0.0.0", "10.0.0.1", "10.0.0.2"),
        attemptOrder("10.0.0.0", "10.0.0.1", "10.0.0.2"));
    assertEquals(List.of("::0", "::1", "::2"), attemptOrder("::0", "::1", "::2"));
    assertEquals(List.of("10.0.0.0"), attemptOrder("10.0.0.0"));
    assertEquals(List.of("::0"), attemptOrder("::0"));
    assertEquals(
        List.of("10.0.0.0", "::0", "10.0.0.1", "::1"),
        attemptOrder("10.0.0.0", "::0", "10.0.0.1", "::1"));
  }

  /**
   * Without IPv4, socket creation fails for IPv4 addresses and the next attempt starts at once
   * (test_handles_no_ipv4).
   */
  @TrioTest
  void handlesNoIpv4() throws IOException {
    FakeNetwork net =
        new FakeNetwork()
            .addHost(HOST, "::1", "2.2.2.2", "::3", "4.4.4.4")
            .succeedAfter("::1", Duration.ofSeconds(10))
            .succeedAfter("2.2.2.2", Duration.ZERO)
            .succeedAfter("::3", d(100))
            .succeedAfter("4.4.4.4", Duration.ZERO)
            .disableFamily(StandardProtocolFamily.INET)
            .install();
    TcpSocket sock = connect(80, Duration.ofSeconds(1));
    assertSame(net.socketFor("::3"), sock);
    assertEquals(ms(1000 + 100), Trio.currentTime());
    assertEquals(times("::1", 0, "::3", 1000), net.connectTimes());
    assertEquals(2, net.sockets().size());
    check(net, sock, 80);
  }

  /**
   * Without IPv6, socket creation fails for IPv6 addresses and the next attempt starts at once
   * (test_handles_no_ipv6).
   */
  @TrioTest
  void handlesNoIpv6() throws IOException {
    FakeNetwork net =
        new FakeNetwork()
            .addHost(HOST, "::1", "2.2.2.2", "::3", "4.4.4.4")
            .succeedAfter("::1", Duration.ZERO)
            .succeedAfter("2.2.2.2", Duration.ofSeconds(10))
            .succeedAfter("::3", Duration.ZERO)
            .succeedAfter("4.4.4.4", d(100))
            .disableFamily(StandardProtocolFamily.INET6)
            .install();
    TcpSocket sock = connect(80, Duration.ofSeconds(1));
    assertSame(net.socketFor("4.4.4.4"), sock);
    assertEquals(ms(1000 + 100), Trio.currentTime());
    assertEquals(times("2.2.2.2", 0, "4.4.4.4", 1000), net.connectTimes());
    check(net, sock, 80);
  }

  /**
   * A name without addresses fails with an UnknownHostException naming host:port (test_no_hosts).
   */
  @TrioTest
  void noHosts() {
    FakeNetwork net = new FakeNetwork().addHost(HOST).install();
    UnknownHostException e = assertThrows(UnknownHostException.class, () -> connect(80));
    assertEquals("no results found for hostname lookup: test.example.com:80", e.getMessage());
    assertEquals(List.of(), net.sockets());
  }

  /**
   * Cancelling openTcpStream from outside cancels every attempt and closes every socket; the
   * Cancelled belongs to the outer scope (test_cancel).
   */
  @TrioTest
  void cancel() throws IOException {
    FakeNetwork net =
        new FakeNetwork()
            .addHost(HOST, "1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4")
            .succeedAfter("1.1.1.1", Duration.ofSeconds(10))
            .succeedAfter("2.2.2.2", Duration.ofSeconds(10))
            .succeedAfter("3.3.3.3", Duration.ofSeconds(10))
            .succeedAfter("4.4.4.4", Duration.ofSeconds(10))
            .install();
    CancelScope scope = CancelScope.withTimeout(Duration.ofSeconds(5));
    TcpSocket sock = scope.call(() -> connect(80));
    assertNull(sock);
    assertTrue(scope.cancelledCaught());
    assertEquals(ms(5000), Trio.currentTime());
    assertEquals(
        times("1.1.1.1", 0, "2.2.2.2", 250, "3.3.3.3", 500, "4.4.4.4", 750), net.connectTimes());
    for (FakeSocket s : net.sockets()) {
      assertEquals(FakeSocket.State.CANCELLED, s.state());
    }
    check(net, null, 80);
  }
}

package org.trio4j.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trio4j.net.SocketStreamPair.bytes;
import static org.trio4j.net.SocketStreamPair.receiveExactly;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.trio4j.Trio;
import org.trio4j.testing.SocketTesting;
import org.trio4j.testing.TrioTest;

/**
 * Net.openTcpListeners (Trio's test_highlevel_open_tcp_listeners.py, rule 4.1 of TRIO-REFERENCE).
 * Only loopback addresses are ever connected to.
 */
class OpenTcpListenersTest {
  static final InetAddress IPV4_LOOPBACK = loopback(false);
  static final InetAddress IPV6_LOOPBACK = loopback(true);

  private static InetAddress loopback(boolean v6) {
    byte[] b = v6 ? new byte[16] : new byte[] {127, 0, 0, 1};
    if (v6) {
      b[15] = 1;
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Whether this machine can listen on ::1 (tests that need IPv6 are skipped otherwise). */
  static boolean hasIpv6Loopback() {
    try (ServerSocketChannel ch = ServerSocketChannel.open()) {
      ch.bind(new InetSocketAddress(IPV6_LOOPBACK, 0));
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** Connects to the listener, accepts, and checks that bytes go both ways. */
  private static void roundTrip(SocketListener listener) throws IOException {
    SocketStream client = SocketTesting.openStreamToSocketListener(listener);
    SocketStream server = listener.accept();
    client.sendAll(bytes("ping"));
    assertEquals("ping", receiveExactly(server, 4));
    server.sendAll(bytes("pong"));
    assertEquals("pong", receiveExactly(client, 4));
    client.close();
    server.close();
  }

  private static int freePort() throws IOException {
    try (ServerSocketChannel ch = ServerSocketChannel.open()) {
      ch.bind(new InetSocketAddress(IPV4_LOOPBACK, 0));
      return ((InetSocketAddress) ch.getLocalAddress()).getPort();
    }
  }

  /** Port 0 on 127.0.0.1 gives one working listener on a port the system chose. */
  @TrioTest
  void ephemeralPortOnIpv4Loopback() throws Exception {
    List<SocketListener> listeners = Net.openTcpListeners(0, "127.0.0.1");
    assertEquals(1, listeners.size());
    SocketListener l = listeners.get(0);
    assertEquals(IPV4_LOOPBACK, l.localAddress().getAddress());
    assertNotEquals(0, l.localAddress().getPort());
    assertTrue(l.channel().getOption(StandardSocketOptions.SO_REUSEADDR));
    roundTrip(l);
    l.close();
  }

  /** Port 0 on ::1 gives one working IPv6 listener (skipped without IPv6). */
  @TrioTest
  void ephemeralPortOnIpv6Loopback() throws Exception {
    Assumptions.assumeTrue(hasIpv6Loopback(), "no IPv6 loopback on this machine");
    List<SocketListener> listeners = Net.openTcpListeners(0, "::1");
    assertEquals(1, listeners.size());
    assertEquals(IPV6_LOOPBACK, listeners.get(0).localAddress().getAddress());
    roundTrip(listeners.get(0));
    listeners.get(0).close();
  }

  /**
   * With no host the listeners are on wildcard addresses and every one of them works (reached
   * through loopback); with IPv6 the single dual-stack listener also accepts IPv4 connections.
   */
  @TrioTest
  void noHostListensOnTheWildcard() throws Exception {
    List<SocketListener> listeners = Net.openTcpListeners(0);
    assertFalse(listeners.isEmpty());
    for (SocketListener l : listeners) {
      assertTrue(l.localAddress().getAddress().isAnyLocalAddress(), l.toString());
      roundTrip(l);
    }
    SocketListener first = listeners.get(0);
    if (first.localAddress().getAddress() instanceof Inet6Address) {
      SocketStream v4 =
          Net.openTcpStream(new InetSocketAddress(IPV4_LOOPBACK, first.localAddress().getPort()));
      SocketStream server = first.accept();
      assertInstanceOf(Inet4Address.class, v4.remoteAddress().getAddress());
      v4.close();
      server.close();
    }
    for (SocketListener l : listeners) {
      l.close();
    }
  }

  /** A specific port on a specific host is used as given. */
  @TrioTest
  void specificPortOnSpecificHost() throws Exception {
    int port = freePort();
    List<SocketListener> listeners = Net.openTcpListeners(port, "127.0.0.1");
    assertEquals(port, listeners.get(0).localAddress().getPort());
    roundTrip(listeners.get(0));
    listeners.get(0).close();
  }

  /**
   * A server can listen again on its port right after closing it, although the connection it closed
   * first lingers in TIME_WAIT: SO_REUSEADDR is on (test_open_tcp_listeners_rebind).
   */
  @TrioTest
  void rebindRightAfterClose() throws Exception {
    SocketListener l1 = Net.openTcpListeners(0, "127.0.0.1").get(0);
    int port = l1.localAddress().getPort();
    SocketStream client = SocketTesting.openStreamToSocketListener(l1);
    SocketStream server = l1.accept();
    server.close();
    l1.close();
    client.close();
    SocketListener l2 = Net.openTcpListeners(port, "127.0.0.1").get(0);
    assertEquals(port, l2.localAddress().getPort());
    roundTrip(l2);
    l2.close();
  }

  /** Ports outside 0..65535 and backlogs below 1 are refused; backlogs above 65535 are capped. */
  @TrioTest
  void portAndBacklogChecking() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> Net.openTcpListeners(-1));
    assertThrows(IllegalArgumentException.class, () -> Net.openTcpListeners(65536));
    assertThrows(IllegalArgumentException.class, () -> Net.openTcpListeners(0, "127.0.0.1", 0));
    assertEquals(0xFFFF, Net.DEFAULT_BACKLOG);
    assertEquals(0xFFFF, TcpListeners.effectiveBacklog(Integer.MAX_VALUE));
    assertEquals(0xFFFF, TcpListeners.effectiveBacklog(0x10000));
    assertEquals(10, TcpListeners.effectiveBacklog(10));
    SocketListener l = Net.openTcpListeners(0, "127.0.0.1", 1_000_000).get(0);
    roundTrip(l);
    l.close();
  }

  /**
   * If opening one of several listeners fails, the ones already opened are closed and the error
   * propagates (test_open_tcp_listeners_multiple_host_cleanup_on_error).
   */
  @TrioTest
  void failureClosesTheListenersOpenedSoFar() throws Exception {
    int port = freePort();
    IOException e =
        assertThrows(
            IOException.class,
            () -> TcpListeners.open(port, List.of(IPV4_LOOPBACK, IPV4_LOOPBACK), 10, false));
    assertTrue(e.getMessage().contains("in use"), e.getMessage());
    try (ServerSocketChannel again = ServerSocketChannel.open()) {
      again.bind(new InetSocketAddress(IPV4_LOOPBACK, port));
    }
  }

  /**
   * A named host is resolved through the run's HostnameResolver (Trio's open_tcp_listeners goes
   * through getaddrinfo, which honours set_custom_hostname_resolver), which is called with the
   * listener's port, here 0, and gets one listener per address it returns.
   */
  @TrioTest
  void theRunsResolverChoosesTheAddresses() throws Exception {
    List<String> calls = new ArrayList<>();
    boolean v6 = hasIpv6Loopback();
    Net.setHostnameResolver(
        (host, port) -> {
          calls.add(host + ":" + port);
          return v6
              ? List.of(
                  new InetSocketAddress(IPV4_LOOPBACK, port),
                  new InetSocketAddress(IPV6_LOOPBACK, port))
              : List.of(new InetSocketAddress(IPV4_LOOPBACK, port));
        });
    List<SocketListener> listeners = Net.openTcpListeners(0, "my-server");
    try {
      assertEquals(List.of("my-server:0"), calls);
      assertEquals(v6 ? 2 : 1, listeners.size());
      assertEquals(IPV4_LOOPBACK, listeners.get(0).localAddress().getAddress());
      if (v6) {
        assertEquals(IPV6_LOOPBACK, listeners.get(1).localAddress().getAddress());
      }
      for (SocketListener l : listeners) {
        roundTrip(l);
      }
    } finally {
      for (SocketListener l : listeners) {
        l.close();
      }
    }
  }

  /**
   * A resolver that finds nothing makes openTcpListeners fail with UnknownHostException; one that
   * breaks its contract (null, an unresolved address) is reported as a bug, as openTcpStream does.
   */
  @TrioTest
  void resolverFailuresAndContractBreaches() throws Exception {
    Net.setHostnameResolver((host, port) -> List.of());
    UnknownHostException unknown =
        assertThrows(UnknownHostException.class, () -> Net.openTcpListeners(0, "nowhere"));
    assertTrue(unknown.getMessage().contains("nowhere"), unknown.getMessage());
    Net.setHostnameResolver((host, port) -> null);
    assertThrows(IllegalStateException.class, () -> Net.openTcpListeners(0, "nowhere"));
    Net.setHostnameResolver(
        (host, port) -> List.of(InetSocketAddress.createUnresolved(host, port)));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Net.openTcpListeners(0, "nowhere"));
    assertTrue(e.getMessage().contains("unresolved"), e.getMessage());
  }

  /**
   * Resolution is a cancellation point: a resolver that waits (here on the run's clock) is
   * cancelled at the enclosing deadline, and no listener is opened.
   */
  @TrioTest
  void aSlowResolverIsCancelledAtTheDeadline() throws Exception {
    Net.setHostnameResolver(
        (host, port) -> {
          Trio.sleep(Duration.ofSeconds(10));
          return List.of(new InetSocketAddress(IPV4_LOOPBACK, port));
        });
    List<List<SocketListener>> opened = new ArrayList<>();
    boolean finished =
        Trio.moveOnAfter(Duration.ofSeconds(1), () -> opened.add(Net.openTcpListeners(0, "slow")));
    assertFalse(finished);
    assertEquals(Duration.ofSeconds(1).toNanos(), Trio.currentTime());
    assertEquals(List.of(), opened);
  }
}

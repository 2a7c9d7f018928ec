package org.trio4j.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trio4j.CancelScope;
import org.trio4j.Trio;
import org.trio4j.testing.FakeNetwork;
import org.trio4j.testing.TrioTest;

/** The per-run hooks of {@link Net}: the resolver and the socket factory. */
class NetHooksTest {
  /**
   * Setting a hook returns the previous one, the getter sees the new one, and null restores the
   * system's default (Trio's set_custom_hostname_resolver / set_custom_socket_factory).
   */
  @TrioTest
  void setReturnsThePreviousHookAndNullRestoresTheDefault() {
    HostnameResolver systemResolver = Net.hostnameResolver();
    SocketFactory systemFactory = Net.socketFactory();
    FakeNetwork net = new FakeNetwork();
    assertSame(systemResolver, Net.setHostnameResolver(net));
    assertSame(systemFactory, Net.setSocketFactory(net));
    assertSame(net, Net.hostnameResolver());
    assertSame(net, Net.socketFactory());
    assertSame(net, Net.setHostnameResolver(null));
    assertSame(net, Net.setSocketFactory(null));
    assertSame(systemResolver, Net.hostnameResolver());
    assertSame(systemFactory, Net.socketFactory());
    assertNotSame(net, systemResolver);
  }

  /** A hook installed in one run is not seen by the next run. */
  @Test
  void hooksBelongToOneRun() throws Exception {
    FakeNetwork net = new FakeNetwork();
    HostnameResolver system =
        Trio.run(
            () -> {
              HostnameResolver before = Net.hostnameResolver();
              net.install();
              assertSame(net, Net.hostnameResolver());
              return before;
            });
    Trio.run(
        () -> {
          assertSame(system, Net.hostnameResolver());
          assertNotSame(net, Net.socketFactory());
          return null;
        });
  }

  /** The hooks need a run: outside one they fail at once with a clear message. */
  @Test
  void hooksOutsideARunFail() {
    IllegalStateException e = assertThrows(IllegalStateException.class, Net::hostnameResolver);
    assertTrue(e.getMessage().contains("inside Trio.run"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> Net.setSocketFactory(null));
  }

  /**
   * The system resolver resolves numeric addresses to themselves, with the port, without a lookup.
   */
  @TrioTest
  void systemResolverResolvesLiterals() throws Exception {
    assertEquals(
        List.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080)),
        Net.hostnameResolver().resolve("127.0.0.1", 8080));
    assertEquals(
        List.of(new InetSocketAddress(InetAddress.getByName("::1"), 443)),
        Net.hostnameResolver().resolve("::1", 443));
  }

  /** The system resolver looks a name up (on a worker thread) and puts the port in. */
  @TrioTest(clock = TrioTest.ClockKind.REAL)
  void systemResolverLooksUpLocalhost() throws Exception {
    List<InetSocketAddress> all = Net.hostnameResolver().resolve("localhost", 8080);
    assertTrue(!all.isEmpty());
    for (InetSocketAddress a : all) {
      assertTrue(a.getAddress().isLoopbackAddress(), a.toString());
      assertEquals(8080, a.getPort());
    }
  }

  /** A system lookup in a cancelled scope is cancelled before it starts. */
  @TrioTest
  void systemResolverIsCancellable() throws Exception {
    CancelScope scope = new CancelScope();
    scope.cancel();
    assertNull(scope.call(() -> Net.hostnameResolver().resolve("localhost", 80)));
    assertTrue(scope.cancelledCaught());
  }
}

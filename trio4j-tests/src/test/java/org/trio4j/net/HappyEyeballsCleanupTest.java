package org.trio4j.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trio4j.net.HappyEyeballsScenarioTest.HOST;
import static org.trio4j.net.HappyEyeballsScenarioTest.d;
import static org.trio4j.net.HappyEyeballsScenarioTest.ms;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.trio4j.Trio;
import org.trio4j.testing.FakeNetwork;
import org.trio4j.testing.FakeSocket;
import org.trio4j.testing.TrioTest;

/**
 * Sockets that lose are closed on every exit path, and what closing them throws is not lost (Trio's
 * test_close_all and the cleanup checks of its scenarios).
 */
class HappyEyeballsCleanupTest {
  /** A socket of a FakeNetwork whose close also throws, for the addresses in {@code failing}. */
  record ClosingBadly(FakeSocket socket, Set<String> failing) implements TcpSocket {
    @Override
    public ProtocolFamily family() {
      return socket.family();
    }

    @Override
    public void bind(InetSocketAddress local) throws IOException {
      socket.bind(local);
    }

    @Override
    public void connect(InetSocketAddress remote) throws IOException {
      socket.connect(remote);
    }

    @Override
    public SocketStream toStream() throws IOException {
      return socket.toStream();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      InetSocketAddress remote = socket.remoteAddress();
      String ip = remote == null ? "" : remote.getAddress().getHostAddress();
      if (failing.contains(ip)) {
        throw new IOException("os error text " + ip);
      }
    }
  }

  /** Installs {@code net} with a factory whose sockets throw from close for {@code failing}. */
  static void installClosingBadly(FakeNetwork net, String... failing) {
    net.install();
    Net.setSocketFactory(
        family -> new ClosingBadly((FakeSocket) net.openTcpSocket(family), Set.of(failing)));
  }

  /**
   * If closing a losing socket fails after a success, that failure is thrown, every other socket is
   * still closed, and so is the winner (nobody would own it).
   */
  @TrioTest
  void closeFailureAfterSuccessIsThrownAndNothingLeaks() {
    FakeNetwork net =
        new FakeNetwork()
            .addHost(HOST, "1.1.1.1", "2.2.2.2", "3.3.3.3")
            .succeedAfter("1.1.1.1", Duration.ofSeconds(5))
            .succeedAfter("2.2.2.2", Duration.ofSeconds(5))
            .succeedAfter("3.3.3.3", d(100))
            .install();
    installClosingBadly(net, "1.1.1.1");
    IOException e =
        assertThrows(
            IOException.class, () -> Net.connectTcpSocket(HOST, 80, TcpConnectOptions.DEFAULT));
    assertEquals("os error text 1.1.1.1", e.getMessage());
    assertEquals(List.of(), net.openSockets());
    assertEquals(ms(600), Trio.currentTime());
  }

  /**
   * If every attempt failed and closing sockets fails too, the ConnectException still comes out,
   * the close failures after the attempts' failures among its suppressed.
   */
  @TrioTest
  void closeFailuresAfterAllFailedAreSuppressed() {
    FakeNetwork net =
        new FakeNetwork()
            .addHost(HOST, "1.1.1.1", "2.2.2.2")
            .failAfter("1.1.1.1", d(10))
            .failAfter("2.2.2.2", d(20));
    installClosingBadly(net, "1.1.1.1", "2.2.2.2");
    ConnectException e =
        assertThrows(
            ConnectException.class,
            () -> Net.connectTcpSocket(HOST, 80, TcpConnectOptions.DEFAULT));
    assertEquals(
        List.of(
            "Connection refused: 1.1.1.1 (FakeNetwork)",
            "Connection refused: 2.2.2.2 (FakeNetwork)",
            "os error text 1.1.1.1",
            "os error text 2.2.2.2"),
        Arrays.stream(e.getSuppressed()).map(Throwable::getMessage).toList());
    assertEquals(List.of(), net.openSockets());
  }

  /**
   * A failure that is not an IOException (here a listener that throws) is a bug: it comes out
   * unchanged, stops the race, and every socket, connected or not, is closed.
   */
  @TrioTest
  void aCrashStopsTheRaceAndClosesEverySocket() {
    FakeNetwork net =
        new FakeNetwork()
            .addHost(HOST, "1.1.1.1", "2.2.2.2", "3.3.3.3")
            .succeedAfter("1.1.1.1", Duration.ofSeconds(5))
            .failAfter("2.2.2.2", d(100))
            .succeedAfter("3.3.3.3", Duration.ofSeconds(5))
            .install();
    IllegalStateException bug = new IllegalStateException("listener bug");
    ConnectAttemptListener crashing =
        new ConnectAttemptListener() {
          @Override
          public void attemptFailed(ConnectAttempt attempt, IOException failure) {
            throw bug;
          }
        };
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Net.connectTcpSocket(HOST, 80, TcpConnectOptions.DEFAULT.withListener(crashing)));
    assertSame(bug, e);
    assertEquals(ms(350), Trio.currentTime());
    assertEquals(2, net.sockets().size());
    assertEquals(List.of(), net.openSockets());
    assertTrue(net.socketFor("1.1.1.1").isClosed());
  }

  /**
   * A winner chosen by the listener's success call that then crashes is closed as well: nothing is
   * returned, so nothing may stay open.
   */
  @TrioTest
  void aCrashAfterTheWinnerWasChosenClosesTheWinnerToo() {
    FakeNetwork net =
        new FakeNetwork().addHost(HOST, "1.1.1.1").succeedAfter("1.1.1.1", d(10)).install();
    ConnectAttemptListener crashing =
        new ConnectAttemptListener() {
          @Override
          public void attemptSucceeded(ConnectAttempt attempt) {
            throw new IllegalStateException("listener bug");
          }
        };
    assertThrows(
        IllegalStateException.class,
        () -> Net.connectTcpSocket(HOST, 80, TcpConnectOptions.DEFAULT.withListener(crashing)));
    assertTrue(net.socketFor("1.1.1.1").isConnected());
    assertEquals(List.of(), net.openSockets());
  }
}

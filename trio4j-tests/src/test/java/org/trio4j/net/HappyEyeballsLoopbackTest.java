package org.trio4j.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.trio4j.Trio;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.testing.TrioTest;

/**
 * Happy Eyeballs over real sockets, on loopback only: the system socket factory, a refused port,
 * and several 127.x addresses behind a resolver that names them.
 */
class HappyEyeballsLoopbackTest {
  static final InetAddress LO1 = address("127.0.0.1");
  static final InetAddress LO2 = address("127.0.0.2");
  static final InetAddress LO3 = address("127.0.0.3");

  static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Whether this system routes every 127.x address to loopback (Linux does; Trio checks too). */
  static boolean canBind(InetAddress a) {
    try (ServerSocketChannel s = ServerSocketChannel.open()) {
      s.bind(new InetSocketAddress(a, 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static ServerSocketChannel listen(InetAddress a) throws IOException {
    ServerSocketChannel s = ServerSocketChannel.open();
    s.bind(new InetSocketAddress(a, 0));
    return s;
  }

  /** A port on {@code a} with nothing listening: bound, then closed again. */
  static int refusedPort(InetAddress a) throws IOException {
    try (ServerSocketChannel s = listen(a)) {
      return ((InetSocketAddress) s.getLocalAddress()).getPort();
    }
  }

  /** A numeric host goes through the system resolver and socket factory and connects. */
  @TrioTest(clock = TrioTest.ClockKind.REAL)
  void connectsToALoopbackListener() throws IOException {
    try (ServerSocketChannel server = listen(LO1)) {
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      try (TcpSocket socket = Net.connectTcpSocket("127.0.0.1", port, TcpConnectOptions.DEFAULT)) {
        assertTrue(socket.toString().contains("connected"), socket.toString());
      }
    }
  }

  /** A refused port fails with the ConnectException of the one attempt attached. */
  @TrioTest(clock = TrioTest.ClockKind.REAL)
  void aRefusedPortFails() throws IOException {
    int port = refusedPort(LO1);
    ConnectException e =
        assertThrows(
            ConnectException.class,
            () -> Net.connectTcpSocket("127.0.0.1", port, TcpConnectOptions.DEFAULT));
    assertEquals("all attempts to connect to 127.0.0.1:" + port + " failed", e.getMessage());
    assertEquals(1, e.getSuppressed().length);
    assertInstanceOf(ConnectException.class, e.getSuppressed()[0]);
    assertEquals(0, Lowlevel.currentIoStatistics().channels(), "a registration leaked");
  }

  /**
   * With a name that resolves to a refused address and a listening one, the refusal starts the
   * second attempt at once and it connects.
   */
  @TrioTest(clock = TrioTest.ClockKind.REAL)
  void fallsThroughARefusedAddressToAListeningOne() throws IOException {
    assumeTrue(canBind(LO2) && canBind(LO3), "127.0.0.2 and 127.0.0.3 are not loopback here");
    try (ServerSocketChannel server = listen(LO3)) {
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      Net.setHostnameResolver(
          (host, p) -> List.of(new InetSocketAddress(LO2, p), new InetSocketAddress(LO3, p)));
      List<String> log = Collections.synchronizedList(new ArrayList<>());
      ConnectAttemptListener listener =
          new ConnectAttemptListener() {
            @Override
            public void attemptStarted(ConnectAttempt a) {
              log.add("started " + a);
            }

            @Override
            public void attemptFailed(ConnectAttempt a, IOException e) {
              log.add("failed " + a + ": " + e.getClass().getSimpleName());
            }

            @Override
            public void attemptSucceeded(ConnectAttempt a) {
              log.add("connected " + a);
            }
          };
      try (TcpSocket socket =
          Net.connectTcpSocket(
              "localhost", port, TcpConnectOptions.DEFAULT.withListener(listener))) {
        assertEquals(
            List.of(
                "started attempt 1 to 127.0.0.2:" + port,
                "failed attempt 1 to 127.0.0.2:" + port + ": ConnectException",
                "started attempt 2 to 127.0.0.3:" + port,
                "connected attempt 2 to 127.0.0.3:" + port),
            log);
        assertTrue(socket.toString().contains("connected"), socket.toString());
      }
    }
  }

  /**
   * A local address of the other family fails every attempt with a BindException (Trio's
   * local_address="::" against an IPv4 listener).
   */
  @TrioTest(clock = TrioTest.ClockKind.REAL)
  void aLocalAddressOfTheOtherFamilyFails() throws IOException {
    try (ServerSocketChannel server = listen(LO1)) {
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      ConnectException e =
          assertThrows(
              ConnectException.class,
              () ->
                  Net.connectTcpSocket(
                      "127.0.0.1",
                      port,
                      TcpConnectOptions.DEFAULT.withLocalAddress(InetAddress.getByName("::"))));
      assertEquals("all attempts to connect to 127.0.0.1:" + port + " failed", e.getMessage());
      assertInstanceOf(BindException.class, e.getSuppressed()[0]);
    }
  }

  /**
   * A real connect that hangs (the listener's accept queue is full, so the kernel drops the SYN) is
   * a checkpoint that cancellation interrupts, and the cancelled socket is closed.
   */
  @TrioTest(clock = TrioTest.ClockKind.REAL)
  void aCancelledRealConnectClosesItsSocket() throws IOException {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(LO1, 0), 1);
      InetSocketAddress target = (InetSocketAddress) server.getLocalAddress();
      List<TcpSocket> sockets = new ArrayList<>();
      try {
        TcpSocket hung = null;
        for (int i = 0; i < 8 && hung == null; i++) {
          TcpSocket s = Net.socketFactory().openTcpSocket(StandardProtocolFamily.INET);
          sockets.add(s);
          if (!Trio.moveOnAfter(Duration.ofMillis(150), () -> s.connect(target))) {
            hung = s;
          }
        }
        assumeTrue(hung != null, "this kernel never left a connect pending");
        assertTrue(hung.toString().contains("closed"), hung.toString());
        TcpSocket closed = hung;
        assertThrows(IOException.class, () -> closed.connect(target));
      } finally {
        HappyEyeballs.closeAll(sockets);
      }
    }
  }
}

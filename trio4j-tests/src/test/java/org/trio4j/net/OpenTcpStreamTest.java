package org.trio4j.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trio4j.net.SocketStreamPair.bytes;
import static org.trio4j.net.SocketStreamPair.receiveExactly;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.trio4j.Trio;
import org.trio4j.lowlevel.IoStatistics;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.testing.TrioTest;

/**
 * The simple Net.openTcpStream (resolve, then connect to each address in turn; Happy Eyeballs
 * replaces the strategy later) and the one-address connect it is built on. Loopback only.
 */
class OpenTcpStreamTest {
  private static int refusedPort() throws IOException {
    try (ServerSocketChannel ch = ServerSocketChannel.open()) {
      ch.bind(new InetSocketAddress(OpenTcpListenersTest.IPV4_LOOPBACK, 0));
      return ((InetSocketAddress) ch.getLocalAddress()).getPort();
    }
  }

  /** Connecting by host literal and by name reaches the listener, with TCP_NODELAY on. */
  @TrioTest
  void connectsByLiteralAndByName() throws Exception {
    SocketListener l = Net.openTcpListeners(0, "127.0.0.1").get(0);
    int port = l.localAddress().getPort();
    for (String host : List.of("127.0.0.1", "localhost")) {
      SocketStream client = Net.openTcpStream(host, port);
      SocketStream server = l.accept();
      assertEquals(client.localAddress(), server.remoteAddress());
      assertTrue(client.getOption(java.net.StandardSocketOptions.TCP_NODELAY));
      client.sendAll(bytes(host));
      assertEquals(host, receiveExactly(server, host.length()));
      client.close();
      server.close();
    }
    l.close();
  }

  /** An explicit address is connected to as is; an unresolved one is resolved first. */
  @TrioTest
  void connectsToAnAddress() throws Exception {
    SocketListener l = Net.openTcpListeners(0, "127.0.0.1").get(0);
    int port = l.localAddress().getPort();
    for (InetSocketAddress a :
        List.of(
            new InetSocketAddress(OpenTcpListenersTest.IPV4_LOOPBACK, port),
            InetSocketAddress.createUnresolved("localhost", port))) {
      SocketStream client = Net.openTcpStream(a);
      l.accept().close();
      client.close();
    }
    l.close();
  }

  /**
   * When every address refuses, openTcpStream throws an IOException that names the target and
   * carries each attempt's failure as suppressed.
   */
  @TrioTest
  void refusedEverywhereKeepsEveryFailure() throws Exception {
    int port = refusedPort();
    IOException e = assertThrows(IOException.class, () -> Net.openTcpStream("127.0.0.1", port));
    assertEquals("all attempts to connect to 127.0.0.1:" + port + " failed", e.getMessage());
    assertEquals(1, e.getSuppressed().length);
    assertInstanceOf(ConnectException.class, e.getSuppressed()[0]);
    assertEquals(0, Lowlevel.currentIoStatistics().channels());
  }

  /** The one-address connect fails with the connect's own exception. */
  @TrioTest
  void singleAddressRefusedThrowsTheConnectException() throws Exception {
    int port = refusedPort();
    assertThrows(
        ConnectException.class,
        () -> Net.openTcpStream(new InetSocketAddress(OpenTcpListenersTest.IPV4_LOOPBACK, port)));
  }

  /** Ports outside 1..65535 are refused before anything happens. */
  @TrioTest
  void portChecking() {
    assertThrows(IllegalArgumentException.class, () -> Net.openTcpStream("127.0.0.1", 0));
    assertThrows(IllegalArgumentException.class, () -> Net.openTcpStream("127.0.0.1", 65536));
  }

  /**
   * A connect that cannot complete (the listener's accept queue is full, so the kernel drops the
   * SYN) waits for writability and is cancelled at the deadline, unregistering and closing its
   * socket (Trio: a cancelled connect closes its socket).
   */
  @TrioTest
  void cancelledConnectClosesItsSocket() throws Exception {
    List<SocketChannel> queued = new ArrayList<>();
    try (ServerSocketChannel full = ServerSocketChannel.open()) {
      full.bind(new InetSocketAddress(OpenTcpListenersTest.IPV4_LOOPBACK, 0), 1);
      InetSocketAddress target = (InetSocketAddress) full.getLocalAddress();
      for (int i = 0; i < 3; i++) {
        SocketChannel c = SocketChannel.open();
        c.configureBlocking(false);
        c.connect(target);
        queued.add(c);
      }
      List<IoStatistics> during = new ArrayList<>();
      boolean finished =
          Trio.moveOnAfter(
              Duration.ofSeconds(5),
              () -> {
                org.trio4j.Nursery.open(
                    n -> {
                      n.startSoon(() -> Net.openTcpStream(target).close());
                      Lowlevel.waitAllTasksBlocked();
                      during.add(Lowlevel.currentIoStatistics());
                    });
              });
      assertFalse(finished);
      assertEquals(Duration.ofSeconds(5).toNanos(), Trio.currentTime());
      assertEquals(1, during.get(0).writersWaiting());
      assertEquals(0, Lowlevel.currentIoStatistics().channels());
    } finally {
      for (SocketChannel c : queued) {
        c.close();
      }
    }
  }
}

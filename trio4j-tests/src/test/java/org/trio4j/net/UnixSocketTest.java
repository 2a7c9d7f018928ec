package org.trio4j.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trio4j.net.SocketStreamPair.bytes;
import static org.trio4j.net.SocketStreamPair.receiveExactly;

import java.io.IOException;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.trio4j.BusyResourceException;
import org.trio4j.ClosedResourceException;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.testing.HalfCloseableStreamChecks;
import org.trio4j.testing.StreamPair;
import org.trio4j.testing.TrioTest;

/**
 * Unix-domain sockets: Net.openUnixSocket, Net.openUnixListener, Net.serveUnix, and SocketStream
 * over a Unix-domain channel (Trio's test_highlevel_open_unix_stream.py, plus the stream
 * conformance kit). Tests where real data must arrive use the real clock.
 */
class UnixSocketTest {
  @TempDir static Path dir;

  /** An echo server started with serveUnix answers a client of openUnixSocket. */
  @TrioTest(clock = TrioTest.ClockKind.REAL)
  void echoThroughServeUnix() throws Exception {
    Path path = UnixSocketPair.newPath(dir);
    Nursery.open(
        n -> {
          List<UnixSocketListener> listeners =
              n.start(
                  status ->
                      Net.serveUnix(
                          stream -> {
                            for (byte[] chunk : stream.chunks()) {
                              stream.sendAll(chunk);
                            }
                          },
                          path,
                          status));
          assertEquals(path, listeners.get(0).path());
          assertTrue(Files.exists(path));
          try (SocketStream client = Net.openUnixSocket(path)) {
            assertTrue(client.isUnixDomain());
            assertEquals(UnixDomainSocketAddress.of(path), client.remoteSocketAddress());
            client.sendAll(bytes("ping"));
            assertEquals("ping", receiveExactly(client, 4));
          }
          n.cancelScope().cancel();
        });
    assertFalse(Files.exists(path), "serving ended, so the socket file is deleted");
  }

  /**
   * sendEof on a Unix-domain stream ends the peer's receiving while the other direction still
   * works; TCP-only options are not applied and the TCP address accessors say what to use instead.
   */
  @TrioTest(clock = TrioTest.ClockKind.REAL)
  void sendEofAndAddresses() throws Exception {
    UnixSocketPair p = UnixSocketPair.open(dir);
    try {
      p.a.sendAll(bytes("last"));
      p.a.sendEof();
      assertEquals("last", receiveExactly(p.b, 4));
      assertEquals(-1, p.b.receiveSome(java.nio.ByteBuffer.allocate(10)));
      p.b.sendAll(bytes("back"));
      assertEquals("back", receiveExactly(p.a, 4));
      assertThrows(
          UnsupportedOperationException.class,
          () -> p.a.getOption(StandardSocketOptions.TCP_NODELAY));
      IllegalStateException e = assertThrows(IllegalStateException.class, p.a::localAddress);
      assertTrue(e.getMessage().contains("localSocketAddress()"), e.getMessage());
      assertInstanceOf(UnixDomainSocketAddress.class, p.b.localSocketAddress());
      assertFalse(p.a.channel().isBlocking());
    } finally {
      p.closeBoth();
    }
  }

  /** A cancelled receiveSome receives nothing: the data sent afterwards arrives whole. */
  @TrioTest
  void cancelledReceiveLosesNothing() throws Exception {
    UnixSocketPair p = UnixSocketPair.open(dir);
    try {
      assertFalse(Trio.moveOnAfter(Duration.ofSeconds(1), () -> p.b.receiveSome(10)));
      assertEquals(Duration.ofSeconds(1).toNanos(), Trio.currentTime());
      p.a.sendAll(bytes("abc"));
      assertEquals("abc", receiveExactly(p.b, 3));
    } finally {
      p.closeBoth();
    }
  }

  /** A second concurrent sender (or receiver) fails at once with BusyResourceException. */
  @TrioTest
  void concurrentSendersAreBusy() throws Exception {
    UnixSocketPair p = UnixSocketPair.clogged(dir, false);
    try {
      Nursery.open(
          n -> {
            n.startSoon(() -> p.a.sendAll(bytes("blocked")));
            n.startSoon(() -> p.a.receiveSome(10));
            Lowlevel.waitAllTasksBlocked();
            BusyResourceException s =
                assertThrows(BusyResourceException.class, () -> p.a.sendAll(bytes("x")));
            assertTrue(s.getMessage().contains("sending"), s.getMessage());
            assertThrows(BusyResourceException.class, () -> p.a.receiveSome(10));
            n.cancelScope().cancel();
          });
    } finally {
      p.closeBoth();
    }
  }

  /** Connecting to a path where nothing exists fails with the JDK's SocketException. */
  @TrioTest
  void connectToMissingPathFails() {
    Path missing = dir.resolve("nothing-here.sock");
    SocketException e = assertThrows(SocketException.class, () -> Net.openUnixSocket(missing));
    assertTrue(e.getMessage().contains("No such file"), e.getMessage());
  }

  /**
   * Closing a listener deletes its socket file, and wakes a blocked accept with
   * ClosedResourceException; opening a listener where a file already exists is refused and leaves
   * the file in place.
   */
  @TrioTest
  void listenerOwnsItsSocketFile() throws Exception {
    Path path = UnixSocketPair.newPath(dir);
    UnixSocketListener listener = Net.openUnixListener(path, 5);
    assertTrue(Files.exists(path));
    FileAlreadyExistsException e =
        assertThrows(FileAlreadyExistsException.class, () -> Net.openUnixListener(path));
    assertTrue(e.getMessage().contains("delete it"), e.getMessage());
    assertTrue(Files.exists(path), "a refused listener does not delete the existing file");
    Nursery.open(
        n -> {
          n.startSoon(() -> assertThrows(ClosedResourceException.class, listener::accept));
          Lowlevel.waitAllTasksBlocked();
          listener.close();
        });
    assertFalse(Files.exists(path));
    assertTrue(listener.toString().contains("closed"), listener.toString());
    listener.close();
    assertThrows(ClosedResourceException.class, listener::accept);
  }

  /** A stale file at the path is refused with a clear error, not deleted. */
  @TrioTest
  void staleFileIsRefused() throws IOException {
    Path path = UnixSocketPair.newPath(dir);
    Files.writeString(path, "stale");
    assertThrows(FileAlreadyExistsException.class, () -> Net.openUnixListener(path));
    assertEquals("stale", Files.readString(path));
  }

  private static HalfCloseableStreamChecks<SocketStream, SocketStream> checks() {
    return new HalfCloseableStreamChecks<>(
        () -> {
          UnixSocketPair p = UnixSocketPair.open(dir);
          return new StreamPair<>(p.a, p.b);
        },
        () -> {
          UnixSocketPair p = UnixSocketPair.clogged(dir, true);
          return new StreamPair<>(p.a, p.b);
        });
  }

  /** The whole half-closeable stream conformance kit passes on a Unix-domain socket pair. */
  @TrioTest(clock = TrioTest.ClockKind.REAL)
  void conformance() {
    checks().runAll();
  }
}

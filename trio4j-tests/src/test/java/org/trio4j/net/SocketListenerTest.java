package org.trio4j.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trio4j.net.SocketStreamPair.bytes;
import static org.trio4j.net.SocketStreamPair.receiveExactly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trio4j.BusyResourceException;
import org.trio4j.CancelScope;
import org.trio4j.ClosedResourceException;
import org.trio4j.Nursery;
import org.trio4j.lowlevel.LoopbackPair;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.testing.SocketTesting;
import org.trio4j.testing.TrioTest;

/** SocketListener (Trio's test_SocketListener*, rule 4.3 of TRIO-REFERENCE). */
class SocketListenerTest {
  private static SocketListener listenOnLoopback() throws IOException {
    ServerSocketChannel ch = ServerSocketChannel.open();
    ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return new SocketListener(ch);
  }

  /** A channel that is not bound (so not listening) is refused with a message saying so. */
  @Test
  void constructorRequiresAListeningChannel() throws IOException {
    try (ServerSocketChannel ch = ServerSocketChannel.open()) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new SocketListener(ch));
      assertTrue(e.getMessage().contains("listening"), e.getMessage());
    }
  }

  /**
   * accept returns a SocketStream whose ends match the client's; the listener exposes its channel;
   * close is idempotent and accept then throws ClosedResourceException.
   */
  @TrioTest
  void acceptThenClose() throws Exception {
    SocketListener listener = listenOnLoopback();
    assertEquals(listener.localAddress(), listener.channel().getLocalAddress());
    SocketStream client = SocketTesting.openStreamToSocketListener(listener);
    SocketStream server = listener.accept();
    assertEquals(listener.localAddress(), server.localAddress());
    assertEquals(client.localAddress(), server.remoteAddress());
    client.sendAll(bytes("ok"));
    assertEquals("ok", receiveExactly(server, 2));
    listener.close();
    listener.close();
    assertThrows(ClosedResourceException.class, listener::accept);
    server.close();
    client.close();
  }

  /**
   * accept is a checkpoint: in a cancelled scope it throws Cancelled and accepts nothing, so the
   * waiting connection is there for the next accept.
   */
  @TrioTest
  void cancelledAcceptAcceptsNothing() throws Exception {
    SocketListener listener = listenOnLoopback();
    SocketStream client = SocketTesting.openStreamToSocketListener(listener);
    CancelScope scope = new CancelScope();
    scope.cancel();
    scope.run(listener::accept);
    assertTrue(scope.cancelledCaught());
    SocketStream server = listener.accept();
    assertEquals(client.localAddress(), server.remoteAddress());
    server.close();
    client.close();
    listener.close();
  }

  /** Closing the channel behind the listener's back makes accept throw ClosedResourceException. */
  @TrioTest
  void socketClosedUnderfoot() throws Exception {
    SocketListener listener = listenOnLoopback();
    listener.channel().close();
    assertThrows(ClosedResourceException.class, listener::accept);
    listener.close();
  }

  /** A task blocked in accept wakes with ClosedResourceException when the listener is closed. */
  @TrioTest
  void closeWakesABlockedAccept() throws Exception {
    SocketListener listener = listenOnLoopback();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                try {
                  listener.accept();
                } catch (ClosedResourceException e) {
                  log.add("closed");
                }
              });
          Lowlevel.waitAllTasksBlocked();
          listener.close();
        });
    assertEquals(List.of("closed"), log);
  }

  /** A second task accepting at the same time fails with BusyResourceException. */
  @TrioTest
  void concurrentAcceptIsBusy() throws Exception {
    SocketListener listener = listenOnLoopback();
    try {
      Nursery.open(
          n -> {
            n.startSoon(listener::accept);
            Lowlevel.waitAllTasksBlocked();
            assertThrows(BusyResourceException.class, listener::accept);
            n.cancelScope().cancel();
          });
    } finally {
      listener.close();
    }
  }

  /**
   * accept retries the errors that concern only one incoming connection (aborted, not permitted,
   * protocol error), and throws the others, such as running out of file descriptors, as
   * UncheckedIOException with the IOException as the cause; the listener keeps working
   * (test_SocketListener_accept_errors).
   */
  @TrioTest
  void acceptRetriesTransientErrorsAndThrowsTheOthers() throws Exception {
    try (LoopbackPair p = LoopbackPair.open();
        LoopbackPair q = LoopbackPair.open()) {
      IOException emfile = new IOException("Too many open files");
      IOException efault = new IOException("Bad address");
      IOException enobufs = new IOException("No buffer space available");
      FakeServerSocketChannel fake =
          new FakeServerSocketChannel(
              List.of(
                  new IOException("Software caused connection abort"),
                  new IOException("Operation not permitted"),
                  new IOException("Protocol error"),
                  p.b,
                  emfile,
                  efault,
                  enobufs,
                  q.b));
      SocketListener listener = new SocketListener(fake);
      assertSame(p.b, listener.accept().channel());
      assertEquals(4, fake.accepts);
      for (IOException expected : List.of(emfile, efault, enobufs)) {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, listener::accept);
        assertSame(expected, e.getCause());
      }
      assertSame(q.b, listener.accept().channel());
      assertEquals(8, fake.accepts);
      listener.close();
    }
  }
}

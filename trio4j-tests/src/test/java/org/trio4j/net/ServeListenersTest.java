package org.trio4j.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trio4j.net.SocketStreamPair.bytes;
import static org.trio4j.net.SocketStreamPair.receiveExactly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.stream.Stream;
import org.trio4j.testing.SocketTesting;
import org.trio4j.testing.TrioTest;

/**
 * Net.serveListeners and Net.serveTcp (Trio's test_highlevel_serve_listeners.py and test_serve_tcp;
 * rule 4.2 of TRIO-REFERENCE).
 */
class ServeListenersTest {
  private static final ConnectionHandler<SocketStream> ECHO =
      stream -> {
        for (byte[] chunk : stream.chunks()) {
          stream.sendAll(chunk);
        }
      };

  /**
   * Each connection of each listener is handled in its own task; each stream is closed forcefully
   * when its handler returns; start returns the listeners; cancelling the server closes them
   * (test_serve_listeners_basic).
   */
  @TrioTest
  void serveListenersBasic() throws Exception {
    List<FakeListener> listeners = List.of(new FakeListener(), new FakeListener());
    ConnectionHandler<Stream> handler =
        stream -> {
          stream.sendAll(bytes("123"));
          assertEquals("456", SocketStreamPair.string(stream.receiveSome(10)));
        };
    Nursery.open(
        n -> {
          List<FakeListener> started =
              n.start(status -> Net.serveListeners(handler, listeners, null, status));
          assertEquals(listeners, started);
          Nursery.open(
              clients -> {
                for (FakeListener l : listeners) {
                  for (int i = 0; i < 3; i++) {
                    clients.startSoon(
                        () -> {
                          SocketStream s = l.connect();
                          assertEquals("123", receiveExactly(s, 3));
                          s.sendAll(bytes("456"));
                          assertArrayEquals(new byte[0], s.receiveSome(10));
                          s.close();
                        });
                  }
                }
              });
          for (FakeListener l : listeners) {
            assertEquals(
                List.of(Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE), l.closesOfAcceptedStreams);
          }
          n.cancelScope().cancel();
        });
    for (FakeListener l : listeners) {
      assertEquals(1, l.closes.get());
    }
  }

  /**
   * An accept error other than running out of resources stops the server with that very exception
   * (test_serve_listeners_accept_unrecognized_error).
   */
  @TrioTest
  void unrecognizedAcceptErrorPropagates() throws Exception {
    for (RuntimeException error :
        List.of(
            new IllegalStateException("not an I/O error"),
            new UncheckedIOException(new IOException("Software caused connection abort")))) {
      FakeListener listener = new FakeListener();
      listener.acceptHook =
          () -> {
            throw error;
          };
      RuntimeException thrown =
          assertThrows(
              RuntimeException.class, () -> Net.serveListeners(stream -> {}, List.of(listener)));
      assertSame(error, thrown);
      assertEquals(1, listener.closes.get());
    }
  }

  /**
   * Running out of file descriptors is logged and retried every 100 ms: in 950 ms there are accepts
   * at exactly 0, 100, ..., 900 ms and ten ERROR records that say "retrying", each with the
   * exception (test_serve_listeners_accept_capacity_error).
   */
  @TrioTest
  void outOfFileDescriptorsIsLoggedAndRetriedEvery100Ms() throws Exception {
    FakeListener listener = new FakeListener();
    UncheckedIOException emfile = new UncheckedIOException(new IOException("Too many open files"));
    listener.acceptHook =
        () -> {
          throw emfile;
        };
    List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
    Logger jul = Logger.getLogger("org.trio4j.net");
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            records.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    boolean useParent = jul.getUseParentHandlers();
    jul.addHandler(capture);
    jul.setUseParentHandlers(false);
    try {
      assertFalse(
          Trio.moveOnAfter(
              Duration.ofMillis(950), () -> Net.serveListeners(stream -> {}, List.of(listener))));
    } finally {
      jul.removeHandler(capture);
      jul.setUseParentHandlers(useParent);
    }
    List<Long> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      expected.add(Duration.ofMillis(100L * i).toNanos());
    }
    assertEquals(expected, listener.acceptTimes);
    assertEquals(10, records.size());
    for (LogRecord r : records) {
      assertEquals(java.util.logging.Level.SEVERE, r.getLevel());
      assertTrue(r.getMessage().contains("retrying"), r.getMessage());
      assertTrue(r.getMessage().contains("Too many open files"), r.getMessage());
      assertSame(emfile, r.getThrown());
    }
    assertEquals(1, listener.closes.get());
  }

  /** Thrown by the connection watcher below to end the test. */
  static final class Done extends Exception {
    private static final long serialVersionUID = 1L;
  }

  /**
   * Handlers run in the handler nursery given: after ten connections it has ten child tasks
   * (test_serve_listeners_connection_nursery).
   */
  @TrioTest
  void handlersRunInTheHandlerNursery() throws Exception {
    FakeListener listener = new FakeListener();
    List<SocketStream> clients = Collections.synchronizedList(new ArrayList<>());
    ConnectionHandler<Stream> handler = stream -> Trio.sleep(Duration.ofSeconds(1));
    assertThrows(
        Done.class,
        () ->
            Nursery.open(
                n -> {
                  Nursery handlerNursery =
                      n.start(
                          status ->
                              Nursery.open(
                                  hn -> {
                                    status.started(hn);
                                    Lowlevel.waitAllTasksBlocked();
                                    assertEquals(10, hn.childTasks().size());
                                    throw new Done();
                                  }));
                  n.start(
                      status ->
                          Net.serveListeners(handler, List.of(listener), handlerNursery, status));
                  for (int i = 0; i < 10; i++) {
                    n.startSoon(() -> clients.add(listener.connect()));
                  }
                }));
    assertEquals(10, clients.size());
    for (SocketStream c : clients) {
      c.closeForcefully();
    }
  }

  /** A handler that throws stops the server with its exception, and its stream is still closed. */
  @TrioTest
  void failingHandlerStopsTheServerAndItsStreamIsClosed() throws Exception {
    FakeListener listener = new FakeListener();
    IllegalStateException boom = new IllegalStateException("handler failed");
    ConnectionHandler<Stream> handler =
        stream -> {
          throw boom;
        };
    List<SocketStream> clients = Collections.synchronizedList(new ArrayList<>());
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                Nursery.open(
                    n -> {
                      n.start(
                          status -> Net.serveListeners(handler, List.of(listener), null, status));
                      clients.add(listener.connect());
                    }));
    assertSame(boom, thrown);
    assertEquals(List.of(Long.MIN_VALUE), listener.closesOfAcceptedStreams);
    assertEquals(1, listener.closes.get());
    clients.get(0).close();
  }

  /**
   * serveTcp with nursery.start returns listeners that already accept: a client connects at once,
   * is echoed, and sees EOF when the handler returns (its stream is closed); cancelling the server
   * closes the listeners (test_serve_tcp).
   */
  @TrioTest
  void serveTcpWithNurseryStart() throws Exception {
    List<List<SocketListener>> seen = new ArrayList<>();
    Nursery.open(
        n -> {
          List<SocketListener> listeners =
              n.start(status -> Net.serveTcp(ECHO, 0, "127.0.0.1", status));
          seen.add(listeners);
          assertEquals(1, listeners.size());
          try (SocketStream client = SocketTesting.openStreamToSocketListener(listeners.get(0))) {
            client.sendAll(bytes("hello"));
            assertEquals("hello", receiveExactly(client, 5));
            client.sendEof();
            assertArrayEquals(new byte[0], client.receiveSome(10));
          }
          n.cancelScope().cancel();
        });
    assertFalse(seen.get(0).get(0).channel().isOpen());
  }

  /** serveTcp with no host serves on the wildcard; clients reach it through loopback. */
  @TrioTest
  void serveTcpOnEveryAddress() throws Exception {
    Nursery.open(
        n -> {
          List<SocketListener> listeners = n.start(status -> Net.serveTcp(ECHO, 0, null, status));
          for (SocketListener l : listeners) {
            try (SocketStream client = SocketTesting.openStreamToSocketListener(l)) {
              client.sendAll(bytes("x"));
              assertEquals("x", receiveExactly(client, 1));
            }
          }
          n.cancelScope().cancel();
        });
  }

  /** A port that is already in use makes serveTcp fail before it reports started. */
  @TrioTest
  void serveTcpOnAPortInUseFails() throws Exception {
    SocketListener taken = Net.openTcpListeners(0, "127.0.0.1").get(0);
    int port = taken.localAddress().getPort();
    try {
      assertThrows(
          IOException.class,
          () ->
              Nursery.open(n -> n.start(status -> Net.serveTcp(ECHO, port, "127.0.0.1", status))));
    } finally {
      taken.close();
    }
  }

  /** serveListeners refuses an empty list of listeners instead of returning at once. */
  @TrioTest
  void serveListenersNeedsAListener() {
    assertThrows(
        IllegalArgumentException.class, () -> Net.serveListeners(ECHO, List.<SocketListener>of()));
  }
}

package org.trio4j.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.trio4j.KeyboardInterrupt;
import org.trio4j.Nursery;
import org.trio4j.Trio;
import org.trio4j.net.ConnectionHandler;
import org.trio4j.net.Net;
import org.trio4j.net.SocketListener;
import org.trio4j.net.SocketStream;

/**
 * The echo servers the echo benchmark compares, on 127.0.0.1 and an ephemeral port, each in the
 * benchmark's own process: trio4j's {@code Net.serveTcp}, and a plain virtual-thread server with
 * blocking {@code SocketChannel}s. Both echo with one direct buffer per connection.
 */
final class EchoServers {
  private EchoServers() {}

  /** The listen backlog of the servers here: a load test connects 1,000 clients at once. */
  static final int BACKLOG = 4096;

  /** A running server: its port, and how to stop it. */
  interface Server extends AutoCloseable {
    int port();

    @Override
    void close() throws Exception;
  }

  private static final ConnectionHandler<SocketStream> ECHO =
      stream -> {
        ByteBuffer buf = ByteBuffer.allocateDirect(4096);
        while (true) {
          buf.clear();
          if (stream.receiveSome(buf) < 0) {
            return;
          }
          buf.flip();
          stream.sendAll(buf);
        }
      };

  /**
   * Starts trio4j's server: {@code Trio.run} on a platform thread, whose main task starts {@code
   * Net.serveTcp} with {@code nursery.start}; interrupting that thread cancels the run (as Ctrl-C).
   */
  static Server trio4j() throws Exception {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread runner =
        Thread.ofPlatform()
            .name("trio4j-echo-server")
            .daemon()
            .start(
                () -> {
                  try {
                    Trio.run(
                        () -> {
                          Nursery.open(
                              n -> {
                                List<SocketListener> listeners =
                                    n.start(status -> Net.serveTcp(ECHO, 0, "127.0.0.1", status));
                                port.complete(listeners.get(0).localAddress().getPort());
                              });
                          return null;
                        });
                  } catch (KeyboardInterrupt e) {
                    // Stopped by close().
                  } catch (Throwable t) {
                    port.completeExceptionally(t);
                  }
                });
    int p = port.get();
    return new Server() {
      @Override
      public int port() {
        return p;
      }

      @Override
      public void close() throws InterruptedException {
        runner.interrupt();
        runner.join();
      }
    };
  }

  /** Starts the peer: an accept loop and one virtual thread per connection, blocking I/O. */
  static Server virtualThreads() throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
    int p = ((InetSocketAddress) server.getLocalAddress()).getPort();
    Thread acceptor =
        Thread.ofVirtual()
            .name("vt-echo-acceptor")
            .start(
                () -> {
                  try {
                    while (true) {
                      SocketChannel conn = server.accept();
                      Thread.ofVirtual().start(() -> echo(conn));
                    }
                  } catch (IOException e) {
                    // Closed by close().
                  }
                });
    return new Server() {
      @Override
      public int port() {
        return p;
      }

      @Override
      public void close() throws Exception {
        server.close();
        acceptor.join();
      }
    };
  }

  private static void echo(SocketChannel conn) {
    try (conn) {
      conn.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
      ByteBuffer buf = ByteBuffer.allocateDirect(4096);
      while (true) {
        buf.clear();
        if (conn.read(buf) < 0) {
          return;
        }
        buf.flip();
        while (buf.hasRemaining()) {
          conn.write(buf);
        }
      }
    } catch (IOException e) {
      // The client went away.
    }
  }
}

package org.trio4j.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load generator of the echo benchmark, the same for every server: connections that each run
 * ping-pongs of a fixed-size message from their own virtual thread, with blocking channels.
 */
final class EchoClients implements AutoCloseable {
  private final List<SocketChannel> connections = new ArrayList<>();
  private final int messageSize;

  /** Bytes echoed back so far, for the smoke test. */
  final LongAdder echoed = new LongAdder();

  EchoClients(int port, int count, int messageSize) throws IOException {
    this.messageSize = messageSize;
    for (int i = 0; i < count; i++) {
      SocketChannel c =
          SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      c.setOption(StandardSocketOptions.TCP_NODELAY, true);
      connections.add(c);
    }
  }

  /**
   * Every connection does {@code roundTrips} ping-pongs at once, each from its own virtual thread;
   * returns when all are done.
   *
   * @param roundTrips ping-pongs per connection
   * @throws Exception if a connection fails
   */
  void pingPong(int roundTrips) throws Exception {
    Thread[] threads = new Thread[connections.size()];
    Throwable[] failure = new Throwable[1];
    for (int i = 0; i < threads.length; i++) {
      SocketChannel c = connections.get(i);
      threads[i] =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      run(c, roundTrips);
                    } catch (Throwable t) {
                      synchronized (failure) {
                        failure[0] = t;
                      }
                    }
                  });
    }
    for (Thread t : threads) {
      t.join();
    }
    synchronized (failure) {
      if (failure[0] != null) {
        throw new IOException("a client connection failed", failure[0]);
      }
    }
  }

  private void run(SocketChannel c, int roundTrips) throws IOException {
    ByteBuffer out = ByteBuffer.allocateDirect(messageSize);
    ByteBuffer in = ByteBuffer.allocateDirect(messageSize);
    for (int r = 0; r < roundTrips; r++) {
      out.clear();
      while (out.hasRemaining()) {
        c.write(out);
      }
      in.clear();
      while (in.hasRemaining()) {
        if (c.read(in) < 0) {
          throw new IOException("the server closed the connection");
        }
      }
      echoed.add(messageSize);
    }
  }

  @Override
  public void close() throws IOException {
    for (SocketChannel c : connections) {
      c.close();
    }
  }
}

package org.trio4j.lowlevel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Two connected non-blocking TCP channels over 127.0.0.1, for tests. Made with plain JDK calls that
 * do not need another task (the connection is accepted from the listen queue), so it works in both
 * scheduling modes.
 */
public final class LoopbackPair implements AutoCloseable {
  /** One end. */
  public final SocketChannel a;

  /** The other end. */
  public final SocketChannel b;

  private LoopbackPair(SocketChannel a, SocketChannel b) {
    this.a = a;
    this.b = b;
  }

  /**
   * Opens a connected pair.
   *
   * @return the pair, both ends non-blocking
   * @throws IOException if the loopback connection fails
   */
  public static LoopbackPair open() throws IOException {
    return open(0);
  }

  /**
   * Opens a connected pair whose kernel buffers are small, so that they fill up quickly.
   *
   * @param bufferSize SO_SNDBUF and SO_RCVBUF for both ends; 0 leaves the defaults
   * @return the pair, both ends non-blocking
   * @throws IOException if the loopback connection fails
   */
  public static LoopbackPair open(int bufferSize) throws IOException {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      if (bufferSize > 0) {
        server.setOption(StandardSocketOptions.SO_RCVBUF, bufferSize);
      }
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      SocketChannel a = SocketChannel.open();
      if (bufferSize > 0) {
        a.setOption(StandardSocketOptions.SO_SNDBUF, bufferSize);
        a.setOption(StandardSocketOptions.SO_RCVBUF, bufferSize);
      }
      a.connect(server.getLocalAddress());
      SocketChannel b = server.accept();
      if (bufferSize > 0) {
        b.setOption(StandardSocketOptions.SO_SNDBUF, bufferSize);
      }
      a.configureBlocking(false);
      b.configureBlocking(false);
      return new LoopbackPair(a, b);
    }
  }

  /**
   * Writes to {@code ch} without blocking until the kernel takes no more, and keeps trying a few
   * times more, since the kernel may still be moving earlier data into the peer's receive buffer
   * (freeing send-buffer space) when the first write is refused.
   *
   * @param ch a non-blocking channel
   * @return how many bytes it took
   * @throws IOException if a write fails
   */
  public static long fill(SocketChannel ch) throws IOException {
    ByteBuffer junk = ByteBuffer.allocate(65536);
    long total = 0;
    int quietPasses = 0;
    while (quietPasses < 3) {
      long pass = 0;
      while (true) {
        junk.clear();
        int n = ch.write(junk);
        if (n == 0) {
          break;
        }
        pass += n;
      }
      total += pass;
      quietPasses = pass == 0 ? quietPasses + 1 : 0;
      Thread.yield();
    }
    return total;
  }

  @Override
  public void close() throws IOException {
    try {
      a.close();
    } finally {
      b.close();
    }
  }
}

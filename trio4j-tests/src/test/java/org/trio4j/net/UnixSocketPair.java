package org.trio4j.net;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.trio4j.lowlevel.LoopbackPair;

/** Connected Unix-domain SocketStreams for tests, made through a listener in a directory. */
final class UnixSocketPair {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  final SocketStream a;
  final SocketStream b;

  private UnixSocketPair(SocketStream a, SocketStream b) {
    this.a = a;
    this.b = b;
  }

  /** A fresh socket path in {@code dir}. */
  static Path newPath(Path dir) {
    return dir.resolve("s" + COUNTER.incrementAndGet() + ".sock");
  }

  /** A connected pair: a is the client, b the accepted end; the listener is closed again. */
  static UnixSocketPair open(Path dir) throws IOException {
    try (UnixSocketListener listener = Net.openUnixListener(newPath(dir))) {
      SocketStream client = Net.openUnixSocket(listener.path());
      return new UnixSocketPair(client, listener.accept());
    }
  }

  /**
   * A connected pair with small send buffers, filled from a to b (and from b to a if {@code both})
   * through the raw channels, so that every send blocks until the peer receives. Unlike TCP over
   * loopback, a Unix-domain socket has no delayed ACK that frees buffer space later: the memory of
   * what was sent is released only when the peer reads it.
   */
  static UnixSocketPair clogged(Path dir, boolean both) throws IOException {
    UnixSocketPair p = open(dir);
    p.a.setOption(StandardSocketOptions.SO_SNDBUF, 4096);
    p.b.setOption(StandardSocketOptions.SO_SNDBUF, 4096);
    LoopbackPair.fill(p.a.channel());
    if (both) {
      LoopbackPair.fill(p.b.channel());
    }
    return p;
  }

  void closeBoth() {
    try {
      a.closeForcefully();
    } finally {
      b.closeForcefully();
    }
  }
}

package org.trio4j.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.trio4j.Trio;
import org.trio4j.lowlevel.LoopbackPair;

/** Connected SocketStreams over loopback for tests, and small helpers to use them. */
final class SocketStreamPair {
  final SocketStream a;
  final SocketStream b;

  private SocketStreamPair(LoopbackPair p) {
    this.a = new SocketStream(p.a);
    this.b = new SocketStream(p.b);
  }

  /** A connected pair with the kernel's default buffers. */
  static SocketStreamPair open() throws IOException {
    return new SocketStreamPair(LoopbackPair.open());
  }

  /** A connected pair with small kernel buffers (4 KiB asked for), so that big sends block. */
  static SocketStreamPair small() throws IOException {
    return new SocketStreamPair(LoopbackPair.open(4096));
  }

  /**
   * A connected pair with small kernel buffers, filled from a to b (and from b to a if {@code
   * both}) through the raw channels, so that the sender is not writable (for readiness waits) until
   * the peer receives. Filling through the channels, not by cancelling a sendAll, keeps the streams
   * unbroken.
   *
   * <p>Linux loopback TCP caveat, measured: about 40 ms after the fill (the receiver's delayed ACK)
   * the sender accepts a couple of KiB more in small writes, although it never becomes writable for
   * epoll. So a test that needs a sendAll to block sends more than the buffers hold instead of
   * relying on a few bytes blocking.
   */
  static SocketStreamPair clogged(boolean both) throws IOException {
    LoopbackPair p = LoopbackPair.open(4096);
    LoopbackPair.fill(p.a);
    if (both) {
      LoopbackPair.fill(p.b);
    }
    return new SocketStreamPair(p);
  }

  /**
   * A pair clogged in both directions and settled, so that even a small write blocks: for the
   * stream conformance kit, whose clogged checks send a few bytes and expect them to block. Needs
   * the real clock.
   *
   * <p>After a fill, the receiver acknowledges the last segments it got only when its delayed-ACK
   * timer fires (about 40 ms on Linux); that ACK frees a couple of KiB in the sender's buffer,
   * which small writes can then use. So this waits, in steps of 2 ms of real time, until each
   * direction has taken that extra data once (or 150 ms have passed), and fills once more. The ACK
   * that arrives advertises a zero window, so the last fill is not transmitted and nothing more is
   * freed.
   */
  static SocketStreamPair settledClogged() throws IOException {
    LoopbackPair p = LoopbackPair.open(4096);
    LoopbackPair.fill(p.a);
    LoopbackPair.fill(p.b);
    boolean aTookMore = false;
    boolean bTookMore = false;
    long start = System.nanoTime();
    while (!(aTookMore && bTookMore) && System.nanoTime() - start < 150_000_000L) {
      Trio.sleep(Duration.ofMillis(2));
      aTookMore |= LoopbackPair.fill(p.a) > 0;
      bTookMore |= LoopbackPair.fill(p.b) > 0;
    }
    LoopbackPair.fill(p.a);
    LoopbackPair.fill(p.b);
    return new SocketStreamPair(p);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String string(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Receives exactly {@code n} bytes (or fewer if the stream ends) as a string. */
  static String receiveExactly(SocketStream s, int n) {
    ByteBuffer buf = ByteBuffer.allocate(n);
    while (buf.hasRemaining()) {
      if (s.receiveSome(buf) < 0) {
        break;
      }
    }
    return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
  }

  /** Receives and discards everything until the end of the stream; returns how much. */
  static long drain(SocketStream s) {
    ByteBuffer buf = ByteBuffer.allocate(65536);
    long total = 0;
    while (true) {
      buf.clear();
      int n = s.receiveSome(buf);
      if (n < 0) {
        return total;
      }
      total += n;
    }
  }

  void closeBoth() {
    try {
      a.closeForcefully();
    } finally {
      b.closeForcefully();
    }
  }
}

package org.trio4j.tls;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.trio4j.ClosedResourceException;
import org.trio4j.EndOfChannelException;
import org.trio4j.channel.ChannelPair;
import org.trio4j.channel.Channels;
import org.trio4j.channel.ReceiveChannel;
import org.trio4j.channel.SendChannel;
import org.trio4j.lowlevel.ConflictDetector;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.stream.Stream;

/**
 * A working fake transport for TLS tests: one end of an in-memory, unbounded, two-way byte pipe
 * built on memory channels, with a hook that can make sends fail and a count of closes.
 */
final class ChannelStream implements Stream {
  /** A hook run before each send. */
  @FunctionalInterface
  interface SendHook {
    void beforeSend();
  }

  private final SendChannel<byte[]> out;
  private final ReceiveChannel<byte[]> in;
  private final ConflictDetector sending = new ConflictDetector("another task is sending");
  private final ConflictDetector receiving = new ConflictDetector("another task is receiving");
  // Owned by the receiving task.
  private ByteBuffer leftover = ByteBuffer.allocate(0);
  private volatile boolean closed;
  volatile SendHook sendHook = () -> {};
  final AtomicInteger closes = new AtomicInteger();

  private ChannelStream(SendChannel<byte[]> out, ReceiveChannel<byte[]> in) {
    this.out = out;
    this.in = in;
  }

  /** Two connected ends. */
  static ChannelStream[] pair() {
    ChannelPair<byte[]> ab = Channels.openUnbounded();
    ChannelPair<byte[]> ba = Channels.openUnbounded();
    return new ChannelStream[] {
      new ChannelStream(ab.send(), ba.receive()), new ChannelStream(ba.send(), ab.receive())
    };
  }

  @Override
  public void sendAll(ByteBuffer data) {
    sending.enter();
    try {
      Lowlevel.checkpoint();
      if (closed) {
        throw new ClosedResourceException("closed");
      }
      sendHook.beforeSend();
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      if (chunk.length > 0) {
        out.send(chunk);
      }
    } finally {
      sending.exit();
    }
  }

  @Override
  public void waitSendAllMightNotBlock() {
    Lowlevel.checkpoint();
    if (closed) {
      throw new ClosedResourceException("closed");
    }
  }

  @Override
  public int receiveSome(ByteBuffer dst) {
    receiving.enter();
    try {
      if (closed) {
        throw new ClosedResourceException("closed");
      }
      if (!leftover.hasRemaining()) {
        try {
          leftover = ByteBuffer.wrap(in.receive());
        } catch (EndOfChannelException e) {
          return -1;
        }
      } else {
        Lowlevel.checkpoint();
      }
      int n = Math.min(dst.remaining(), leftover.remaining());
      dst.put(dst.position(), leftover, leftover.position(), n);
      dst.position(dst.position() + n);
      leftover.position(leftover.position() + n);
      return n;
    } finally {
      receiving.exit();
    }
  }

  @Override
  public void close() {
    closes.incrementAndGet();
    closed = true;
    out.close();
    in.close();
    Lowlevel.checkpoint();
  }

  @Override
  public String toString() {
    return "ChannelStream";
  }
}

package org.trio4j.testing;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;
import org.trio4j.BrokenResourceException;
import org.trio4j.ClosedResourceException;
import org.trio4j.Trio;
import org.trio4j.stream.HalfCloseableStream;

/**
 * A stream with deliberate bugs, to prove that each conformance check can fail: one end of a
 * connection over working memory streams, whose behaviour the chosen {@link Fault}s change. With no
 * faults it is a correct half-closeable stream (the control case). An end of a one-way pair has
 * only one direction; using the other is a test bug.
 */
final class FaultyStream implements HalfCloseableStream {
  private final Set<Fault> faults;
  private final FaultyDirection out;
  private final FaultyDirection in;

  FaultyStream(Set<Fault> faults, FaultyDirection out, FaultyDirection in) {
    this.faults = faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults);
    this.out = out;
    this.in = in;
  }

  /** A one-way pair over {@code pair}, with the faults. */
  static StreamPair<FaultyStream, FaultyStream> oneWay(
      StreamPair<MemorySendStream, MemoryReceiveStream> pair, Set<Fault> faults) {
    FaultyDirection d = new FaultyDirection(pair);
    return new StreamPair<>(new FaultyStream(faults, d, null), new FaultyStream(faults, null, d));
  }

  /** A two-way pair over two memory one-way pairs, with the faults. */
  static StreamPair<FaultyStream, FaultyStream> twoWay(Set<Fault> faults) {
    FaultyDirection ab = new FaultyDirection(MemoryStreams.oneWayPair());
    FaultyDirection ba = new FaultyDirection(MemoryStreams.oneWayPair());
    return new StreamPair<>(new FaultyStream(faults, ab, ba), new FaultyStream(faults, ba, ab));
  }

  private boolean has(Fault f) {
    return faults.contains(f);
  }

  private FaultyDirection out() {
    if (out == null) {
      throw new AssertionError("this end of a one-way pair cannot send");
    }
    return out;
  }

  private FaultyDirection in() {
    if (in == null) {
      throw new AssertionError("this end of a one-way pair cannot receive");
    }
    return in;
  }

  @Override
  public void sendAll(ByteBuffer data) {
    FaultyDirection d = out();
    if (has(Fault.QUEUES_SENDS)) {
      d.sendLock.acquire();
      try {
        send(d, data);
      } finally {
        d.sendLock.release();
      }
    } else {
      send(d, data);
    }
  }

  private void send(FaultyDirection d, ByteBuffer data) {
    if (has(Fault.SEND_AFTER_EOF_SUCCEEDS) && d.eofSent
        || has(Fault.EMPTY_SEND_AFTER_CLOSE_SUCCEEDS) && !data.hasRemaining()) {
      Trio.checkpoint();
      data.position(data.limit());
      return;
    }
    if (has(Fault.EMPTY_SEND_SENDS_A_BYTE) && !data.hasRemaining()) {
      d.send.sendAll(new byte[1]);
      return;
    }
    if (has(Fault.SEND_NOT_A_CHECKPOINT)) {
      d.receive.putData(data);
      return;
    }
    ByteBuffer toSend = data;
    if (has(Fault.IGNORES_BUFFER_POSITION) && data.hasArray()) {
      toSend = ByteBuffer.wrap(data.array(), 0, data.remaining());
      data.position(data.limit());
    }
    try {
      d.send.sendAll(toSend);
    } catch (BrokenResourceException e) {
      if (has(Fault.CLOSED_INSTEAD_OF_BROKEN)) {
        throw new ClosedResourceException("wrongly reported as closed", e);
      }
      throw e;
    } catch (ClosedResourceException e) {
      if (has(Fault.CLOSE_BREAKS_BLOCKED_SEND)) {
        throw new BrokenResourceException("wrongly reported as broken", e);
      }
      throw e;
    }
  }

  @Override
  public void waitSendAllMightNotBlock() {
    FaultyDirection d = out();
    if (has(Fault.WAIT_NOT_A_CHECKPOINT)) {
      return;
    }
    if (has(Fault.QUEUES_SENDS)) {
      d.sendLock.acquire();
    }
    try {
      if (has(Fault.WAIT_DOES_NOT_WAIT)) {
        Trio.checkpoint();
        if (d.sendClosed) {
          throw new ClosedResourceException("closed");
        }
        return;
      }
      try {
        d.send.waitSendAllMightNotBlock();
      } catch (ClosedResourceException e) {
        if (has(Fault.CLOSE_BREAKS_BLOCKED_SEND)) {
          throw new BrokenResourceException("wrongly reported as broken", e);
        }
        throw e;
      }
      if (has(Fault.WAIT_FAILS_AFTER_RECEIVER_CLOSED) && d.receiveClosed) {
        throw new ClosedResourceException("wrongly failed because the receiver closed");
      }
    } finally {
      if (has(Fault.QUEUES_SENDS)) {
        d.sendLock.release();
      }
    }
  }

  @Override
  public void sendEof() {
    FaultyDirection d = out();
    d.eofSent = true;
    if (has(Fault.SEND_EOF_NOT_A_CHECKPOINT)) {
      d.receive.putEof();
      return;
    }
    if (has(Fault.SEND_EOF_CLOSES_BOTH_WAYS)) {
      close();
      return;
    }
    closeSend(d);
  }

  @Override
  public int receiveSome(ByteBuffer dst) {
    FaultyDirection d = in();
    if (has(Fault.QUEUES_RECEIVES)) {
      d.receiveLock.acquire();
      try {
        return receive(d, dst);
      } finally {
        d.receiveLock.release();
      }
    }
    return receive(d, dst);
  }

  private int receive(FaultyDirection d, ByteBuffer dst) {
    if (has(Fault.ACCEPTS_A_FULL_BUFFER) && !dst.hasRemaining()
        || has(Fault.END_OVERTAKES_DATA) && d.sendClosed && !d.receiveClosed
        || has(Fault.FORCEFUL_RECEIVE_CLOSE_ENDS_STREAM) && d.closedForcefully) {
      Trio.checkpoint();
      return dst.hasRemaining() ? -1 : 0;
    }
    boolean wasClosed = d.receiveClosed;
    int start = dst.position();
    int n;
    try {
      n = d.receive.receiveSome(dst);
    } catch (ClosedResourceException e) {
      if (has(Fault.CLOSE_ENDS_A_BLOCKED_RECEIVE) && !wasClosed) {
        return -1;
      }
      throw e;
    }
    if (n < 0) {
      d.sawEnd = true;
      return n;
    }
    if (has(Fault.CORRUPTS_DATA) && d.received <= 1000 && d.received + n > 1000) {
      int at = start + (int) (1000 - d.received);
      dst.put(at, (byte) (dst.get(at) ^ 1));
    }
    d.received += n;
    return n;
  }

  @Override
  public void close() {
    try {
      if (out != null) {
        closeSend(out);
      }
    } finally {
      if (in != null) {
        closeReceive(in);
      }
    }
  }

  private void closeSend(FaultyDirection d) {
    if (has(Fault.CANCELLED_SEND_CLOSE_IGNORED)) {
      Trio.checkpoint();
    }
    d.sendClosed = true;
    d.send.close();
  }

  private void closeReceive(FaultyDirection d) {
    if (Trio.currentEffectiveDeadline() == Long.MIN_VALUE) {
      d.closedForcefully = true;
    }
    d.receiveClosed = true;
    d.receive.close();
    if (has(Fault.CLOSE_AFTER_END_FAILS) && d.sawEnd) {
      throw new BrokenResourceException("wrongly failed to close after the end");
    }
  }

  @Override
  public String toString() {
    return "FaultyStream" + faults;
  }
}

package org.trio4j.net;

import java.nio.ByteBuffer;
import java.util.List;
import org.trio4j.Trio;
import org.trio4j.stream.Stream;

/**
 * A Stream that delegates to a SocketStream and records, for each close, the effective deadline it
 * ran under (Long.MIN_VALUE means a forceful close, in a cancelled scope).
 */
final class RecordingStream implements Stream {
  final SocketStream inner;
  private final List<Long> closes;

  RecordingStream(SocketStream inner, List<Long> closes) {
    this.inner = inner;
    this.closes = closes;
  }

  @Override
  public void sendAll(ByteBuffer data) {
    inner.sendAll(data);
  }

  @Override
  public void waitSendAllMightNotBlock() {
    inner.waitSendAllMightNotBlock();
  }

  @Override
  public int receiveSome(ByteBuffer dst) {
    return inner.receiveSome(dst);
  }

  @Override
  public void close() {
    closes.add(Trio.currentEffectiveDeadline());
    inner.close();
  }
}

package org.trio4j.stream;

import java.nio.ByteBuffer;
import java.util.List;

/** A recording send stream that is also half-closeable, so StapledStream uses its sendEof. */
class RecordingHalfCloseableStream extends RecordingSendStream implements HalfCloseableStream {
  RecordingHalfCloseableStream(List<String> log) {
    super(log, null);
  }

  @Override
  public void sendEof() {
    log.add("send: sendEof");
  }

  @Override
  public int receiveSome(ByteBuffer dst) {
    throw new AssertionError("StapledStream must not receive from its send stream");
  }
}

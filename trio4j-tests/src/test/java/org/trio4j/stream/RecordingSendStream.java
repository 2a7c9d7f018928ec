package org.trio4j.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.trio4j.Trio;

/** A send stream that records the calls made on it in a shared log (a spy for StapledStream). */
class RecordingSendStream implements SendStream {
  final List<String> log;
  private final RuntimeException closeFailure;

  /**
   * Creates the spy.
   *
   * @param log where to record, as "send: CALL"
   * @param closeFailure what close throws after recording the call, or null to checkpoint instead
   */
  RecordingSendStream(List<String> log, RuntimeException closeFailure) {
    this.log = log;
    this.closeFailure = closeFailure;
  }

  @Override
  public void sendAll(ByteBuffer data) {
    byte[] b = new byte[data.remaining()];
    data.get(b);
    log.add("send: sendAll " + new String(b, StandardCharsets.ISO_8859_1));
  }

  @Override
  public void waitSendAllMightNotBlock() {
    log.add("send: waitSendAllMightNotBlock");
  }

  @Override
  public void close() {
    log.add("send: close");
    if (closeFailure != null) {
      throw closeFailure;
    }
    Trio.checkpoint();
  }
}

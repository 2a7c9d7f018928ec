package org.trio4j.stream;

import java.nio.ByteBuffer;
import java.util.List;
import org.trio4j.Trio;

/** A receive stream that records the calls made on it in a shared log and is always at its end. */
class RecordingReceiveStream implements ReceiveStream {
  private final List<String> log;
  private final RuntimeException closeFailure;

  /**
   * Creates the spy.
   *
   * @param log where to record, as "receive: CALL"
   * @param closeFailure what close throws after recording the call, or null to checkpoint instead
   */
  RecordingReceiveStream(List<String> log, RuntimeException closeFailure) {
    this.log = log;
    this.closeFailure = closeFailure;
  }

  @Override
  public int receiveSome(ByteBuffer dst) {
    log.add("receive: receiveSome " + dst.remaining());
    return -1;
  }

  @Override
  public void close() {
    log.add("receive: close");
    if (closeFailure != null) {
      throw closeFailure;
    }
    Trio.checkpoint();
  }
}

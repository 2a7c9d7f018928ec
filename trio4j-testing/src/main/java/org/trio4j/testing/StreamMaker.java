package org.trio4j.testing;

import org.trio4j.stream.AsyncResource;

/**
 * Makes a fresh pair of connected streams for the stream conformance kit ({@link StreamChecks}),
 * which calls it once per check, inside the run. It may block (connect, handshake, fill a buffer).
 *
 * {@snippet :
 * StreamChecks.checkHalfCloseableStream(MemoryStreams::pair, null);
 * StreamChecks.checkTwoWayStream(() -> connectLoopbackPair(), null);
 * }
 *
 * @param <L> the type of the first stream (the sender of a one-way pair)
 * @param <R> the type of the second stream (the receiver of a one-way pair)
 */
@FunctionalInterface
public interface StreamMaker<L extends AsyncResource, R extends AsyncResource> {
  /**
   * Makes the pair; the kit closes both streams when it is done with them.
   *
   * @return two connected streams
   * @throws Exception if they cannot be made (the check then fails with it)
   */
  StreamPair<L, R> make() throws Exception;
}

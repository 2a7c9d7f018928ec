package org.trio4j.testing;

import org.trio4j.stream.HalfCloseableStream;
import org.trio4j.stream.ReceiveStream;
import org.trio4j.stream.SendStream;
import org.trio4j.stream.Stream;

/**
 * The stream conformance kit (Trio's {@code check_one_way_stream}, {@code check_two_way_stream} and
 * {@code check_half_closeable_stream}): generic checks that any stream implementation, trio4j's or
 * your own, can be run through to find the edge cases it gets wrong (closing, cancellation,
 * conflicts, end of stream, checkpoints).
 *
 * {@snippet :
 * @TrioTest
 * void myStreamConforms() {
 *   StreamChecks.checkHalfCloseableStream(MyStream::connectedPair, MyStream::cloggedPair);
 * }
 * }
 *
 * <p>A maker returns a fresh connected pair each time it is called; a clogged maker (optional: pass
 * null to skip the checks that need one) returns a pair in a state where {@code sendAll} and {@code
 * waitSendAllMightNotBlock} block until the peer calls {@code receiveSome}, for example because a
 * socket's buffers were filled first. Each check is also a public method of {@link
 * OneWayStreamChecks}, {@link TwoWayStreamChecks} or {@link HalfCloseableStreamChecks}, for
 * rerunning one check on its own.
 *
 * <h2>Running</h2>
 *
 * Call these from inside a run: a {@code @TrioTest} (its autojumping clock makes them fast) or
 * {@code Trio.run}. They use {@link org.trio4j.lowlevel.Lowlevel#waitAllTasksBlocked()}, so the
 * streams should make progress without help from other tasks of the run. They stop at the first
 * failing check and throw an {@link AssertionError} that names it (for example {@code stream check
 * failed: one-way check 8 (closing the receive stream makes sendAll fail with
 * BrokenResourceException): ...}), with the original failure as its cause.
 */
public final class StreamChecks {
  private StreamChecks() {}

  /**
   * Runs every one-way check (Trio's 1 to 19) on a stream whose data flows from the left stream of
   * each pair to the right one.
   *
   * @param maker makes a connected (send stream, receive stream) pair
   * @param cloggedMaker makes a clogged pair, or null to skip checks 16 to 19
   * @param <S> the type of the send streams
   * @param <R> the type of the receive streams
   * @throws AssertionError naming the first check that failed
   */
  public static <S extends SendStream, R extends ReceiveStream> void checkOneWayStream(
      StreamMaker<? extends S, ? extends R> maker,
      StreamMaker<? extends S, ? extends R> cloggedMaker) {
    new OneWayStreamChecks<S, R>(maker, cloggedMaker).runAll();
  }

  /**
   * Runs every two-way check: the one-way checks in both directions, then checks 2 to 4 (both ends
   * are streams, full duplex, close gives the peer the end).
   *
   * @param maker makes a connected pair
   * @param cloggedMaker makes a clogged pair, or null to skip the checks that need one
   * @param <A> the type of the left streams
   * @param <B> the type of the right streams
   * @throws AssertionError naming the first check that failed
   */
  public static <A extends Stream, B extends Stream> void checkTwoWayStream(
      StreamMaker<? extends A, ? extends B> maker,
      StreamMaker<? extends A, ? extends B> cloggedMaker) {
    new TwoWayStreamChecks<A, B>(maker, cloggedMaker).runAll();
  }

  /**
   * Runs every half-closeable check: the two-way checks, then checks 2 to 6 of {@code sendEof}.
   *
   * @param maker makes a connected pair
   * @param cloggedMaker makes a clogged pair, or null to skip the checks that need one
   * @param <A> the type of the left streams
   * @param <B> the type of the right streams
   * @throws AssertionError naming the first check that failed
   */
  public static <A extends HalfCloseableStream, B extends HalfCloseableStream>
      void checkHalfCloseableStream(
          StreamMaker<? extends A, ? extends B> maker,
          StreamMaker<? extends A, ? extends B> cloggedMaker) {
    new HalfCloseableStreamChecks<A, B>(maker, cloggedMaker).runAll();
  }
}

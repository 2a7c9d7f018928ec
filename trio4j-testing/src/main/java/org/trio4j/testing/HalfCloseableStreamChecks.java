package org.trio4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.trio4j.testing.StreamCheckSupport.bytes;
import static org.trio4j.testing.StreamCheckSupport.expectBusy;
import static org.trio4j.testing.StreamCheckSupport.withPair;

import java.util.Objects;
import org.trio4j.ClosedResourceException;
import org.trio4j.Nursery;
import org.trio4j.ThrowingRunnable;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.stream.HalfCloseableStream;

/**
 * The conformance checks for a half-closeable stream (Trio's {@code check_half_closeable_stream}):
 * every {@link TwoWayStreamChecks two-way check}, then checks of {@code sendEof}, one public method
 * each. {@link StreamChecks#checkHalfCloseableStream} runs them all, in order.
 *
 * {@snippet :
 * var checks = new HalfCloseableStreamChecks<>(MemoryStreams::pair, null);
 * checks.checkSendEof();   // just check 3
 * checks.runAll();
 * }
 *
 * <p>A failing check throws an {@link AssertionError} whose message starts with {@code stream check
 * failed: half-closeable check N}. Run inside a run; see {@link OneWayStreamChecks} for the rules
 * every check follows.
 *
 * @param <A> the type of the left streams
 * @param <B> the type of the right streams
 */
public final class HalfCloseableStreamChecks<
    A extends HalfCloseableStream, B extends HalfCloseableStream> {
  private final StreamMaker<? extends A, ? extends B> maker;
  private final StreamMaker<? extends A, ? extends B> cloggedMaker;

  /**
   * Creates the checks for a stream.
   *
   * @param maker makes a connected pair
   * @param cloggedMaker makes a pair whose sends block until the peer receives, or null to skip the
   *     checks that need one
   */
  public HalfCloseableStreamChecks(
      StreamMaker<? extends A, ? extends B> maker,
      StreamMaker<? extends A, ? extends B> cloggedMaker) {
    this.maker = Objects.requireNonNull(maker, "maker");
    this.cloggedMaker = cloggedMaker;
  }

  /**
   * Runs every check in order, stopping at the first failure: the two-way checks (check 1), then
   * checks 2 to 6 (6 only with a clogged maker).
   *
   * @throws AssertionError naming the first check that failed
   */
  public void runAll() {
    twoWayChecks().runAll();
    checkBothAreHalfCloseable();
    checkSendEof();
    checkSendingAfterEofFails();
    checkTheOtherDirectionWorksAfterEof();
    if (cloggedMaker != null) {
      checkSendEofConflictsWithSending();
    }
  }

  /**
   * Returns the two-way checks of the same streams (check 1).
   *
   * @return the checks
   */
  public TwoWayStreamChecks<A, B> twoWayChecks() {
    return new TwoWayStreamChecks<>(maker, cloggedMaker);
  }

  /** Check 2: both ends are half-closeable. */
  public void checkBothAreHalfCloseable() {
    check(
        2,
        "both ends are HalfCloseableStreams",
        () ->
            withPair(
                maker,
                (s1, s2) -> {
                  assertInstanceOf(HalfCloseableStream.class, s1, "the left stream");
                  assertInstanceOf(HalfCloseableStream.class, s2, "the right stream");
                }));
  }

  /** Check 3: data then sendEof (a checkpoint): the peer reads the data, then the end. */
  public void checkSendEof() {
    check(
        3,
        "sendAll(\"x\") then sendEof: the peer reads \"x\", then the end",
        () -> withPair(maker, (s1, s2) -> sendXThenEof(s1, s2)));
  }

  /** Check 4: after sendEof, sending fails with ClosedResourceException; sendEof again is fine. */
  public void checkSendingAfterEofFails() {
    check(
        4,
        "after sendEof, sendAll fails and sendEof may be repeated",
        () ->
            withPair(
                maker,
                (s1, s2) -> {
                  Checkpoints.assertCheckpoints(s1::sendEof);
                  assertThrows(
                      ClosedResourceException.class,
                      () -> s1.sendAll(bytes("y")),
                      "sendAll after sendEof should fail");
                  Checkpoints.assertCheckpoints(s1::sendEof);
                }));
  }

  /** Check 5: after one side sent EOF, the other direction still carries data and its own EOF. */
  public void checkTheOtherDirectionWorksAfterEof() {
    check(
        5,
        "after sendEof one way, the other way still works",
        () ->
            withPair(
                maker,
                (s1, s2) -> {
                  sendXThenEof(s1, s2);
                  sendXThenEof(s2, s1);
                }));
  }

  /**
   * Check 6 (clogged): sendEof while a sendAll or a waitSendAllMightNotBlock is blocked fails with
   * BusyResourceException.
   */
  public void checkSendEofConflictsWithSending() {
    if (cloggedMaker == null) {
      throw new IllegalStateException("this check needs a clogged stream maker, but it is null");
    }
    check(
        6,
        "sendEof during a blocked sendAll or waitSendAllMightNotBlock is BusyResourceException",
        () -> {
          withPair(
              cloggedMaker,
              (s1, s2) ->
                  expectBusy(
                      "sendEof while sendAll is blocked",
                      n -> {
                        n.startSoon(() -> s1.sendAll(bytes("x")));
                        Lowlevel.waitAllTasksBlocked();
                        n.startSoon(s1::sendEof);
                      }));
          withPair(
              cloggedMaker,
              (s1, s2) ->
                  expectBusy(
                      "sendEof while waitSendAllMightNotBlock is blocked",
                      n -> {
                        n.startSoon(s1::waitSendAllMightNotBlock);
                        Lowlevel.waitAllTasksBlocked();
                        n.startSoon(s1::sendEof);
                      }));
        });
  }

  private static void sendXThenEof(HalfCloseableStream sender, HalfCloseableStream receiver)
      throws Exception {
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                sender.sendAll(bytes("x"));
                Checkpoints.assertCheckpoints(sender::sendEof);
              });
          n.startSoon(
              () -> {
                Lowlevel.waitAllTasksBlocked();
                assertArrayEquals(bytes("x"), receiver.receiveSome(10), "the data before EOF");
                assertArrayEquals(new byte[0], receiver.receiveSome(10), "the end after EOF");
              });
        });
  }

  private static void check(int number, String description, ThrowingRunnable<?> body) {
    StreamCheckSupport.runCheck("half-closeable check " + number, description, body);
  }

  @Override
  public String toString() {
    return "half-closeable stream checks for " + maker;
  }
}

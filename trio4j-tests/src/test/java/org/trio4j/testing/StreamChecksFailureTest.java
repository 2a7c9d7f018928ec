package org.trio4j.testing;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.function.Executable;
import org.trio4j.ThrowingRunnable;
import org.trio4j.stream.HalfCloseableStream;

/**
 * Proves that every check of the conformance kit can fail: each is run against a {@link
 * FaultyStream} with a bug that the check exists to catch, and must report itself by name. The same
 * double without faults passes the whole kit, so the faults, not the double, cause the failures.
 */
class StreamChecksFailureTest {

  private static OneWayStreamChecks<FaultyStream, FaultyStream> oneWay(Fault fault) {
    return new OneWayStreamChecks<>(
        () -> FaultyStream.oneWay(MemoryStreams.oneWayPair(), EnumSet.of(fault)),
        () -> FaultyStream.oneWay(CloggedMemoryStreams.oneWayPair(), EnumSet.of(fault)));
  }

  private static TwoWayStreamChecks<FaultyStream, FaultyStream> twoWay(Fault fault) {
    return new TwoWayStreamChecks<>(() -> FaultyStream.twoWay(EnumSet.of(fault)), null);
  }

  private static HalfCloseableStreamChecks<FaultyStream, FaultyStream> halfCloseable(Fault fault) {
    return new HalfCloseableStreamChecks<>(() -> FaultyStream.twoWay(EnumSet.of(fault)), null);
  }

  /** A check to run and what its failure message must say: why it failed. */
  private record Case(ThrowingRunnable<?> check, String reason) {}

  /**
   * Expects {@code check} to fail with a message that names {@code name} as the failing check and
   * contains {@code reason}, so that it failed for the bug planted, not for another.
   */
  private static Executable failsAs(String name, String reason, ThrowingRunnable<?> check) {
    return () -> {
      AssertionError e = assertThrows(AssertionError.class, check::run, name + " did not fail");
      assertTrue(
          e.getMessage().startsWith("stream check failed: " + name + " (")
              && e.getMessage().contains(reason),
          () ->
              "expected " + name + " to fail with \"" + reason + "\", but got: " + e.getMessage());
    };
  }

  private static void assertEachFails(Map<String, Case> cases) {
    assertAll(
        cases.entrySet().stream()
            .map(c -> failsAs(c.getKey(), c.getValue().reason(), c.getValue().check()))
            .toList());
  }

  /** One-way checks 1 to 15 each catch the bug they are about. */
  @TrioTest
  void eachPlainOneWayCheckCanFail() {
    Map<String, Case> cases = new TreeMap<>();
    EnumSet<Fault> none = EnumSet.noneOf(Fault.class);
    cases.put(
        "one-way check 1",
        new Case(
            () ->
                new OneWayStreamChecks<FaultyStream, FaultyStream>(
                        () ->
                            new StreamPair<>(
                                FaultyStream.oneWay(MemoryStreams.oneWayPair(), none).left(), null),
                        null)
                    .checkTypes(),
            "the right stream ==> Unexpected null value"));
    cases.put(
        "one-way check 2",
        new Case(
            oneWay(Fault.SEND_NOT_A_CHECKPOINT)::checkSendAndReceive,
            "expected a checkpoint, but the block did not check for cancellation"));
    cases.put(
        "one-way check 3",
        new Case(
            oneWay(Fault.EMPTY_SEND_SENDS_A_BYTE)::checkEmptySendHasNoMeaning, "instead of \"y\""));
    cases.put(
        "one-way check 4",
        new Case(
            oneWay(Fault.IGNORES_BUFFER_POSITION)::checkSendAllArguments,
            "receiveSome(1) returned \"a\" instead of \"2\""));
    cases.put(
        "one-way check 5",
        new Case(
            oneWay(Fault.ACCEPTS_A_FULL_BUFFER)::checkReceiveSomeArguments,
            "receiveSome of an empty buffer should fail"));
    cases.put(
        "one-way check 6",
        new Case(
            oneWay(Fault.QUEUES_RECEIVES)::checkConcurrentReceivesConflict,
            "should fail with BusyResourceException ==> Expected"));
    cases.put(
        "one-way check 7",
        new Case(
            oneWay(Fault.WAIT_NOT_A_CHECKPOINT)::checkWaitSendAllMightNotBlockWithPendingReceive,
            "expected a checkpoint"));
    cases.put(
        "one-way check 8",
        new Case(
            oneWay(Fault.CLOSED_INSTEAD_OF_BROKEN)::checkClosingTheReceiverBreaksTheSender,
            "wrongly reported as closed"));
    cases.put(
        "one-way check 9",
        new Case(
            oneWay(Fault.EMPTY_SEND_AFTER_CLOSE_SUCCEEDS)::checkSendingOnAClosedStreamFails,
            "sendAll of no bytes on a closed stream should fail"));
    cases.put(
        "one-way check 10",
        new Case(
            oneWay(Fault.END_OVERTAKES_DATA)::checkSendThenCloseDeliversDataThenEnd,
            "receiveSome(1) returned \"\" instead of \"y\""));
    cases.put(
        "one-way check 11",
        new Case(
            oneWay(Fault.FORCEFUL_RECEIVE_CLOSE_ENDS_STREAM)::checkForcefulCloseOfTheReceiver,
            "receiveSome on a forcefully closed stream should fail"));
    cases.put(
        "one-way check 12",
        new Case(
            oneWay(Fault.CANCELLED_SEND_CLOSE_IGNORED)::checkForcefulCloseOfTheSender,
            "sendAll on a forcefully closed stream should fail"));
    cases.put(
        "one-way check 13",
        new Case(
            oneWay(Fault.CANCELLED_SEND_CLOSE_IGNORED)::checkCancelledCloseStillCloses,
            "sendAll after a cancelled close should fail"));
    cases.put(
        "one-way check 14",
        new Case(
            oneWay(Fault.SEND_NOT_A_CHECKPOINT)::checkCancelledOperationsLeaveTheStreamClosable,
            "sendAll in a cancelled scope"));
    cases.put(
        "one-way check 15",
        new Case(
            oneWay(Fault.CLOSE_ENDS_A_BLOCKED_RECEIVE)::checkClosingWakesABlockedReceive,
            "the blocked receiveSome ==> Expected org.trio4j.ClosedResourceException"));
    assertEachFails(cases);
  }

  /** One-way checks 16 to 19, which need a clogged stream, each catch the bug they are about. */
  @TrioTest
  void eachCloggedOneWayCheckCanFail() {
    Map<String, Case> cases = new TreeMap<>();
    cases.put(
        "one-way check 16",
        new Case(
            oneWay(Fault.WAIT_DOES_NOT_WAIT)::checkWaitSendAllMightNotBlockWaitsForTheReceiver,
            "but was: <[waiter sleeping, waiter woke up]>"));
    cases.put(
        "one-way check 17",
        new Case(
            oneWay(Fault.QUEUES_SENDS)::checkConcurrentSendSideCallsConflict,
            "two concurrent waitSendAllMightNotBlock should fail with BusyResourceException"));
    cases.put(
        "one-way check 18",
        new Case(
            oneWay(Fault.WAIT_FAILS_AFTER_RECEIVER_CLOSED)
                ::checkClosingTheReceiverUnblocksWaitSendAllMightNotBlock,
            "wrongly failed because the receiver closed"));
    cases.put(
        "one-way check 19",
        new Case(
            oneWay(Fault.CLOSE_BREAKS_BLOCKED_SEND)::checkClosingTheSenderWakesBlockedSendCalls,
            "the blocked sendAll ==> Unexpected exception type thrown"));
    assertEachFails(cases);
  }

  /** Two-way checks 2 to 4 each catch the bug they are about. */
  @TrioTest
  void eachTwoWayCheckCanFail() {
    Map<String, Case> cases = new TreeMap<>();
    cases.put(
        "two-way check 2",
        new Case(
            () ->
                new TwoWayStreamChecks<FaultyStream, FaultyStream>(() -> null, null)
                    .checkBothAreStreams(),
            "the stream maker returned null"));
    cases.put(
        "two-way check 3",
        new Case(
            twoWay(Fault.CORRUPTS_DATA)::checkFullDuplex,
            "the bytes received differ from those sent ==> array contents differ at index [1000]"));
    cases.put(
        "two-way check 4",
        new Case(
            twoWay(Fault.CLOSE_AFTER_END_FAILS)::checkClosingGivesThePeerTheEnd,
            "wrongly failed to close after the end"));
    assertEachFails(cases);
  }

  /**
   * Half-closeable checks 2 to 6 each catch the bug they are about; check 6 fails on a lockstep
   * pair, whose stapled sendEof closes without looking for a concurrent send (as in Trio).
   */
  @TrioTest
  void eachHalfCloseableCheckCanFail() {
    Map<String, Case> cases = new TreeMap<>();
    cases.put(
        "half-closeable check 2",
        new Case(
            () ->
                new HalfCloseableStreamChecks<HalfCloseableStream, HalfCloseableStream>(
                        () -> null, null)
                    .checkBothAreHalfCloseable(),
            "the stream maker returned null"));
    cases.put(
        "half-closeable check 3",
        new Case(
            halfCloseable(Fault.SEND_EOF_NOT_A_CHECKPOINT)::checkSendEof, "expected a checkpoint"));
    cases.put(
        "half-closeable check 4",
        new Case(
            halfCloseable(Fault.SEND_AFTER_EOF_SUCCEEDS)::checkSendingAfterEofFails,
            "sendAll after sendEof should fail"));
    cases.put(
        "half-closeable check 5",
        new Case(
            halfCloseable(Fault.SEND_EOF_CLOSES_BOTH_WAYS)::checkTheOtherDirectionWorksAfterEof,
            "MemoryReceiveStream was closed"));
    cases.put(
        "half-closeable check 6",
        new Case(
            new HalfCloseableStreamChecks<>(
                    MemoryStreams::lockstepPair, MemoryStreams::lockstepPair)
                ::checkSendEofConflictsWithSending,
            "but was: <org.trio4j.ClosedResourceException>"));
    assertEachFails(cases);
  }

  /**
   * The whole kit stops at the first failing check and names it, including a one-way check that
   * fails only for data flowing right to left.
   */
  @TrioTest
  void theKitReportsTheFirstFailingCheck() {
    Function<Fault, StreamPair<FaultyStream, FaultyStream>> rightEndFaulty =
        fault -> {
          FaultyDirection ab = new FaultyDirection(MemoryStreams.oneWayPair());
          FaultyDirection ba = new FaultyDirection(MemoryStreams.oneWayPair());
          return new StreamPair<>(
              new FaultyStream(EnumSet.noneOf(Fault.class), ab, ba),
              new FaultyStream(EnumSet.of(fault), ba, ab));
        };
    assertAll(
        failsAs(
            "one-way check 3",
            "instead of \"y\"",
            () ->
                StreamChecks.checkOneWayStream(
                    () ->
                        FaultyStream.oneWay(
                            MemoryStreams.oneWayPair(), EnumSet.of(Fault.EMPTY_SEND_SENDS_A_BYTE)),
                    null)),
        failsAs(
            "one-way (reversed) check 2",
            "expected a checkpoint",
            () ->
                StreamChecks.checkTwoWayStream(
                    () -> rightEndFaulty.apply(Fault.SEND_NOT_A_CHECKPOINT), null)),
        failsAs(
            "half-closeable check 3",
            "expected a checkpoint",
            () ->
                StreamChecks.checkHalfCloseableStream(
                    () -> FaultyStream.twoWay(EnumSet.of(Fault.SEND_EOF_NOT_A_CHECKPOINT)), null)));
  }

  /** Without faults the double passes every check, clogged ones included (the control case). */
  @TrioTest
  void theDoubleWithoutFaultsPassesTheKit() {
    EnumSet<Fault> none = EnumSet.noneOf(Fault.class);
    StreamChecks.checkOneWayStream(
        () -> FaultyStream.oneWay(MemoryStreams.oneWayPair(), none),
        () -> FaultyStream.oneWay(CloggedMemoryStreams.oneWayPair(), none));
    StreamChecks.checkHalfCloseableStream(() -> FaultyStream.twoWay(none), null);
  }
}

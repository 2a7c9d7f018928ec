package org.trio4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.trio4j.testing.StreamCheckSupport.bytes;
import static org.trio4j.testing.StreamCheckSupport.cancelled;
import static org.trio4j.testing.StreamCheckSupport.close;
import static org.trio4j.testing.StreamCheckSupport.closeWhenBlocked;
import static org.trio4j.testing.StreamCheckSupport.expectBusy;
import static org.trio4j.testing.StreamCheckSupport.expectClosedSendSide;
import static org.trio4j.testing.StreamCheckSupport.receiveOne;
import static org.trio4j.testing.StreamCheckSupport.receiveSome;
import static org.trio4j.testing.StreamCheckSupport.sendAll;
import static org.trio4j.testing.StreamCheckSupport.sendUntilBroken;
import static org.trio4j.testing.StreamCheckSupport.transfer;
import static org.trio4j.testing.StreamCheckSupport.waitAllowingBroken;
import static org.trio4j.testing.StreamCheckSupport.withPair;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.trio4j.BrokenResourceException;
import org.trio4j.Cancelled;
import org.trio4j.ClosedResourceException;
import org.trio4j.Nursery;
import org.trio4j.ThrowingRunnable;
import org.trio4j.lowlevel.Lowlevel;
import org.trio4j.stream.ReceiveStream;
import org.trio4j.stream.SendStream;

/**
 * The conformance checks for a one-way stream (Trio's {@code check_one_way_stream}), one public
 * method per check so that a failing check can be rerun on its own. {@link
 * StreamChecks#checkOneWayStream} runs them all, in order.
 *
 * {@snippet :
 * var checks = new OneWayStreamChecks<>(MyStreams::pipe, null);
 * checks.checkClosingTheReceiverBreaksTheSender();   // just check 8
 * checks.runAll();
 * }
 *
 * <p>Each check makes a fresh pair with the maker and closes both streams forcefully when it is
 * done. Every {@code sendAll}, {@code receiveSome} and {@code close} a check makes must be a
 * checkpoint when it returns normally ({@link Checkpoints#assertCheckpoints}). A failing check
 * throws an {@link AssertionError} whose message starts with {@code stream check failed: one-way
 * check N}, the check's number in Trio's list. The checks run inside a run (a {@code @TrioTest} or
 * {@code Trio.run}), preferably with an autojumping {@link MockClock}; they use {@link
 * Lowlevel#waitAllTasksBlocked()} to let the stream reach a steady state.
 *
 * @param <S> the type of the send streams
 * @param <R> the type of the receive streams
 */
// Longer than most files: one public method per check keeps Trio's numbered list in one place.
public final class OneWayStreamChecks<S extends SendStream, R extends ReceiveStream> {
  private final StreamMaker<? extends S, ? extends R> maker;
  private final StreamMaker<? extends S, ? extends R> cloggedMaker;
  private final String name;

  /**
   * Creates the checks for a stream.
   *
   * @param maker makes a connected (send stream, receive stream) pair
   * @param cloggedMaker makes a pair whose {@code sendAll} and {@code waitSendAllMightNotBlock}
   *     block until the receiver calls {@code receiveSome}, or null to skip checks 16 to 19
   */
  public OneWayStreamChecks(
      StreamMaker<? extends S, ? extends R> maker,
      StreamMaker<? extends S, ? extends R> cloggedMaker) {
    this(maker, cloggedMaker, "one-way");
  }

  OneWayStreamChecks(
      StreamMaker<? extends S, ? extends R> maker,
      StreamMaker<? extends S, ? extends R> cloggedMaker,
      String name) {
    this.maker = Objects.requireNonNull(maker, "maker");
    this.cloggedMaker = cloggedMaker;
    this.name = name;
  }

  /**
   * Runs every check in order (those that need a clogged maker only if there is one), stopping at
   * the first failure.
   *
   * @throws AssertionError naming the first check that failed
   */
  public void runAll() {
    checkTypes();
    checkSendAndReceive();
    checkEmptySendHasNoMeaning();
    checkSendAllArguments();
    checkReceiveSomeArguments();
    checkConcurrentReceivesConflict();
    checkWaitSendAllMightNotBlockWithPendingReceive();
    checkClosingTheReceiverBreaksTheSender();
    checkSendingOnAClosedStreamFails();
    checkSendThenCloseDeliversDataThenEnd();
    checkForcefulCloseOfTheReceiver();
    checkForcefulCloseOfTheSender();
    checkCancelledCloseStillCloses();
    checkCancelledOperationsLeaveTheStreamClosable();
    checkClosingWakesABlockedReceive();
    if (cloggedMaker != null) {
      checkWaitSendAllMightNotBlockWaitsForTheReceiver();
      checkConcurrentSendSideCallsConflict();
      checkClosingTheReceiverUnblocksWaitSendAllMightNotBlock();
      checkClosingTheSenderWakesBlockedSendCalls();
    }
  }

  /** Check 1: the maker returns a send stream and a receive stream. */
  public void checkTypes() {
    check(
        1,
        "the maker returns a SendStream and a ReceiveStream",
        () -> {
          StreamPair<? extends S, ? extends R> pair = maker.make();
          assertNotNull(pair, "the stream maker returned null");
          try {
            assertInstanceOf(SendStream.class, pair.left(), "the left stream");
            assertInstanceOf(ReceiveStream.class, pair.right(), "the right stream");
          } finally {
            if (pair.left() != null) {
              pair.left().closeForcefully();
            }
            if (pair.right() != null) {
              pair.right().closeForcefully();
            }
          }
        });
  }

  /** Check 2: bytes sent arrive, with sender and receiver in two tasks. */
  public void checkSendAndReceive() {
    check(
        2,
        "sendAll(\"x\") and a concurrent receiveSome(1) deliver \"x\"",
        () ->
            withPair(
                maker,
                (s, r) ->
                    Nursery.open(
                        n -> {
                          n.startSoon(() -> sendAll(s, "x"));
                          n.startSoon(() -> receiveOne(r, "x"));
                        })));
  }

  /** Check 3: sending no bytes is allowed and means nothing (in particular, not the end). */
  public void checkEmptySendHasNoMeaning() {
    check(
        3,
        "sendAll of no bytes is a checkpoint that sends nothing",
        () ->
            withPair(
                maker,
                (s, r) ->
                    Nursery.open(
                        n -> {
                          n.startSoon(
                              () -> {
                                sendAll(s, "");
                                sendAll(s, "y");
                              });
                          n.startSoon(() -> receiveOne(r, "y"));
                        })));
  }

  /**
   * Check 4: every form of {@code sendAll} sends exactly the bytes between position and limit: the
   * byte-array overloads, a buffer with a position, a slice, a direct buffer and a read-only buffer
   * (Trio: bytearray and memoryview).
   */
  public void checkSendAllArguments() {
    check(
        4,
        "sendAll accepts arrays, array ranges, slices, direct and read-only buffers",
        () ->
            withPair(
                maker,
                (s, r) -> {
                  transfer(s, r, "1", () -> s.sendAll(bytes("1")));
                  transfer(s, r, "2", () -> s.sendAll(bytes("a2b"), 1, 1));
                  ByteBuffer positioned = ByteBuffer.wrap(bytes("x3y"));
                  positioned.position(1).limit(2);
                  transfer(s, r, "3", () -> sendAll(s, positioned));
                  ByteBuffer slice = ByteBuffer.wrap(bytes("zz4z")).position(2).slice().limit(1);
                  transfer(s, r, "4", () -> sendAll(s, slice));
                  ByteBuffer direct = ByteBuffer.allocateDirect(1).put((byte) '5').flip();
                  transfer(s, r, "5", () -> sendAll(s, direct));
                  ByteBuffer readOnly = ByteBuffer.wrap(bytes("6")).asReadOnlyBuffer();
                  transfer(s, r, "6", () -> sendAll(s, readOnly));
                }));
  }

  /**
   * Check 5: {@code receiveSome} rejects a size below 1 and a buffer with no room, and its other
   * forms work: no argument, and a buffer with a position (Trio: ValueError, TypeError, None).
   */
  public void checkReceiveSomeArguments() {
    check(
        5,
        "receiveSome rejects maxBytes < 1 and a full buffer; its other forms work",
        () ->
            withPair(
                maker,
                (s, r) -> {
                  assertThrows(
                      IllegalArgumentException.class,
                      () -> r.receiveSome(-1),
                      "receiveSome(-1) should fail");
                  assertThrows(
                      IllegalArgumentException.class,
                      () -> r.receiveSome(0),
                      "receiveSome(0) should fail");
                  assertThrows(
                      IllegalArgumentException.class,
                      () -> r.receiveSome(ByteBuffer.allocate(0)),
                      "receiveSome of an empty buffer should fail");
                  assertThrows(
                      IllegalArgumentException.class,
                      () -> r.receiveSome(ByteBuffer.allocate(4).position(4)),
                      "receiveSome of a full buffer should fail");
                  Nursery.open(
                      n -> {
                        n.startSoon(() -> sendAll(s, "x"));
                        byte[] got = Checkpoints.assertCheckpoints(() -> r.receiveSome());
                        assertArrayEquals(
                            bytes("x"), got, "receiveSome() returned the wrong bytes");
                      });
                  Nursery.open(
                      n -> {
                        n.startSoon(() -> sendAll(s, "x"));
                        ByteBuffer dst = ByteBuffer.allocate(8).position(3);
                        int count = Checkpoints.assertCheckpoints(() -> r.receiveSome(dst));
                        assertEquals(1, count, "receiveSome(ByteBuffer) returned the wrong count");
                        assertEquals(
                            4, dst.position(), "receiveSome(ByteBuffer) left the position");
                        assertEquals('x', dst.get(3), "receiveSome(ByteBuffer) wrote elsewhere");
                      });
                }));
  }

  /** Check 6: two tasks receiving at once is an error, not a queue. */
  public void checkConcurrentReceivesConflict() {
    check(
        6,
        "two concurrent receiveSome calls fail with BusyResourceException",
        () ->
            withPair(
                maker,
                (s, r) ->
                    expectBusy(
                        "two concurrent receiveSome(1)",
                        n -> {
                          n.startSoon(() -> receiveSome(r, 1));
                          n.startSoon(() -> receiveSome(r, 1));
                        })));
  }

  /** Check 7: with a receive pending on an empty stream, the sender may send. */
  public void checkWaitSendAllMightNotBlockWithPendingReceive() {
    check(
        7,
        "waitSendAllMightNotBlock returns while a receiveSome is pending",
        () ->
            withPair(
                maker,
                (s, r) ->
                    Nursery.open(
                        n -> {
                          n.startSoon(
                              () -> {
                                Checkpoints.assertCheckpoints(s::waitSendAllMightNotBlock);
                                n.cancelScope().cancel();
                              });
                          n.startSoon(() -> receiveSome(r, 1));
                        })));
  }

  /**
   * Check 8: closing the receive stream breaks the send stream (eventually) for good; the closed
   * receive stream fails with ClosedResourceException and may be closed again.
   */
  public void checkClosingTheReceiverBreaksTheSender() {
    check(
        8,
        "closing the receive stream makes sendAll fail with BrokenResourceException",
        () ->
            withPair(
                maker,
                (s, r) -> {
                  Nursery.open(
                      n -> {
                        n.startSoon(
                            () -> sendUntilBroken(s, "the receive stream was closed gracefully"));
                        n.startSoon(() -> close(r));
                      });
                  assertThrows(
                      BrokenResourceException.class,
                      () -> sendAll(s, new byte[100]),
                      "a broken stream should stay broken");
                  assertThrows(
                      ClosedResourceException.class,
                      () -> receiveSome(r, 4096),
                      "receiveSome on a closed stream should fail");
                  close(r);
                  close(r);
                }));
  }

  /**
   * Check 9: a closed send stream stays closed: sending and waiting fail with
   * ClosedResourceException, and closing again is fine. Checked on a send stream closed after the
   * receiver closed and the sender found its stream broken (as in Trio), and on a healthy one
   * closed while the receiver closes too. A stream may need its peer to close gracefully (a TLS
   * stream that has not done its handshake must do it first), so closing one end of a fresh pair
   * whose other end does nothing is not something every stream can do, and neither variant asks it.
   */
  public void checkSendingOnAClosedStreamFails() {
    check(
        9,
        "sendAll and waitSendAllMightNotBlock on a closed send stream fail",
        () -> {
          withPair(
              maker,
              (s, r) -> {
                Nursery.open(
                    n -> {
                      n.startSoon(
                          () -> sendUntilBroken(s, "the receive stream was closed gracefully"));
                      n.startSoon(() -> close(r));
                    });
                expectClosedSendSide(s);
              });
          withPair(
              maker,
              (s, r) -> {
                Nursery.open(
                    n -> {
                      n.startSoon(() -> close(s));
                      n.startSoon(() -> close(r));
                    });
                expectClosedSendSide(s);
              });
        });
  }

  /** Check 10: data sent before a graceful close is delivered, then the end of the stream. */
  public void checkSendThenCloseDeliversDataThenEnd() {
    check(
        10,
        "sendAll(\"y\") then close: the receiver gets \"y\", then the end",
        () ->
            withPair(
                maker,
                (s, r) ->
                    Nursery.open(
                        n -> {
                          n.startSoon(
                              () -> {
                                sendAll(s, "y");
                                close(s);
                              });
                          n.startSoon(
                              () -> {
                                Lowlevel.waitAllTasksBlocked();
                                receiveOne(r, "y");
                                receiveOne(r, "");
                                close(r);
                              });
                        })));
  }

  /** Check 11: a forceful close of the receive stream breaks the sender and closes the receiver. */
  public void checkForcefulCloseOfTheReceiver() {
    check(
        11,
        "closing the receive stream forcefully breaks the send stream",
        () ->
            withPair(
                maker,
                (s, r) -> {
                  r.closeForcefully();
                  sendUntilBroken(s, "the receive stream was closed forcefully");
                  assertThrows(
                      ClosedResourceException.class,
                      () -> receiveSome(r, 4096),
                      "receiveSome on a forcefully closed stream should fail");
                }));
  }

  /**
   * Check 12: after a forceful close of the send stream, sending fails with
   * ClosedResourceException, and the receiver sees the end or BrokenResourceException, never data.
   */
  public void checkForcefulCloseOfTheSender() {
    check(
        12,
        "closing the send stream forcefully: sendAll fails, the receiver sees the end",
        () ->
            withPair(
                maker,
                (s, r) -> {
                  s.closeForcefully();
                  assertThrows(
                      ClosedResourceException.class,
                      () -> sendAll(s, "123"),
                      "sendAll on a forcefully closed stream should fail");
                  try {
                    receiveOne(r, "");
                  } catch (BrokenResourceException acceptable) {
                    // Either a clean end or a broken stream is fine; data or a hang is not.
                  }
                }));
  }

  /** Check 13: close() inside an already-cancelled scope still closes both streams. */
  public void checkCancelledCloseStillCloses() {
    check(
        13,
        "close in a cancelled scope still closes",
        () ->
            withPair(
                maker,
                (s, r) -> {
                  cancelled(r::close);
                  cancelled(s::close);
                  assertThrows(
                      ClosedResourceException.class,
                      () -> sendAll(s, "123"),
                      "sendAll after a cancelled close should fail");
                  assertThrows(
                      ClosedResourceException.class,
                      () -> receiveSome(r, 4096),
                      "receiveSome after a cancelled close should fail");
                }));
  }

  /**
   * Check 14: in a cancelled scope, sendAll and receiveSome throw Cancelled, and afterwards both
   * streams can still be closed gracefully.
   */
  public void checkCancelledOperationsLeaveTheStreamClosable() {
    check(
        14,
        "cancelled sendAll and receiveSome throw Cancelled; the streams still close",
        () ->
            withPair(
                maker,
                (s, r) -> {
                  cancelled(
                      () ->
                          Nursery.open(
                              n -> {
                                n.startSoon(
                                    () ->
                                        assertThrows(
                                            Cancelled.class,
                                            () -> sendAll(s, "x"),
                                            "sendAll in a cancelled scope"));
                                n.startSoon(
                                    () ->
                                        assertThrows(
                                            Cancelled.class,
                                            () -> receiveSome(r, 1),
                                            "receiveSome in a cancelled scope"));
                              }));
                  Nursery.open(
                      n -> {
                        n.startSoon(() -> close(s));
                        n.startSoon(() -> close(r));
                      });
                }));
  }

  /** Check 15: closing the receive stream wakes a task blocked in receiveSome. */
  public void checkClosingWakesABlockedReceive() {
    check(
        15,
        "a forceful close wakes a blocked receiveSome with ClosedResourceException",
        () ->
            withPair(
                maker,
                (s, r) ->
                    Nursery.open(
                        n -> {
                          n.startSoon(
                              () ->
                                  assertThrows(
                                      ClosedResourceException.class,
                                      () -> r.receiveSome(10),
                                      "the blocked receiveSome"));
                          Lowlevel.waitAllTasksBlocked();
                          r.closeForcefully();
                        })));
  }

  /** Check 16 (clogged): waitSendAllMightNotBlock blocks until the receiver starts receiving. */
  public void checkWaitSendAllMightNotBlockWaitsForTheReceiver() {
    check(
        16,
        "on a clogged stream, waitSendAllMightNotBlock waits for a receiveSome",
        () ->
            withPair(
                clogged(),
                (s, r) -> {
                  List<String> record = Collections.synchronizedList(new ArrayList<>());
                  Nursery.open(
                      n -> {
                        n.startSoon(
                            () -> {
                              record.add("waiter sleeping");
                              Checkpoints.assertCheckpoints(s::waitSendAllMightNotBlock);
                              record.add("waiter woke up");
                              n.cancelScope().cancel();
                            });
                        Lowlevel.waitAllTasksBlocked();
                        n.startSoon(
                            () -> {
                              Lowlevel.waitAllTasksBlocked();
                              record.add("receiver starting");
                              while (true) {
                                r.receiveSome(16834);
                              }
                            });
                      });
                  assertEquals(
                      List.of("waiter sleeping", "receiver starting", "waiter woke up"),
                      record,
                      "the order of events");
                }));
  }

  /**
   * Check 17 (clogged): two waits, a wait and a send, or two sends at once fail with
   * BusyResourceException.
   */
  public void checkConcurrentSendSideCallsConflict() {
    check(
        17,
        "concurrent send-side calls on a clogged stream fail with BusyResourceException",
        () -> {
          withPair(
              clogged(),
              (s, r) -> {
                expectBusy(
                    "two concurrent waitSendAllMightNotBlock",
                    n -> {
                      n.startSoon(s::waitSendAllMightNotBlock);
                      n.startSoon(s::waitSendAllMightNotBlock);
                    });
                expectBusy(
                    "waitSendAllMightNotBlock and a concurrent sendAll",
                    n -> {
                      n.startSoon(s::waitSendAllMightNotBlock);
                      n.startSoon(() -> s.sendAll(bytes("123")));
                    });
              });
          // A fresh pair: the cancelled sendAll above may have broken the stream.
          withPair(
              clogged(),
              (s, r) ->
                  expectBusy(
                      "two concurrent sendAll",
                      n -> {
                        n.startSoon(() -> s.sendAll(bytes("123")));
                        n.startSoon(() -> s.sendAll(bytes("123")));
                      }));
        });
  }

  /**
   * Check 18 (clogged): closing the receive stream makes a blocked waitSendAllMightNotBlock return
   * (normally or with BrokenResourceException), and one called afterwards returns too.
   */
  public void checkClosingTheReceiverUnblocksWaitSendAllMightNotBlock() {
    check(
        18,
        "closing the receive stream unblocks waitSendAllMightNotBlock",
        () -> {
          withPair(
              clogged(),
              (s, r) ->
                  Nursery.open(
                      n -> {
                        n.startSoon(() -> waitAllowingBroken(s));
                        n.startSoon(
                            () -> {
                              Lowlevel.waitAllTasksBlocked();
                              r.closeForcefully();
                            });
                      }));
          withPair(
              clogged(),
              (s, r) -> {
                r.closeForcefully();
                waitAllowingBroken(s);
              });
        });
  }

  /**
   * Check 19 (clogged): closing the send stream wakes a blocked sendAll or waitSendAllMightNotBlock
   * with ClosedResourceException.
   */
  public void checkClosingTheSenderWakesBlockedSendCalls() {
    check(
        19,
        "closing the send stream wakes blocked sendAll and waitSendAllMightNotBlock",
        () -> {
          withPair(
              clogged(),
              (s, r) ->
                  Nursery.open(
                      n -> {
                        n.startSoon(() -> closeWhenBlocked(s));
                        assertThrows(
                            ClosedResourceException.class,
                            () -> s.sendAll(bytes("xyzzy")),
                            "the blocked sendAll");
                      }));
          withPair(
              clogged(),
              (s, r) ->
                  Nursery.open(
                      n -> {
                        n.startSoon(() -> closeWhenBlocked(s));
                        assertThrows(
                            ClosedResourceException.class,
                            s::waitSendAllMightNotBlock,
                            "the blocked waitSendAllMightNotBlock");
                      }));
        });
  }

  private void check(int number, String description, ThrowingRunnable<?> body) {
    StreamCheckSupport.runCheck(name + " check " + number, description, body);
  }

  private StreamMaker<? extends S, ? extends R> clogged() {
    if (cloggedMaker == null) {
      throw new IllegalStateException("this check needs a clogged stream maker, but it is null");
    }
    return cloggedMaker;
  }

  @Override
  public String toString() {
    return name + " stream checks for " + maker;
  }
}

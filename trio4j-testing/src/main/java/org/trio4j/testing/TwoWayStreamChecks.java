package org.trio4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trio4j.testing.StreamCheckSupport.withPair;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Random;
import org.trio4j.Nursery;
import org.trio4j.ThrowingRunnable;
import org.trio4j.stream.Stream;

/**
 * The conformance checks for a two-way stream (Trio's {@code check_two_way_stream}): every {@link
 * OneWayStreamChecks one-way check} in both directions, then checks of its own, one public method
 * each. {@link StreamChecks#checkTwoWayStream} runs them all, in order.
 *
 * {@snippet :
 * var checks = new TwoWayStreamChecks<>(MemoryStreams::lockstepPair, MemoryStreams::lockstepPair);
 * checks.checkFullDuplex();   // just check 3
 * checks.runAll();
 * }
 *
 * <p>A failing check throws an {@link AssertionError} whose message starts with {@code stream check
 * failed: two-way check N}; a one-way check that fails in the right-to-left direction is named
 * {@code one-way (reversed) check N}. Run inside a run; see {@link OneWayStreamChecks} for the
 * rules every check follows.
 *
 * @param <A> the type of the left streams
 * @param <B> the type of the right streams
 */
public final class TwoWayStreamChecks<A extends Stream, B extends Stream> {
  /** The bytes check 3 sends each way. */
  static final int DUPLEX_TEST_SIZE = 1 << 20;

  /** The largest chunk check 3 sends or asks for. */
  static final int CHUNK_SIZE_MAX = 1 << 14;

  private final StreamMaker<? extends A, ? extends B> maker;
  private final StreamMaker<? extends A, ? extends B> cloggedMaker;

  /**
   * Creates the checks for a stream.
   *
   * @param maker makes a connected pair
   * @param cloggedMaker makes a pair whose sends block until the peer receives, or null to skip the
   *     checks that need one
   */
  public TwoWayStreamChecks(
      StreamMaker<? extends A, ? extends B> maker,
      StreamMaker<? extends A, ? extends B> cloggedMaker) {
    this.maker = Objects.requireNonNull(maker, "maker");
    this.cloggedMaker = cloggedMaker;
  }

  /**
   * Runs every check in order, stopping at the first failure: the one-way checks left to right,
   * then right to left, then checks 2 to 4.
   *
   * @throws AssertionError naming the first check that failed
   */
  public void runAll() {
    oneWayChecks().runAll();
    reversedOneWayChecks().runAll();
    checkBothAreStreams();
    checkFullDuplex();
    checkClosingGivesThePeerTheEnd();
  }

  /**
   * Returns the one-way checks with data flowing from the left stream to the right one (check 1,
   * first half).
   *
   * @return the checks
   */
  public OneWayStreamChecks<Stream, Stream> oneWayChecks() {
    return new OneWayStreamChecks<Stream, Stream>(maker, cloggedMaker, "one-way");
  }

  /**
   * Returns the one-way checks with data flowing from the right stream to the left one (check 1,
   * second half).
   *
   * @return the checks
   */
  public OneWayStreamChecks<Stream, Stream> reversedOneWayChecks() {
    return new OneWayStreamChecks<Stream, Stream>(
        flip(maker), cloggedMaker == null ? null : flip(cloggedMaker), "one-way (reversed)");
  }

  /** Check 2: both ends are two-way streams. */
  public void checkBothAreStreams() {
    check(
        2,
        "both ends are Streams",
        () ->
            withPair(
                maker,
                (s1, s2) -> {
                  assertInstanceOf(Stream.class, s1, "the left stream");
                  assertInstanceOf(Stream.class, s2, "the right stream");
                }));
  }

  /**
   * Check 3: 1 MiB of random bytes sent each way at once, in random chunks of up to 16 KiB, and
   * received with random sizes, arrives intact (seeded, so every run sends the same).
   */
  public void checkFullDuplex() {
    check(
        3,
        "full duplex: 1 MiB each way at once arrives intact",
        () ->
            withPair(
                maker,
                (s1, s2) -> {
                  byte[] data = new byte[DUPLEX_TEST_SIZE];
                  new Random(0).nextBytes(data);
                  byte[] reversed = reversed(data);
                  Nursery.open(
                      n -> {
                        n.startSoon(() -> send(s1, data, 0));
                        n.startSoon(() -> send(s2, reversed, 1));
                        n.startSoon(() -> receive(s1, reversed, 2));
                        n.startSoon(() -> receive(s2, data, 3));
                      });
                }));
  }

  /** Check 4: closing one end gives a receive blocked on the other the end of the stream. */
  public void checkClosingGivesThePeerTheEnd() {
    check(
        4,
        "closing one end gives the peer's pending receiveSome the end of the stream",
        () ->
            withPair(
                maker,
                (s1, s2) ->
                    Nursery.open(
                        n -> {
                          n.startSoon(
                              () -> {
                                byte[] got = s2.receiveSome(10);
                                assertArrayEquals(
                                    new byte[0], got, "receiveSome after the peer closed");
                                s2.close();
                              });
                          n.startSoon(s1::close);
                        })));
  }

  private static void check(int number, String description, ThrowingRunnable<?> body) {
    StreamCheckSupport.runCheck("two-way check " + number, description, body);
  }

  private static StreamMaker<Stream, Stream> flip(
      StreamMaker<? extends Stream, ? extends Stream> maker) {
    return () -> {
      StreamPair<? extends Stream, ? extends Stream> p = maker.make();
      return p == null ? null : new StreamPair<Stream, Stream>(p.right(), p.left());
    };
  }

  private static void send(Stream s, byte[] data, long seed) {
    Random random = new Random(seed);
    int offset = 0;
    while (offset < data.length) {
      int chunk = Math.min(random.nextInt(1, CHUNK_SIZE_MAX + 1), data.length - offset);
      s.sendAll(ByteBuffer.wrap(data, offset, chunk));
      offset += chunk;
    }
  }

  private static void receive(Stream s, byte[] expected, long seed) {
    Random random = new Random(seed);
    ByteArrayOutputStream got = new ByteArrayOutputStream(expected.length);
    while (got.size() < expected.length) {
      byte[] chunk = s.receiveSome(random.nextInt(1, CHUNK_SIZE_MAX + 1));
      int sofar = got.size();
      assertTrue(
          chunk.length > 0,
          () -> "the stream ended after " + sofar + " of " + expected.length + " bytes");
      got.write(chunk, 0, chunk.length);
    }
    assertArrayEquals(expected, got.toByteArray(), "the bytes received differ from those sent");
  }

  private static byte[] reversed(byte[] data) {
    byte[] out = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      out[i] = data[data.length - 1 - i];
    }
    return out;
  }

  @Override
  public String toString() {
    return "two-way stream checks for " + maker;
  }
}

package org.trio4j.channel;

/**
 * Opens channels: queues that pass values between tasks of a run, with back-pressure (Trio's {@code
 * open_memory_channel}).
 *
 * <p>A channel has a send side and a receive side. Its capacity is how many values it buffers
 * before {@link SendChannel#send} waits: 0 makes a rendezvous channel, where each send waits for a
 * receiver to take the value; {@link #UNBOUNDED} makes one whose sends never wait. If in doubt, use
 * 0: back-pressure then reaches the producer at once.
 *
 * {@snippet :
 * ChannelPair<String> channel = Channels.open(0);
 * Nursery.open(nursery -> {
 *   nursery.startSoon(() -> {
 *     try (SendChannel<String> tx = channel.send()) {
 *       tx.send("hello");
 *       tx.send("world");
 *     } // closing the send side ends the receiver's loop
 *   });
 *   try (ReceiveChannel<String> rx = channel.receive()) {
 *     for (String word : rx) {
 *       System.out.println(word);
 *     }
 *   }
 * });
 * }
 *
 * <p>Performance: in parallel mode, a task that must wait on a rendezvous channel first spins for
 * up to about 10 µs when its partner may be about to hand over (few runnable tasks, the partner
 * running on another carrier), as the JDK's {@code SynchronousQueue} does; two tasks passing values
 * back and forth from two carriers then rarely park. A channel stops spinning for a while when its
 * spins keep ending without a hand-off (cores busy with other work). Buffered channels never spin.
 *
 * <p>Channels need no run to be opened; sending and receiving happen in tasks. The ends can be
 * {@linkplain SendChannel#clone() cloned} for several producers or consumers, and are closed with
 * {@code close()}, see {@link SendChannel} and {@link ReceiveChannel} for the rules (the same as
 * Trio's).
 */
public final class Channels {
  /** The capacity of a channel whose buffer has no limit: {@code send} never waits. */
  public static final int UNBOUNDED = Integer.MAX_VALUE;

  private Channels() {}

  /**
   * Opens a channel that buffers up to {@code capacity} values.
   *
   * @param capacity 0 for a rendezvous channel, a positive count, or {@link #UNBOUNDED}
   * @param <T> the type of the values
   * @return the send and receive sides, each open
   * @throws IllegalArgumentException if {@code capacity} is negative
   */
  public static <T> ChannelPair<T> open(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException(
          "capacity must be >= 0 (0 for a rendezvous channel, Channels.UNBOUNDED for no limit),"
              + " but was "
              + capacity);
    }
    ChannelState state = new ChannelState(capacity);
    return new ChannelPair<>(new SendChannelImpl<>(state), new ReceiveChannelImpl<>(state));
  }

  /**
   * Opens a channel with an unbounded buffer, the same as {@code open(Channels.UNBOUNDED)}.
   *
   * @param <T> the type of the values
   * @return the send and receive sides, each open
   */
  public static <T> ChannelPair<T> openUnbounded() {
    return open(UNBOUNDED);
  }
}

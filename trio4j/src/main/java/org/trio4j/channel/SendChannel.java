package org.trio4j.channel;

import org.trio4j.BrokenResourceException;
import org.trio4j.Cancelled;
import org.trio4j.ClosedResourceException;

/**
 * The sending end of a channel opened with {@link Channels#open(int)} (Trio's {@code
 * MemorySendChannel}).
 *
 * <p>A send handle can be {@linkplain #clone() cloned} so that several producers each own one and
 * close it when done: the receivers see the end of the channel once every clone is closed.
 *
 * {@snippet :
 * ChannelPair<Integer> channel = Channels.open(0);
 * Nursery.open(nursery -> {
 *   try (SendChannel<Integer> tx = channel.send()) {
 *     for (int i = 0; i < 3; i++) {
 *       SendChannel<Integer> mine = tx.clone();
 *       int id = i;
 *       nursery.startSoon(() -> {
 *         try (mine) {
 *           mine.send(id);
 *         }
 *       });
 *     }
 *   } // the original is closed here; the clones stay open until their producers are done
 *   for (int value : channel.receive()) {
 *     System.out.println(value);
 *   }
 * });
 * }
 *
 * <h2>Values</h2>
 *
 * A channel carries any non-null object; {@code null} is rejected with {@link
 * NullPointerException}, as the JDK's queues do, so that {@link ReceiveChannel#tryReceive()} can
 * answer null for "nothing there".
 *
 * <h2>Cancellation</h2>
 *
 * {@link #send} is a checkpoint and is atomic with respect to cancellation: when it throws {@link
 * Cancelled}, the value was not sent; when it returns, the value is in the buffer or in the hands
 * of a receiver. {@link #trySend}, {@link #clone()} and {@link #close()} are not checkpoints.
 *
 * <h2>Exceptions</h2>
 *
 * Sending on a handle that this side closed throws {@link ClosedResourceException} (also to senders
 * blocked on that handle when it is closed); sending when every receive handle is closed throws
 * {@link BrokenResourceException}. The first takes precedence.
 *
 * <h2>Thread safety</h2>
 *
 * Any number of tasks may send on one handle, or on clones, at the same time; {@code close()} may
 * be called from any thread.
 *
 * @param <T> the type of the values
 */
public interface SendChannel<T> extends AutoCloseable {
  /**
   * Sends a value, waiting while the buffer is full (for a capacity-0 channel: until a receiver
   * takes it). Waiting senders are served first-in first-out.
   *
   * @param value the value; not null
   * @throws Cancelled if cancelled; the value was then not sent
   * @throws ClosedResourceException if this handle is closed, before or during the wait
   * @throws BrokenResourceException if every receive handle is closed, before or during the wait
   * @throws NullPointerException if {@code value} is null
   */
  void send(T value);

  /**
   * Sends a value if that can be done without waiting: a receiver is waiting for one, or the buffer
   * has room and no sender is waiting before this one. Not a checkpoint.
   *
   * @param value the value; not null
   * @return true if the value was sent, false if sending would have had to wait (the {@code
   *     BlockingQueue.offer} convention; Trio's {@code send_nowait} raises {@code WouldBlock})
   * @throws ClosedResourceException if this handle is closed
   * @throws BrokenResourceException if every receive handle is closed
   * @throws NullPointerException if {@code value} is null
   */
  boolean trySend(T value);

  /**
   * Returns a new, open send handle on the same channel. Values sent on it go to the same
   * receivers; the receivers see the end of the channel only when every send handle is closed.
   *
   * @return the new handle
   * @throws ClosedResourceException if this handle is closed
   */
  SendChannel<T> clone();

  /**
   * Closes this handle. Tasks blocked in {@code send} on this handle (not on its clones) throw
   * {@link ClosedResourceException}; when this was the last open send handle, the receivers get the
   * values still buffered and then {@link org.trio4j.EndOfChannelException}. Idempotent, does not
   * block, not a checkpoint: it can be called from a {@code finally} block of a cancelled task.
   */
  @Override
  void close();

  /**
   * Returns a snapshot of the channel's state.
   *
   * @return the statistics, the same as every handle of this channel gives
   */
  ChannelStatistics statistics();
}

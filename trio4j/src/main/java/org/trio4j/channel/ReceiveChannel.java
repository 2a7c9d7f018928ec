package org.trio4j.channel;

import java.util.Iterator;
import org.trio4j.Cancelled;
import org.trio4j.ClosedResourceException;
import org.trio4j.EndOfChannelException;

/**
 * The receiving end of a channel opened with {@link Channels#open(int)} (Trio's {@code
 * MemoryReceiveChannel}).
 *
 * <p>It is {@link Iterable}: a for-each loop receives values until the channel ends (every send
 * handle closed and the buffer drained) and then stops quietly.
 *
 * {@snippet :
 * try (ReceiveChannel<String> rx = channel.receive()) {
 *   for (String line : rx) {   // each step is a receive(), and so a checkpoint
 *     System.out.println(line);
 *   }
 * }
 * }
 *
 * <p>Clones share one queue: each value goes to exactly one receiver, whichever handle it uses
 * (this is not a broadcast). Waiting receivers are served first-in first-out.
 *
 * <h2>Cancellation</h2>
 *
 * {@link #receive} (and each step of an iteration) is a checkpoint and is atomic with respect to
 * cancellation: when it throws {@link Cancelled}, no value was taken and the channel is unchanged;
 * a value already handed to a waiting receiver is returned to it, even if it was cancelled at the
 * same moment (the cancellation then surfaces at its next checkpoint). {@link #tryReceive}, {@link
 * #clone()} and {@link #close()} are not checkpoints.
 *
 * <h2>Exceptions</h2>
 *
 * {@link EndOfChannelException} once every send handle is closed and the buffer is empty; {@link
 * ClosedResourceException} when this handle is closed (also to receivers blocked on it when it is
 * closed).
 *
 * <h2>Thread safety</h2>
 *
 * Any number of tasks may receive on one handle, or on clones, at the same time; {@code close()}
 * may be called from any thread. An iterator belongs to the task that uses it.
 *
 * @param <T> the type of the values
 */
public interface ReceiveChannel<T> extends Iterable<T>, AutoCloseable {
  /**
   * Receives the next value, waiting until there is one.
   *
   * @return the value
   * @throws Cancelled if cancelled; nothing was taken
   * @throws EndOfChannelException if every send handle is closed and the buffer is empty
   * @throws ClosedResourceException if this handle is closed, before or during the wait
   */
  T receive();

  /**
   * Receives a value if one is ready: buffered, or offered by a waiting sender (whose wait then
   * ends). A value just handed to a task waiting in {@link #receive()} belongs to that task and is
   * not ready for anyone else. Not a checkpoint.
   *
   * @return the value, or null if receiving would have had to wait (the {@code BlockingQueue.poll}
   *     convention; values are never null; Trio's {@code receive_nowait} raises {@code WouldBlock})
   * @throws EndOfChannelException if every send handle is closed and the buffer is empty
   * @throws ClosedResourceException if this handle is closed
   */
  T tryReceive();

  /**
   * Returns a new, open receive handle on the same channel. The senders see the channel as broken
   * only when every receive handle is closed.
   *
   * @return the new handle
   * @throws ClosedResourceException if this handle is closed
   */
  ReceiveChannel<T> clone();

  /**
   * Closes this handle. Tasks blocked in {@code receive} on this handle (not on its clones) throw
   * {@link ClosedResourceException}; when this was the last open receive handle, the buffered
   * values are discarded and every blocked and later sender throws {@link
   * org.trio4j.BrokenResourceException}. Idempotent, does not block, not a checkpoint.
   */
  @Override
  void close();

  /**
   * Returns an iterator that receives a value in each {@link Iterator#hasNext()} (which is
   * therefore a blocking checkpoint, throwing {@link Cancelled} or {@link ClosedResourceException}
   * as {@link #receive()} does) and ends when the channel ends. {@code remove} is not supported.
   *
   * @return an iterator over the values still to come
   */
  @Override
  Iterator<T> iterator();

  /**
   * Returns a snapshot of the channel's state.
   *
   * @return the statistics, the same as every handle of this channel gives
   */
  ChannelStatistics statistics();
}

package org.trio4j.channel;

/**
 * Markers that travel in place of a value between {@link ChannelState} and the handles: what a
 * woken waiter finds in its {@link Waiter#item} when it was not given a value, and what a
 * non-blocking or ending receive returns. Package-private, so no user value can be one of them.
 */
enum Signal {
  /** A non-blocking receive found nothing ready. */
  EMPTY,
  /** Every send handle is closed and the buffer is empty. */
  END,
  /** The waiter's own handle was closed while it waited. */
  CLOSED,
  /** Every receive handle was closed while the sender waited. */
  BROKEN
}

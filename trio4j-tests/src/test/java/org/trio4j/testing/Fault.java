package org.trio4j.testing;

/** The deliberate bugs a {@link FaultyStream} can have, each named for what it gets wrong. */
enum Fault {
  /** sendAll hands the data over directly, with no checkpoint (and so no cancellation). */
  SEND_NOT_A_CHECKPOINT,
  /** sendAll of no bytes sends a zero byte, as if an empty send had to carry something. */
  EMPTY_SEND_SENDS_A_BYTE,
  /** sendAll of a heap buffer sends from the start of its array, ignoring position and offset. */
  IGNORES_BUFFER_POSITION,
  /** receiveSome of a buffer with no room returns 0 instead of rejecting it. */
  ACCEPTS_A_FULL_BUFFER,
  /** A second concurrent receiveSome waits for the first instead of failing. */
  QUEUES_RECEIVES,
  /** waitSendAllMightNotBlock returns at once, without a checkpoint. */
  WAIT_NOT_A_CHECKPOINT,
  /** sendAll after the receiver closed fails with ClosedResourceException, not Broken. */
  CLOSED_INSTEAD_OF_BROKEN,
  /** sendAll of no bytes succeeds even on a closed stream. */
  EMPTY_SEND_AFTER_CLOSE_SUCCEEDS,
  /** Once the sender closed, receiveSome reports the end even with data still pending. */
  END_OVERTAKES_DATA,
  /** After a forceful close, receiveSome reports the end instead of ClosedResourceException. */
  FORCEFUL_RECEIVE_CLOSE_ENDS_STREAM,
  /** close of the send side in a cancelled scope throws Cancelled before closing anything. */
  CANCELLED_SEND_CLOSE_IGNORED,
  /** A receiveSome blocked when the stream is closed reports the end instead of failing. */
  CLOSE_ENDS_A_BLOCKED_RECEIVE,
  /** waitSendAllMightNotBlock checkpoints and returns without waiting for the receiver. */
  WAIT_DOES_NOT_WAIT,
  /** A second concurrent send-side call waits for the first instead of failing. */
  QUEUES_SENDS,
  /** waitSendAllMightNotBlock fails with ClosedResourceException once the receiver closed. */
  WAIT_FAILS_AFTER_RECEIVER_CLOSED,
  /** A send-side call woken by closing its own stream fails with Broken, not Closed. */
  CLOSE_BREAKS_BLOCKED_SEND,
  /** The 1001st byte received is corrupted. */
  CORRUPTS_DATA,
  /** close after receiving the end fails with BrokenResourceException. */
  CLOSE_AFTER_END_FAILS,
  /** sendEof ends the data without a checkpoint. */
  SEND_EOF_NOT_A_CHECKPOINT,
  /** sendAll after sendEof silently discards the data. */
  SEND_AFTER_EOF_SUCCEEDS,
  /** sendEof closes the receiving direction too. */
  SEND_EOF_CLOSES_BOTH_WAYS
}

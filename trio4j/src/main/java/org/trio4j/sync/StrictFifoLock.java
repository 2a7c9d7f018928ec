package org.trio4j.sync;

/**
 * A {@link Lock} that is guaranteed to be acquired in strict first-come, first-served order, for
 * code that relies on that order (Trio's {@code trio.StrictFIFOLock}).
 *
 * <p>The typical case is a shared protocol state machine (TLS, HTTP/2) that produces chunks of
 * outgoing data at unpredictable moments: each task takes its chunk out of the state machine and
 * then lines up to send it, and the chunks must reach the wire in the order they were produced.
 *
 * {@snippet :
 * byte[] chunk = stateMachine.dataToSend();   // no checkpoint between taking the data...
 * sendLock.run(() -> stream.sendAll(chunk));  // ...and lining up to send it
 * }
 *
 * <p>The order is the order in which tasks reach {@link #acquire()}. In the cooperative scheduling
 * mode, code between two checkpoints is atomic, so the pattern above keeps the chunks in order as
 * in Trio. In the parallel mode two tasks can interleave between taking their data and lining up;
 * code that needs both steps to be one must make them so itself, for instance by queueing each
 * chunk, inside the same {@code synchronized} block that takes it out, for a single sending task.
 *
 * <p>Today it behaves exactly like {@link Lock}, which is also first in, first out; using it
 * documents that the code depends on the order, and keeps it correct should {@code Lock} ever allow
 * other policies. Cancellation, exceptions and thread safety are as for {@link Lock}.
 */
public final class StrictFifoLock extends LockImpl {
  /** Creates an unlocked lock. */
  public StrictFifoLock() {}
}

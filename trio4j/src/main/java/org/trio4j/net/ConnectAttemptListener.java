package org.trio4j.net;

import java.io.IOException;

/**
 * Watches the connection attempts of one {@link Net#openTcpStream} call: to log them, to count
 * them, or to print them as the {@code happy-eyeballs} example does. Pass one in {@link
 * TcpConnectOptions#withListener}; every method has an empty default.
 *
 * {@snippet :
 * long t0 = Trio.currentTime();
 * ConnectAttemptListener printer = new ConnectAttemptListener() {
 *   @Override
 *   public void attemptStarted(ConnectAttempt a) {
 *     System.out.println(a + " started at " + (a.startTime() - t0) / 1_000_000 + " ms");
 *   }
 * };
 * Net.openTcpStream("example.com", 443, TcpConnectOptions.DEFAULT.withListener(printer));
 * }
 *
 * <h2>Rules</h2>
 *
 * The methods are called from the tasks of the attempts, which may run in parallel: they must be
 * thread-safe, quick, and must not block or use trio4j operations. An exception thrown by a method
 * is a bug: it makes the whole {@code openTcpStream} fail with that exception. An attempt that is
 * cancelled because another one won (or because the caller was cancelled) gets no call after {@link
 * #attemptStarted}.
 */
public interface ConnectAttemptListener {
  /** A listener that ignores everything. */
  ConnectAttemptListener NONE = new ConnectAttemptListener() {};

  /**
   * An attempt is starting: its socket is about to be created and connected.
   *
   * @param attempt the attempt
   */
  default void attemptStarted(ConnectAttempt attempt) {}

  /**
   * An attempt failed: its socket could not be created, bound or connected.
   *
   * @param attempt the attempt
   * @param failure why
   */
  default void attemptFailed(ConnectAttempt attempt, IOException failure) {}

  /**
   * An attempt connected first: it is the one {@code openTcpStream} returns (all others are being
   * cancelled and their sockets closed). Called at most once per {@code openTcpStream}.
   *
   * @param attempt the attempt
   */
  default void attemptSucceeded(ConnectAttempt attempt) {}
}

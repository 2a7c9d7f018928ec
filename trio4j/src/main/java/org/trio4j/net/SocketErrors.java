package org.trio4j.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import org.trio4j.BrokenResourceException;
import org.trio4j.ClosedResourceException;

/**
 * How operating-system errors become trio4j's exceptions (Trio's {@code
 * _translate_socket_errors_to_stream_errors}), and which of them a listener retries.
 */
final class SocketErrors {
  /*
   * Implementation notes.
   *
   * The JDK reports socket errors as IOExceptions whose message is the C library's strerror text
   * ("Too many open files"), without the errno. Trio decides by errno; here the decision is made
   * by those messages, which on Linux come from glibc in the C locale the JVM uses for them. The
   * lists are Trio's: accept errors it retries silently (_highlevel_socket.py), and the capacity
   * errors serve_listeners logs and retries after 100 ms (_highlevel_serve_listeners.py).
   */

  /** EMFILE, ENFILE ("... in system"), ENOMEM, ENOBUFS. */
  private static final List<String> OUT_OF_RESOURCES =
      List.of("Too many open files", "Cannot allocate memory", "No buffer space available");

  /**
   * EPERM, ECONNABORTED, EPROTO, ENETDOWN, ENOPROTOOPT, EHOSTDOWN, ENONET, EHOSTUNREACH,
   * EOPNOTSUPP, ENETUNREACH, ENOSR, ESOCKTNOSUPPORT, EPROTONOSUPPORT, ETIMEDOUT, ECONNRESET.
   */
  private static final List<String> TRANSIENT_ACCEPT =
      List.of(
          "Operation not permitted",
          "Software caused connection abort",
          "Protocol error",
          "Network is down",
          "Protocol not available",
          "Host is down",
          "Machine is not on the network",
          "No route to host",
          "Operation not supported",
          "Network is unreachable",
          "Out of streams resources",
          "Socket type not supported",
          "Protocol not supported",
          "Connection timed out",
          "Connection reset");

  private SocketErrors() {}

  /**
   * Translates an I/O failure of a stream: "you closed it" becomes {@link ClosedResourceException},
   * anything else {@link BrokenResourceException}; both keep the IOException as the cause.
   *
   * @param e the failure
   * @param closed whether this side had closed the stream
   * @return the exception to throw
   */
  static RuntimeException translate(IOException e, boolean closed) {
    if (closed || e instanceof ClosedChannelException) {
      return new ClosedResourceException("this socket was closed", e);
    }
    return new BrokenResourceException("socket error: " + e.getMessage(), e);
  }

  /**
   * Tells whether {@code t} (or the IOException an {@link UncheckedIOException} wraps) means the
   * process or the system ran out of file descriptors, memory or buffers.
   *
   * @param t a failure of {@code accept}
   * @return true for EMFILE, ENFILE, ENOMEM and ENOBUFS
   */
  static boolean isOutOfResources(Throwable t) {
    if (t instanceof UncheckedIOException u) {
      t = u.getCause();
    }
    return t instanceof IOException && matches(t.getMessage(), OUT_OF_RESOURCES);
  }

  /**
   * Tells whether an accept failure concerns only the one connection being accepted (it was reset
   * or aborted before it was accepted, and so on), so that the listener should just try again.
   *
   * @param e a failure of {@code ServerSocketChannel.accept}
   * @return true if Trio retries it
   */
  static boolean isTransientAcceptError(IOException e) {
    return matches(e.getMessage(), TRANSIENT_ACCEPT);
  }

  private static boolean matches(String message, List<String> prefixes) {
    if (message == null) {
      return false;
    }
    for (String p : prefixes) {
      if (message.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}

package org.trio4j.internal;

import java.lang.invoke.MethodHandles;
import java.util.function.BiFunction;
import org.trio4j.Cancelled;

/**
 * Gives the engine access to the one public-API constructor users must not call: {@link
 * Cancelled}'s. The same pattern as the JDK's {@code SharedSecrets} and OkHttp's {@code Internal}.
 */
public final class Access {
  // Written once, by Cancelled's static initialiser.
  private static volatile BiFunction<String, Throwable, Cancelled> cancelledFactory;

  private Access() {}

  /**
   * Called by {@link Cancelled}'s static initialiser; any later call fails.
   *
   * @param factory creates a Cancelled with a message and a cause (null for none)
   */
  public static void setCancelledFactory(BiFunction<String, Throwable, Cancelled> factory) {
    if (cancelledFactory != null) {
      throw new IllegalStateException("the Cancelled factory is set once, by trio4j itself");
    }
    cancelledFactory = factory;
  }

  /**
   * Creates a {@link Cancelled} without a cause; see {@link #newCancelled(String, Throwable)}.
   *
   * @param message why the code was cancelled
   * @return the new exception, to be thrown by the caller
   */
  public static Cancelled newCancelled(String message) {
    return newCancelled(message, null);
  }

  /**
   * Creates a {@link Cancelled}: without a stack trace, unless the property {@code
   * trio4j.cancelledStackTraces} asks for one (then that of the calling thread).
   *
   * @param message why the code was cancelled
   * @param cause what became this cancellation (an interrupt), or null
   * @return the new exception, to be thrown by the caller
   */
  public static Cancelled newCancelled(String message, Throwable cause) {
    BiFunction<String, Throwable, Cancelled> factory = cancelledFactory;
    if (factory == null) {
      try {
        MethodHandles.lookup().ensureInitialized(Cancelled.class);
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
      factory = cancelledFactory;
    }
    return factory.apply(message, cause);
  }
}

package org.trio4j.lowlevel;

import java.util.concurrent.atomic.AtomicBoolean;
import org.trio4j.BusyResourceException;

/**
 * Detects two tasks using a one-at-a-time resource at once, such as two tasks sending on one
 * stream, and fails the second with {@link BusyResourceException} instead of letting the two
 * operations interleave (Trio's {@code ConflictDetector}).
 *
 * {@snippet :
 * private final ConflictDetector sending =
 *     new ConflictDetector("another task is already sending on this stream");
 *
 * public void sendAll(ByteBuffer data) {
 *   sending.enter();
 *   try {
 *     // ... send ...
 *   } finally {
 *     sending.exit();
 *   }
 * }
 * }
 *
 * <p>Thread-safe; not a checkpoint.
 */
public final class ConflictDetector {
  private final String message;
  private final AtomicBoolean held = new AtomicBoolean();

  /**
   * Creates a detector.
   *
   * @param message the message of the {@link BusyResourceException} a second user gets
   */
  public ConflictDetector(String message) {
    this.message = message;
  }

  /**
   * Marks the resource as in use.
   *
   * @throws BusyResourceException if it already is
   */
  public void enter() {
    if (!held.compareAndSet(false, true)) {
      throw new BusyResourceException(message);
    }
  }

  /** Marks the resource as free again; call it in a {@code finally} after {@link #enter()}. */
  public void exit() {
    held.set(false);
  }

  /**
   * Tells whether the resource is in use.
   *
   * @return true between {@link #enter()} and {@link #exit()}
   */
  public boolean isHeld() {
    return held.get();
  }

  @Override
  public String toString() {
    return "ConflictDetector[" + (held.get() ? "in use" : "free") + "]";
  }
}

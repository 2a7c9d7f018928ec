package org.trio4j.lowlevel;

import java.util.Objects;
import org.trio4j.internal.Runner;

/**
 * A variable with one value per run, like a {@code ThreadLocal} whose scope is the whole run: for
 * per-run state of libraries (a connection pool, a custom resolver) that must not leak into other
 * runs.
 *
 * {@snippet :
 * static final RunVar<Resolver> RESOLVER = new RunVar<>("resolver", Resolver.SYSTEM);
 * // inside a run:
 * RESOLVER.set(fakeResolver);
 * Resolver r = RESOLVER.get();
 * }
 *
 * @param <T> the value's type
 */
public final class RunVar<T> {
  private static final Object NULL = new Object();

  private final String name;
  private final T defaultValue;
  private final boolean hasDefault;

  /**
   * Creates a variable with no default: {@link #get()} fails until it is set in the run.
   *
   * @param name a name, for messages
   */
  public RunVar(String name) {
    this.name = Objects.requireNonNull(name, "name");
    this.defaultValue = null;
    this.hasDefault = false;
  }

  /**
   * Creates a variable whose value is {@code defaultValue} in runs that have not set it.
   *
   * @param name a name, for messages
   * @param defaultValue the default, may be null
   */
  public RunVar(String name, T defaultValue) {
    this.name = Objects.requireNonNull(name, "name");
    this.defaultValue = defaultValue;
    this.hasDefault = true;
  }

  /**
   * Returns the value in the current run.
   *
   * @return the value, or the default
   * @throws IllegalStateException if it has no value in this run and no default, or outside a run
   */
  @SuppressWarnings("unchecked")
  public T get() {
    Object v = Runner.current("RunVar.get").runVars().get(this);
    if (v == null) {
      if (!hasDefault) {
        throw new IllegalStateException(
            "RunVar " + name + " has no value in this run and no default; set() it first");
      }
      return defaultValue;
    }
    return v == NULL ? null : (T) v;
  }

  /**
   * Sets the value in the current run.
   *
   * @param value the value, may be null
   */
  public void set(T value) {
    Runner.current("RunVar.set").runVars().put(this, value == null ? NULL : value);
  }

  /** Removes the value from the current run, so that {@link #get()} sees the default again. */
  public void remove() {
    Runner.current("RunVar.remove").runVars().remove(this);
  }

  @Override
  public String toString() {
    return "RunVar[" + name + "]";
  }
}

package org.trio4j.thread;

import java.util.Objects;
import org.trio4j.sync.CapacityLimiter;

/**
 * How {@link ToThread#runSync(ToThreadOptions, org.trio4j.ThrowingSupplier)} runs a function: which
 * limiter bounds the number of threads, whether a cancelled call abandons its thread, and the
 * thread's name. Immutable.
 *
 * {@snippet :
 * ToThreadOptions dns = ToThreadOptions.builder().abandonOnCancel(true).build();
 * InetAddress[] addresses = ToThread.runSync(dns, () -> InetAddress.getAllByName(host));
 * }
 */
public final class ToThreadOptions {
  /** The defaults: the run's default limiter, wait for the thread on cancellation, default name. */
  public static final ToThreadOptions DEFAULT = builder().build();

  private final ThreadLimiter limiter;
  private final boolean abandonOnCancel;
  private final String threadName;

  private ToThreadOptions(Builder b) {
    this.limiter = b.limiter;
    this.abandonOnCancel = b.abandonOnCancel;
    this.threadName = b.threadName;
  }

  /**
   * Starts a builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the limiter, or null for the run's default ({@link
   * ToThread#currentDefaultThreadLimiter()}).
   *
   * @return the limiter or null
   */
  public ThreadLimiter limiter() {
    return limiter;
  }

  /**
   * Tells whether a cancelled call returns at once and abandons its thread.
   *
   * @return the flag
   */
  public boolean abandonOnCancel() {
    return abandonOnCancel;
  }

  /**
   * Returns the name the worker thread has while it runs the function, or null for the default
   * ({@code "ToThread.runSync-N from <task name>"}).
   *
   * @return the name or null
   */
  public String threadName() {
    return threadName;
  }

  @Override
  public String toString() {
    return "ToThreadOptions[limiter="
        + (limiter == null ? "default" : limiter)
        + ", abandonOnCancel="
        + abandonOnCancel
        + (threadName == null ? "" : ", threadName=" + threadName)
        + "]";
  }

  /** Builds {@link ToThreadOptions}. */
  public static final class Builder {
    private ThreadLimiter limiter;
    private boolean abandonOnCancel;
    private String threadName;

    private Builder() {}

    /**
     * Bounds the number of threads with {@code limiter} instead of the run's default one: a token
     * is borrowed for the worker thread before it starts and given back when it has finished.
     *
     * @param limiter the limiter
     * @return this builder
     */
    public Builder limiter(CapacityLimiter limiter) {
      this.limiter = new CapacityLimiterAdapter(Objects.requireNonNull(limiter, "limiter"));
      return this;
    }

    /**
     * Bounds the number of threads with a limiter of your own.
     *
     * @param limiter the limiter
     * @return this builder
     */
    public Builder limiter(ThreadLimiter limiter) {
      this.limiter = Objects.requireNonNull(limiter, "limiter");
      return this;
    }

    /**
     * Chooses what cancellation does while the function runs. {@code false} (the default): the task
     * keeps waiting for the thread, as if the function ran in the task itself; the thread can see
     * the cancellation with {@link FromThread#checkCancelled()}. {@code true}: the task throws
     * {@link org.trio4j.Cancelled} at once and the thread is abandoned: it runs on, and its result
     * or exception is discarded. Only for functions whose side effects do not matter, or that are
     * safe to let finish in the background (a DNS lookup, reading a file nobody waits for).
     *
     * @param abandon the flag
     * @return this builder
     */
    public Builder abandonOnCancel(boolean abandon) {
      this.abandonOnCancel = abandon;
      return this;
    }

    /**
     * Names the worker thread while it runs the function (it gets its pool name back afterwards).
     *
     * @param name the name
     * @return this builder
     */
    public Builder threadName(String name) {
      this.threadName = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public ToThreadOptions build() {
      return new ToThreadOptions(this);
    }
  }

  /** A {@link CapacityLimiter} seen as a {@link ThreadLimiter}. */
  static final class CapacityLimiterAdapter implements ThreadLimiter {
    final CapacityLimiter limiter;

    CapacityLimiterAdapter(CapacityLimiter limiter) {
      this.limiter = limiter;
    }

    @Override
    public void acquireOnBehalfOf(Object borrower) {
      limiter.acquireOnBehalfOf(borrower);
    }

    @Override
    public void releaseOnBehalfOf(Object borrower) {
      limiter.releaseOnBehalfOf(borrower);
    }

    @Override
    public String toString() {
      return limiter.toString();
    }
  }
}

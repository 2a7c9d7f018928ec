package org.trio4j.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.trio4j.lowlevel.IoStatistics;

/**
 * The I/O readiness waits of one run (Trio's I/O manager): parks a task until a non-blocking
 * channel is readable or writable, and wakes it from one of a few poller threads.
 */
public final class IoManager {
  /*
   * Implementation notes (the decision record is docs/adr/0004-io-readiness.md).
   *
   * What it is for. Tasks never block inside a channel operation: the JDK closes a channel when a
   * virtual thread blocked on it is interrupted, and trio4j's interrupt bridge interrupts tasks
   * that are cancelled outside a trio4j wait. So sockets are non-blocking, and their users "try
   * the operation first, wait for readiness only when it would block" (Trio's _nonblocking_helper).
   * A non-blocking read or write by an interrupted thread does not close the channel
   * (SocketChannelImpl only installs its interrupt hook for blocking operations); IoInterruptTest
   * pins that down, so no flag juggling is needed around the operations.
   *
   * Shape. One Poller per core (Runtime.availableProcessors(), or -Dtrio4j.pollers=N), each a
   * java.nio Selector driven by its own *virtual* thread; channels are assigned to pollers
   * round-robin on their first wait and stay there. Everything is lazy: a run that never waits for
   * I/O creates no IoManager; a poller's selector and thread are created on the first channel
   * assigned to it; close() (at the end of the run) stops and joins every poller thread, so
   * nothing outlives the run.
   *
   * Why virtual poller threads. The measurements in the benchmarks issue: a platform thread
   * running a Selector and unparking tasks reached ~0.45x Netty, because every hand-off between
   * the poller and a carrier thread is an operating-system thread switch; the same loop in a
   * virtual thread reached ~0.7x. A virtual poller runs on the carriers that run the tasks, so
   * the tasks it wakes go onto its carrier's own queue, and after a batch it yields so that they
   * run (and consume their data) before it polls again. On Linux since JDK 22 a virtual thread
   * blocked in Selector.select parks (the JDK's own poller watches the selector's epoll fd), so an
   * idle poller holds no carrier; on JDK 21 it pins its carrier and the JDK lends a spare one
   * (its Blocker mechanism), which still works. One poller per core, not one per run: a single
   * selector would serialise every wake-up of the run on one thread and could not scale.
   *
   * A poller's round. selectNow(consumer) first, and a blocking select(consumer) only if nothing
   * was ready: under load the poller never blocks (on JDK 25 select() would also poll first, but
   * on JDK 21 a blocking select() makes the scheduler compensate for the pinned carrier on every
   * call). The consumer is the Poller itself, so a round allocates nothing. Measured on one server
   * core: under 0.01 operating-system context switch per echo round trip, so hand-offs between
   * OS threads are no longer the cost; the system calls are (see ADR 0004 for the numbers, and
   * SocketStream.receiveSome for the read it no longer makes when it knows it would fail).
   *
   * Avoiding Selector.wakeup(). An interest change made while the poller is blocked in select()
   * only takes effect after a wakeup() (an eventfd write and, for a parked poller, a trip
   * through the JDK's poller): that is the cost to avoid on every wait. Two rules do it:
   *   - Interest ops are kept, not re-registered per wait. A wait adds the task as the channel's
   *     reader (or writer) and arms the interest only if it is not armed already. When the poller
   *     finds a channel readable it wakes the reader and *leaves OP_READ armed*, expecting the
   *     task to read and wait again soon (a request/response loop then costs no interest change
   *     and no wakeup at all). If the poller finds it readable with no reader waiting (the data
   *     arrived while the task was busy, or the task has not consumed it yet), it disarms OP_READ,
   *     from its own thread, which needs no wakeup; the next wait re-arms it. Write interest is
   *     disarmed whenever it fires, since a socket is nearly always writable and a lingering
   *     OP_WRITE would only produce spurious events.
   *   - A task that did change the interest calls wakeup() only if the poller is in (or about
   *     to enter) the blocking select(): Poller.selecting is a volatile flag set before it and
   *     cleared after it (a change queued before that is applied by the selectNow() or select()
   *     that follows, either of which processes the queue first). The task queues its change
   *     (under the selector's update lock) and then reads the flag; the poller writes the flag
   *     and then, in select(), takes the update lock: whichever comes second sees the other (the
   *     same Dekker argument as Netty's wakenUp flag), so a change is never stranded.
   *   Level-triggered epoll without EPOLLET (java.nio offers no edge-triggered mode) is why the
   *   "no reader" case must disarm: otherwise select() would return at once, again and again.
   * Alternatives rejected: one-shot interest (re-arm on every wait: two epoll_ctl calls per
   * round trip and usually a wakeup); registering from the task with a wakeup per wait (the
   * naive design measured at 0.45x); blocking JDK socket I/O (closes the socket on interrupt).
   *
   * Waiters and wake-ups. Each channel has an IoRegistration with at most one waiting reader and
   * one writer, set under its lock; a second waiter in the same direction is a
   * BusyResourceException (Trio: "another task is already reading / writing this fd"). The
   * poller takes the waiter out with an atomic swap (under the lock only when it must also change
   * the interest) and reschedules it through TaskImpl.reschedule, so that the scheduling policy
   * decides who runs (in cooperative mode the woken task is queued and the timer loop is
   * signalled). A cancelled wait's abort function removes the task with a compareAndSet, only if
   * it is still the waiter, so a task is either woken or cancelled, never both; it consumes
   * nothing, so nothing is lost. A wait parks on one IoRegistration.IoWait (its own abort function
   * and description), and a stream keeps its channel's registration (registration(), through
   * lowlevel.ChannelWaits), so that its waits make no lookup in the map below.
   *
   * Closing. notifyClosing marks the registration closing, wakes both waiters with
   * ClosedResourceException, cancels the key and wakes the poller so that the key is deregistered
   * (a channel closed while registered keeps its file descriptor until the selector deregisters
   * it). The registration stays in the map as a tombstone, so that a wait that starts between
   * notifyClosing and the channel's close fails with ClosedResourceException instead of waiting
   * forever on a key that the close will silently cancel; tombstones whose channel has been closed
   * are swept a couple at a time on later notifyClosing calls (a FIFO that re-queues those still
   * open), so they do not accumulate. A channel closed without notifyClosing leaves its
   * registration until the end of the run, and a task waiting on it then waits until cancelled:
   * the JDK tells nobody when a non-blocking channel is closed.
   */

  private static final int POLLERS = pollerCount();

  private final Runner runner;
  private final AtomicReferenceArray<Poller> pollers = new AtomicReferenceArray<>(POLLERS);
  private final AtomicInteger nextPoller = new AtomicInteger();
  private final ConcurrentHashMap<SelectableChannel, IoRegistration> registrations =
      new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<IoRegistration> tombstones = new ConcurrentLinkedQueue<>();
  // Guarded by `this`.
  private boolean closed;

  IoManager(Runner runner) {
    this.runner = runner;
  }

  private static int pollerCount() {
    int n = Runtime.getRuntime().availableProcessors();
    String s = System.getProperty("trio4j.pollers");
    if (s != null) {
      try {
        n = Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "-Dtrio4j.pollers must be a positive integer, but was \"" + s + "\"", e);
      }
    }
    return Math.max(1, n);
  }

  /**
   * Parks {@code task} until {@code channel} is readable (or, for a server socket, has a connection
   * to accept).
   *
   * @param task the current task
   * @param channel a non-blocking channel
   */
  public void waitReadable(TaskImpl task, SelectableChannel channel) {
    task.checkpointIfCancelled();
    awaitRegistered(task, registration(channel), true);
  }

  /**
   * Parks {@code task} until {@code channel} is writable (or, for a socket whose connection is
   * pending, until the connection is established or has failed).
   *
   * @param task the current task
   * @param channel a non-blocking channel
   */
  public void waitWritable(TaskImpl task, SelectableChannel channel) {
    task.checkpointIfCancelled();
    awaitRegistered(task, registration(channel), false);
  }

  /**
   * Returns the registration of {@code channel} in this run, creating it if needed: a stream that
   * waits on the same channel many times keeps it and waits with {@link #waitReadable(TaskImpl,
   * IoRegistration)}, sparing the lookup by channel on every wait. Valid in this run only (its
   * {@link IoRegistration#belongsTo} tells); it becomes a tombstone, on which every wait fails,
   * once {@link #notifyClosing} is called for the channel.
   *
   * @param channel a channel
   * @return its registration
   */
  public IoRegistration registration(SelectableChannel channel) {
    IoRegistration reg = registrations.get(channel);
    if (reg == null) {
      reg = registrations.computeIfAbsent(channel, c -> new IoRegistration(this, c));
    }
    return reg;
  }

  /**
   * Parks {@code task} until the channel of {@code reg} is readable, as {@link
   * #waitReadable(TaskImpl, SelectableChannel)}.
   *
   * @param task the current task
   * @param reg a registration this manager returned from {@link #registration}
   */
  public void waitReadable(TaskImpl task, IoRegistration reg) {
    task.checkpointIfCancelled();
    awaitRegistered(task, reg, true);
  }

  /**
   * Parks {@code task} until the channel of {@code reg} is writable, as {@link
   * #waitWritable(TaskImpl, SelectableChannel)}.
   *
   * @param task the current task
   * @param reg a registration this manager returned from {@link #registration}
   */
  public void waitWritable(TaskImpl task, IoRegistration reg) {
    task.checkpointIfCancelled();
    awaitRegistered(task, reg, false);
  }

  private void awaitRegistered(TaskImpl task, IoRegistration reg, boolean read) {
    if (reg.manager != this) {
      throw new IllegalArgumentException(reg + " belongs to another run");
    }
    Poller toWake = reg.addWaiter(task, read);
    if (toWake != null) {
      toWake.interestChanged();
    }
    // One object per wait: the record is its own abort function and description.
    Runner.unwrap(task, task.park(new IoRegistration.IoWait(task, reg, read)));
  }

  /**
   * Wakes every task waiting on {@code channel} with {@code ClosedResourceException} and forgets
   * the channel; the caller closes it next.
   *
   * @param channel the channel about to be closed
   */
  public void notifyClosing(SelectableChannel channel) {
    IoRegistration reg = registrations.get(channel);
    if (reg == null) {
      IoRegistration tomb = new IoRegistration(this, channel);
      reg = registrations.putIfAbsent(channel, tomb);
      if (reg == null) {
        reg = tomb;
      }
    }
    if (reg.markClosing()) {
      tombstones.add(reg);
    }
    sweepTombstones();
  }

  private void sweepTombstones() {
    for (int i = 0; i < 2; i++) {
      IoRegistration t = tombstones.poll();
      if (t == null) {
        return;
      }
      if (t.channel.isOpen()) {
        tombstones.add(t);
      } else {
        registrations.remove(t.channel, t);
      }
    }
  }

  /**
   * Returns the poller for a new registration, round-robin, creating it if needed.
   *
   * @return the poller
   */
  Poller assignPoller() {
    int i = Math.floorMod(nextPoller.getAndIncrement(), POLLERS);
    Poller p = pollers.get(i);
    if (p != null) {
      return p;
    }
    synchronized (this) {
      p = pollers.get(i);
      if (p == null) {
        if (closed) {
          throw new IllegalStateException("the run has ended; its I/O pollers are stopped");
        }
        try {
          p = new Poller(this, i);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot open a Selector for trio4j's I/O poller", e);
        }
        pollers.set(i, p);
        p.start();
      }
      return p;
    }
  }

  /**
   * A poller failed: a bug in trio4j or the JDK. The run is cancelled and ends with the error.
   *
   * @param t the failure
   */
  void pollerFailed(Throwable t) {
    runner.internalError(new org.trio4j.TrioInternalError("an I/O poller failed", t));
  }

  /** Stops every poller and waits for its thread to end; called when the run ends. */
  void close() {
    synchronized (this) {
      closed = true;
    }
    for (int i = 0; i < pollers.length(); i++) {
      Poller p = pollers.get(i);
      if (p != null) {
        p.stop();
      }
    }
    registrations.clear();
    tombstones.clear();
  }

  /**
   * Returns a snapshot of the I/O state.
   *
   * @return the statistics
   */
  public IoStatistics statistics() {
    int started = 0;
    long wakeups = 0;
    for (int i = 0; i < pollers.length(); i++) {
      Poller p = pollers.get(i);
      if (p != null) {
        started++;
        wakeups += p.wakeups();
      }
    }
    int channels = 0;
    int readers = 0;
    int writers = 0;
    for (IoRegistration r : registrations.values()) {
      int w = r.waiters();
      if (w >= 0) {
        channels++;
        readers += w & 1;
        writers += w >> 1;
      }
    }
    return new IoStatistics(started, channels, readers, writers, wakeups);
  }

  @Override
  public String toString() {
    IoStatistics s = statistics();
    return "IoManager[pollers=" + s.pollers() + ", channels=" + s.channels() + "]";
  }
}

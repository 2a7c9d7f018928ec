package org.trio4j.internal;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One selector and the virtual thread that polls it, for the channels the {@link IoManager}
 * assigned to it. See the notes in {@link IoManager}.
 */
final class Poller implements Runnable, Consumer<SelectionKey> {
  private final IoManager manager;
  private final Selector selector;
  private final Thread thread;
  // Written by the poller thread before and after select(); read by tasks that changed interest.
  private volatile boolean selecting;
  // Set once, by IoManager.close().
  private volatile boolean stopping;
  private final LongAdder wakeups = new LongAdder();

  Poller(IoManager manager, int index) throws IOException {
    this.manager = manager;
    this.selector = Selector.open();
    this.thread = Thread.ofVirtual().name("trio4j-io-poller-" + index).unstarted(this);
  }

  Selector selector() {
    return selector;
  }

  void start() {
    thread.start();
  }

  /**
   * A task changed this selector's interest ops (or cancelled a key): wakes the poller if it is in,
   * or about to enter, select(), where the change would otherwise wait for the next event.
   */
  void interestChanged() {
    if (selecting) {
      wakeups.increment();
      selector.wakeup();
    }
  }

  long wakeups() {
    return wakeups.sum();
  }

  @Override
  public void run() {
    try {
      while (!stopping) {
        // A non-blocking poll first: under load there is nearly always something ready, and on
        // JDK 21 a blocking select() in a virtual thread pins its carrier and makes the scheduler
        // compensate for it on every call, even when events are ready. Only when nothing is ready
        // does the poller block (on JDK 22+ it then parks; the JDK's own poller watches the
        // selector's descriptor).
        int n = selector.selectNow(this);
        if (n == 0 && !stopping) {
          selecting = true;
          try {
            n = selector.select(this);
          } finally {
            selecting = false;
          }
        }
        // Nobody in trio4j interrupts a poller; an interrupt from elsewhere would make every
        // select() return at once, so drop it.
        Thread.interrupted();
        if (n > 0) {
          // Give the carrier away after every round that reported keys:
          //  - if it woke tasks (queued on this carrier), so that they read their data before
          //    the next poll, and their sockets are not reported again with nobody waiting;
          //  - if it woke nobody, because a reported key may belong to a channel being closed
          //    (IoRegistration.markClosing: closing is set, then the key is cancelled). Such a
          //    key cannot be disarmed here, and epoll is level-triggered, so it is reported
          //    again on every poll until the closer's SelectionKey.cancel() has queued it for
          //    deregistration. That cancel takes a monitor of the selector's, which this poll
          //    takes too; a closer that finds it held blocks and needs a carrier to go on. A
          //    poller that polled again without yielding would keep its carrier, and with every
          //    carrier held by a spinning poller the closers never ran again: the run hung in
          //    close (seen in the echo benchmark's stop under load, two pollers, two carriers).
          Thread.yield();
        }
      }
    } catch (Throwable t) {
      if (!stopping) {
        manager.pollerFailed(t);
      }
    } finally {
      try {
        selector.close();
      } catch (IOException e) {
        // Nothing useful to do: the run is over.
      }
    }
  }

  /**
   * Handles one ready key, on the poller's thread: the selector calls it for each key it selects
   * ({@code Selector.select(Consumer)}, which spares the selected-key set and its iterator).
   *
   * @param k the ready key
   */
  @Override
  public void accept(SelectionKey k) {
    int ready;
    try {
      ready = k.readyOps();
    } catch (CancelledKeyException e) {
      return;
    }
    ((IoRegistration) k.attachment()).fired(ready);
  }

  /** Stops the poller and waits for its thread to end. */
  void stop() {
    stopping = true;
    selector.wakeup();
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "Poller["
        + thread.getName()
        + (selector.isOpen() ? ", keys=" + selector.keys().size() : ", stopped")
        + "]";
  }
}

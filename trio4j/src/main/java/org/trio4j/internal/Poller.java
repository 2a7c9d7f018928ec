package org.trio4j.internal;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * One selector and the virtual thread that polls it, for the channels the {@link IoManager}
 * assigned to it. See the notes in {@link IoManager}.
 */
final class Poller implements Runnable {
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
        selecting = true;
        int n;
        try {
          n = selector.select();
        } finally {
          selecting = false;
        }
        // Nobody in trio4j interrupts a poller; an interrupt from elsewhere would make every
        // select() return at once, so drop it.
        Thread.interrupted();
        boolean woke = false;
        if (n > 0) {
          Set<SelectionKey> keys = selector.selectedKeys();
          for (Iterator<SelectionKey> it = keys.iterator(); it.hasNext(); ) {
            SelectionKey k = it.next();
            it.remove();
            int ready;
            try {
              ready = k.readyOps();
            } catch (CancelledKeyException e) {
              continue;
            }
            woke |= ((IoRegistration) k.attachment()).fired(ready);
          }
        }
        if (woke) {
          // Let the tasks just woken (queued on this carrier) read their data before polling
          // again, so that their sockets are not reported again with nobody waiting.
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

package org.trio4j.channel;

import org.trio4j.lowlevel.Abort;
import org.trio4j.lowlevel.Task;
import org.trio4j.lowlevel.WaitNode;

/**
 * A task blocked in {@code send} or {@code receive}: a node of one of a channel's intrusive waiter
 * queues, and the record of its park (a {@link WaitNode}: its abort function and description), so
 * that one blocking call allocates one object. Made anew for every wait.
 */
final class Waiter extends WaitNode {
  final ChannelState state;
  // The handle the task waits on: closing that handle fails this waiter.
  final Object handle;

  // A sender's value until a receiver takes it (then null), or what a receiver was given; a Signal
  // if the wait ended otherwise. Guarded by state.lock while queued; after the wake-up the woken
  // task reads it (Lowlevel.reschedule happens-before park's return).
  Object item;

  // Guarded by state.lock. `queue` is null once the waiter has been taken off its queue: whoever
  // took it off owns its single wake-up.
  WaiterQueue queue;
  Waiter prev;
  Waiter next;

  Waiter(ChannelState state, Task task, Object handle, Object item) {
    super(task);
    this.state = state;
    this.handle = handle;
    this.item = item;
  }

  @Override
  protected Abort abort() {
    return state.abort(this);
  }

  /** What the task is parked on, as task-tree dumps and JFR park events say it. */
  @Override
  public String toString() {
    return (handle instanceof SendChannel ? "send on " : "receive on ") + handle;
  }
}

package org.trio4j.lowlevel;

import org.trio4j.internal.ParkRecord;
import org.trio4j.internal.TaskImpl;

/**
 * A primitive's entry for one waiting task that is also the record of that task's park: subclass it
 * for a queue node and {@linkplain Lowlevel#park(WaitNode) park} on it, and a parked task costs one
 * object for its wait, where {@link Lowlevel#park(AbortFunction)} adds a record of its own.
 *
 * <p>The contract:
 *
 * <ul>
 *   <li><b>One park per node.</b> Make a new node for every wait, on the task that will park, and
 *       park on it at most once ({@link Lowlevel#park(WaitNode)} throws {@link
 *       IllegalStateException} otherwise). This is what lets a canceller that still holds the node
 *       of an earlier park never abort a later one: a node identifies one park.
 *   <li><b>{@link #abort()}</b> is the park's abort function ({@link AbortFunction#abort()}):
 *       called at most once, from any thread, if the task is cancelled while parked on this node
 *       (or parks already cancelled). It undoes the wait (takes the node out of the primitive's
 *       queue) and returns {@link Abort#SUCCEEDED}, or returns {@link Abort#FAILED} if a waker has
 *       taken the node and will reschedule the task (or has).
 *   <li><b>{@code toString()}</b> describes the wait in task-tree dumps and JFR park events. It is
 *       called from other threads, possibly while the task is woken: thread-safe, quick, and never
 *       taking a lock that the primitive's wakers hold.
 *   <li>The waker wakes the task with {@link Lowlevel#reschedule(Task, Outcome)} on {@link
 *       #waitingTask()}, exactly once per park, as for any park.
 * </ul>
 *
 * {@snippet :
 * final class Gate {
 *   private final ArrayDeque<Node> waiters = new ArrayDeque<>(); // guarded by this
 *   private boolean open;                                      // guarded by this
 *
 *   private final class Node extends WaitNode {
 *     Node(Task task) { super(task); }
 *
 *     @Override
 *     protected Abort abort() {
 *       synchronized (Gate.this) {
 *         return waiters.remove(this) ? Abort.SUCCEEDED : Abort.FAILED;
 *       }
 *     }
 *
 *     @Override
 *     public String toString() { return "Gate"; }
 *   }
 *
 *   void pass() {
 *     Lowlevel.checkpointIfCancelled();
 *     Node node;
 *     synchronized (this) {
 *       if (open) {
 *         node = null;
 *       } else {
 *         node = new Node(Lowlevel.currentTask());
 *         waiters.add(node);
 *       }
 *     }
 *     if (node == null) {
 *       Lowlevel.cancelShieldedCheckpoint();
 *     } else {
 *       Lowlevel.park(node); // throws Cancelled if aborted
 *     }
 *   }
 *
 *   void open() {
 *     List<Node> woken;
 *     synchronized (this) {
 *       open = true;
 *       woken = new ArrayList<>(waiters);
 *       waiters.clear();
 *     }
 *     for (Node n : woken) {
 *       Lowlevel.reschedule(n.waitingTask());
 *     }
 *   }
 * }
 * }
 */
// Its superclass is the run's internal record of a park (not exported: its members cannot be
// reached from outside the module), so that the core's own waiter nodes and these are one kind.
@SuppressWarnings("exports")
public abstract class WaitNode extends ParkRecord {
  /*
   * The record of a park is compared by identity against the task's current park before an abort
   * runs (ParkRecord.tryAbort), and that is only sound if a record is parked on once: `parked` is
   * set by the one park this node may make. Written and read by the parking task's own thread only
   * (the node is made for the current task and only that task parks on it), so a plain field; it
   * fits in the object's padding after the record's own boolean.
   */
  private boolean parked;

  /**
   * Creates the node for a park that {@code task} is about to make.
   *
   * @param task the current task ({@link Lowlevel#currentTask()}), which will park on this node
   * @throws IllegalArgumentException if {@code task} is not a trio4j task
   */
  protected WaitNode(Task task) {
    super(asImpl(task));
  }

  private static TaskImpl asImpl(Task task) {
    if (task instanceof TaskImpl t) {
      return t;
    }
    throw new IllegalArgumentException("not a trio4j task: " + task);
  }

  /**
   * Returns the task that parks (or is about to park) on this node: the one to {@linkplain
   * Lowlevel#reschedule(Task, Outcome) reschedule} when the wait is over.
   *
   * @return the task
   */
  public final Task waitingTask() {
    return task();
  }

  /**
   * The abort function of this node's park: takes the node off the primitive's wait and returns
   * {@link Abort#SUCCEEDED}, or returns {@link Abort#FAILED} if a waker has it already. Called at
   * most once, from any thread, only while the task is parked on this node (see {@link
   * AbortFunction#abort()}).
   *
   * @return whether the wait was undone
   */
  @Override
  protected abstract Abort abort();

  /**
   * Claims the node's one park for the current thread's task; by {@link Lowlevel#park(WaitNode)}.
   */
  final TaskImpl claimPark() {
    TaskImpl t = task();
    // The task's own thread, rather than a look-up of the current task: the same test (a task runs
    // on its thread and nowhere else), without a second table look-up inlined into the frame that
    // stays on the parked stack.
    if (parked || t.thread() != Thread.currentThread()) {
      throw notParkable(t);
    }
    parked = true;
    return t;
  }

  private IllegalStateException notParkable(TaskImpl t) {
    return new IllegalStateException(
        parked
            ? "a WaitNode is parked on once: make a new one for every wait"
            : "a WaitNode is parked on by the task it was made for (" + t + "), on its thread");
  }
}

package org.trio4j.lowlevel;

import java.nio.channels.SelectableChannel;
import java.util.Objects;
import org.trio4j.internal.IoManager;
import org.trio4j.internal.IoRegistration;
import org.trio4j.internal.TaskImpl;

/**
 * The readiness waits of one channel, for code that waits on the same channel again and again (a
 * stream): {@link Lowlevel#waitReadable} and {@link Lowlevel#waitWritable} without finding the
 * channel's registration with the run's I/O manager on every wait.
 *
 * {@snippet :
 * ChannelWaits waits = new ChannelWaits(channel); // a non-blocking SocketChannel
 * int n;
 * while ((n = channel.read(buffer)) == 0) {
 *   waits.waitReadable();
 * }
 * }
 *
 * <p>Each wait follows the rules of {@link Lowlevel#waitReadable}: it is a checkpoint, a cancelled
 * wait throws {@link org.trio4j.Cancelled} and has consumed nothing, one task at a time may wait in
 * each direction, and {@link Lowlevel#notifyClosing} wakes a waiter with {@link
 * org.trio4j.ClosedResourceException}. A reader and a writer may use one instance at the same time,
 * and it may be used in one run after another.
 */
public final class ChannelWaits {
  /*
   * The registration is kept from the last wait, for the run it belongs to (checked on every wait:
   * a registration belongs to one run's I/O manager). A reader and a writer may both write the
   * field, without a lock: in one run both write the same value (the manager's registration of
   * the channel), whose constructor sets only final fields (it guards the rest with its own
   * lock), so a racy read of the reference is safe.
   */
  private final SelectableChannel channel;
  private IoRegistration registration;

  /**
   * Creates the waits of {@code channel}; registers nothing until the first wait.
   *
   * @param channel a non-blocking channel
   */
  public ChannelWaits(SelectableChannel channel) {
    this.channel = Objects.requireNonNull(channel, "channel");
  }

  /**
   * Returns the channel.
   *
   * @return the channel these waits are for
   */
  public SelectableChannel channel() {
    return channel;
  }

  /**
   * Parks the current task until the channel is readable, as {@link Lowlevel#waitReadable}.
   *
   * @throws org.trio4j.Cancelled if cancelled before or while waiting
   * @throws org.trio4j.BusyResourceException if another task is waiting for it to become readable
   * @throws org.trio4j.ClosedResourceException if it is closed or closing
   * @throws IllegalArgumentException if it is in blocking mode, or can never be readable
   */
  public void waitReadable() {
    TaskImpl task = TaskImpl.current("ChannelWaits.waitReadable");
    IoManager io = task.runner().io();
    io.waitReadable(task, registration(io));
  }

  /**
   * Parks the current task until the channel is writable, as {@link Lowlevel#waitWritable}.
   *
   * @throws org.trio4j.Cancelled if cancelled before or while waiting
   * @throws org.trio4j.BusyResourceException if another task is waiting for it to become writable
   * @throws org.trio4j.ClosedResourceException if it is closed or closing
   * @throws IllegalArgumentException if it is in blocking mode, or can never be writable
   */
  public void waitWritable() {
    TaskImpl task = TaskImpl.current("ChannelWaits.waitWritable");
    IoManager io = task.runner().io();
    io.waitWritable(task, registration(io));
  }

  private IoRegistration registration(IoManager io) {
    IoRegistration r = registration;
    if (r == null || !r.belongsTo(io)) {
      // The first wait, or the first in another run.
      r = io.registration(channel);
      registration = r;
    }
    return r;
  }

  @Override
  public String toString() {
    return "ChannelWaits[" + channel + "]";
  }
}

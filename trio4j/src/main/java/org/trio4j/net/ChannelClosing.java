package org.trio4j.net;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import org.trio4j.lowlevel.Lowlevel;

/** How every socket resource of this package closes its channel. */
final class ChannelClosing {
  private ChannelClosing() {}

  /**
   * Wakes the tasks waiting on {@code channel} (they get ClosedResourceException), drops its
   * registration with the run's I/O manager, then closes it. The descriptor is released whatever
   * {@code close()} reports, so an IOException from it is ignored: nothing is left to do.
   *
   * @param channel the channel
   */
  static void wakeWaitersAndClose(SelectableChannel channel) {
    try {
      Lowlevel.notifyClosing(channel);
    } finally {
      try {
        channel.close();
      } catch (IOException e) {
        // Released anyway; see above.
      }
    }
  }
}

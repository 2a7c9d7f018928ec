/**
 * Memory channels: typed, buffered or rendezvous queues between the tasks of a run, with clones for
 * several producers and consumers, close semantics that end or break the other side, and operations
 * that are atomic with respect to cancellation (Trio's {@code open_memory_channel}). Start with
 * {@link org.trio4j.channel.Channels}.
 *
 * <p>Built only on {@link org.trio4j.lowlevel.Lowlevel}'s public park/reschedule API.
 */
package org.trio4j.channel;

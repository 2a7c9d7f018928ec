// The Kotlin-coroutine peer of the channel benchmarks (ChannelPairBenchmark, ChannelChainBenchmark,
// ChannelParallelBenchmark): the same three shapes as ChannelTrioShapes and ChannelThreadShapes,
// written with kotlinx.coroutines channels, which Java cannot drive (send and receive are suspend
// functions). Every coroutine runs on Dispatchers.Default (one carrier thread per core), launched
// from runBlocking, as the Kotlin benchmarks Jox publishes do: that is how Kotlin runs CPU-bound
// concurrent work, and it makes the carriers the same in number as the virtual-thread scheduler's.
//
// The values sent are `i and 127`, boxed from Integer's cache like the Java shapes' values, so no
// shape allocates per element; each shape returns the sum of what its last receivers got, so that
// BenchmarksSmokeTest can check that every element arrived.
@file:JvmName("ChannelKotlinShapes")

package org.trio4j.benchmarks

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/** One producer sends [elements] values on one channel; one consumer receives them. */
fun pair(capacity: Int, elements: Int): Long = runBlocking {
  val channel = Channel<Int>(capacity)
  launch(Dispatchers.Default) {
    for (i in 0 until elements) channel.send(i and 127)
  }
  val consumer = async(Dispatchers.Default) {
    var sum = 0L
    repeat(elements) { sum += channel.receive() }
    sum
  }
  consumer.await()
}

/**
 * [links] channels in a row: a producer sends [elements] values into the first, a coroutine
 * between each two channels forwards every value from one to the next, a consumer receives them
 * from the last.
 */
fun chain(capacity: Int, links: Int, elements: Int): Long = runBlocking {
  val channels = Array(links) { Channel<Int>(capacity) }
  launch(Dispatchers.Default) {
    val first = channels[0]
    for (i in 0 until elements) first.send(i and 127)
  }
  for (k in 1 until links) {
    val from = channels[k - 1]
    val to = channels[k]
    launch(Dispatchers.Default) {
      repeat(elements) { to.send(from.receive()) }
    }
  }
  val consumer = async(Dispatchers.Default) {
    val last = channels[links - 1]
    var sum = 0L
    repeat(elements) { sum += last.receive() }
    sum
  }
  consumer.await()
}

/** [pairs] independent producer/consumer pairs, each sending [elements] values on its own channel. */
fun parallel(capacity: Int, pairs: Int, elements: Int): Long = runBlocking {
  val consumers = ArrayList<kotlinx.coroutines.Deferred<Long>>(pairs)
  repeat(pairs) {
    val channel = Channel<Int>(capacity)
    launch(Dispatchers.Default) {
      for (i in 0 until elements) channel.send(i and 127)
    }
    consumers.add(
      async(Dispatchers.Default) {
        var sum = 0L
        repeat(elements) { sum += channel.receive() }
        sum
      }
    )
  }
  var total = 0L
  for (c in consumers) total += c.await()
  total
}

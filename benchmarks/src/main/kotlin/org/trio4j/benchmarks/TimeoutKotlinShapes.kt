// The Kotlin-coroutine peer of TimeoutScopeBenchmark: `withTimeoutOrNull` around a little work, in
// coroutines on Dispatchers.Default launched from runBlocking (as the channel shapes do).
@file:JvmName("TimeoutKotlinShapes")

package org.trio4j.benchmarks

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull
import org.openjdk.jmh.infra.Blackhole

/**
 * [coroutines] coroutines each run [each] blocks of `withTimeoutOrNull([timeoutMillis])` around
 * `Blackhole.consumeCPU([tokens])`; returns how many blocks completed.
 */
fun timeouts(coroutines: Int, each: Int, timeoutMillis: Long, tokens: Long): Long = runBlocking {
  val jobs =
    List(coroutines) {
      async(Dispatchers.Default) {
        var count = 0L
        repeat(each) {
          if (withTimeoutOrNull(timeoutMillis) { Blackhole.consumeCPU(tokens); true } == true) {
            count++
          }
        }
        count
      }
    }
  jobs.sumOf { it.await() }
}

package org.trio4j.benchmarks.scenarios;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time another process has used so far, from Linux's {@code /proc/PID/stat}: how the echo
 * load test tells what a server's round trips cost it, whatever share of its core it got on a
 * shared machine.
 *
 * {@snippet :
 * double before = ProcessCpu.seconds(server.pid());
 * ... // the measured period
 * double used = ProcessCpu.seconds(server.pid()) - before; // NaN off Linux
 * }
 *
 * <p>The resolution is the kernel's clock tick ({@code USER_HZ}, 100 per second on Linux), so a
 * reading over a few seconds is good to about a percent. The process started with {@code taskset}
 * is the same process afterwards ({@code taskset} executes the command in its place).
 */
final class ProcessCpu {
  /** Linux's {@code USER_HZ}, the unit of {@code utime} and {@code stime}: fixed at 100. */
  static final double TICKS_PER_SECOND = 100;

  private ProcessCpu() {}

  /**
   * The user and system CPU time of all the process's threads so far.
   *
   * @param pid the process
   * @return seconds, or NaN if they cannot be read (not Linux, or the process is gone)
   */
  static double seconds(long pid) {
    try {
      return parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /**
   * Reads {@code utime + stime} from a {@code /proc/PID/stat} line.
   *
   * @param stat the line: {@code pid (comm) state ppid ...}, where comm may hold spaces and
   *     parentheses, so the fields are counted after the last ')'
   * @return seconds
   * @throws IllegalArgumentException if the line is too short
   */
  static double parse(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 1).strip().split("\\s+");
    // fields[0] is the state, field 3 of proc(5); utime and stime are fields 14 and 15.
    if (fields.length < 13) {
      throw new IllegalArgumentException("short /proc/PID/stat line: " + stat);
    }
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
  }
}

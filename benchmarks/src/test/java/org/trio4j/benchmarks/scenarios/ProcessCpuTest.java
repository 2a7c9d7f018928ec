package org.trio4j.benchmarks.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Reading a process's CPU time from {@code /proc/PID/stat}, as the echo load test does. */
class ProcessCpuTest {
  /** utime and stime (fields 14 and 15) add up, counted after a command name with spaces. */
  @Test
  void parseAddsUserAndSystemTicks() {
    String stat =
        "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 1234 0 0 0 250 75 0 0 20 0 31 0 999 1 2";
    assertEquals(3.25, ProcessCpu.parse(stat), 1e-12);
  }

  /** A line cut short is refused, not read as zero. */
  @Test
  void parseRefusesShortLines() {
    assertThrows(IllegalArgumentException.class, () -> ProcessCpu.parse("4242 (java) S 1 2 3"));
  }

  /** This process's own reading is a time that does not go backwards; a missing process is NaN. */
  @Test
  void readsLiveProcessesAndNaNForMissingOnes() {
    double a = ProcessCpu.seconds(ProcessHandle.current().pid());
    double b = ProcessCpu.seconds(ProcessHandle.current().pid());
    if (!Double.isNaN(a)) { // Linux
      assertTrue(a > 0 && b >= a, a + " then " + b);
    }
    assertTrue(Double.isNaN(ProcessCpu.seconds(Long.MAX_VALUE)));
  }
}

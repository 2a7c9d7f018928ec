package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.trio4j.VirtualTime.seconds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.trio4j.testing.TrioTest;

class TutorialTimingTest {

  /** The nursery block of Trio's tutorial returns when its slowest child (5 s) is done. */
  @TrioTest
  void nurseryReturnsWhenTheSlowestChildIsDone() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                Trio.sleep(Duration.ofSeconds(2));
                log.add("one@" + Trio.currentTime());
              });
          n.startSoon(
              () -> {
                Trio.sleep(Duration.ofSeconds(5));
                log.add("two@" + Trio.currentTime());
              });
        });
    assertEquals(List.of("one@" + seconds(2), "two@" + seconds(5)), log);
    assertEquals(seconds(5), Trio.currentTime());
  }

  /** moveOnAfter(1 s) around a day-long sleep returns false at exactly 1 s. */
  @TrioTest
  void moveOnAfterCutsALongSleepShortAtTheDeadline() {
    boolean completed =
        Trio.moveOnAfter(Duration.ofSeconds(1), () -> Trio.sleep(Duration.ofDays(1)));
    assertEquals(false, completed);
    assertEquals(seconds(1), Trio.currentTime());
  }
}

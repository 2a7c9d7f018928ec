package org.trio4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.trio4j.CancelScope;
import org.trio4j.Nursery;
import org.trio4j.lowlevel.Lowlevel;

/** Ports of Trio's test_Sequencer and test_Sequencer_cancel ({@code test_testing.py}). */
class SequencerTest {

  /** Blocks in two tasks run in the order of their positions, whatever order the tasks start in. */
  @TrioTest
  void blocksRunInPositionOrder() throws Exception {
    List<String> record = Collections.synchronizedList(new ArrayList<>());
    Sequencer seq = new Sequencer();
    Nursery.open(
        n -> {
          n.startSoon(
              () -> {
                seq.run(1, () -> record.add("f1 1"));
                seq.run(3, () -> record.add("f1 3"));
                seq.run(4, () -> record.add("f1 4"));
              });
          n.startSoon(
              () -> {
                seq.run(0, () -> record.add("f2 0"));
                seq.run(2, () -> record.add("f2 2"));
              });
          seq.run(5, Lowlevel::waitAllTasksBlocked);
          assertEquals(List.of("f2 0", "f1 1", "f2 2", "f1 3", "f1 4"), record);
        });
  }

  /** Using a position twice is an error; so is a negative one. */
  @TrioTest
  void aPositionRunsOnce() {
    Sequencer seq = new Sequencer();
    seq.run(0, () -> {});
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> seq.run(0, () -> {}));
    assertTrue(e.getMessage().contains("already used"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> seq.run(-1, () -> {}));
  }

  /** A block that throws still lets the next position run, and its exception passes through. */
  @TrioTest
  void aFailingBlockReleasesTheNextPosition() throws Exception {
    Sequencer seq = new Sequencer();
    List<String> record = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(() -> seq.run(1, () -> record.add("second")));
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  seq.run(
                      0,
                      () -> {
                        throw new IllegalArgumentException("boom");
                      }));
        });
    assertEquals(List.of("second"), record);
  }

  /**
   * Cancelling a task waiting for its turn breaks the sequencer: that task and every other waiter
   * fail with IllegalStateException, and so does any later caller (test_Sequencer_cancel).
   */
  @TrioTest
  void cancellingAWaiterBreaksTheSequence() throws Exception {
    Map<Integer, String> failures = new ConcurrentHashMap<>();
    Sequencer seq = new Sequencer();
    Nursery.open(
        n ->
            // Position 0 is claimed before the children exist, as in Trio, where the parent runs
            // first; in parallel mode the children could otherwise break the sequence before it.
            seq.run(
                0,
                () -> {
                  for (int i = 1; i <= 2; i++) {
                    int position = i;
                    n.startSoon(
                        () -> {
                          CancelScope scope = new CancelScope();
                          if (position == 1) {
                            scope.cancel();
                          }
                          scope.run(
                              () -> {
                                try {
                                  seq.run(position, () -> failures.put(position, "ran"));
                                } catch (IllegalStateException e) {
                                  failures.put(position, e.getMessage());
                                }
                              });
                        });
                  }
                }));
    assertEquals(2, failures.size(), failures.toString());
    assertTrue(failures.get(1).contains("was cancelled"), failures.get(1));
    assertTrue(failures.get(2).contains("broken"), failures.get(2));
    IllegalStateException late =
        assertThrows(IllegalStateException.class, () -> seq.run(3, () -> {}));
    assertTrue(late.getMessage().contains("broken"), late.getMessage());
    assertTrue(seq.toString().contains("broken"), seq.toString());
  }
}

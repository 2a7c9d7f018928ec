package org.trio4j.lowlevel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trio4j.Nursery;
import org.trio4j.RunOptions;
import org.trio4j.Trio;
import org.trio4j.testing.MockClock;
import org.trio4j.testing.TrioTest;

/** RunVar: one value per run, defaults, and null values. */
class RunVarTest {
  private static final RunVar<String> SHARED = new RunVar<>("shared", "default");

  private static RunOptions options() {
    return RunOptions.builder().clock(MockClock.autojumping()).build();
  }

  /** A value set in one run is not seen by the next run, which sees the default. */
  @Test
  void valuesAreIsolatedPerRun() {
    String first =
        Trio.run(
            options(),
            () -> {
              String before = SHARED.get();
              SHARED.set("run 1");
              return before + " -> " + SHARED.get();
            });
    String second = Trio.run(options(), SHARED::get);
    assertEquals("default -> run 1", first);
    assertEquals("default", second);
  }

  /** A value set by one task is seen by every other task of the same run. */
  @TrioTest
  void valueIsSharedByTheTasksOfARun() throws Exception {
    RunVar<Integer> var = new RunVar<>("n", 0);
    List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
    Nursery.open(
        n -> {
          n.startSoon(() -> var.set(7));
          Lowlevel.waitAllTasksBlocked();
          n.startSoon(() -> seen.add(var.get()));
        });
    assertEquals(List.of(7), seen);
    assertEquals(7, var.get());
  }

  /** A RunVar without a default fails on get until it is set, with a message naming it. */
  @TrioTest
  void noDefaultFailsUntilSet() {
    RunVar<String> var = new RunVar<>("resolver");
    IllegalStateException e = assertThrows(IllegalStateException.class, var::get);
    assertTrue(e.getMessage().contains("resolver"), e.getMessage());
    var.set("fake");
    assertEquals("fake", var.get());
    var.remove();
    assertThrows(IllegalStateException.class, var::get);
  }

  /** Setting null stores null (not the default); remove brings the default back. */
  @TrioTest
  void nullIsAValue() {
    RunVar<String> var = new RunVar<>("nullable", "default");
    var.set(null);
    assertNull(var.get());
    var.remove();
    assertEquals("default", var.get());
    RunVar<String> nullDefault = new RunVar<>("null default", null);
    assertNull(nullDefault.get());
  }

  /** toString names the variable. */
  @TrioTest
  void toStringNamesTheVariable() {
    assertTrue(SHARED.toString().contains("shared"), SHARED.toString());
  }
}

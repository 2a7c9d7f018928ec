package org.trio4j.benchmarks.scenarios;

/**
 * How hard a {@link Scenario} measures: {@code benchmarks/run}'s mode.
 *
 * <p>A scenario chooses its own counts for each; as a guide, {@link #SMOKE} checks that the harness
 * works end to end in a second or so (tiny counts, one run, used by the CI smoke test), {@link
 * #QUICK} gives a usable median in well under a minute, {@link #FULL} spends a few minutes on more
 * runs.
 */
public enum Effort {
  /** Tiny counts, one run: the harness works. */
  SMOKE,
  /** The counts, a few runs: a usable median. */
  QUICK,
  /** The counts, more runs: tighter intervals. */
  FULL;

  /**
   * Picks a value by effort.
   *
   * @param smoke the value for {@link #SMOKE}
   * @param quick the value for {@link #QUICK}
   * @param full the value for {@link #FULL}
   * @return the one for this effort
   */
  public int pick(int smoke, int quick, int full) {
    return switch (this) {
      case SMOKE -> smoke;
      case QUICK -> quick;
      case FULL -> full;
    };
  }
}

package org.trio4j.sync;

import java.util.List;

/**
 * A snapshot of a {@link CapacityLimiter}, for debugging.
 *
 * @param borrowedTokens how many tokens are borrowed
 * @param totalTokens the total number of tokens (may be below {@code borrowedTokens} just after it
 *     was lowered)
 * @param borrowers who holds the tokens, in the order they got them
 * @param tasksWaiting how many tasks are waiting for a token
 */
public record CapacityLimiterStatistics(
    int borrowedTokens, int totalTokens, List<Object> borrowers, int tasksWaiting) {
  /**
   * Creates a snapshot.
   *
   * @param borrowedTokens how many tokens are borrowed
   * @param totalTokens the total number of tokens
   * @param borrowers who holds the tokens (copied)
   * @param tasksWaiting how many tasks are waiting for a token
   */
  public CapacityLimiterStatistics {
    borrowers = List.copyOf(borrowers);
  }
}

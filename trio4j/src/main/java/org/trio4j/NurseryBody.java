package org.trio4j;

/**
 * The body of a {@link Nursery#open(NurseryBody) nursery block}: code that receives the open
 * nursery and starts children in it.
 *
 * {@snippet :
 * Nursery.open(nursery -> {
 *   nursery.startSoon(() -> fetch("a"));
 *   nursery.startSoon(() -> fetch("b"));
 * });
 * }
 */
@FunctionalInterface
public interface NurseryBody {
  /**
   * Runs the body with the open nursery.
   *
   * @param nursery the nursery, open until the block and all its children have finished
   * @throws Exception anything; it cancels the nursery and is rethrown once every child has ended
   */
  void run(Nursery nursery) throws Exception;
}

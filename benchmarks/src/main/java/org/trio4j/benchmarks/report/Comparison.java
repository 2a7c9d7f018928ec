package org.trio4j.benchmarks.report;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a benchmark class as one table of {@code docs/BENCHMARKS.md}: its title, the trio4j
 * benchmark method the peers are compared with, and notes on what is measured.
 *
 * {@snippet :
 * @Comparison(
 *     title = "Trio.checkpoint() when nothing is cancelled",
 *     subject = "trio4jCheckpoint",
 *     notes = "Each operation is one checkpoint.")
 * public class CheckpointBenchmark { ... }
 * }
 *
 * <p>Each benchmark method of the class carries a {@link Row}; the class may carry {@link Goal}s.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Comparison {
  /**
   * The table's title.
   *
   * @return a short sentence
   */
  String title();

  /**
   * The name of the trio4j benchmark method that every {@link Role#PEER} row is compared with.
   *
   * @return a method name of the class
   */
  String subject();

  /**
   * What one operation is and how it is measured (Markdown).
   *
   * @return the notes
   */
  String notes() default "";
}

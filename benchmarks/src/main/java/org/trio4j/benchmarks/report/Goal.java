package org.trio4j.benchmarks.report;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A target of issue 5 for a benchmark class: either a ratio to a peer ({@link #peer()} and {@link
 * #maxRatio()}) or an absolute bound on the subject's score ({@link #maxScore()} in {@link
 * #unit()}).
 *
 * {@snippet :
 * @Goal(text = "≤ 1.3× raw virtual threads", peer = "virtualThreads", maxRatio = 1.3)
 * @Goal(text = "≤ 50 ns", maxScore = 50, unit = "ns/op")
 * }
 *
 * <p>Scores are times (lower is better): a goal is met when the subject's score, or its ratio to
 * the peer, is at most the bound.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(Goals.class)
public @interface Goal {
  /**
   * The target as the issue states it (Markdown).
   *
   * @return the text
   */
  String text();

  /**
   * The peer's benchmark method name, for a ratio goal; empty for an absolute one.
   *
   * @return a method name of the class, or ""
   */
  String peer() default "";

  /**
   * The largest acceptable ratio subject / peer.
   *
   * @return the bound, or NaN for an absolute goal
   */
  double maxRatio() default Double.NaN;

  /**
   * The largest acceptable score of the subject, in {@link #unit()}.
   *
   * @return the bound, or NaN for a ratio goal
   */
  double maxScore() default Double.NaN;

  /**
   * The JMH score unit {@link #maxScore()} is in, such as {@code ns/op}.
   *
   * @return the unit
   */
  String unit() default "";
}

package org.trio4j.benchmarks.report;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The container of repeated {@link Goal}s. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Goals {
  /**
   * The goals.
   *
   * @return the goals, in declaration order
   */
  Goal[] value();
}

package org.trio4j.benchmarks.report;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row of a measurement that is not a JMH benchmark (a load test, a heap reading): the samples
 * of several runs of the same thing, written by {@link MeasurementFile} in JMH's JSON shape so that
 * {@link Report} treats it like any benchmark result.
 *
 * {@snippet :
 * Measurement m =
 *     Measurement.of(EchoLoadTest.class, "trio4jServer", "µs/op", 5.1, 5.3, 4.9)
 *         .withParam("connections", "1000");
 * }
 *
 * <p>As for JMH rows, {@link #className()} and {@link #method()} name a public method carrying a
 * {@link Row} (and the class a {@link Comparison}): the report takes labels and goals from them.
 * The score is the mean of the samples with the half-width of its 99.9% confidence interval
 * (Student's t, as JMH computes it); the report also shows their median. Lower must be better, as
 * everywhere in the report: express a throughput as time per operation.
 *
 * @param className the class that declares the row
 * @param method the name of the method that carries the row's {@link Row}
 * @param params parameters shown in the report, in order
 * @param unit the samples' unit, such as {@code µs/op} or {@code B/task}
 * @param samples one value per run, at least one
 * @param allocatedPerOp bytes allocated per operation, or NaN when not measured
 */
public record Measurement(
    String className,
    String method,
    Map<String, String> params,
    String unit,
    double[] samples,
    double allocatedPerOp) {

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException if there is no sample or one is not finite
   */
  public Measurement {
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(unit, "unit");
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    samples = samples.clone();
    if (samples.length == 0) {
      throw new IllegalArgumentException(className + "." + method + ": no samples");
    }
    for (double s : samples) {
      if (!Double.isFinite(s)) {
        throw new IllegalArgumentException(
            className + "." + method + ": sample " + s + " is not finite");
      }
    }
  }

  /**
   * A row with no parameters and no allocation figure.
   *
   * @param type the class that declares the row
   * @param method the method that carries its {@link Row}
   * @param unit the samples' unit
   * @param samples one value per run
   * @return the measurement
   */
  public static Measurement of(Class<?> type, String method, String unit, double... samples) {
    return new Measurement(type.getName(), method, Map.of(), unit, samples, Double.NaN);
  }

  /**
   * This row with one more parameter.
   *
   * @param name the parameter's name
   * @param value its value
   * @return a new measurement
   */
  public Measurement withParam(String name, String value) {
    Map<String, String> p = new LinkedHashMap<>(params);
    p.put(name, value);
    return new Measurement(className, method, p, unit, samples, allocatedPerOp);
  }

  /**
   * This row with an allocation figure.
   *
   * @param bytes bytes allocated per operation
   * @return a new measurement
   */
  public Measurement withAllocatedPerOp(double bytes) {
    return new Measurement(className, method, params, unit, samples, bytes);
  }

  @Override
  public double[] samples() {
    return samples.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Measurement m
        && className.equals(m.className)
        && method.equals(m.method)
        && params.equals(m.params)
        && unit.equals(m.unit)
        && Arrays.equals(samples, m.samples)
        && Double.compare(allocatedPerOp, m.allocatedPerOp) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(className, method, params, unit, Arrays.hashCode(samples), allocatedPerOp);
  }

  @Override
  public String toString() {
    return className
        + "."
        + method
        + params
        + " "
        + Arrays.toString(samples)
        + " "
        + unit
        + (Double.isNaN(allocatedPerOp) ? "" : ", " + allocatedPerOp + " B/op");
  }
}

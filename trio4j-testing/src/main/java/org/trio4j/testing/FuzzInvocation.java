package org.trio4j.testing;

import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.trio4j.RunOptions;

/**
 * One invocation of a {@link TrioFuzz} test: named after its seed, and run in cooperative mode with
 * that seed (the invocation context is also the interceptor that runs it).
 */
final class FuzzInvocation implements TestTemplateInvocationContext, InvocationInterceptor {
  private final int index;
  private final int count;
  private final long seed;

  FuzzInvocation(int index, int count, long seed) {
    this.index = index;
    this.count = count;
    this.seed = seed;
  }

  @Override
  public String getDisplayName(int invocationIndex) {
    return "[" + index + "/" + count + "] seed " + seed;
  }

  @Override
  public List<Extension> getAdditionalExtensions() {
    return List.of(this);
  }

  @Override
  public void interceptTestTemplateMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    TrioExtension.runTest(invocation, extensionContext, RunOptions.Scheduling.COOPERATIVE, seed);
  }

  @Override
  public String toString() {
    return "FuzzInvocation[seed=" + seed + "]";
  }
}

package org.trio4j;

/**
 * Run by {@link CancelledUnwindTest} in a child JVM, where {@code trio4j.cancelledStackTraces} can
 * be set before {@link Cancelled} is loaded: prints how many stack frames a Cancelled caught at a
 * checkpoint carries.
 */
final class CancelledStackTraceProgram {
  private CancelledStackTraceProgram() {}

  public static void main(String[] args) throws Exception {
    int frames =
        Trio.run(
            () -> {
              int[] seen = new int[1];
              CancelScope scope = new CancelScope();
              scope.run(
                  () -> {
                    scope.cancel();
                    try {
                      Trio.checkpoint();
                    } catch (Cancelled c) {
                      seen[0] = c.getStackTrace().length;
                      throw c;
                    }
                  });
              return seen[0];
            });
    System.out.println("frames=" + frames);
  }
}

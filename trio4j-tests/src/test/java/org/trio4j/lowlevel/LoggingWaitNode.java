package org.trio4j.lowlevel;

import java.util.List;

/**
 * A test's wait node: its abort function logs "abort" and succeeds; it describes itself as
 * "TestGate[node]".
 */
final class LoggingWaitNode extends WaitNode {
  final List<String> log;

  LoggingWaitNode(Task task, List<String> log) {
    super(task);
    this.log = log;
  }

  @Override
  protected Abort abort() {
    log.add("abort");
    return Abort.SUCCEEDED;
  }

  @Override
  public String toString() {
    return "TestGate[node]";
  }
}

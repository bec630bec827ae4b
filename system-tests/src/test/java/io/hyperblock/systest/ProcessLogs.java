package io.hyperblock.systest;

import java.nio.file.Path;

/** A set of test processes whose logs a failure report should show ({@link PrintLogsOnFailure}). */
public interface ProcessLogs {

  /** Directory holding the processes' data and logs. */
  Path root();

  /** The last lines of every process's log. */
  String logTails();
}

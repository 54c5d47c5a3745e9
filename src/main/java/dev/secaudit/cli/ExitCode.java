package dev.secaudit.cli;

import dev.secaudit.model.GateVerdict;

/**
 * The one table of exit codes (README "Exit codes" mirrors it; ExitCodeTest covers each). CI
 * pipelines depend on these numbers: never renumber.
 */
public enum ExitCode {
  PASSED(0, "gate passed: no unwaived failure at or above --fail-on"),
  FAILED(1, "gate failed: an unwaived finding at or above --fail-on"),
  USAGE(2, "bad usage, or an invalid policy or waiver file; nothing was probed"),
  INCOMPLETE(3, "scan incomplete: a check errored, a target was unreachable or went unscanned"
      + " (a merge missing shards, nothing scanned, a shard's own scan), and no gate failure;"
      + " period: nothing to"
      + " judge"),
  INTEGRITY_ONLY(4, "evidence verify, history verify: integrity only, not authenticity: nothing"
      + " was found changed, but with no trust anchor (--ca-file, --pin) a consistent forgery"
      + " would pass too"),
  INTERNAL(70, "internal error (a bug): rerun with --debug and report the stack trace"),
  OUTPUT(74, "an output could not be written (a full disk, a quota, an I/O error): the file and"
      + " the system's reason are named, and no report of the run is left half-written"),
  /**
   * Set by the JVM, not returned by a command: 128 + SIGINT. The run says on standard error
   * that it was interrupted and whether its reports were written ({@link Interruption}).
   */
  INTERRUPTED(130, "interrupted (Ctrl-C, SIGINT; 143 for SIGTERM): one line on standard error"
      + " says so; a run stopped before its reports landed wrote none, and the files in -o DIR"
      + " are an earlier run's, left as they were");

  public final int code;
  public final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  /** A gate's outcome, for every command that gates (scan, demo, merge). */
  static ExitCode of(GateVerdict gate) {
    return switch (gate.outcome()) {
      case PASSED -> PASSED;
      case FAILED -> FAILED;
      case INCOMPLETE -> INCOMPLETE;
    };
  }

  /**
   * A verification's outcome (evidence verify, history verify): changed is FAILED, intact but
   * vouched for by no trust anchor is INTEGRITY_ONLY.
   */
  static ExitCode ofVerification(boolean intact, boolean authentic) {
    return !intact ? FAILED : authentic ? PASSED : INTEGRITY_ONLY;
  }
}

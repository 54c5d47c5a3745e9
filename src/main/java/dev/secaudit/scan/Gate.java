package dev.secaudit.scan;

import dev.secaudit.model.Finding;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.GateVerdict.Outcome;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides the CI verdict of a scan: failed when an unwaived FAIL is at or above {@code failOn},
 * otherwise incomplete when a check errored, a target was unreachable or a target in scope was
 * scanned by no one (a merge missing shards, a run that looked at nothing) or nothing was judged
 * (every finding skipped, manual or informational), otherwise passed. A
 * failure wins over incompleteness: what was seen to be wrong is wrong whatever else could not be
 * seen; "passed" needs something seen.
 *
 * <p>With {@code onlyNew} ({@code --fail-on-new}) only failures the baseline did not have count,
 * so a team can adopt secaudit on a system with known debt and still block regressions.
 */
public final class Gate {
  private Gate() {}

  public static GateVerdict of(ScanResult scan, Severity failOn) {
    return of(scan, failOn, false);
  }

  /**
   * The gate of a saved scan, at the {@code --fail-on} its run recorded (low when it recorded
   * none), for re-rendering a report from scan.json. {@code --fail-on-new} is not recorded, so a
   * run gated on new failures only is shown gated on all of them.
   */
  public static GateVerdict recorded(ScanResult scan) {
    String failOn = scan.run() == null ? null : scan.run().failOn();
    Severity at = Severity.LOW;
    if (failOn != null && !failOn.isBlank()) {
      try {
        at = Severity.parse(failOn);
      } catch (IllegalArgumentException e) {
        // A hand-edited scan.json: the default gate, as the console re-render uses.
        at = Severity.LOW;
      }
    }
    return of(scan, at, false);
  }

  public static GateVerdict of(ScanResult scan, Severity failOn, boolean onlyNew) {
    List<Finding> failing = new ArrayList<>();
    int errors = 0;
    for (Finding f : scan.findings()) {
      if (GateVerdict.fails(f, failOn, onlyNew)) {
        failing.add(f);
      }
      if (f.status() == Status.ERROR) {
        errors++;
      }
    }
    int unreachable = 0;
    for (TargetState t : scan.targets()) {
      if (t.state() == TargetState.State.UNREACHABLE) {
        unreachable++;
      }
    }
    int notScanned = TargetState.notScanned(scan.targets());
    // A policy of attested claims alone has no targets: its attestations are what it judges.
    boolean judgedNothing = notScanned == 0 && !scan.targets().isEmpty()
        && scan.findings().stream().noneMatch(f -> switch (f.status()) {
          case PASS, FAIL, ERROR, WARN, WAIVED -> true;
          case MANUAL, INFO, SKIPPED -> false;
        });
    Outcome o = !failing.isEmpty() ? Outcome.FAILED
        : errors > 0 || unreachable > 0 || notScanned > 0 || judgedNothing ? Outcome.INCOMPLETE
        : Outcome.PASSED;
    return new GateVerdict(o, failing, errors, unreachable, failOn, onlyNew, notScanned,
        judgedNothing);
  }
}

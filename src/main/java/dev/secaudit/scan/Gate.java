package dev.secaudit.scan;

import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;

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
   * none) and on new failures only when it recorded {@code --fail-on-new}, for re-rendering a
   * report from scan.json: the verdict CI acted on, not another one.
   */
  public static GateVerdict recorded(ScanResult scan) {
    return of(scan, GateVerdict.Tally.recordedFailOn(scan.run()),
        scan.run() != null && scan.run().failOnNew());
  }

  public static GateVerdict of(ScanResult scan, Severity failOn, boolean onlyNew) {
    GateVerdict.Tally tally = new GateVerdict.Tally(failOn, onlyNew, true);
    scan.findings().forEach(tally::add);
    return tally.verdict(scan.targets());
  }
}

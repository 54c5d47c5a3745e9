package dev.secaudit.scan;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Finding.BaselineState;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a scan with an earlier one by {@link Finding#key()}. A finding is UNCHANGED when the
 * earlier scan had the same key with the same status, otherwise NEW (it appeared, or its verdict
 * changed: a PASS that now fails is a new failure). An earlier FAIL, WARN or ERROR whose key is
 * gone or no longer needs attention is RESOLVED; a finding that is now WAIVED is accepted, not
 * resolved.
 *
 * <p>A baseline of schema secaudit.scan/1 named findings in files by file:line in the subject;
 * such an earlier finding also matches a current one at that file and line ({@link
 * Finding#legacyPlace()}, {@link Finding#place()}), so an old baseline keeps its verdicts until
 * the next baseline is written with line-free keys.
 */
public final class BaselineComparison {
  private BaselineComparison() {}

  public static ScanResult compare(ScanResult scan, ScanResult earlier, String earlierFile) {
    Set<String> before = new HashSet<>();
    for (Finding f : earlier.findings()) {
      before.add(f.key() + "\n" + f.status());
      if (f.legacyPlace() != null) {
        before.add(f.legacyPlace() + "\n" + f.status());
      }
    }
    Map<String, Status> now = new HashMap<>();
    List<Finding> marked = new ArrayList<>();
    int fresh = 0;
    for (Finding f : scan.findings()) {
      now.putIfAbsent(f.key(), f.status());
      if (f.place() != null) {
        now.putIfAbsent(f.place(), f.status());
      }
      boolean same = before.contains(f.key() + "\n" + f.status())
          || f.place() != null && before.contains(f.place() + "\n" + f.status());
      fresh += same ? 0 : 1;
      marked.add(f.withBaseline(same ? BaselineState.UNCHANGED : BaselineState.NEW));
    }
    List<Finding> resolved = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (Finding f : earlier.findings()) {
      Status current = now.get(f.key());
      if (current == null && f.legacyPlace() != null) {
        current = now.get(f.legacyPlace());
      }
      if (open(f.status()) && (current == null || !open(current) && current != Status.WAIVED)
          && listed.add(f.key())) {
        resolved.add(f.withBaseline(BaselineState.RESOLVED));
      }
    }
    return scan.withBaseline(marked, new ScanResult.Baseline(earlierFile,
        earlier.run() == null ? null : earlier.run().id(),
        earlier.run() == null ? null : earlier.run().started(), fresh,
        marked.size() - fresh, resolved));
  }

  private static boolean open(Status s) {
    return WaiverApplication.waivable(s);
  }
}

package dev.secaudit.report;

import dev.secaudit.model.Finding;
import dev.secaudit.model.JsonFault;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.TargetState;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a scan's findings are about its population, checked as {@link ScanReader} reads them:
 * each about a target the scan lists (or the whole policy). A file with "targets": [] and
 * hundreds of findings would say "334 findings on 0 targets", a population an auditor cannot
 * trust. What is kept is each target name a finding names once, with the first finding that
 * names it.
 *
 * <p>Two findings with one key are not refused here: scans secaudit writes hold some (a cookie
 * set on two pages, a manifest read twice), so that refusal waits for the scan to write each
 * key once.
 */
final class FindingCensus {
  private final ScanRefusals refusals;
  private final Map<String, Integer> named = new HashMap<>();

  FindingCensus(ScanRefusals refusals) {
    this.refusals = refusals;
  }

  /** Counts the finding at {@code index}. */
  void add(Finding f, int index) {
    named.putIfAbsent(f.target(), index);
  }

  /**
   * Refuses the first finding whose target the scan does not list; policy-wide findings ({@link
   * ScanResult#POLICY_TARGET}, or no name, as merge reads them too) belong to no target.
   */
  void requireListed(List<TargetState> targets) {
    Set<String> listed = new HashSet<>();
    for (TargetState t : targets) {
      listed.add(t.name());
    }
    String target = null;
    int first = Integer.MAX_VALUE;
    for (Map.Entry<String, Integer> e : named.entrySet()) {
      if (e.getValue() < first && !listed.contains(e.getKey())
          && !e.getKey().isEmpty() && !e.getKey().equals(ScanResult.POLICY_TARGET)) {
        target = e.getKey();
        first = e.getValue();
      }
    }
    if (target != null) {
      throw refusals.refused(FindingReader.at(first) + ".target", JsonFault.quoted(target)
          + " is not"
          + " among the scan's targets (" + (targets.isEmpty() ? "it lists none"
          : "it lists " + targets.size()) + "): a finding of a target outside the population"
          + " is not this run's");
    }
  }
}

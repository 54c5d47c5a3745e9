package dev.secaudit.scan;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Finding.BaselineState;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a scan with an earlier one by {@link Finding#key()}. A finding that needs attention
 * (FAIL, WARN, ERROR, WAIVED, MANUAL) is UNCHANGED when the earlier scan had the same key with the
 * same status, otherwise NEW (it appeared, or its verdict changed: a PASS that now fails is a new
 * failure). A finding that needs none (PASS, INFO, SKIPPED, NOT_APPLICABLE) is never NEW: RESOLVED when the
 * earlier scan had it as a FAIL, WARN or ERROR (a fix), else UNCHANGED. An earlier FAIL, WARN or ERROR whose key is
 * gone or no longer needs attention is RESOLVED, but only when this scan's check judged its target
 * again (some finding of it on that target passed, failed, warned or was waived; an ERROR or a
 * SKIPPED judges nothing): an earlier problem on a target or of a check this scan did not judge is
 * NOT_SCANNED (a pull request that drops a target, or a baseline of another policy, resolves
 * nothing). A finding that is now WAIVED is accepted, not resolved, and not new either when the
 * earlier scan had it as a FAIL, WARN or ERROR: the waiver accepts a known problem, it does not
 * add one (counting it new put "4 new" where 2 were regressions). The other way round, a waived
 * finding that fails again unwaived is NEW: the gate no longer accepts it. When the baseline was
 * written for another policy name or policy file, the comparison carries a note saying so.
 *
 * <p>The earlier scan's own NOT_SCANNED problems count as earlier problems too: nothing has been
 * observed of them since, so a target that stays down for two runs keeps its problems NOT_SCANNED
 * (and its SARIF alerts open) instead of losing them because the run in between saw nothing. Only
 * for targets still in scope: a target the policy dropped is not carried on forever.
 *
 * <p>A baseline of schema secaudit.scan/1 named findings in files by file:line in the subject;
 * such an earlier finding also matches a current one at that file and line ({@link
 * Finding#legacyPlace()}, {@link Finding#place()}), so an old baseline keeps its verdicts until
 * the next baseline is written with line-free keys.
 */
public final class BaselineComparison {
  private BaselineComparison() {}

  public static ScanResult compare(ScanResult scan, ScanResult earlier, String earlierFile) {
    List<Finding> earlierProblems = new ArrayList<>(earlier.findings());
    if (earlier.baseline() != null) {
      Set<String> inScope = new HashSet<>();
      scan.targets().forEach(t -> inScope.add(t.name()));
      earlier.baseline().notScanned().stream().filter(f -> inScope.contains(f.target()))
          .forEach(earlierProblems::add);
    }
    Set<String> before = new HashSet<>();
    for (Finding f : earlierProblems) {
      before.add(f.key() + "\n" + f.status());
      if (f.legacyPlace() != null) {
        before.add(f.legacyPlace() + "\n" + f.status());
      }
    }
    Map<String, Status> now = new HashMap<>();
    List<Finding> marked = new ArrayList<>();
    int fresh = 0;
    int kept = 0;
    for (Finding f : scan.findings()) {
      now.putIfAbsent(f.key(), f.status());
      if (f.place() != null) {
        now.putIfAbsent(f.place(), f.status());
      }
      boolean same = known(before, f, f.status());
      if (!same && f.status() == Status.WAIVED) {
        for (Status was : Status.values()) {
          same |= open(was) && known(before, f, was);
        }
      }
      BaselineState state;
      if (calm(f.status())) {
        // A finding that needs no attention is no new problem, whatever it was before: a
        // failure that now passes is a fix (RESOLVED, as the baseline section lists it), and
        // counting it new put "4 new" where 3 were regressions.
        boolean wasOpen = false;
        for (Status was : Status.values()) {
          wasOpen |= open(was) && known(before, f, was);
        }
        state = wasOpen ? BaselineState.RESOLVED : BaselineState.UNCHANGED;
      } else {
        state = same ? BaselineState.UNCHANGED : BaselineState.NEW;
      }
      fresh += state == BaselineState.NEW ? 1 : 0;
      kept += state == BaselineState.UNCHANGED ? 1 : 0;
      marked.add(f.withBaseline(state));
    }
    Set<String> judged = new HashSet<>();
    for (Finding f : scan.findings()) {
      if (judging(f.status())) {
        judged.add(f.target() + "\n" + f.checkId());
      }
    }
    List<Finding> resolved = new ArrayList<>();
    List<Finding> notScanned = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (Finding f : earlierProblems) {
      Status current = now.get(f.key());
      if (current == null && f.legacyPlace() != null) {
        current = now.get(f.legacyPlace());
      }
      boolean gone = current == null || !open(current) && current != Status.WAIVED;
      // A failure that now reads ERROR was not observed again: nothing says it is still there
      // or gone, so it is NOT_SCANNED, never RESOLVED, and the ERROR does not stand in for it.
      boolean unobserved = current == Status.ERROR && f.status() != Status.ERROR;
      if (open(f.status()) && (gone || unobserved) && listed.add(f.key())) {
        if (gone && judged.contains(f.target() + "\n" + f.checkId())) {
          resolved.add(f.withBaseline(BaselineState.RESOLVED));
        } else {
          notScanned.add(f.withBaseline(BaselineState.NOT_SCANNED));
        }
      }
    }
    return scan.withBaseline(marked, new ScanResult.Baseline(earlierFile,
        earlier.run() == null ? null : earlier.run().id(),
        earlier.run() == null ? null : earlier.run().started(), fresh,
        kept, resolved, notScanned, scopeNotes(scan.run(), earlier.run())));
  }

  /** What says the baseline was another scope: its policy's name or file is not this scan's. */
  private static List<String> scopeNotes(RunInfo now, RunInfo before) {
    List<String> notes = new ArrayList<>();
    if (now == null || before == null) {
      return notes;
    }
    if (before.policyName() != null && now.policyName() != null
        && !before.policyName().equals(now.policyName())) {
      notes.add("the baseline is a scan of policy '" + before.policyName() + "', this is a scan of"
          + " policy '" + now.policyName() + "': only findings of checks and targets both scans"
          + " judged are compared");
    } else if (before.policySha256() != null && now.policySha256() != null
        && !before.policySha256().equals(now.policySha256())) {
      notes.add("the baseline was scanned with another version of the policy (policy_sha256 "
          + prefix(before.policySha256()) + "… there, " + prefix(now.policySha256())
          + "… here): only findings of checks and targets both scans judged are compared");
    }
    return notes;
  }

  private static String prefix(String sha256) {
    return sha256.substring(0, Math.min(12, sha256.length()));
  }

  /** Whether the earlier scan had this finding (by key, or by a legacy file:line) at status s. */
  private static boolean known(Set<String> before, Finding f, Status s) {
    return before.contains(f.key() + "\n" + s)
        || f.place() != null && before.contains(f.place() + "\n" + s);
  }

  /**
   * Whether a finding with this status shows its check judged its target. An ERROR, a SKIPPED or a
   * MANUAL finding observed nothing: a target that went down answers every check with an ERROR
   * whose subject is the rule ("*sess*"), not the cookie the baseline failed ("session"), and
   * counting that as judged made the old failures RESOLVED, fixes that never happened.
   */
  private static boolean judging(Status s) {
    return switch (s) {
      // NOT_APPLICABLE observed the target and found nothing the control covers (no DHE suite
      // accepted): an earlier weak-DH failure is gone, so it is resolved.
      case FAIL, WARN, WAIVED, INFO, PASS, NOT_APPLICABLE -> true;
      case ERROR, SKIPPED, MANUAL -> false;
    };
  }

  /** A verdict that asks nothing of anyone: never a new problem. */
  private static boolean calm(Status s) {
    return s == Status.PASS || s == Status.INFO || s == Status.SKIPPED
        || s == Status.NOT_APPLICABLE;
  }

  private static boolean open(Status s) {
    return WaiverApplication.waivable(s);
  }
}

package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.ClaimChecks;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a claim's own checks found, before its words are weighed: the scan's claim.verified and
 * every answer start from this one reading of the findings. A check the claim lists that was
 * skipped, or that judged nothing, leaves the claim unverified: "the checks that ran passed" is
 * not "its checks passed".
 *
 * @param status FAIL or ERROR when one of its findings did; WARN when one warned, was skipped or
 *     a listed check judged nothing (skipped, informational or not applicable everywhere); PASS
 *     only when every listed check passed somewhere
 * @param observed the counts and, when not PASS, why, in a reviewer's words
 */
public record ChecksOutcome(Status status, String observed) {

  /** @param findings the scan's findings of the claim's checks (claim findings left out) */
  public static ChecksOutcome of(List<String> globs, List<Finding> findings) {
    Map<Status, Integer> counts = new EnumMap<>(Status.class);
    List<String> failing = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<String> warned = new ArrayList<>();
    List<String> silent = new ArrayList<>();
    List<String> notApplicable = new ArrayList<>();
    int matched = 0;
    // Compiled once: a fleet's claim may list a glob over hundreds of thousands of findings.
    List<Predicate<Finding>> selectors = globs.stream().map(ClaimChecks::selector).toList();
    boolean[] judged = new boolean[globs.size()];
    for (Finding f : findings) {
      // A waiver accepts a risk; it does not make the control hold.
      Status status = f.judgedStatus();
      boolean any = false;
      for (int i = 0; i < selectors.size(); i++) {
        if (selectors.get(i).test(f)) {
          any = true;
          judged[i] |= judges(status);
        }
      }
      if (!any) {
        continue;
      }
      matched++;
      counts.merge(status, 1, Integer::sum);
      if (status == Status.FAIL || status == Status.ERROR) {
        failing.add(where(f));
      } else if (status == Status.WARN) {
        warned.add(where(f) + (f.observed().isEmpty() ? "" : ": " + f.observed()));
      } else if (status == Status.SKIPPED) {
        skipped.add(where(f) + (f.observed().isEmpty() ? "" : " (" + f.observed() + ")"));
      } else if (status == Status.NOT_APPLICABLE) {
        notApplicable.add(where(f) + (f.observed().isEmpty() ? "" : " (" + f.observed() + ")"));
      }
    }
    for (int i = 0; i < globs.size(); i++) {
      if (!judged[i]) {
        silent.add(globs.get(i));
      }
    }
    String listed = String.join(", ", globs);
    int unjudged = counts.getOrDefault(Status.SKIPPED, 0) + counts.getOrDefault(Status.INFO, 0)
        + counts.getOrDefault(Status.NOT_APPLICABLE, 0);
    if (matched == unjudged) {
      // A check that did not apply verified nothing: the reviewer is told what made it not apply.
      return new ChecksOutcome(Status.WARN, "no finding of " + listed
          + " was judged in this scan, so nothing verifies the claim"
          + (notApplicable.isEmpty() ? "" : "; not applicable: " + first(notApplicable)));
    }
    String seen = dev.secaudit.model.Counted.of(matched, "finding") + " of " + listed + ": "
        + summary(counts);
    if (!failing.isEmpty()) {
      return new ChecksOutcome(counts.containsKey(Status.FAIL) ? Status.FAIL : Status.ERROR,
          seen + "; failing: " + first(failing));
    }
    if (!silent.isEmpty()) {
      return new ChecksOutcome(Status.WARN, seen + "; not verified: " + String.join(", ", silent)
          + " judged nothing in this scan"
          + (notApplicable.isEmpty() ? "" : " (not applicable: " + first(notApplicable) + ")"));
    }
    if (!skipped.isEmpty()) {
      return new ChecksOutcome(Status.WARN, seen + "; not verified: skipped " + first(skipped));
    }
    if (!warned.isEmpty()) {
      // The reader needs what the warning saw ("no deletion observed yet"), not only a count.
      return new ChecksOutcome(Status.WARN, seen + "; not verified: " + first(warned));
    }
    return new ChecksOutcome(counts.containsKey(Status.WARN) ? Status.WARN : Status.PASS, seen);
  }

  /** Whether a finding of this status judged its check: a skip, a fact or a rule that did not
   * apply did not. */
  static boolean judges(Status status) {
    return status != Status.SKIPPED && status != Status.INFO && status != Status.NOT_APPLICABLE;
  }

  private static String where(Finding f) {
    return f.checkId() + (f.subject().isEmpty() ? "" : " [" + f.subject() + "]") + " on "
        + f.target();
  }

  private static String first(List<String> items) {
    return String.join("; ", items.subList(0, Math.min(5, items.size())))
        + (items.size() > 5 ? "; and " + (items.size() - 5) + " more" : "");
  }

  private static String summary(Map<Status, Integer> counts) {
    List<String> parts = new ArrayList<>();
    counts.forEach((s, n) -> parts.add(n + " " + s.words()));
    return String.join(", ", parts);
  }
}

package dev.secaudit.scan;

import dev.secaudit.check.http.CredentialsCheck;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The findings that judged the 401/403 answers of a target whose credentials were refused
 * everywhere ({@link CredentialsCheck}): each says so first, and a PASS goes to review (WARN), for
 * a header or cookie the error page gets right says nothing of the application behind it. A FAIL
 * stays one (the answer does lack what it lacks) under the same words. Read from the findings
 * alone, after the policy's own skips, so that 'report --from' and merge see what the scan wrote.
 */
final class CredentialsRefused {
  private CredentialsRefused() {}

  static List<Finding> toReview(List<Finding> findings) {
    Map<String, Set<String>> refused = new HashMap<>();
    for (Finding f : findings) {
      if (f.checkId().equals(CredentialsCheck.ID) && f.status() == Status.ERROR) {
        refused.computeIfAbsent(f.target(), k -> new HashSet<>()).addAll(f.evidence());
      }
    }
    if (refused.isEmpty()) {
      return findings;
    }
    List<Finding> out = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      Set<String> answers = refused.get(f.target());
      boolean judgedThem = answers != null && !f.checkId().equals(CredentialsCheck.ID)
          && f.evidence().stream().anyMatch(answers::contains);
      if (!judgedThem || !(f.status() == Status.PASS || f.status() == Status.FAIL
          || f.status() == Status.WARN)) {
        out.add(f);
        continue;
      }
      out.add(f.toBuilder().status(f.status() == Status.PASS ? Status.WARN : f.status())
          .observed(CredentialsCheck.REFUSED + ": " + f.observed(), f.observedValue()).build());
    }
    return out;
  }
}

package dev.secaudit.claim;

import dev.secaudit.policy.ClaimChecks;
import java.util.List;

/**
 * The policy rules a claim's evidence comes from, where it names them: a stated claim checked by
 * rule pointers ({@code checks: [/rate_limits/0]}) or a section's own claim
 * ({@code /rate_limits/1/limit}). A claim is judged on the evidence of its own scope: "Login
 * attempts are rate limited to 10 per minute" checked by the login's rule is not disputed by the
 * API login's rule being refuted (a blind review: an Express policy's login claim was WARN from
 * the other endpoint's failure), unless the claim speaks for all of its class ("All endpoints
 * are rate limited"), which the other rule's endpoint is part of.
 */
final class OwnRules {
  private OwnRules() {}

  /** Whether both claims name their rules, and no rule of one is, or holds, a rule of the other. */
  static boolean apart(Claim stated, Claim other, ClaimBook book) {
    if (stated.part().scope().universal()) {
      return false;
    }
    List<String> mine = rules(stated, book);
    List<String> theirs = rules(other, book);
    if (mine.isEmpty() || theirs.isEmpty()) {
      return false;
    }
    return mine.stream().noneMatch(a -> theirs.stream().anyMatch(b -> nested(a, b)));
  }

  /** The rule pointers a claim's evidence comes from; empty when it names checks by id. */
  private static List<String> rules(Claim c, ClaimBook book) {
    if (ClaimChecks.isRule(c.id())) {
      return List.of(c.id());
    }
    List<String> listed = book.listed(c.id());
    return !listed.isEmpty() && listed.stream().allMatch(ClaimChecks::isRule) ? listed
        : List.of();
  }

  private static boolean nested(String a, String b) {
    return a.equals(b) || a.startsWith(b + "/") || b.startsWith(a + "/");
  }
}

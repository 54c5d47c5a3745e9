package dev.secaudit.claim;

import java.util.Set;

/** Whether what a claim speaks of lies within what a question asks, for {@link Entailment}. */
final class ScopeWithin {
  private ScopeWithin() {}

  /**
   * Whether a claim's failure lies inside what is asked: a question about some things is
   * contradicted only by a failure among those things. A question naming nothing asks of the
   * whole system, where any failure counts.
   */
  static boolean failureWithin(Scope claim, Scope asked) {
    if (!claim.failedAmongKinds(asked) || asked.nouns().stream()
        .anyMatch(n -> n.startsWith("page.") && !claim.nouns().contains(n))) {
      // "Are access logs deleted within 30 days?" beside application logs kept 46 days, "Are
      // cookies set on the login page Secure?" beside a cookie on /: the failure lies among
      // other things of the class, or on other pages.
      return false;
    }
    return asked.isEmpty() || claim.isEmpty() || claim.within(asked);
  }

  /**
   * Whether a stated gap lies within what is asked: a gap on backups answers a question on
   * backups, or on everything ("always", "all data"), not one on customer data (disjoint, above)
   * nor one that names nothing and so asks whether the control is in place at all.
   */
  static boolean gapWithin(Scope gap, Scope asked) {
    boolean some = gap.nouns().stream().anyMatch(n -> !n.equals("data"));
    if (asked.unquantified()) {
      return !some;
    }
    return allData(asked) || failureWithin(gap, asked);
  }

  /** Where data is kept: a gap or window on them may be on customer data too. */
  private static final Set<String> KEPT = Set.of("file", "backup", "log", "report", "replica",
      "database");

  /**
   * Whether things a claim speaks of may hold the data a question asks of all of ("all customer
   * data": uploaded files, backups and logs may hold some). Said generically ("Is customer data
   * encrypted at rest?") the question asks of the data's own store, which a gap on backups does
   * not reach.
   */
  static boolean mayHold(Scope claim, Scope asked) {
    return asked.quantified() && asked.universal() && !asked.nouns().isEmpty()
        && asked.nouns().stream().allMatch(n -> n.startsWith("data."))
        && !claim.nouns().isEmpty() && claim.nouns().stream()
            .allMatch(n -> KEPT.stream().anyMatch(k -> n.equals(k) || n.startsWith(k + ".")));
  }

  /**
   * "Is all data encrypted at rest?", "Is all data deleted within 30 days?": asks of backups,
   * logs and reports too, so a gap or an amount stated of any of them is a counterexample.
   */
  static boolean allData(Scope asked) {
    return asked.universal() && !asked.nouns().isEmpty()
        && asked.nouns().stream().allMatch(n -> n.equals("data"));
  }
}

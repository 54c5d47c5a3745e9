package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Value;
import java.util.ArrayList;
import java.util.List;

/** The targets HSTS was in force on, and whether they are all the header check judged. */
record HstsInForce(List<String> on, boolean everyTarget) {

  /**
   * Where a claim's header check found a valid Strict-Transport-Security on some HTTPS page of a
   * target ("web (2 of 3 pages judged)"), and whether that is every target it judged. A browser
   * keeps HSTS for the whole host once any HTTPS answer sets it (RFC 6797 §8.1), so HSTS is
   * enabled there even where a claim over every response was refuted by a static file. Nothing
   * when a check other than the live HSTS ones failed (a config block that drops the header).
   */
  static HstsInForce of(Claim c, ClaimEvidence evidence) {
    if (!c.checkIds().contains("hsts.header") || evidence.findings(c.checkIds()).stream()
        .anyMatch(f -> !f.checkId().startsWith("hsts.")
            && (f.status() == Status.FAIL || f.status() == Status.ERROR))) {
      return new HstsInForce(List.of(), false);
    }
    List<String> where = new ArrayList<>();
    boolean every = true;
    for (Finding f : evidence.findings(List.of("hsts.header"))) {
      if (f.status() == Status.PASS) {
        where.add(f.target() + " (every page judged)");
      } else if (f.status() == Status.FAIL && f.observedValue() instanceof Value.Count n
          && n.count() > 0 && n.of() != null) {
        where.add(f.target() + " (" + n.count() + " of " + n.of() + " pages judged)");
      } else {
        every = false;
      }
    }
    return new HstsInForce(where, every && !where.isEmpty());
  }

  String describe() {
    return "HSTS in force on " + String.join(", ", on);
  }
}

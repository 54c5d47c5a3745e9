package dev.secaudit.check;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Policy;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Claims nobody can probe are carried as attestations. An attestation is never a PASS (nothing was
 * observed): it is MANUAL while current, and a FAIL once older than its maximum age or dated in the
 * future, so stale paperwork shows up like any other failed control.
 */
public final class ClaimCheck {
  /** Findings of policy-wide claims carry this in place of a target name. */
  public static final String POLICY_TARGET = "policy";

  public List<Finding> evaluate(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    List<Policy.Claim> claims = ctx.policy().claims();
    LocalDate today = LocalDate.ofInstant(ctx.now(), ZoneOffset.UTC);
    for (int i = 0; i < claims.size(); i++) {
      Policy.Claim c = claims.get(i);
      Policy.Attestation a = c.attest();
      if (a == null) {
        continue;
      }
      String pointer = "/claims/" + i + "/attest";
      LocalDate date = LocalDate.parse(a.date());
      long ageDays = ChronoUnit.DAYS.between(date, today);
      long maxDays = a.maxAge().value().toDays();
      String expected = "attested within " + a.maxAge() + " (by " + a.owner() + ")";
      Status status;
      String observed;
      if (ageDays < 0) {
        status = Status.FAIL;
        observed = "attestation dated " + a.date() + ", in the future";
      } else if (ageDays > maxDays) {
        status = Status.FAIL;
        observed = "attested " + a.date() + " by " + a.owner() + ", " + ageDays
            + " days ago: stale";
      } else {
        status = Status.MANUAL;
        observed = "attested " + a.date() + " by " + a.owner() + " (" + ageDays + " days ago)";
      }
      out.add(ctx.finding("claim.attestation", c.id(), status, expected, observed, a.evidence(),
          pointer));
    }
    return out;
  }
}

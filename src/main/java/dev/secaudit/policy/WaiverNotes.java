package dev.secaudit.policy;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What validate and scan say of a waiver file that is valid but asks for a look: notes, never
 * errors (the approver may mean it), each naming the waiver and its place.
 */
public final class WaiverNotes {
  private WaiverNotes() {}

  /**
   * Active waivers that expire more than a year after today (UTC). A SOC 2 report covers a
   * period of 6 to 12 months and auditors ask for exceptions to be reviewed within it; an
   * exception approved once for years outlives every review (ci23 L3).
   */
  public static List<String> longLived(List<Waiver> waivers, Clock clock) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    List<String> out = new ArrayList<>();
    for (Waiver w : waivers) {
      if (w.expires().isAfter(today.plusYears(1))) {
        out.add("waiver " + w.id() + " (" + w.source() + ") expires " + w.expires() + ", more"
            + " than a year after today (" + today + ", UTC): an accepted risk is reviewed at"
            + " least once a year (a SOC 2 period is 6 to 12 months); set an expiry within a"
            + " year and renew it when it is reviewed");
      }
    }
    return out;
  }

  /**
   * Waivers that give no {@code target}: they accept their checks on every target, today's and
   * any added later, which a waiver written for one target was never meant to (ci23 M1).
   */
  public static List<String> targetOmitted(List<Waiver> waivers) {
    List<String> out = new ArrayList<>();
    for (Waiver w : waivers) {
      if (w.targetOmitted()) {
        out.add("waiver " + w.id() + " (" + w.source() + ") names no target, so it accepts "
            + w.check() + " on every target, today's and any added later; give the target it"
            + " was approved for (or target: \"*\" to mean every target). With --baseline, a"
            + " waiver that does not name one target does not accept failures new since the"
            + " baseline (docs/ci.md)");
      }
    }
    return out;
  }
}

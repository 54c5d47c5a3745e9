package dev.secaudit.scan;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.ScanResult.WaiverRecord;
import dev.secaudit.model.ScanResult.WaiverState;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Waiver;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Applies waivers to judged findings, with the run's clock: the first active waiver (in file
 * order) that covers a FAIL or WARN finding turns it into WAIVED (an ERROR stays one, with a
 * note: nothing was seen to accept); a covering waiver that
 * has expired leaves the finding as it was and says so in what was observed. Every waiver is
 * recorded in the scan with how many findings it waived ({@code matched}) and how many its scope
 * covers ({@code covered}: 0 is an unused one to clean up).
 */
public final class WaiverApplication {
  private WaiverApplication() {}

  /** As below, against the standard catalogue's check ids. */
  public static ScanResult apply(ScanResult scan, List<Waiver> waivers, Clock clock) {
    return apply(scan, waivers, clock, dev.secaudit.check.StandardChecks.catalog().ids());
  }

  /**
   * @param checkIds every check id of the catalogue, to tell a waiver that accepts them all
   *     ({@link Waiver#blanket})
   */
  public static ScanResult apply(ScanResult scan, List<Waiver> waivers, Clock clock,
      java.util.Collection<String> checkIds) {
    if (waivers.isEmpty()) {
      return scan;
    }
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    Map<Waiver, Integer> matched = new LinkedHashMap<>();
    Map<Waiver, Integer> waived = new LinkedHashMap<>();
    waivers.forEach(w -> matched.put(w, 0));
    List<Finding> out = new ArrayList<>();
    for (Finding f : scan.findings()) {
      out.add(applyTo(f, waivers, w -> w.activeOn(today), matched, waived));
    }
    List<WaiverRecord> records = new ArrayList<>();
    matched.forEach((w, n) -> records.add(new WaiverRecord(w.id(), w.check(), w.target(),
        w.subject(), w.justification(), w.approver(), w.expires().toString(),
        w.activeOn(today) ? WaiverState.ACTIVE : WaiverState.EXPIRED,
        waived.getOrDefault(w, 0), w.source(), n, w.blanket(checkIds))));
    return scan.withWaivers(out, records);
  }

  /**
   * One finding through the waivers in file order: the first active one that covers it waives
   * it, else the first expired one says so in what was observed.
   *
   * @param covered counts, per waiver, the findings it covers
   * @param waived counts, per waiver, the findings it waived
   */
  static Finding applyTo(Finding f, List<Waiver> waivers, Predicate<Waiver> active,
      Map<Waiver, Integer> covered, Map<Waiver, Integer> waived) {
    if (!waivable(f.status())) {
      return f;
    }
    Waiver first = null;
    Waiver expired = null;
    for (Waiver w : waivers) {
      if (covers(w, f)) {
        covered.merge(w, 1, Integer::sum);
        if (active.test(w) && first == null) {
          first = w;
        } else if (!active.test(w) && expired == null) {
          expired = w;
        }
      }
    }
    if (first != null && f.status() == Status.ERROR) {
      // A waiver accepts a risk someone saw; an ERROR saw nothing. Waiving it passed the gate on
      // a check that never ran (ci23 H1), and a baseline read the waived ERROR as judged.
      return f.withNote("waiver " + first.id() + " not applied: the check could not run, so"
          + " there is no failure to accept");
    }
    if (first != null) {
      waived.merge(first, 1, Integer::sum);
      return f.waived(new Finding.Waiver(first.id(), first.justification(), first.approver(),
          first.expires().toString(), f.status()));
    }
    return expired == null ? f
        : f.withNote("waiver " + expired.id() + " expired on " + expired.expires());
  }

  /**
   * The waivers a scan recorded, as waivers again, in file order (a merge applies them to the
   * claims it judges again; a baseline limits what their globs accept).
   */
  static List<Waiver> fromRecords(List<WaiverRecord> records) {
    List<Waiver> waivers = new ArrayList<>();
    for (WaiverRecord r : records) {
      LocalDate expires;
      try {
        expires = LocalDate.parse(r.expires());
      } catch (java.time.DateTimeException e) {
        throw new dev.secaudit.policy.UsageException("waivers[" + r.id() + "].expires: '"
            + r.expires() + "' is not a date (YYYY-MM-DD); use scan.json files as secaudit wrote"
            + " them");
      }
      waivers.add(new Waiver(r.id(), r.check(), r.target(), r.subject(), r.justification(),
          r.approver(), expires, r.source()));
    }
    return waivers;
  }

  /**
   * A waiver names the subject as the finding does ("nginx.conf server a.example"); one written
   * when subjects began with file:line ("nginx.conf:4", "nginx.conf:4*") still matches the finding
   * at that line.
   */
  static boolean covers(Waiver w, Finding f) {
    return w.covers(f.checkId(), f.target(), f.subject())
        || f.location() != null && (w.covers(f.checkId(), f.target(), f.subjectAtLine())
            || w.covers(f.checkId(), f.target(), f.location().at()));
  }

  /**
   * A verdict that needs attention, which a waiver's scope covers: FAIL and WARN are waived,
   * ERROR only noted (see {@link #applyTo}).
   */
  static boolean waivable(Status s) {
    return s == Status.FAIL || s == Status.WARN || s == Status.ERROR;
  }
}

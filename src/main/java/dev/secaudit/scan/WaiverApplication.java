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

/**
 * Applies waivers to judged findings, with the run's clock: the first active waiver (in file
 * order) that covers a FAIL, WARN or ERROR finding turns it into WAIVED; a covering waiver that
 * has expired leaves the finding as it was and says so in what was observed. Every waiver is
 * recorded in the scan with how many findings it waived ({@code matched}) and how many its scope
 * covers ({@code covered}: 0 is an unused one to clean up).
 */
public final class WaiverApplication {
  private WaiverApplication() {}

  public static ScanResult apply(ScanResult scan, List<Waiver> waivers, Clock clock) {
    if (waivers.isEmpty()) {
      return scan;
    }
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    Map<Waiver, Integer> matched = new LinkedHashMap<>();
    Map<Waiver, Integer> waived = new LinkedHashMap<>();
    waivers.forEach(w -> matched.put(w, 0));
    List<Finding> out = new ArrayList<>();
    for (Finding f : scan.findings()) {
      if (!waivable(f.status())) {
        out.add(f);
        continue;
      }
      Waiver active = null;
      Waiver expired = null;
      for (Waiver w : waivers) {
        if (covers(w, f)) {
          matched.merge(w, 1, Integer::sum);
          if (w.activeOn(today) && active == null) {
            active = w;
          } else if (!w.activeOn(today) && expired == null) {
            expired = w;
          }
        }
      }
      if (active != null) {
        waived.merge(active, 1, Integer::sum);
        out.add(f.waived(new Finding.Waiver(active.id(), active.justification(),
            active.approver(), active.expires().toString())));
      } else if (expired != null) {
        out.add(f.withNote("waiver " + expired.id() + " expired on " + expired.expires()));
      } else {
        out.add(f);
      }
    }
    List<WaiverRecord> records = new ArrayList<>();
    matched.forEach((w, n) -> records.add(new WaiverRecord(w.id(), w.check(), w.target(),
        w.subject(), w.justification(), w.approver(), w.expires().toString(),
        w.activeOn(today) ? WaiverState.ACTIVE : WaiverState.EXPIRED,
        waived.getOrDefault(w, 0), w.source(), n)));
    return scan.withWaivers(out, records);
  }

  /** What a waiver can accept: a verdict that would otherwise need attention. */
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

  static boolean waivable(Status s) {
    return s == Status.FAIL || s == Status.WARN || s == Status.ERROR;
  }
}

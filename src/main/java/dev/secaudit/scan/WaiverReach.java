package dev.secaudit.scan;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Finding.BaselineState;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.ScanResult.Reach;
import dev.secaudit.model.ScanResult.WaiverRecord;
import dev.secaudit.model.ScanResult.WaiverState;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Waiver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a waiver whose target is a glob (or left out: every target) may accept in a run with a
 * baseline. Such a waiver was approved for the failures people saw; a regression on a target
 * nobody named stayed green under it, and {@code --fail-on-new} could not see it because a waived
 * finding never gates (ci23 M1). So, against the baseline:
 *
 * <ul>
 *   <li>a finding it waived that is NEW (the baseline had no failure, warning, error or waiver
 *       with its key) is not accepted: it keeps its status, NEW, and says why, unless a later
 *       active waiver of the file that names its target covers it;
 *   <li>a known failure it waived on a target where the baseline shows it waiving nothing stays
 *       waived, and is named.
 * </ul>
 *
 * Both are listed in the waiver's record ({@link WaiverRecord#beyondBaseline()}). A waiver that
 * names one target keeps accepting what it covers there: naming the target is the approval.
 */
public final class WaiverReach {
  private WaiverReach() {}

  /** @param scan a scan with its waivers applied and compared with {@code earlier} */
  public static ScanResult limit(ScanResult scan, ScanResult earlier) {
    List<WaiverRecord> records = scan.waivers();
    if (records.isEmpty()) {
      return scan;
    }
    List<Waiver> waivers = WaiverApplication.fromRecords(records);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < records.size(); i++) {
      index.putIfAbsent(records.get(i).id(), i);
    }
    Map<String, Set<String>> waivedBefore = new HashMap<>();
    for (Finding f : earlier.findings()) {
      if (f.status() == Status.WAIVED && f.waiver() != null) {
        waivedBefore.computeIfAbsent(f.waiver().id(), id -> new java.util.HashSet<>())
            .add(f.target());
      }
    }
    int[] waived = records.stream().mapToInt(WaiverRecord::matched).toArray();
    List<List<Reach>> beyond = new ArrayList<>();
    records.forEach(r -> beyond.add(new ArrayList<>()));
    List<Finding> out = new ArrayList<>();
    for (Finding f : scan.findings()) {
      Integer i = f.status() == Status.WAIVED && f.waiver() != null
          ? index.get(f.waiver().id()) : null;
      if (i == null || Waiver.namesOneTarget(records.get(i).target())) {
        out.add(f);
        continue;
      }
      WaiverRecord r = records.get(i);
      if (f.baseline() == BaselineState.NEW) {
        Finding judged = f.unwaived();
        waived[i]--;
        int by = namingWaiver(judged, records, waivers, i);
        if (by >= 0) {
          waived[by]++;
          Waiver w = waivers.get(by);
          out.add(judged.waived(new Finding.Waiver(w.id(), w.justification(), w.approver(),
              w.expires().toString(), judged.status())));
        } else {
          beyond.get(i).add(new Reach(f.target(), f.checkId(), f.subject(), false));
          out.add(judged.withNote("waiver " + r.id() + " not applied: new since the baseline"
              + " on target " + f.target() + ", which the waiver does not name (target '"
              + r.target() + "'); name the target in a waiver to accept it"));
        }
      } else if (!waivedBefore.getOrDefault(r.id(), Set.of()).contains(f.target())) {
        beyond.get(i).add(new Reach(f.target(), f.checkId(), f.subject(), true));
        out.add(f.withNote("waiver " + r.id() + " now also covers target " + f.target()
            + ": known in the baseline, where it did not cover it"));
      } else {
        out.add(f);
      }
    }
    List<WaiverRecord> updated = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      updated.add(records.get(i).reaching(Math.max(0, waived[i]), beyond.get(i)));
    }
    return scan.withWaivers(out, updated);
  }

  /** The first active waiver after {@code after} that names the finding's target and covers it. */
  private static int namingWaiver(Finding f, List<WaiverRecord> records, List<Waiver> waivers,
      int after) {
    for (int j = after + 1; j < records.size(); j++) {
      if (records.get(j).state() == WaiverState.ACTIVE
          && Waiver.namesOneTarget(records.get(j).target())
          && WaiverApplication.covers(waivers.get(j), f)) {
        return j;
      }
    }
    return -1;
  }
}

package dev.secaudit.scan;

import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.ClaimCheck;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.ScanResult.WaiverRecord;
import dev.secaudit.model.ScanResult.WaiverState;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.UsageException;
import dev.secaudit.policy.Waiver;
import dev.secaudit.probe.http.Printable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The policy's claims judged again over a merge's findings. Each shard judged {@code
 * claim.verified} from its own targets only ("on 2 of 2 endpoints" while another shard saw a
 * failure; never verified, as the others' targets are unscanned there), so no shard's verdict is
 * the fleet's: the claim check runs again on the findings of
 * every shard, with the population of the whole fleet, as one unsharded scan runs it (the same
 * findings in the same order, so the same text, counts and verdict). A shard that was not merged
 * leaves targets nobody scanned: a claim is then never verified, and says which targets.
 *
 * <p>Waivers are applied after claims in a scan; here they are applied again, by the records the
 * shards kept, to the claims judged anew, and each record's counts are corrected for it.
 */
public final class MergedClaims {
  static final String VERIFIED = "claim.verified";

  private MergedClaims() {}

  /**
   * The policy the shards were scanned with (with the population's targets it does not list, as
   * {@code scan --targets} added them), and this secaudit's checks, to judge claims.
   */
  public record Judge(LoadedPolicy loaded, CheckCatalog catalog) {}

  /** The claims judged again, and the waiver records corrected for them. */
  record Judged(List<Finding> claims, List<WaiverRecord> waivers) {}

  /**
   * @param findings every merged finding but claim.verified, in report order, waived ones as the
   *     shards wrote them
   * @param shardClaims the claim.verified findings the shards wrote (for the waiver counts)
   * @param population the merged population: targets in policy order, then sources
   * @param judged when the claims are judged: the latest shard's judgement, so that a merge of
   *     the same shards is the same result
   *     (a partial merge's targets no merged shard scanned are EXCLUDED as not merged: no claim
   *     is verified over them, and each claim names them)
   */
  static Judged judge(Judge judge, List<Finding> findings, List<Finding> shardClaims,
      List<TargetState> population, Instant judged, List<WaiverRecord> waivers) {
    LoadedPolicy loaded = judge.loaded();
    List<Finding> before = new ArrayList<>();
    for (Finding f : findings) {
      if (!f.checkId().startsWith("claim.")) {
        // As the scan judged them: before any waiver.
        before.add(f.unwaived());
      }
    }
    List<Finding> claims = new ArrayList<>();
    for (Finding f : new ClaimCheck().evaluate(new CheckContext(judge.catalog(), loaded, null,
        null, judged), before, population)) {
      if (f.checkId().equals(VERIFIED)) {
        claims.add(f);
      }
    }
    claims = Scanner.disabledToSkipped(claims, loaded.policy());
    // Texts the policy brings (a claim's words) are made printable as a scan makes them.
    claims = new ScanResult(ScanResult.SCHEMA, null, List.of(),
        Scanner.named(claims, t -> t), List.of(), List.of())
        .mapText(Printable::keepLines).findings();
    return rewaived(claims, shardClaims, waivers);
  }

  /**
   * Refuses shards whose waived findings do not say what they waived, when claims are judged
   * over them. A file before secaudit.scan/1.5 recorded no {@code waiver.waived_status}: the
   * finding may have been a FAIL, a WARN or an ERROR, and a claim judged over it as anything but
   * a FAIL could be verified, or gate milder, than one unsharded scan judges it; as a FAIL it
   * could be refuted by a warning. Neither is what the evidence shows, so the merge says so.
   */
  static void knownWaivers(List<ShardMerge.Input> inputs) {
    for (ShardMerge.Input in : inputs) {
      List<Finding> findings = in.scan().findings();
      for (int i = 0; i < findings.size(); i++) {
        Finding f = findings.get(i);
        if (f.status() == Status.WAIVED && !f.checkId().equals(VERIFIED)
            && (f.waiver() == null || f.waiver().waivedStatus() == null)) {
          throw new UsageException(in.file() + ": findings[" + i + "] ("
              + f.checkId() + " on " + f.target() + ") is WAIVED"
              + (f.waiver() == null ? "" : " by " + f.waiver().id()) + " without"
              + " waiver.waived_status (" + in.scan().schema() + "; recorded since"
              + " secaudit.scan/1.5): whether it was a FAIL, a WARN or an ERROR is not known, so"
              + " the policy's claims cannot be judged over it (a waived FAIL still refutes a"
              + " claim); scan the shards again with this secaudit");
        }
      }
    }
  }

  /**
   * The waivers of the shards applied to the claims judged again, as a scan applies them (the
   * first active one that covers a FAIL, WARN or ERROR waives it; an expired one says so), with
   * each record's counts corrected: the shards counted their own claim findings, once each.
   */
  private static Judged rewaived(List<Finding> claims, List<Finding> shardClaims,
      List<WaiverRecord> records) {
    if (records.isEmpty()) {
      return new Judged(claims, records);
    }
    List<Waiver> waivers = WaiverApplication.fromRecords(records);
    Set<Waiver> active = new HashSet<>();
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i).state() == WaiverState.ACTIVE) {
        active.add(waivers.get(i));
      }
    }
    // What the shards counted of their own claim findings, taken back out first.
    Map<Waiver, Integer> covered = new HashMap<>();
    Map<Waiver, Integer> waived = new HashMap<>();
    for (Finding f : shardClaims) {
      Finding judged = f.unwaived();
      WaiverApplication.applyTo(judged, waivers, active::contains, covered, waived);
    }
    covered.replaceAll((w, n) -> -n);
    waived.replaceAll((w, n) -> -n);
    List<Finding> out = new ArrayList<>();
    for (Finding f : claims) {
      out.add(WaiverApplication.applyTo(f, waivers, active::contains, covered, waived));
    }
    List<WaiverRecord> corrected = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      WaiverRecord r = records.get(i);
      Waiver w = waivers.get(i);
      corrected.add(new WaiverRecord(r.id(), r.check(), r.target(), r.subject(),
          r.justification(), r.approver(), r.expires(), r.state(),
          Math.max(0, r.matched() + waived.getOrDefault(w, 0)), r.source(),
          Math.max(0, r.covered() + covered.getOrDefault(w, 0)), r.blanket()));
    }
    return new Judged(out, corrected);
  }
}

package dev.secaudit.scan;

import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.check.subprocessors.SubprocessorsCheck;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ProcessingRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Policy-wide verdicts of shards judged again from what all shards saw together. A shard judges
 * "declared but seen nowhere" from its own targets' pages only, so the most urgent shard verdict
 * is not the unsharded one: the merged records of processing hold every place any shard saw a
 * declared vendor, and the check's own judgement runs on them. What a shard's finding carries
 * that comes from the policy (severity with overrides, title, mappings, policy line) is the same
 * in every shard, so it is kept.
 */
final class PolicyWideVerdicts {
  private static final String UNOBSERVED = "subprocessors.unobserved";
  private static final String DECLARED = PolicyPointer.DECLARED_VENDORS + "/";

  private PolicyWideVerdicts() {}

  /** @param processing the merged records, one per declared subprocessor in policy order */
  static List<Finding> rejudge(Collection<Finding> policyWide, List<ProcessingRecord> processing) {
    List<Finding> out = new ArrayList<>();
    for (Finding f : policyWide) {
      out.add(f.checkId().equals(UNOBSERVED) && f.waiver() == null
          ? unobserved(f, processing) : f);
    }
    return out;
  }

  private static Finding unobserved(Finding shard, List<ProcessingRecord> processing) {
    if (!shard.policyPointer().startsWith(DECLARED)) {
      return shard;
    }
    int index;
    try {
      index = Integer.parseInt(shard.policyPointer().substring(DECLARED.length()));
    } catch (NumberFormatException e) {
      return shard;
    }
    if (index >= processing.size() || processing.get(index).whereSeen().isEmpty()) {
      // Seen by no shard: every shard judged the same, and its finding is the whole run's.
      return shard;
    }
    SubprocessorsCheck.Verdicts like = (checkId, subject, status, expected, observed, evidence,
        pointer) -> shard.toBuilder().checkId(checkId).subject(subject).status(status)
            .expected(expected).observed(observed).evidence(evidence)
            .rule(pointer, shard.policyLine()).waiver(null).baseline(null).location(null)
            .build();
    // The purpose only words the "seen nowhere" verdict, which a non-empty list never gives.
    return SubprocessorsCheck.unobserved(like, index, shard.subject(), null,
        processing.get(index).whereSeen());
  }
}

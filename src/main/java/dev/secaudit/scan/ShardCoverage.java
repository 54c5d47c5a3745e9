package dev.secaudit.scan;

import dev.secaudit.check.ClaimCheck;
import dev.secaudit.model.Finding;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.TargetState;
import dev.secaudit.policy.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which part of the population each shard result claims, checked before a merge believes it:
 * one count for all, each index once, none missing (unless asked), and every target-bound
 * finding and scanned target inside its own shard. A shard file is evidence from another
 * machine; a finding for a target its shard does not scan is forged or contradictory.
 */
final class ShardCoverage {
  private ShardCoverage() {}

  /** Refuses what cannot be merged; returns notes for what can, but should be known. */
  static List<String> check(List<ShardMerge.Input> inputs, boolean partial) {
    List<String> notes = new ArrayList<>();
    long described = inputs.stream().filter(i -> i.scan().run().shard() != null).count();
    if (described > 0 && described < inputs.size()) {
      ShardMerge.Input bare = inputs.stream().filter(i -> i.scan().run().shard() == null)
          .findFirst().orElseThrow();
      throw new UsageException(bare.file() + ": run.shard is missing (not a 'scan --shard'"
          + " result, or written by a secaudit before shards carried it); merge only shard"
          + " results of one sharded run");
    }
    if (described == 0) {
      notes.add("the results carry no run.shard (not 'scan --shard' results, or written by a"
          + " secaudit before shards carried it): shard indexes, count and missing shards were"
          + " not checked");
    } else {
      Map<Integer, String> byIndex = new TreeMap<>();
      int count = inputs.get(0).scan().run().shard().count();
      for (ShardMerge.Input in : inputs) {
        RunInfo.ShardPart part = in.scan().run().shard();
        if (part.count() != count || part.index() < 1 || part.index() > part.count()) {
          throw new UsageException(in.file() + ": shard " + part.label() + " does not belong"
              + " with " + inputs.get(0).file() + "'s count of " + count + "; merge the shards"
              + " of one run (same COUNT)");
        }
        String earlier = byIndex.putIfAbsent(part.index(), in.file());
        if (earlier != null) {
          throw new UsageException(in.file() + ": shard " + part.label() + " was also scanned"
              + " in " + earlier + "; merge each shard once (same COUNT, different INDEX)");
        }
      }
      List<String> missing = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        if (!byIndex.containsKey(i)) {
          missing.add(i + "/" + count);
        }
      }
      if (!missing.isEmpty()) {
        String which = "missing shard" + (missing.size() == 1 ? " " : "s ")
            + String.join(", ", missing);
        if (!partial) {
          throw new UsageException("merge: " + which + "; give every shard's scan.json, or"
              + " --partial to merge what there is (the missing shards' targets stay"
              + " EXCLUDED)");
        }
        notes.add(which + " (--partial)");
      }
    }
    for (ShardMerge.Input in : inputs) {
      owned(in);
    }
    return notes;
  }

  /** Every target this shard says it scanned, and every finding it has on a target, is its own. */
  private static void owned(ShardMerge.Input in) {
    RunInfo.ShardPart part = in.scan().run().shard();
    Map<String, Boolean> scanned = new TreeMap<>();
    for (TargetState t : in.scan().targets()) {
      boolean elsewhere = t.otherShards();
      if (!elsewhere && part != null && Shard.of(t.name(), part.count()) != part.index()) {
        throw new UsageException(in.file() + ": target "
            + dev.secaudit.model.JsonFault.quoted(t.name()) + " is " + t.state()
            + " in shard " + part.label() + " but belongs to shard "
            + Shard.of(t.name(), part.count()) + "/" + part.count() + "; the file is forged or"
            + " from another population");
      }
      scanned.put(t.name(), !elsewhere);
    }
    for (Finding f : in.scan().findings()) {
      String target = f.target();
      if (target == null || target.isEmpty() || target.equals(ClaimCheck.POLICY_TARGET)) {
        continue;
      }
      Boolean mine = scanned.get(target);
      if (mine == null || !mine) {
        throw new UsageException(in.file() + ": finding " + f.checkId() + " on target '"
            + target + "', which " + (mine == null ? "is not in its population"
            : "another shard scans (" + (part == null ? "it is EXCLUDED here" : "shard "
            + Shard.of(target, part.count()) + "/" + part.count()) + ")")
            + "; a forged or contradictory finding is not merged");
      }
    }
  }
}

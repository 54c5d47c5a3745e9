package dev.secaudit.scan;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ProcessingRecord;
import dev.secaudit.model.RepeatedKeys;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.ScanResult.ClaimRecord;
import dev.secaudit.model.ScanResult.WaiverRecord;
import dev.secaudit.model.TargetState;
import dev.secaudit.policy.UsageException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Combines the results of {@code scan --shard} runs into the one result an unsharded run of the
 * same policy would have given: the whole population in the policy's order (each target's state
 * from the shard that scanned it), every target's findings and artifacts, sorted the way the
 * scanner sorts them. Pure: the same inputs always give an equal result.
 *
 * <p>Findings of the policy as a whole (target {@code policy}: attestations, subprocessors) are
 * judged by every shard over its own targets; the merge keeps the most urgent verdict of each,
 * which is the unsharded verdict for "fails if any target fails" judgements. Claims verified by
 * checks are judged again over every shard's findings with the policy ({@link MergedClaims}): a
 * shard's "verified on 2 of 2 endpoints" is no verdict on the fleet. A judgement that rests on one
 * target (the published subprocessor list) is made only by the shard that probes it. Per-shard
 * baselines are dropped: each compared only its own targets, so compare the merged result
 * instead.
 */
public final class ShardMerge {
  private ShardMerge() {}

  /** One input: its file name (for messages and the record), its bytes' SHA-256, the scan. */
  public record Input(String file, String sha256, ScanResult scan) {}

  /** The merged result, and what a person should know about it (uncovered targets). */
  public record Merged(ScanResult result, List<String> notes) {
    public Merged {
      notes = List.copyOf(notes);
    }
  }

  public static Merged merge(List<Input> inputs, List<String> commandLine) {
    return merge(inputs, commandLine, false);
  }

  /**
   * @param partial merge even when shards are missing (their targets stay EXCLUDED as not
   *     scanned, with a note, and the gate is at best incomplete); without it a missing shard is
   *     refused by name
   */
  public static Merged merge(List<Input> inputs, List<String> commandLine, boolean partial) {
    return merge(inputs, commandLine, partial, null);
  }

  /**
   * @param catalog each check id's own mappings (null for an id secaudit does not have), to
   *     refuse a shard whose findings map to more than their checks and claims do; null when the
   *     shards were written by another secaudit version, whose catalog may differ
   */
  public static Merged merge(List<Input> inputs, List<String> commandLine, boolean partial,
      java.util.function.Function<String, List<dev.secaudit.model.Mapping>> catalog) {
    return merge(inputs, commandLine, partial, catalog, null);
  }

  /**
   * @param claims the policy the shards were scanned with, to judge its claims again over all
   *     shards' findings; null refuses shards that judged claims (no shard's verdict is the
   *     fleet's)
   */
  public static Merged merge(List<Input> inputs, List<String> commandLine, boolean partial,
      java.util.function.Function<String, List<dev.secaudit.model.Mapping>> catalog,
      MergedClaims.Judge claims) {
    if (catalog != null) {
      inputs.forEach(in -> ShardMappings.verify(in, catalog));
    }
    if (inputs.isEmpty()) {
      throw new UsageException("merge: give at least one scan.json");
    }
    Input first = inputs.get(0);
    RunInfo run0 = first.scan().run();
    for (Input in : inputs.subList(1, inputs.size())) {
      RunInfo r = in.scan().run();
      if (!String.valueOf(r.policySha256()).equals(String.valueOf(run0.policySha256()))) {
        throw new UsageException(in.file() + ": policy sha256 " + r.policySha256() + " is not "
            + first.file() + "'s " + run0.policySha256() + "; only shards of one policy merge"
            + " (scan every shard with the same policy file)");
      }
      if (!String.valueOf(r.failOn()).equals(String.valueOf(run0.failOn()))) {
        throw new UsageException(in.file() + ": fail-on '" + r.failOn() + "' is not "
            + first.file() + "'s '" + run0.failOn() + "'; scan every shard with the same"
            + " --fail-on");
      }
      if (!String.valueOf(r.toolVersion()).equals(String.valueOf(run0.toolVersion()))) {
        throw new UsageException(in.file() + ": written by secaudit " + r.toolVersion()
            + ", " + first.file() + " by " + run0.toolVersion() + "; scan every shard with the"
            + " same secaudit version");
      }
      if (!r.parameters().equals(run0.parameters())) {
        throw new UsageException(in.file() + ": run parameters " + r.parameters() + " are not "
            + first.file() + "'s " + run0.parameters() + "; scan every shard with the same"
            + " options");
      }
      List<String> names = in.scan().targets().stream().map(TargetState::name).toList();
      List<String> names0 = first.scan().targets().stream().map(TargetState::name).toList();
      if (!names.equals(names0)) {
        throw new UsageException(in.file() + ": its population (" + names.size()
            + " targets) is not " + first.file() + "'s (" + names0.size() + "); scan every"
            + " shard with the same policy and --targets file");
      }
    }
    List<String> notes = new ArrayList<>(ShardCoverage.check(inputs, partial));

    Map<String, TargetState> population = new LinkedHashMap<>();
    Map<String, String> scannedBy = new HashMap<>();
    for (Input in : inputs) {
      for (TargetState t : in.scan().targets()) {
        boolean elsewhere = t.otherShards();
        if (elsewhere) {
          population.putIfAbsent(t.name(), t);
          continue;
        }
        String earlier = scannedBy.putIfAbsent(t.name(), in.file());
        if (earlier != null) {
          throw new UsageException(in.file() + ": target '" + t.name() + "' was also scanned in "
              + earlier + "; merge each shard once (same COUNT, different INDEX)");
        }
        population.put(t.name(), t);
      }
    }
    List<String> uncovered = population.values().stream()
        .filter(t -> !scannedBy.containsKey(t.name())).map(TargetState::name).toList();
    // "Scanned by shard K" is no longer true of a target whose shard is not here: the merged
    // population says it went unscanned, and the gate counts it (TargetState.notScanned).
    for (String name : uncovered) {
      TargetState t = population.get(name);
      population.put(name, new TargetState(t.name(), t.url(), TargetState.State.EXCLUDED,
          TargetState.NOT_MERGED + t.reason().substring(Shard.REASON.length())
              + " was not among the merged results"));
    }
    if (!uncovered.isEmpty()) {
      notes.add(uncovered.size() + " target(s) were scanned by none of the merged shards and"
          + " stay EXCLUDED: " + String.join(", ", uncovered.subList(0,
              Math.min(10, uncovered.size()))) + (uncovered.size() > 10 ? ", ..." : ""));
    }
    List<String> order = new ArrayList<>(population.keySet());

    List<Finding> findings = new ArrayList<>();
    Map<String, Finding> policyWide = new LinkedHashMap<>();
    List<Finding> shardClaims = new ArrayList<>();
    for (Input in : inputs) {
      for (Finding f : in.scan().findings()) {
        Finding plain = f.baseline() == null ? f : f.withBaseline(null);
        if (plain.checkId().equals(MergedClaims.VERIFIED)) {
          if (claims == null) {
            throw new UsageException(in.file() + ": findings[] holds claim.verified '"
                + plain.subject() + "', judged over this shard's targets only; give the policy"
                + " the shards were scanned with (merge --policy FILE) so that the claims are"
                + " judged over every shard's findings");
          }
          shardClaims.add(plain);
        } else if (plain.target() == null || plain.target().isEmpty()
            || plain.target().equals(dev.secaudit.check.ClaimCheck.POLICY_TARGET)) {
          policyWide.merge(plain.key(), plain,
              (a, b) -> b.status().compareTo(a.status()) < 0 ? b : a);
        } else {
          findings.add(plain);
        }
      }
    }
    List<ProcessingRecord> processing = ProcessingRecords.merge(
        inputs.stream().map(in -> in.scan().processing()).toList(), order);
    findings.addAll(PolicyWideVerdicts.rejudge(policyWide.values(), processing));
    findings.sort(Scanner.reportOrder(order));
    List<WaiverRecord> waiverRecords = mergedWaivers(inputs);
    if (!shardClaims.isEmpty()) {
      MergedClaims.knownWaivers(inputs);
      Instant judged = shardClaims.stream().map(Finding::time)
          .filter(java.util.Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
      MergedClaims.Judged rejudged = MergedClaims.judge(claims, findings, shardClaims,
          new ArrayList<>(population.values()), judged, waiverRecords);
      findings.addAll(rejudged.claims());
      findings.sort(Scanner.reportOrder(order));
      waiverRecords = rejudged.waivers();
    }

    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      index.put(order.get(i), i);
    }
    List<Artifact> artifacts = new ArrayList<>();
    java.util.Set<String> seenArtifacts = new java.util.HashSet<>();
    for (Input in : inputs) {
      for (Artifact a : in.scan().artifacts()) {
        if (seenArtifacts.add(a.id() + "\0" + a.sha256())) {
          artifacts.add(a);
        }
      }
    }
    artifacts.sort(Comparator.comparingInt(a -> index.getOrDefault(a.target(),
        Integer.MAX_VALUE)));

    Map<String, ClaimRecord> claimRecords = new LinkedHashMap<>();
    for (Input in : inputs) {
      in.scan().claims().forEach(c -> claimRecords.putIfAbsent(c.id(), c));
    }

    Instant started = inputs.stream().map(i -> i.scan().run().started())
        .filter(java.util.Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
    Instant finished = inputs.stream().map(i -> i.scan().run().finished())
        .filter(java.util.Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
    TreeSet<String> runIds = new TreeSet<>();
    StringBuilder sources = new StringBuilder();
    for (Input in : inputs) {
      RunInfo r = in.scan().run();
      runIds.add(String.valueOf(r.id()));
      long scanned = in.scan().targets().stream().filter(t -> in.file().equals(
          scannedBy.get(t.name()))).count();
      sources.append(in.file()).append(" sha256=").append(in.sha256()).append(" run=")
          .append(r.id()).append(" started=").append(r.started()).append(" finished=")
          .append(r.finished()).append(" targets=").append(scanned).append('\n');
    }
    // Derived from the shards' run ids, so merging the same shards again names the same run.
    String id = UUID.nameUUIDFromBytes(("secaudit merge\n" + String.join("\n", runIds))
        .getBytes(StandardCharsets.UTF_8)).toString();
    // The merge's own verdicts (claims, policy-wide) are dated as a scan dates them: by the
    // shards' observations they cite.
    findings = new ArrayList<>(ObservedAt.dated(findings, artifacts));
    artifacts.add(Artifact.of("merge/shards", "", ArtifactKind.Known.MERGE_SOURCES, finished,
        inputs.size() + " shard result(s) merged", sources.toString()));
    RunInfo run = new RunInfo(id, run0.tool(), run0.toolVersion(), started, finished,
        run0.policyFile(), run0.policyName(), run0.policySha256(), commandLine, run0.failOn(),
        run0.frameworks(), null, run0.parameters());
    ScanResult merged = new ScanResult(first.scan().schema(), run,
        new ArrayList<>(population.values()), findings, artifacts,
        new ArrayList<>(claimRecords.values()), waiverRecords, null,
        processing);
    assert RepeatedKeys.of(findings).isEmpty()
        : "a merge wrote a key twice: " + RepeatedKeys.of(findings);
    return new Merged(merged, notes);
  }

  /** Each waiver once, with what it waived and covered in every shard added up. */
  private static List<WaiverRecord> mergedWaivers(List<Input> inputs) {
    Map<String, WaiverRecord> waivers = new LinkedHashMap<>();
    for (Input in : inputs) {
      for (WaiverRecord w : in.scan().waivers()) {
        waivers.merge(w.id(), w, (a, b) -> new WaiverRecord(a.id(), a.check(), a.target(),
            a.subject(), a.justification(), a.approver(), a.expires(), a.state(),
            a.matched() + b.matched(), a.source(), a.covered() + b.covered(),
            a.blanket() || b.blanket()));
      }
    }
    return new ArrayList<>(waivers.values());
  }
}

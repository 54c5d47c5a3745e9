package dev.secaudit.scan;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.ScanResult.ClaimRecord;
import dev.secaudit.policy.UsageException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A shard's findings map only to what the check that wrote them maps to. A shard's scan.json is
 * an unsigned file: a blind review added {@code soc2:CC8.1} to every finding of one, and merge
 * wrote it into the history as a trusted run, so the period report counted CC8.1 as operating.
 * The catalog of the secaudit that wrote the shards (the running one) says what each check maps
 * to; the policy can add requirements only to a claim's findings (its {@code maps_to}, recorded
 * with the claim) and to a retention window's.
 */
final class ShardMappings {
  private ShardMappings() {}

  /** Checks whose findings may carry the policy's own {@code maps_to} besides the catalog's. */
  private static final Set<String> POLICY_MAPPED = Set.of("retention.window");

  /**
   * @param catalog each check id's own mappings, or null for an id this secaudit does not have
   * @throws UsageException naming the file, the finding and the mapping no check or claim gives
   */
  static void verify(ShardMerge.Input in, Function<String, List<Mapping>> catalog) {
    Map<String, Set<Mapping>> claims = new HashMap<>();
    for (ClaimRecord c : in.scan().claims()) {
      claims.put(c.id(), new LinkedHashSet<>(c.mappings()));
    }
    List<Finding> findings = in.scan().findings();
    for (int i = 0; i < findings.size(); i++) {
      Finding f = findings.get(i);
      Set<Mapping> allowed;
      if (f.checkId().startsWith("claim.")) {
        allowed = claims.getOrDefault(f.subject(), Set.of());
      } else {
        List<Mapping> own = catalog.apply(f.checkId());
        if (own == null) {
          throw new UsageException(in.file() + ": findings[" + i + "]: check '" + f.checkId()
              + "' is not one of this secaudit's checks; merge only shards this secaudit wrote");
        }
        if (POLICY_MAPPED.contains(f.checkId())) {
          continue;
        }
        allowed = new LinkedHashSet<>(own);
      }
      for (Mapping m : f.mappings()) {
        if (!allowed.contains(m)) {
          throw new UsageException(in.file() + ": findings[" + i + "] (" + f.checkId() + " on "
              + f.target() + "): maps to " + m + ", which " + (f.checkId().startsWith("claim.")
                  ? "its claim '" + f.subject() + "' does not" : "the check " + f.checkId()
                  + " does not and a policy cannot add") + "; the file was changed after the"
              + " scan wrote it (merge takes a shard's findings as secaudit wrote them)");
        }
      }
    }
  }
}

package dev.secaudit.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secaudit.model.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether an evidence bundle is the one its run history names: the history line of the bundle's
 * run (or of the run the auditor asked for) must carry the SHA-256 of this manifest.json, and
 * what that line says of the run (counts, gate) must be what the bundle's scan.json says. Without
 * this, a bundle swapped for another run's, or a line edited and rechained, verifies on its own.
 */
public final class BundleInHistory {
  private BundleInHistory() {}

  /**
   * What the history says of the bundle.
   *
   * @param found the line that names this manifest, described, or null when none does
   * @param problems each way the bundle and the history disagree (empty when they agree)
   */
  public record Link(String found, List<String> problems) {
    public Link {
      problems = List.copyOf(problems);
    }
  }

  /**
   * @param run the run the bundle must be: its id, its line's seq, or its line's SHA-256; null
   *     for the bundle's own run id
   * @param scan the bundle's scan.json, or null when it has none (or it changed)
   */
  static Link check(Path history, String run, Manifest manifest, String manifestSha256,
      JsonNode scan) throws IOException {
    RunLedger.Verification chain = RunLedger.verify(history);
    if (!chain.intact()) {
      return refused(history + " does not verify (" + chain.problems().get(0) + "), so it"
          + " vouches for no bundle");
    }
    List<LedgerEntry> runs = RunLedger.read(history);
    List<String> contradictions = LedgerConsistency.problems(runs);
    if (!contradictions.isEmpty()) {
      return refused(history + " is not consistent (" + contradictions.get(0) + "), so it"
          + " vouches for no bundle");
    }
    String wanted = run == null ? manifest.runId() : run.trim();
    List<LedgerEntry> candidates = runs.stream().filter(e -> selects(wanted, run == null, e))
        .toList();
    if (candidates.isEmpty()) {
      return refused(run == null
          ? "the history has no line for run " + manifest.runId() + " (the bundle's run): this"
              + " bundle is not from a run of " + history
          : "the history has no run " + run + " (give a run id, a line's seq or its sha256)");
    }
    for (LedgerEntry e : candidates) {
      if (manifestSha256.equals(e.evidenceManifestSha256())) {
        String found = "line " + e.seq() + " (run " + e.runId() + ", line sha256 "
            + e.lineSha256() + ") names this manifest (sha256 " + manifestSha256 + ")";
        return new Link(found, scan == null ? List.of() : sameRun(e, scan));
      }
    }
    // Several lines of one run id come from merging the same shards twice: each is named.
    List<String> problems = new ArrayList<>();
    for (LedgerEntry e : candidates) {
      problems.add(differences(e, manifest, manifestSha256));
    }
    return new Link(null, problems);
  }

  private static Link refused(String why) {
    return new Link(null, List.of(why));
  }

  private static boolean selects(String wanted, boolean byBundle, LedgerEntry e) {
    if (byBundle) {
      return e.runId().equals(wanted);
    }
    if (wanted.matches("[0-9A-Fa-f]{64}")) {
      return e.lineSha256().equals(wanted.toLowerCase(Locale.ROOT));
    }
    if (wanted.matches("[0-9]{1,18}")) {
      return e.seq() == Long.parseLong(wanted);
    }
    return e.runId().equals(wanted);
  }

  /** Why line {@code e} is not this bundle's, naming every field that differs. */
  private static String differences(LedgerEntry e, Manifest m, String manifestSha256) {
    StringBuilder sb = new StringBuilder("line " + e.seq() + " (run " + e.runId() + ")");
    if (e.evidenceManifestSha256() == null) {
      sb.append(" records no evidence bundle (its run had no --evidence), so this bundle is not"
          + " its run's");
    } else {
      sb.append(" names manifest sha256 ").append(e.evidenceManifestSha256())
          .append(", this bundle's manifest.json is ").append(manifestSha256);
    }
    List<String> fields = new ArrayList<>();
    differs(fields, "run_id", e.runId(), m.runId());
    differs(fields, "started", e.started(), m.started());
    differs(fields, "finished", e.finished(), m.finished());
    differs(fields, "policy_sha256", e.policySha256(),
        m.policy() == null ? null : m.policy().sha256());
    differs(fields, "tool_version", e.toolVersion(), m.toolVersion());
    if (!fields.isEmpty()) {
      sb.append("; the line and the manifest differ in ").append(String.join(", ", fields));
    } else if (e.evidenceManifestSha256() != null) {
      sb.append(" (same run, policy and times: the manifest was edited or re-signed after the"
          + " run)");
    }
    return sb.toString();
  }

  private static void differs(List<String> out, String field, Object line, Object manifest) {
    if (!Objects.equals(String.valueOf(line), String.valueOf(manifest))) {
      out.add(field + " (line " + line + ", manifest " + manifest + ")");
    }
  }

  /**
   * The line names this manifest; what it says of the run must be what scan.json says: a line
   * edited (counts and results together) and rechained keeps its manifest hash.
   */
  private static List<String> sameRun(LedgerEntry e, JsonNode scan) {
    List<String> problems = new ArrayList<>();
    JsonNode byStatus = scan.at("/summary/by_status");
    if (!e.counts().isEmpty() && byStatus.isObject()) {
      for (Status s : Status.values()) {
        int line = e.counts().getOrDefault(s.name(), 0);
        int bundle = byStatus.path(s.name()).asInt(0);
        if (line != bundle) {
          problems.add("line " + e.seq() + " counts " + line + " " + s + ", the bundle's"
              + " scan.json " + bundle);
        }
      }
    }
    String gate = scan.at("/summary/gate/outcome").asText("");
    if (!gate.isEmpty() && !e.gate().isEmpty() && !gate.equals(e.gate())) {
      problems.add("line " + e.seq() + " records gate " + e.gate() + ", the bundle's scan.json "
          + gate);
    }
    return problems;
  }
}

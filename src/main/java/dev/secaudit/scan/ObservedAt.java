package dev.secaudit.scan;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dates each finding by when what it judged was observed, not by when the checks judged it: an
 * auditor's "when was this seen?" is the time of the response, handshake or file read the
 * finding cites. A finding citing several observations is dated by the latest of them (every
 * one it rests on had been made by then; the artifacts it cites give each one's own time); one
 * citing none (an attestation, a check not run, a verdict over the policy alone) keeps the
 * instant it was judged. Checks take no clock: these times come from the probes' artifacts.
 */
final class ObservedAt {
  private final Map<String, Instant> byArtifact = new HashMap<>();

  private ObservedAt(List<Artifact> artifacts) {
    for (Artifact a : artifacts) {
      if (a.time() != null) {
        byArtifact.merge(a.id(), a.time(), (x, y) -> x.isAfter(y) ? x : y);
      }
    }
  }

  /** {@code findings}, each dated by the latest observation among the artifacts it cites. */
  static List<Finding> dated(List<Finding> findings, List<Artifact> artifacts) {
    ObservedAt times = new ObservedAt(artifacts);
    List<Finding> out = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      Instant seen = times.latest(f);
      out.add(seen == null || seen.equals(f.time()) ? f : f.toBuilder().time(seen).build());
    }
    return out;
  }

  private Instant latest(Finding f) {
    Instant latest = null;
    for (String id : f.evidence()) {
      Instant t = byArtifact.get(id);
      if (t != null && (latest == null || t.isAfter(latest))) {
        latest = t;
      }
    }
    return latest;
  }
}

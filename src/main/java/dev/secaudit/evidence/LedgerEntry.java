package dev.secaudit.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.Status;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run as the history holds it, read back for the period report. Lines written before a field
 * existed read it as empty (no {@code mappings} before they were recorded), so a history written
 * by any 1.x version stays readable.
 *
 * @param lineSha256 SHA-256 of the line's bytes: what a later line's {@code prev} names and what
 *     {@code history verify --pin} takes, so a report can cite each run unambiguously
 * @param mappings compliance requirements per check id, as the run's findings carried them
 */
public record LedgerEntry(
    long seq,
    String lineSha256,
    String runId,
    Instant started,
    Instant finished,
    String toolVersion,
    String policyName,
    String policySha256,
    String gate,
    String evidenceManifestSha256,
    Map<String, Integer> counts,
    List<Result> results,
    Map<String, List<Mapping>> mappings) {

  public LedgerEntry {
    counts = Map.copyOf(counts);
    results = List.copyOf(results);
    mappings = Map.copyOf(mappings);
  }

  /**
   * Lines are equal when their bytes are, and the line hash says that: comparing the hash keeps
   * maps keyed by run cheap, where the record's own equality would walk every result.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof LedgerEntry e && e.seq == seq && e.lineSha256.equals(lineSha256);
  }

  @Override
  public int hashCode() {
    return lineSha256.hashCode();
  }

    /** One {@code [check, target, subject, status]} of the run. */
  public record Result(String check, String target, String subject, Status status) {}

  /** Parses a line the chain check has already accepted; {@code where} names it in errors. */
  static LedgerEntry of(JsonNode n, String lineSha256, String where) {
    List<Result> results = new ArrayList<>();
    for (JsonNode r : n.path("results")) {
      if (!r.isArray() || r.size() != 4) {
        throw new IllegalArgumentException(where + ": a result is not [check, target, subject,"
            + " status]: " + r);
      }
      results.add(new Result(r.get(0).asText(), r.get(1).asText(), r.get(2).asText(),
          Status.valueOf(r.get(3).asText())));
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    n.path("counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asInt()));
    Map<String, List<Mapping>> mappings = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.path("mappings").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      List<Mapping> list = new ArrayList<>();
      e.getValue().forEach(m -> list.add(Mapping.parse(m.asText())));
      mappings.put(e.getKey(), List.copyOf(list));
    }
    return new LedgerEntry(n.path("seq").asLong(), lineSha256, n.path("run_id").asText(""),
        instant(n.path("started"), where), instant(n.path("finished"), where),
        n.path("tool_version").asText(""), n.path("policy_name").asText(""),
        n.path("policy_sha256").asText(""), n.path("gate").asText(""),
        n.path("evidence_manifest_sha256").isTextual()
            ? n.path("evidence_manifest_sha256").asText() : null,
        counts, results, mappings);
  }

  private static Instant instant(JsonNode v, String where) {
    try {
      return Instant.parse(v.asText(""));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(where + ": '" + v.asText("") + "' is not a UTC time");
    }
  }
}

package dev.secaudit.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A history's lines agree with each other and with themselves, as secaudit writes them. */
class LedgerConsistencyTest {
  @TempDir Path dir;

  private static LedgerEntry with(LedgerEntry e, java.time.Instant started,
      java.time.Instant finished, String runId, Map<String, Integer> counts) {
    return new LedgerEntry(e.seq(), e.lineSha256(), runId, started, finished, e.toolVersion(),
        e.policyName(), e.policySha256(), e.gate(), e.evidenceManifestSha256(), counts,
        e.results(), e.mappings());
  }

  @Test
  void aHistorySecauditWroteAgreesAndEditedLinesAreNamed() throws Exception {
    List<LedgerEntry> runs = RunLedger.read(PeriodFixture.write(dir.resolve("h.jsonl")));
    assertThat(LedgerConsistency.problems(runs)).isEmpty();

    List<LedgerEntry> edited = new ArrayList<>(runs);
    LedgerEntry second = runs.get(1);
    // Ends before it starts. (Starting before the first run is allowed: two jobs append as
    // they finish.)
    edited.set(1, with(second, runs.get(0).started().minusSeconds(60),
        runs.get(0).started().minusSeconds(120), second.runId(), second.counts()));
    LedgerEntry third = runs.get(2);
    Map<String, Integer> counts = new HashMap<>(third.counts());
    counts.merge("PASS", 5, Integer::sum);
    edited.set(2, with(third, third.started(), third.finished(), third.runId(), counts));
    assertThat(LedgerConsistency.problems(edited)).anySatisfy(p -> assertThat(p)
            .startsWith("line 2: finished").contains("before it started"))
        .anySatisfy(p -> assertThat(p).startsWith("line 3: counts say").contains("PASS"));
  }

  private static LedgerEntry gated(LedgerEntry e, String gate) {
    return new LedgerEntry(e.seq(), e.lineSha256(), e.runId(), e.started(), e.finished(),
        e.toolVersion(), e.policyName(), e.policySha256(), gate, e.evidenceManifestSha256(),
        e.counts(), e.results(), e.mappings());
  }

  @Test
  void aGateItsOwnResultsContradictIsNamed() throws Exception {
    List<LedgerEntry> runs = RunLedger.read(PeriodFixture.write(dir.resolve("g.jsonl")));
    // The fixture's gates are the scan's own: run 7 errored (INCOMPLETE), run 3 passed.
    LedgerEntry errored = runs.get(6);
    LedgerEntry clean = runs.get(2);
    assertThat(errored.gate()).isEqualTo("INCOMPLETE");
    assertThat(clean.gate()).isEqualTo("PASSED");
    List<LedgerEntry> edited = new ArrayList<>(runs);
    edited.set(6, gated(errored, "PASSED"));
    edited.set(2, gated(clean, "FAILED"));
    edited.set(3, gated(runs.get(3), "GREEN"));
    assertThat(LedgerConsistency.problems(edited)).containsExactly(
        "line 3: gate FAILED, but its results hold no FAIL",
        "line 4: gate 'GREEN' is none of PASSED, FAILED, INCOMPLETE",
        "line 7: gate PASSED, but its results hold 1 ERROR (an errored check makes a gate"
            + " INCOMPLETE at best)");
  }
}

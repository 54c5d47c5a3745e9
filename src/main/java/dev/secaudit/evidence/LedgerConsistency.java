package dev.secaudit.evidence;

import dev.secaudit.evidence.LedgerEntry.Result;
import dev.secaudit.model.Status;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a history's lines must agree on that their hash chain cannot show: secaudit writes each
 * line from one run, so a line that ends before it starts, whose counts are not its own results,
 * or whose gate its results contradict, was written by hand and rechained (a blind review: the
 * first two passed `history verify` as intact). Not checked: runs out of start order (two jobs may append as they finish) and a run
 * id twice (merging the same shards twice gives the same id).
 */
public final class LedgerConsistency {
  private LedgerConsistency() {}

  /** Each contradiction, naming its line (1-based, as the file's lines are counted). */
  public static List<String> problems(List<LedgerEntry> runs) {
    List<String> out = new ArrayList<>();
    for (LedgerEntry e : runs) {
      String line = "line " + e.seq();
      if (e.started() != null && e.finished() != null && e.finished().isBefore(e.started())) {
        out.add(line + ": finished " + e.finished() + " before it started " + e.started());
      }
      String gate = gateProblem(e);
      if (gate != null) {
        out.add(line + ": " + gate);
      }
      if (!e.counts().isEmpty()) {
        Map<Status, Integer> tally = new EnumMap<>(Status.class);
        for (Result r : e.results()) {
          tally.merge(r.status(), 1, Integer::sum);
        }
        for (Status s : Status.values()) {
          int said = e.counts().getOrDefault(s.name(), 0);
          int held = tally.getOrDefault(s, 0);
          if (said != held) {
            out.add(line + ": counts say " + said + " " + s + ", its results hold " + held);
          }
        }
      }
    }
    return out;
  }

  /**
   * The gate a line records against its own results: a gate fails only on a FAIL, and passes
   * only when no check errored ({@link dev.secaudit.model.GateVerdict}). Severity and waivers are
   * not on the line, so a FAIL under a passed gate is no contradiction.
   */
  private static String gateProblem(LedgerEntry e) {
    if (e.gate().isEmpty()) {
      return null;
    }
    long fails = e.results().stream().filter(r -> r.status() == Status.FAIL).count();
    long errors = e.results().stream().filter(r -> r.status() == Status.ERROR).count();
    return switch (e.gate()) {
      case "FAILED" -> fails == 0 ? "gate FAILED, but its results hold no FAIL" : null;
      case "PASSED" -> errors > 0 ? "gate PASSED, but its results hold " + errors + " ERROR (an"
          + " errored check makes a gate INCOMPLETE at best)" : null;
      case "INCOMPLETE" -> null;
      default -> "gate '" + e.gate() + "' is none of PASSED, FAILED, INCOMPLETE";
    };
  }
}

package dev.secaudit.evidence;

import dev.secaudit.evidence.LedgerEntry.Result;
import dev.secaudit.evidence.OperatingEffectiveness.Outcome;
import dev.secaudit.model.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One control (check) in one run: its findings' statuses, and the targets it had findings on but
 * judged none of (every one SKIPPED, MANUAL or INFO: a redirect with no http_url, a target
 * opting out); a target where it did not apply (NOT_APPLICABLE) is not untested. The run tests the control only when it judged it on every target it was in scope
 * on: one target's PASS is no evidence for another (reports25 HIGH 1, a redirect "operating" in
 * both runs while each skipped it on one of the two targets).
 *
 * @param untested those targets ("" for policy-wide findings), empty when it judged none at all
 * @param anyJudged some finding of it judged something in the run
 */
record ControlRun(List<Status> statuses, Set<String> untested, boolean anyJudged) {
  ControlRun {
    statuses = List.copyOf(statuses);
    untested = Set.copyOf(untested);
  }

  /** As the run's statuses say, except that a clean run leaving a target untested is no test. */
  Outcome outcome() {
    Outcome o = Outcome.of(statuses);
    return untested.isEmpty() || o == Outcome.EXCEPTION ? o : Outcome.NOT_TESTED;
  }

  /** Judged on some targets, left untested on others, and no exception among them. */
  boolean partly() {
    return anyJudged && !untested.isEmpty() && outcome() == Outcome.NOT_TESTED;
  }

  /** Judged on every target it had findings on, or applied on none of them. */
  boolean whole() {
    return untested.isEmpty() && (anyJudged || outcome() == Outcome.NOT_APPLICABLE);
  }

  /** Each check of the run, by check id. */
  static Map<String, ControlRun> of(LedgerEntry run) {
    Map<String, Map<String, List<Status>>> byTarget = new TreeMap<>();
    for (Result r : run.results()) {
      byTarget.computeIfAbsent(r.check(), k -> new TreeMap<>())
          .computeIfAbsent(r.target() == null ? "" : r.target(), k -> new ArrayList<>())
          .add(r.status());
    }
    Map<String, ControlRun> out = new TreeMap<>();
    byTarget.forEach((check, targets) -> {
      List<Status> statuses = new ArrayList<>();
      Set<String> untested = new TreeSet<>();
      boolean anyJudged = false;
      for (Map.Entry<String, List<Status>> t : targets.entrySet()) {
        statuses.addAll(t.getValue());
        if (t.getValue().stream().anyMatch(Outcome::judges)) {
          anyJudged = true;
        } else if (!t.getValue().contains(Status.NOT_APPLICABLE) || !t.getValue().stream()
            .allMatch(s -> s == Status.NOT_APPLICABLE || s == Status.INFO)) {
          // A target where it did not apply is not one it left untested.
          untested.add(t.getKey());
        }
      }
      out.put(check, new ControlRun(statuses, anyJudged ? untested : Set.of(), anyJudged));
    });
    return out;
  }
}

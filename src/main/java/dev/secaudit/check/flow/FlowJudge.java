package dev.secaudit.check.flow;

import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.policy.Flow;
import dev.secaudit.policy.PolicyPointer;
import dev.secaudit.probe.flow.FlowObservation;
import java.util.List;

/**
 * The flow being judged and where its findings go.
 *
 * @param about what the findings added through this judge are about, or null
 */
record FlowJudge(CheckContext ctx, FlowObservation obs, Flow rule, List<Finding> out,
    Subject about) {
  /** The same judge, for findings about {@code what}. */
  FlowJudge about(Subject what) {
    return new FlowJudge(ctx, obs, rule, out, what);
  }

  String at() {
    return PolicyPointer.entry(PolicyPointer.FLOWS, obs.policyIndex());
  }

  List<String> evidence() {
    return List.of(obs.id());
  }

  void add(String id, String subject, Status status, String expected, String observed,
      String pointer) {
    add(id, subject, status, expected, null, observed, null, pointer);
  }

  /** A finding with what was expected and observed as data too (null: words only). */
  void add(String id, String subject, Status status, String expected, Value expectedValue,
      String observed, Value observedValue, String pointer) {
    out.add(ctx.finding(id).about(about).subject(subject).status(status)
        .expected(expected, expectedValue).observed(observed, observedValue)
        .evidence(status == Status.SKIPPED ? List.of() : evidence()).rule(pointer).build());
  }
}

package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.ClaimChecks;
import dev.secaudit.policy.Globs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The findings a claim's verdict rests on, by what its statement states. A rule's pointer
 * ({@code /rate_limits/0}) selects every finding that rule asked for, and the sentence may state
 * only some of them: "Rate limiting at the request level" promises a limit, not a Retry-After on
 * the 429 (founder24: the claim was refuted and left off the page for the Retry-After alone).
 * Of a pointer's findings, those of checks that test none of the stated topics, and those a
 * stated topic names beside it ({@link Topic#namedBeside}), are set aside and named; they still
 * fail as their own findings. Checks listed by id or glob are what the policy says decides the
 * claim, and stay.
 *
 * <p>Strict the other way: a statement read only in part, a stated gap, or one whose stated
 * topics no finding of the rule decides ("we take abuse seriously" on the rule) keeps every
 * finding, so a claim is never verified by setting its checks aside. A statement naming the
 * topic without an amount ("we rate limit") points at the rule and is judged by every check
 * deciding the topic, the rule's own limit included.
 *
 * @param judged the findings the verdict rests on, as the checks judged them
 * @param hygiene those among them that test a stated topic without deciding it: their failure
 *     leaves the claim to a person, it does not refute it
 * @param beside each failing finding set aside, in a reviewer's words
 */
public record StatedChecks(List<Finding> judged, List<Finding> hygiene, List<String> beside) {

  /**
   * @param selected the scan's findings of the claim's checks (claim findings left out)
   */
  public static StatedChecks of(dev.secaudit.policy.Claim c, List<Finding> selected,
      SentenceReader reader, Vocabulary vocabulary) {
    StatedChecks whole = new StatedChecks(selected, List.of(), List.of());
    List<String> rules = c.checks().stream().filter(ClaimChecks::isRule).toList();
    if (rules.isEmpty() || !c.applies() || c.statement() == null
        || c.polarity() != null && !c.polarity().equals("in_place")) {
      return whole;
    }
    StatedParts stated = StatedParts.of(c, reader, vocabulary);
    if (!stated.whole() || stated.parts().isEmpty()
        || stated.parts().stream().anyMatch(p -> p.polarity() != Polarity.IN_PLACE)) {
      return whole;
    }
    Set<Topic> topics = new LinkedHashSet<>();
    stated.parts().forEach(p -> topics.add(p.topic()));
    Predicate<Finding> byRule = ClaimChecks.anyOf(rules);
    Predicate<Finding> byId = ClaimChecks.anyOf(c.checks().stream()
        .filter(e -> !ClaimChecks.isRule(e)).toList());
    List<Finding> judged = new ArrayList<>();
    List<Finding> hygiene = new ArrayList<>();
    Set<String> beside = new LinkedHashSet<>();
    boolean decided = false;
    for (Finding f : selected) {
      if (byId.test(f) || !byRule.test(f)) {
        judged.add(f);
        continue;
      }
      String id = f.checkId();
      List<Topic> testing = topics.stream()
          .filter(t -> t.checks().stream().anyMatch(g -> Globs.matches(g, id))).toList();
      if (testing.stream().anyMatch(t -> t.decidedBy().isEmpty() || t.decidedBy().contains(id))) {
        judged.add(f);
        decided = true;
      } else if (testing.isEmpty() || testing.stream().allMatch(t -> t.namedBeside()
          .contains(id))) {
        if (failed(f)) {
          beside.add(aside(f, topics, vocabulary));
        }
      } else {
        judged.add(f);
        hygiene.add(f);
      }
    }
    return decided ? new StatedChecks(List.copyOf(judged), List.copyOf(hygiene),
        List.copyOf(beside)) : whole;
  }

  /**
   * The findings as the claim's verdict weighs them: a hygiene failure is a person's call
   * (WARN), never a refutation of what the statement states.
   */
  public List<Finding> weighed() {
    return judged.stream().map(f -> hygiene.contains(f) && f.judgedStatus() == Status.FAIL
        ? f.withStatus(Status.WARN) : f).toList();
  }

  /** The hygiene failures, for a reviewer: "" when none. */
  public String hygieneFailed() {
    return PartChecks.describe(hygiene.stream().filter(StatedChecks::failed).toList());
  }

  private static boolean failed(Finding f) {
    return f.judgedStatus() == Status.FAIL || f.judgedStatus() == Status.ERROR;
  }

  /** "ratelimit.retry_after on site failed (...): not part of this claim, which states ...". */
  private static String aside(Finding f, Set<Topic> stated, Vocabulary vocabulary) {
    String own = vocabulary.topics().stream().filter(t -> t.checks().equals(List.of(
        f.checkId()))).map(Topic::title).findFirst().orElse(f.checkId());
    String observed = f.observed().length() > 160 ? f.observed().substring(0, 160) + "…"
        : f.observed();
    return own + " (" + f.checkId() + " on " + f.target() + " " + (f.judgedStatus() == Status.FAIL
        ? "failed" : "errored") + (observed.isEmpty() ? "" : ": " + observed)
        + "): not part of this claim, which states " + String.join(" and ",
            stated.stream().map(Topic::title).toList());
  }
}

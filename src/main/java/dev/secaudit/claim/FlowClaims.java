package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Value;
import dev.secaudit.policy.Flow;
import dev.secaudit.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the policy's flows state, one claim per rule: each token rule speaks for the kind of
 * token it judged (TokenKinds) and carries the policy's own bound, so a refutation at 12 hours
 * does not settle "within 72 hours", nor the reset link's reuse "Are magic links single-use?".
 * Before, one claim per topic spanned every flow and had no amount: its refutation read as "the
 * control is not in place" for every kind and every threshold.
 */
final class FlowClaims {
  private FlowClaims() {}

  static void add(List<Claim> out, Policy policy, ClaimEvidence evidence,
      Vocabulary vocabulary, TokenKinds kinds, Scope everyTarget) {
    List<String> judged = new ArrayList<>();
    for (int i = 0; i < policy.flows().size(); i++) {
      Flow flow = policy.flows().get(i);
      String at = "/flows/" + i;
      if (flow.jwt() != null && flow.jwt().maxTtl() != null) {
        jwt(out, evidence, vocabulary, kinds, at + "/jwt", flow.jwt());
        judged.add(at + "/jwt");
      }
      if (flow.sessionCookie() != null && flow.sessionCookie().maxAge() != null) {
        int before = out.size();
        ClaimBook.section(out, evidence, vocabulary, "sessions.lifetime", at + "/session_cookie",
            "sessions expire within " + flow.sessionCookie().maxAge().text(),
            atMost(flow.sessionCookie().maxAge().value().toSeconds()), everyTarget, "",
            List.of("session.lifetime"), under(at + "/session_cookie"));
        cookieOnly(out, before, evidence);
        judged.add(at + "/session_cookie");
      }
      for (int j = 0; j < flow.expect().size(); j++) {
        Flow.FlowExpectation e = flow.expect().get(j);
        String rule = at + "/expect/" + j;
        Scope scope = kinds.scopeOf(rule);
        if ("one_shot".equals(e.kind())) {
          ClaimBook.section(out, evidence, vocabulary, "tokens.single_use", rule,
              e.name() + ": works once", null, scope, "", List.of("token.single_use"),
              under(rule));
          judged.add(rule);
        } else if ("expires".equals(e.kind()) && e.lifetime() != null) {
          ClaimBook.section(out, evidence, vocabulary, "tokens.lifetime", rule, e.name()
              + ": expires within " + e.lifetime().text(), atMost(e.lifetime().value()
                  .toSeconds()), scope, "", List.of("token.expiry"), under(rule));
          judged.add(rule);
        } else if ("password_length".equals(e.kind()) && e.minLength() != null) {
          // The rule's own minimum, so "Minimum password length is 10 characters." is verified
          // by the probe that sent 9 and 10 (seeds21: it stayed WARN with every check passed).
          ClaimBook.section(out, evidence, vocabulary, "passwords.min_length", rule, e.name()
              + ": passwords of at least " + e.minLength() + " characters", new Quantity(
                  e.minLength(), Quantity.Unit.CHARACTERS, Quantity.Comparison.AT_LEAST),
              everyTarget, "", List.of("password.min_length"), under(rule));
          judged.add(rule);
        }
      }
    }
    // Findings no rule of this policy accounts for (a scan.json written by hand, or of another
    // version of the policy): read as before, one claim over the flows without an amount.
    Predicate<Finding> unruled = f -> judged.stream().noneMatch(r -> under(r).test(f));
    ClaimBook.section(out, evidence, vocabulary, "tokens.lifetime", "/flows",
        "issued tokens expire", null, everyTarget, "", List.of("jwt.lifetime"), unruled);
    ClaimBook.section(out, evidence, vocabulary, "tokens.single_use", "/flows",
        "one-shot tokens work once", null, everyTarget, "", List.of("token.single_use"),
        unruled);
    int sessions = out.size();
    ClaimBook.section(out, evidence, vocabulary, "sessions.lifetime", "/flows",
        "sessions expire", null, everyTarget, "", List.of("session.lifetime"), unruled);
    cookieOnly(out, sessions, evidence);
  }

  /**
   * The JWT rule: exp - iat at most the policy's max_ttl, over the kind of token its capture
   * names; and, apart from the rule, the lifetime the scan read, which answers other thresholds
   * (48 hours answers "within 72 hours?" Yes and "within 24 hours?" No). A token without exp
   * never expires: that refutes any lifetime, so the claim then carries no amount.
   */
  private static void jwt(List<Claim> out, ClaimEvidence evidence, Vocabulary vocabulary,
      TokenKinds kinds, String rule, Flow.FlowJwt jwt) {
    Scope scope = kinds.scopeOf(rule);
    List<Finding> found = evidence.findings(List.of("jwt.lifetime")).stream()
        .filter(under(rule)).toList();
    boolean never = found.stream().anyMatch(f -> f.status() == Status.FAIL
        && !(f.observedValue() instanceof Value.Duration));
    String kind = TokenKinds.label(scope);
    ClaimBook.section(out, evidence, vocabulary, "tokens.lifetime", rule, kind
        + " (JWT) expire within " + jwt.maxTtl().text(), never ? null
            : atMost(jwt.maxTtl().value().toSeconds()), scope, "", List.of("jwt.lifetime"),
        under(rule));
    List<Long> seen = found.stream().filter(f -> f.status() == Status.PASS
        || f.status() == Status.FAIL).map(Finding::observedValue)
        .filter(v -> v instanceof Value.Duration).map(v -> ((Value.Duration) v).seconds())
        .distinct().toList();
    if (never || seen.size() != 1 || evidence.scanTooOld() != null) {
      return;
    }
    long seconds = seen.get(0);
    String statement = kind + " (JWT) issued with exp - iat = " + seconds + " s";
    out.add(new Claim(rule + "/observed", statement, new ClaimPart(
        vocabulary.topic("tokens.lifetime").orElseThrow(), Polarity.IN_PLACE,
        new Quantity(seconds, Quantity.Unit.SECONDS, Quantity.Comparison.EXACTLY), scope, "",
        statement), Standing.VERIFIED, true, List.of("jwt.lifetime"),
        found.stream().limit(5).map(ClaimEvidence::describe).toList(),
        "observed by jwt.lifetime: " + found.get(0).observed(), true, true, List.of(), true));
  }

  private static Quantity atMost(double seconds) {
    return new Quantity(seconds, Quantity.Unit.SECONDS, Quantity.Comparison.AT_MOST);
  }

  private static void cookieOnly(List<Claim> out, int at, ClaimEvidence evidence) {
    if (out.size() > at) {
      out.set(at, StatedReach.cookieOnly(out.get(at), evidence));
    }
  }

  private static Predicate<Finding> under(String pointer) {
    return f -> f.policyPointer().equals(pointer) || f.policyPointer().startsWith(pointer + "/");
  }
}

package dev.secaudit.check.flow;

import static dev.secaudit.check.flow.FlowChecks.JWT_ALGORITHM;
import static dev.secaudit.check.flow.FlowChecks.JWT_LIFETIME;
import static dev.secaudit.check.flow.FlowChecks.SESSION_LIFETIME;

import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.policy.Flow;
import dev.secaudit.policy.Globs;
import dev.secaudit.probe.flow.FlowObservation;
import dev.secaudit.probe.flow.JwtFacts;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.SetCookie;
import dev.secaudit.probe.http.SetCookieParser;
import java.time.Duration;
import java.time.Instant;

/** The lifetimes a flow's session cookie and JWT were given, against the policy's bounds. */
final class TokenLifetimes {
  private TokenLifetimes() {}

  /**
   * Where the flow's JWT comes from: its cookie, or the path of the step whose answer the token
   * is captured from (null when no step captures it).
   */
  static Subject source(Flow rule) {
    if (rule.jwt().cookie() != null) {
      return Subject.cookie(rule.jwt().cookie());
    }
    for (Flow.FlowStep step : rule.steps()) {
      if (step.capture().stream().anyMatch(c -> c.name().equals(rule.jwt().capture()))) {
        return new Subject(Subject.Kind.URL, step.request().path());
      }
    }
    return null;
  }

  static void sessionCookie(FlowJudge j, Flow.FlowSessionCookie rule) {
    String subject = j.rule().name() + " cookie " + rule.name();
    String at = j.at() + "/session_cookie";
    String expected = "a cookie matching '" + rule.name() + "' set by the flow, living at most "
        + rule.maxAge().text() + (rule.withoutExpiry().equals("pass") ? ""
            : " (without Max-Age or Expires: " + rule.withoutExpiry() + ")");
    if (j.obs().skipped() != null) {
      j.add(SESSION_LIFETIME, subject, Status.SKIPPED, expected, j.obs().skipped(), at);
      return;
    }
    SetCookie found = null;
    Instant received = null;
    for (FlowObservation.StepRun s : j.obs().steps()) {
      for (String v : s.exchange().headers("Set-Cookie")) {
        SetCookie c = SetCookieParser.parse(v);
        if (!c.ignored() && Globs.matches(rule.name(), c.name())
            && c.effectiveLifetime(receivedAt(s.exchange())).kind()
                != SetCookie.LifetimeKind.EXPIRED) {
          found = c;
          received = receivedAt(s.exchange());
        }
      }
    }
    if (found == null) {
      if (j.obs().stopped() != null) {
        j.add(SESSION_LIFETIME, subject, Status.ERROR, expected, "no such cookie before the flow"
            + " stopped (" + j.obs().stopped() + ")", at);
      } else {
        j.add(SESSION_LIFETIME, subject, Status.FAIL, expected, "no Set-Cookie matching '"
            + rule.name() + "' in the flow's " + j.obs().steps().size() + " answers", at);
      }
      return;
    }
    SetCookie.Lifetime life = found.effectiveLifetime(received);
    String name = "cookie " + found.displayName() + " (" + found.attributeSummary() + ")";
    if (life.kind() == SetCookie.LifetimeKind.SESSION) {
      Status s = switch (rule.withoutExpiry()) {
        case "pass" -> Status.PASS;
        case "fail" -> Status.FAIL;
        default -> Status.WARN;
      };
      j.add(SESSION_LIFETIME, subject, s, expected, name + " has no Max-Age or Expires: it lives"
          + " as long as the browser (which may restore it), not a stated time", at);
      return;
    }
    Duration max = rule.maxAge().value();
    String lives = name + " lives " + FlowCheck.human(life.effective()) + " (" + life.source()
        + (life.capped() ? ", declared " + FlowCheck.human(life.declared()) + ", capped by browsers" : "")
        + ")";
    // The longest life allowed and the life browsers give the cookie.
    j.add(SESSION_LIFETIME, subject, life.effective().compareTo(max) <= 0 ? Status.PASS
        : Status.FAIL, expected, new Value.Duration(max.getSeconds()), lives,
        new Value.Duration(life.effective().getSeconds()), at);
  }

  /** The answer's Date (the server's clock), else when it was observed. */
  private static Instant receivedAt(HttpExchange e) {
    return FlowObservation.receivedAt(e);
  }

  static void jwt(FlowJudge j, Flow.FlowJwt rule) {
    String subject = j.rule().name() + " " + rule.source();
    String at = j.at() + "/jwt";
    String algExpected = "a signed token: alg is not none";
    String ttlExpected = rule.maxTtl() == null ? null
        : "exp - iat at most " + rule.maxTtl().text();
    if (j.obs().skipped() != null) {
      j.add(JWT_ALGORITHM, subject, Status.SKIPPED, algExpected, j.obs().skipped(), at);
      if (ttlExpected != null) {
        j.add(JWT_LIFETIME, subject, Status.SKIPPED, ttlExpected, j.obs().skipped(), at);
      }
      return;
    }
    JwtFacts t = j.obs().jwt();
    if (t == null || t.problem() != null) {
      String why = t == null ? "no token was recorded" : t.problem();
      j.add(JWT_ALGORITHM, subject, Status.ERROR, algExpected, why, at);
      if (ttlExpected != null) {
        j.add(JWT_LIFETIME, subject, Status.ERROR, ttlExpected, why, at);
      }
      return;
    }
    // The token's alg header parameter as it reads (missing when absent).
    Value alg = new Value.Setting("alg", t.alg());
    if (t.alg() == null || t.alg().trim().equalsIgnoreCase("none")) {
      j.add(JWT_ALGORITHM, subject, Status.FAIL, algExpected, null, "alg " + (t.alg() == null
          ? "absent" : "'" + t.alg() + "'") + ": the token is unsigned, so anyone can forge one",
          alg, at);
    } else {
      j.add(JWT_ALGORITHM, subject, Status.PASS, algExpected, null, "alg " + t.alg(), alg, at);
    }
    if (ttlExpected == null) {
      return;
    }
    Duration max = rule.maxTtl().value();
    if (t.exp() == null) {
      j.add(JWT_LIFETIME, subject, Status.FAIL, ttlExpected, "no exp claim: the token never"
          + " expires (" + t.describe() + ")", at);
      return;
    }
    Duration ttl = t.lifetime();
    String observed = t.lifetimeBasis() + " = " + FlowCheck.human(ttl) + " (" + t.describe() + ")";
    j.add(JWT_LIFETIME, subject, ttl.compareTo(max) <= 0 ? Status.PASS : Status.FAIL,
        ttlExpected, new Value.Duration(max.getSeconds()), observed,
        new Value.Duration(ttl.getSeconds()), at);
  }
}

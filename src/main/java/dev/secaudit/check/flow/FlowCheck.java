package dev.secaudit.check.flow;

import dev.secaudit.model.Value;
import dev.secaudit.model.Subject;

import static dev.secaudit.check.flow.FlowChecks.COMPLETED;
import static dev.secaudit.check.flow.FlowChecks.CSRF_TOKEN;
import static dev.secaudit.check.flow.FlowChecks.EXPIRY;
import static dev.secaudit.check.flow.FlowChecks.IDEMPOTENT;
import static dev.secaudit.check.flow.FlowChecks.PASSWORD_LENGTH;

import dev.secaudit.check.Aspect;
import dev.secaudit.check.Check;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Flow;
import dev.secaudit.policy.Policy;
import dev.secaudit.probe.flow.FlowObservation;
import dev.secaudit.probe.flow.FlowObservation.ExpectationRun;
import dev.secaudit.probe.http.HttpExchange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Judges what each flow recorded against the policy: that its steps completed, the session
 * cookie's and the JWT's lifetimes, and each expectation (rejected, requires_auth, one_shot,
 * idempotent, csrf). A flow that could not be run or completed gives ERROR, never a pass.
 */
public final class FlowCheck implements Check {
  @Override
  public List<dev.secaudit.check.CheckInfo> reports() {
    return FlowChecks.REPORTS;
  }

  @Override
  public boolean appliesTo(Policy policy) {
    return !policy.flows().isEmpty();
  }

  @Override
  public Set<Aspect> needs() {
    return Set.of(Aspect.FLOWS);
  }

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    for (FlowObservation obs : ctx.observations().flows()) {
      judge(new FlowJudge(ctx, obs, ctx.policy().flows().get(obs.policyIndex()), out, null));
    }
    return out;
  }

  private static void judge(FlowJudge flow) {
    Flow rule = flow.rule();
    FlowObservation obs = flow.obs();
    if (!rule.steps().isEmpty()) {
      // The flow's completion is about where it starts: its first step's path.
      FlowJudge j = flow.about(new Subject(Subject.Kind.URL, rule.steps().get(0).request().path()));
      String expected = "every step answers and every capture finds its value ("
          + rule.steps().size() + " step" + (rule.steps().size() == 1 ? "" : "s") + ")";
      if (obs.skipped() != null) {
        j.add(COMPLETED, rule.name(), Status.SKIPPED, expected, obs.skipped(), j.at());
      } else if (obs.stopped() != null) {
        j.add(COMPLETED, rule.name(), Status.ERROR, expected, obs.stopped(), j.at());
      } else {
        j.add(COMPLETED, rule.name(), Status.PASS, expected, statuses(obs), j.at());
      }
    }
    if (rule.sessionCookie() != null) {
      TokenLifetimes.sessionCookie(flow.about(Subject.cookie(rule.sessionCookie().name())),
          rule.sessionCookie());
    }
    if (rule.jwt() != null) {
      TokenLifetimes.jwt(flow.about(TokenLifetimes.source(rule)), rule.jwt());
    }
    for (int i = 0; i < rule.expect().size(); i++) {
      Flow.FlowExpectation e = rule.expect().get(i);
      ExpectationRun run = obs.expectations().size() > i ? obs.expectations().get(i) : null;
      expectation(flow.about(new Subject(Subject.Kind.URL, e.request().path())), e, run,
          flow.at() + "/expect/" + i);
    }
  }

  private static String statuses(FlowObservation obs) {
    List<String> parts = new ArrayList<>();
    for (FlowObservation.StepRun s : obs.steps()) {
      parts.add(s.name() + " " + s.exchange().status());
    }
    return "completed: " + String.join(", ", parts);
  }

  private static void expectation(FlowJudge j, Flow.FlowExpectation e, ExpectationRun run,
      String at) {
    String id = FlowChecks.forKind(e.kind());
    String subject = j.rule().name() + "/" + e.name();
    String expected = expected(e);
    if (j.obs().skipped() != null) {
      j.add(id, subject, Status.SKIPPED, expected, j.obs().skipped(), at);
      return;
    }
    if ("expires".equals(e.kind())) {
      expires(j, e, run, subject, expected, at);
      return;
    }
    List<HttpExchange> sent = run == null ? List.of() : run.requests();
    for (int n = 0; n < sent.size(); n++) {
      if (sent.get(n).failed()) {
        j.add(id, subject, Status.ERROR, expected, "request " + (n + 1) + " got no answer: "
            + sent.get(n).error(), at);
        return;
      }
    }
    int needed = switch (e.kind()) {
      case "one_shot", "idempotent", "csrf_token", "password_length" -> 2;
      default -> 1;
    };
    if (run == null || sent.size() < needed) {
      j.add(id, subject, Status.ERROR, expected, run == null || run.notRun() == null
          ? "not run" : run.notRun(), at);
      return;
    }
    HttpExchange first = sent.get(0);
    switch (e.kind()) {
      case "one_shot" -> {
        HttpExchange second = sent.get(1);
        if (first.status() >= 400) {
          j.add(id, subject, Status.ERROR, expected, "the first use was already refused ("
              + first.status() + "): the token was spent or expired before the probe, so it was"
              + " not shown to work even once", at);
        } else if (e.refuses(second.status())) {
          j.add(id, subject, Status.PASS, expected, "first use " + first.status()
              + ", second use " + second.status(), at);
        } else {
          j.add(id, subject, Status.FAIL, expected, "first use " + first.status()
              + ", second use " + second.status() + ": the token works more than once", at);
        }
      }
      case "idempotent" -> idempotent(j, e, run, subject, expected, at);
      case "csrf_token" -> csrfToken(j, e, sent, subject, expected, at);
      case "password_length" -> passwordLength(j, e, run, subject, expected, at);
      case "csrf" -> {
        if (!e.refuses(first.status())) {
          j.add(id, subject, Status.FAIL, expected, "answered " + first.status()
              + " without its token and with Origin " + dev.secaudit.probe.flow.FlowProbe
                  .FOREIGN_ORIGIN + ": " + (first.status() >= 500 ? "a server error, not a"
                      + " refusal" : "the forged request was accepted"), at);
        } else if (sent.size() > 1 && sent.get(1).status() >= 400) {
          j.add(id, subject, Status.WARN, expected, "refused without its token ("
              + first.status() + ") but also with it (" + sent.get(1).status() + "): the refusal"
              + " may not be about the token", at);
        } else {
          j.add(id, subject, Status.PASS, expected, "refused without its token ("
              + first.status() + ")" + (sent.size() > 1 ? "; accepted with it ("
                  + sent.get(1).status() + ")" : ""), at);
        }
      }
      default -> {
        boolean ok = e.refuses(first.status());
        String observed = "answered " + first.status() + (ok ? ""
            : first.status() >= 500 ? ": a server error, not a refusal"
            : first.status() >= 300 && first.status() < 400 ? " (Location: " + first.location()
                + "): a redirect, not a refusal; list it in status if it leads to sign-in"
            : ": the request was accepted");
        j.add(id, subject, ok ? Status.PASS : Status.FAIL, expected, null, observed,
            new Value.Setting("status", String.valueOf(first.status())), at);
      }
    }
  }

  private static String expected(Flow.FlowExpectation e) {
    return switch (e.kind()) {
      case "rejected" -> "refused with " + e.refusal();
      case "requires_auth" -> "without credentials, refused with " + e.refusal();
      case "one_shot" -> "first use accepted, second use refused with " + e.refusal();
      case "idempotent" -> "the same Idempotency-Key twice: the same status and body"
          + (e.effect() == null ? ", and a different key a different answer"
              : ", and the count at " + e.effect().json() + " grows by exactly one");
      case "csrf" -> "without its token and from a foreign Origin, refused with " + e.refusal();
      case "csrf_token" -> "from the site's own Origin, refused with " + e.refusal()
          + " without its token and with a wrong one" + (e.control() ? "; accepted with it" : "");
      case "expires" -> "no longer accepted after " + e.lifetime().text()
          + (e.waitFor() == null ? " (the token's own expiry)"
              : " (the token's own expiry, else refused with " + e.refusal() + " after waiting "
                  + e.waitFor().text() + ")");
      case "password_length" -> "a " + (e.minLength() - 1) + "-character password refused with "
          + e.refusal() + ", a " + e.minLength() + "-character one accepted";
      default -> e.kind();
    };
  }

  private static void idempotent(FlowJudge j, Flow.FlowExpectation e, ExpectationRun run,
      String subject, String expected, String at) {
    HttpExchange first = run.requests().get(0);
    HttpExchange second = run.requests().get(1);
    if (first.status() >= 400) {
      j.add(IDEMPOTENT, subject, Status.ERROR, expected, "the mutation itself was refused ("
          + first.status() + "), so there is nothing to repeat", at);
      return;
    }
    List<String> wrong = new ArrayList<>();
    if (first.status() != second.status()) {
      wrong.add("the repeat answered " + second.status() + " where the first answered "
          + first.status());
    } else if (!first.bodySha256().equals(second.bodySha256())) {
      wrong.add("the repeat's body differs (sha256 " + first.bodySha256().substring(0, 12)
          + "… vs " + second.bodySha256().substring(0, 12) + "…)");
    }
    String counted = "";
    boolean unknownEffect = false;
    if (e.effect() != null) {
      if (run.effectProblem() != null || run.before() == null || run.after() == null) {
        j.add(IDEMPOTENT, subject, Status.ERROR, expected, run.effectProblem() != null
            ? run.effectProblem() : run.notRun() != null ? run.notRun()
            : "the effect was not counted", at);
        return;
      }
      long delta = run.after() - run.before();
      counted = "; count " + run.before() + " → " + run.after();
      if (delta > 1) {
        wrong.add("the mutation took effect " + delta + " times (count " + run.before() + " → "
            + run.after() + ")");
      } else if (delta < 1) {
        unknownEffect = true;
      }
    }
    String both = "answers " + first.status() + ", " + second.status();
    if (!wrong.isEmpty()) {
      j.add(IDEMPOTENT, subject, Status.FAIL, expected, String.join("; ", wrong) + " (" + both
          + ")", at);
    } else if (unknownEffect) {
      j.add(IDEMPOTENT, subject, Status.WARN, expected, both + " alike, but the count went "
          + run.before() + " → " + run.after() + ": no single effect is visible, so duplication"
          + " cannot be ruled out", at);
    } else if (e.effect() != null) {
      j.add(IDEMPOTENT, subject, Status.PASS, expected, both + ", identical bodies" + counted, at);
    } else {
      control(j, run, subject, expected, at, both);
    }
  }

  /** What an answer was, for findings: "403", "200 (accepted)", "500 (a server error)". */
  private static String answered(Flow.FlowExpectation e, HttpExchange x) {
    int s = x.status();
    return s + (e.refuses(s) ? "" : s >= 500 ? ", a server error, not a refusal"
        : s >= 300 && s < 400 ? ", a redirect to " + x.location() + ", not a refusal"
        : s >= 400 ? ", not one of the refusals listed" : ", accepted");
  }

  private static void csrfToken(FlowJudge j, Flow.FlowExpectation e, List<HttpExchange> sent,
      String subject, String expected, String at) {
    HttpExchange without = sent.get(0);
    HttpExchange wrong = sent.get(1);
    String both = "without its token: " + answered(e, without) + "; with a wrong token: "
        + answered(e, wrong);
    if (!e.refuses(without.status()) || !e.refuses(wrong.status())) {
      j.add(CSRF_TOKEN, subject, Status.FAIL, expected, both + " (sent from the site's own"
          + " Origin): " + (e.refuses(without.status()) ? "a wrong token is taken, so its"
              + " presence is checked but not its value" : "a request without a token is taken"),
          at);
    } else if (sent.size() > 2 && sent.get(2).status() >= 400) {
      j.add(CSRF_TOKEN, subject, Status.WARN, expected, both + "; but with its token also "
          + sent.get(2).status() + ": the refusals may not be about the token", at);
    } else {
      j.add(CSRF_TOKEN, subject, Status.PASS, expected, both + (sent.size() > 2
          ? "; with its token: " + sent.get(2).status() : ""), at);
    }
  }

  private static void passwordLength(FlowJudge j, Flow.FlowExpectation e, ExpectationRun run,
      String subject, String expected, String at) {
    List<HttpExchange> sent = run.requests();
    HttpExchange shorter = sent.get(0);
    HttpExchange minimum = sent.get(1);
    int n = e.minLength();
    String observed = (n - 1) + " characters: " + answered(e, shorter) + "; " + n
        + " characters: " + minimum.status();
    Status status;
    if (!e.refuses(shorter.status())) {
      status = Status.FAIL;
      observed += ": a password shorter than the stated minimum is taken";
    } else if (minimum.status() >= 400) {
      status = Status.FAIL;
      observed += ": a password of the stated minimum length is refused too, so the refusal is"
          + " not shown to be about length (the minimum is longer, or the request is refused"
          + " for another reason)";
    } else {
      status = Status.PASS;
    }
    if (e.restore() != null) {
      long accepted = sent.stream().filter(x -> x.status() < 400).count();
      List<HttpExchange> restores = run.effect();
      boolean back = restores.size() == accepted
          && restores.stream().allMatch(x -> !x.failed() && x.status() < 400);
      if (accepted > 0) {
        observed += back ? "; password set back (" + String.join(", ", restores.stream()
            .map(x -> String.valueOf(x.status())).toList()) + ")"
            : "; setting the password back did not succeed ("
                + (restores.isEmpty() ? "not sent" : String.join(", ", restores.stream()
                    .map(x -> x.failed() ? "no answer" : String.valueOf(x.status())).toList()))
                + "): the test account is left with a made-up password; reset it";
      }
    }
    j.add(PASSWORD_LENGTH, subject, status, expected, observed, at);
  }

  private static void expires(FlowJudge j, Flow.FlowExpectation e, ExpectationRun run,
      String subject, String expected, String at) {
    FlowObservation.Expiry x = run == null ? null : run.expiry();
    if (x == null) {
      j.add(EXPIRY, subject, Status.ERROR, expected, run == null || run.notRun() == null
          ? "not run" : run.notRun(), at);
      return;
    }
    Duration limit = e.lifetime().value();
    if (x.stated() != null) {
      Duration stated = x.stated();
      boolean within = stated.compareTo(limit) <= 0;
      j.add(EXPIRY, subject, within ? Status.PASS : Status.FAIL, expected, x.source()
          + " states a lifetime of " + human(stated) + ", " + x.method() + (within
              ? "; the server's enforcement of it was not tested by waiting"
              : ": longer than the stated " + e.lifetime().text()), at);
      return;
    }
    String unread = x.source() == null ? "" : x.source() + " states no expiry (not a JWT with"
        + " exp, no expires_in beside it, no Max-Age or Expires); ";
    if (e.waitFor() == null) {
      j.add(EXPIRY, subject, Status.ERROR, expected, unread + "no wait is given, so the lifetime"
          + " cannot be judged: add wait (the opt-in long probe)", at);
      return;
    }
    if (x.notWaited() != null) {
      j.add(EXPIRY, subject, Status.SKIPPED, expected, unread + x.notWaited(), at);
      return;
    }
    List<HttpExchange> sent = run.requests();
    for (HttpExchange h : sent) {
      if (h.failed()) {
        j.add(EXPIRY, subject, Status.ERROR, expected, "a request got no answer: " + h.error(),
            at);
        return;
      }
    }
    if (run.notRun() != null || x.waited() == null || sent.size() < (e.before() ? 2 : 1)) {
      j.add(EXPIRY, subject, Status.ERROR, expected, run.notRun() != null ? run.notRun()
          : "the long probe did not complete", at);
      return;
    }
    HttpExchange after = sent.get(sent.size() - 1);
    String method = unread + "waited " + e.waitFor().text() + " and retried: ";
    String afterText = "after " + human(x.waited().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
        + ": " + answered(e, after);
    if (e.before()) {
      HttpExchange first = sent.get(0);
      if (first.status() >= 400) {
        j.add(EXPIRY, subject, Status.ERROR, expected, method + "already refused before the wait ("
            + first.status() + "), so the token was not shown to work and its expiry cannot be"
            + " judged", at);
        return;
      }
      String observed = method + "accepted before the wait (" + first.status() + "), "
          + afterText;
      j.add(EXPIRY, subject, e.refuses(after.status()) ? Status.PASS : Status.FAIL, expected,
          observed + (e.refuses(after.status()) ? "" : ": it outlives the stated "
              + e.lifetime().text()), at);
      return;
    }
    String control = acceptedEarlier(j, e);
    if (!e.refuses(after.status())) {
      j.add(EXPIRY, subject, Status.FAIL, expected, method + "sent once, " + afterText
          + ": it outlives the stated " + e.lifetime().text(), at);
    } else if (control == null) {
      j.add(EXPIRY, subject, Status.WARN, expected, method + "sent once (before: false), "
          + afterText + "; but no " + e.request().method() + " " + pathOf(e.request())
          + " was accepted earlier in the flow, so the refusal is not shown to be the expiry",
          at);
    } else {
      j.add(EXPIRY, subject, Status.PASS, expected, method + "sent once (before: false), "
          + afterText + "; the same request with another token was accepted earlier (" + control
          + ")", at);
    }
  }

  /** The path without its query: "/auth/magic". */
  private static String pathOf(Flow.FlowRequest q) {
    int query = q.path().indexOf('?');
    return query < 0 ? q.path() : q.path().substring(0, query);
  }

  /**
   * A step or earlier expectation that sent the same method and path (query aside) and was
   * accepted, named with its status; null when there is none.
   */
  private static String acceptedEarlier(FlowJudge j, Flow.FlowExpectation e) {
    Flow rule = j.rule();
    String method = e.request().method();
    String path = pathOf(e.request());
    for (int i = 0; i < rule.steps().size() && i < j.obs().steps().size(); i++) {
      Flow.FlowRequest q = rule.steps().get(i).request();
      HttpExchange x = j.obs().steps().get(i).exchange();
      if (q.method().equals(method) && pathOf(q).equals(path) && !x.failed()
          && x.status() < 400) {
        return "step '" + rule.steps().get(i).name() + "', " + x.status();
      }
    }
    for (ExpectationRun r : j.obs().expectations()) {
      Flow.FlowExpectation other = rule.expect().get(r.index());
      if (other == e || r.requests().isEmpty()) {
        continue;
      }
      HttpExchange x = r.requests().get(0);
      if (other.request().method().equals(method) && pathOf(other.request()).equals(path)
          && !x.failed() && x.status() < 400) {
        return "expectation '" + other.name() + "', " + x.status();
      }
    }
    return null;
  }

  /**
   * Without a count, identical answers show idempotency only if a different key gets a different
   * answer: a server that ignores Idempotency-Key and answers every request alike would pass
   * otherwise.
   */
  private static void control(FlowJudge j, ExpectationRun run, String subject, String expected,
      String at, String both) {
    HttpExchange second = run.requests().get(1);
    if (run.requests().size() < 3) {
      j.add(IDEMPOTENT, subject, Status.WARN, expected, both + ", identical bodies, but no"
          + " request under a different Idempotency-Key was answered"
          + (run.notRun() == null ? "" : " (" + run.notRun() + ")") + ", so the repeat's"
          + " answer cannot be told from one the server gives every request: idempotency is"
          + " not shown", at);
      return;
    }
    HttpExchange control = run.requests().get(2);
    boolean alike = control.status() == second.status()
        && control.bodySha256().equals(second.bodySha256());
    if (alike) {
      j.add(IDEMPOTENT, subject, Status.WARN, expected, both + ", identical bodies; but a"
          + " different Idempotency-Key got the same answer (" + control.status() + ", same"
          + " body), so the repeat's answer is not shown to come from the key: idempotency"
          + " cannot be demonstrated from the answers (add effect: to count what the request"
          + " creates)", at);
    } else {
      j.add(IDEMPOTENT, subject, Status.PASS, expected, both + ", identical bodies; a"
          + " different Idempotency-Key answered " + control.status() + " with a body of its"
          + " own, so the repeat was answered from the key", at);
    }
  }

  /**
   * "30d", "24h", "15m", "90s": a whole unit, as the policy writes durations; up to two days in
   * hours, as token lifetimes are stated.
   */
  static String human(Duration d) {
    long s = d.getSeconds();
    if (s != 0 && s % 86400 == 0 && Math.abs(s) > 2 * 86400) {
      return s / 86400 + "d";
    }
    if (s != 0 && s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s != 0 && s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s" + (Math.abs(s) >= 3600 ? " (" + String.format(Locale.ROOT, "%.1fh", s / 3600.0)
        + ")" : "");
  }
}

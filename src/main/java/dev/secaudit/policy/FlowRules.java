package dev.secaudit.policy;

import com.fasterxml.jackson.core.JsonPointer;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Validation of the flows section, beside Flow rather than in it (together they would pass 600
 * lines; every other section record validates itself): names unique, requests on the target's origin, every {{reference}} captured by an earlier step,
 * captures from exactly one place, and each expectation given what its kind needs.
 */
final class FlowRules {
  private static final String TOKEN = PolicyProblems.TOKEN;

  private final PolicyProblems problems;

  FlowRules(PolicyProblems problems) {
    this.problems = problems;
  }

  /**
   * @param targetBudget settings.timeouts.target: a flow's waits must end inside it
   */
  void validate(List<Flow> flows, List<Target> targets, PolicyDuration targetBudget) {
    Set<String> targetNames = Target.names(targets);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < flows.size(); i++) {
      Flow f = flows.get(i);
      String at = "/flows/" + i;
      if (f == null) {
        problems.add(at, "an empty flow; give {name, target, steps}");
        continue;
      }
      name(at, f.name(), names, "flow", "login");
      if (f.target() == null) {
        problems.add(at, "missing 'target' (the name of the target the requests go to)");
      } else if (!targetNames.contains(f.target())) {
        problems.add(at + "/target", "no target is named '" + f.target() + "'"
            + Suggestions.didYouMean(f.target(), targetNames));
      }
      if (f.steps().isEmpty() && f.expect().isEmpty()) {
        problems.add(at, "nothing to do: add 'steps' (requests sent in order) or 'expect'"
            + " (requests and what the server must do with them)");
      }
      Set<String> captured = new LinkedHashSet<>();
      Set<String> stepNames = new HashSet<>();
      for (int j = 0; j < f.steps().size(); j++) {
        Flow.FlowStep s = f.steps().get(j);
        String sat = at + "/steps/" + j;
        if (s == null) {
          problems.add(sat, "an empty step; give {name, request}");
          continue;
        }
        name(sat, s.name(), stepNames, "step", "sign-in");
        request(sat, s.request(), captured);
        for (int k = 0; k < s.expectStatus().size(); k++) {
          status(sat + "/expect_status/" + k, s.expectStatus().get(k));
        }
        for (int k = 0; k < s.capture().size(); k++) {
          capture(sat + "/capture/" + k, s.capture().get(k), captured);
        }
      }
      if (f.sessionCookie() != null) {
        session(at + "/session_cookie", f.sessionCookie(), f.steps().isEmpty());
      }
      if (f.jwt() != null) {
        jwt(at + "/jwt", f.jwt(), captured);
        if (f.steps().isEmpty()) {
          problems.add(at + "/jwt", "the token is taken from the steps' answers; add 'steps'");
        }
      }
      Set<String> expectNames = new HashSet<>(stepNames);
      for (int j = 0; j < f.expect().size(); j++) {
        expectation(at + "/expect/" + j, f.expect().get(j), expectNames, captured);
      }
      if (targetBudget != null && f.waits().compareTo(Duration.ZERO) > 0
          && f.waits().compareTo(targetBudget.value()) >= 0) {
        problems.add(at, "the flow waits " + PolicyDuration.written(f.waits()) + " in all, which"
            + " settings.timeouts.target (" + targetBudget.text() + ") does not cover: raise it"
            + " above the waits plus the requests (such as "
            + PolicyDuration.written(f.waits().plusMinutes(5)) + ")");
      }
      if (f.requestCap() > Flow.MAX_REQUESTS) {
        problems.add(at, "the flow may send " + f.requestCap() + " requests, over the cap of "
            + Flow.MAX_REQUESTS + " one flow may send; split it into several flows");
      }
    }
  }

  private void name(String at, String name, Set<String> seen, String what, String example) {
    if (problems.shortId(at + "/name", at, name,
        "missing 'name' (a short id such as '" + example + "')", "name") && !seen.add(name)) {
      problems.add(at + "/name", "duplicate " + what + " name '" + name + "'");
    }
  }

  private void request(String at, Flow.FlowRequest q, Set<String> captured) {
    if (q == null || q.path() == null) {
      problems.add(q == null ? at : at + "/request", "missing 'request: {method, path}' (such"
          + " as {method: POST, path: /auth/login})");
      return;
    }
    String rat = at + "/request";
    problems.request(rat, q.method(), q.path());
    boolean hasBody = q.body() != null || !q.form().isEmpty();
    if (q.body() != null && !q.form().isEmpty()) {
      problems.add(rat + "/form", "give either 'body' or 'form', not both");
    } else if (hasBody && (q.method().equals("GET") || q.method().equals("HEAD"))) {
      problems.add(rat + (q.body() != null ? "/body" : "/form"), "a " + q.method()
          + " request has no body; use POST or drop it");
    }
    references(rat + "/path", q.path(), captured);
    for (Map.Entry<String, String> h : q.headers().entrySet()) {
      String hat = rat + "/headers/" + SourceTree.escape(h.getKey());
      if (!h.getKey().matches(TOKEN)) {
        problems.add(hat, "'" + h.getKey() + "' is not a valid header name");
      }
      references(hat, h.getValue(), captured);
    }
    if (q.body() != null) {
      references(rat + "/body", q.body(), captured);
    }
    for (Map.Entry<String, String> e : q.form().entrySet()) {
      references(rat + "/form/" + SourceTree.escape(e.getKey()), e.getValue(), captured);
    }
  }

  private void references(String at, String text, Set<String> captured) {
    if (text == null) {
      return;
    }
    Matcher m = Flow.REFERENCE.matcher(text);
    while (m.find()) {
      if (!captured.contains(m.group(1))) {
        problems.add(at, "'{{" + m.group(1) + "}}' is not captured by an earlier step"
            + (captured.isEmpty() ? " (no step captures anything yet)"
                : Suggestions.didYouMean(m.group(1), captured) + "; captured so far: "
                    + String.join(", ", captured)));
      }
    }
  }

  private void capture(String at, Flow.FlowCapture c, Set<String> captured) {
    if (c == null) {
      problems.add(at, "an empty capture; give {name, json: /pointer} (or header:, cookie:)");
      return;
    }
    if (problems.shortId(at + "/name", at, c.name(), "missing 'name' (used later as {{name}})",
        "name") && !captured.add(c.name())) {
      problems.add(at + "/name", "duplicate capture name '" + c.name() + "' in this flow");
    }
    int given = (c.header() != null ? 1 : 0) + (c.cookie() != null ? 1 : 0)
        + (c.json() != null ? 1 : 0) + (c.html() != null ? 1 : 0);
    if (given != 1) {
      problems.add(at, "give exactly one of 'header', 'cookie', 'json' or 'html' (where the"
          + " value comes from), got " + given);
    }
    if (c.attribute() != null && c.html() == null) {
      problems.add(at + "/attribute", "'attribute' belongs to an html capture (html: a CSS"
          + " selector such as input[name=_csrf])");
    }
    if (c.html() != null) {
      try {
        org.jsoup.select.QueryParser.parse(c.html());
      } catch (org.jsoup.select.Selector.SelectorParseException | IllegalArgumentException e) {
        problems.add(at + "/html", "'" + c.html() + "' is not a CSS selector jsoup reads ("
            + e.getMessage() + "); such as input[name=authenticity_token] or"
            + " meta[name=csrf-token]");
      }
    }
    if (c.header() != null && !c.header().matches(TOKEN)) {
      problems.add(at + "/header", "'" + c.header() + "' is not a valid header name");
    }
    if (c.json() != null && !LoadedPolicy.isPlaceholder(c.json())) {
      pointer(at + "/json", c.json());
    }
  }

  private void pointer(String at, String pointer) {
    try {
      JsonPointer.compile(pointer);
    } catch (IllegalArgumentException e) {
      problems.add(at, "'" + pointer + "' is not an RFC 6901 JSON Pointer (it starts with '/',"
          + " such as /access_token or /data/0/id)");
    }
  }

  private void session(String at, Flow.FlowSessionCookie s, boolean noSteps) {
    if (s.name() == null || s.name().isBlank()) {
      problems.add(at, "missing 'name' (a cookie name glob such as session*)");
    }
    if (s.maxAge() == null) {
      problems.add(at, "missing 'max_age' (the longest lifetime allowed, such as 30d)");
    }
    if (!Flow.FlowSessionCookie.VERDICTS.contains(s.withoutExpiry())) {
      problems.add(at + "/without_expiry", "expected pass, warn or fail, got '"
          + s.withoutExpiry() + "'");
    }
    if (noSteps) {
      problems.add(at, "the session cookie is read from the steps' answers; add 'steps'");
    }
  }

  private void jwt(String at, Flow.FlowJwt j, Set<String> captured) {
    tokenFrom(at, j.capture(), j.cookie(), captured);
    if (j.maxTtl() != null) {
      problems.positive(at + "/max_ttl", j.maxTtl());
    }
  }

  /** A long probe's wait: within the cap, and longer than the lifetime it is to outlast. */
  private void waitLongEnough(String at, PolicyDuration wait, PolicyDuration lifetime) {
    if (wait.value().compareTo(Flow.MAX_WAIT) > 0) {
      problems.add(at, "at most " + PolicyDuration.written(Flow.MAX_WAIT) + ", got "
          + wait.text());
    } else if (lifetime != null && wait.compareTo(lifetime) < 0) {
      problems.add(at, "a wait of " + wait.text() + " is shorter than the lifetime ("
          + lifetime.text() + "): a token still accepted after it would prove nothing; wait a"
          + " little longer than the lifetime (such as "
          + PolicyDuration.written(lifetime.value().plusMinutes(1)) + ")");
    }
  }

  /** Where a token is read (a JWT, an expiring token): one capture of the steps, or a cookie. */
  private void tokenFrom(String at, String capture, String cookie, Set<String> captured) {
    if ((capture == null) == (cookie == null)) {
      problems.add(at, "give exactly one of 'capture' (a capture's name) or 'cookie' (a"
          + " cookie's name)");
    } else if (capture != null && !captured.contains(capture)) {
      problems.add(at + "/capture", "no step captures '" + capture + "'"
          + Suggestions.didYouMean(capture, captured));
    }
  }

  private void expectation(String at, Flow.FlowExpectation e, Set<String> names,
      Set<String> captured) {
    if (e == null) {
      problems.add(at, "an empty expectation; give {name, kind, request}");
      return;
    }
    name(at, e.name(), names, "step or expectation", "short-password");
    if (e.kind() == null) {
      problems.add(at, "missing 'kind' (" + String.join(", ", Flow.FlowExpectation.KINDS)
          + ")");
    } else if (!Flow.FlowExpectation.KINDS.contains(e.kind())) {
      problems.add(at + "/kind", "unknown kind '" + e.kind() + "'"
          + Suggestions.didYouMean(e.kind(), Flow.FlowExpectation.KINDS) + "; known: "
          + String.join(", ", Flow.FlowExpectation.KINDS));
    }
    boolean password = "password_length".equals(e.kind());
    Set<String> usable = captured;
    if (password) {
      usable = new LinkedHashSet<>(captured);
      usable.add(Flow.PASSWORD);
    }
    request(at, e.request(), usable);
    for (int k = 0; k < e.status().size(); k++) {
      status(at + "/status/" + k, e.status().get(k));
    }
    expires(at, e, captured);
    passwordLength(at, e, usable);
    boolean csrf = e.leavesOutToken();
    if (e.effect() != null) {
      if (!"idempotent".equals(e.kind())) {
        problems.add(at + "/effect", "'effect' belongs to kind: idempotent");
      }
      request(at + "/effect", e.effect().request(), captured);
      if (e.effect().json() == null) {
        problems.add(at + "/effect", "missing 'json' (a JSON Pointer to what the request"
            + " counts, such as /items)");
      } else {
        pointer(at + "/effect/json", e.effect().json());
      }
    }
    if (!csrf && (!e.withoutHeaders().isEmpty() || !e.withoutFormFields().isEmpty()
        || e.control())) {
      problems.add(at, "'without_headers', 'without_form_fields' and 'control' belong to"
          + " kind: csrf or csrf_token");
    }
    if (csrf && e.withoutHeaders().isEmpty() && e.withoutFormFields().isEmpty()) {
      problems.add(at, "a " + e.kind() + " expectation names the token it leaves out:"
          + " 'without_headers: [X-CSRF-Token]' or 'without_form_fields: [_csrf]'");
    }
    if (csrf && e.request() != null) {
      for (int k = 0; k < e.withoutFormFields().size(); k++) {
        if (!e.request().form().containsKey(e.withoutFormFields().get(k))) {
          problems.add(at + "/without_form_fields/" + k, "the request has no form field '"
              + e.withoutFormFields().get(k) + "'" + Suggestions.didYouMean(
                  e.withoutFormFields().get(k), e.request().form().keySet()));
        }
      }
    }
  }

  private void expires(String at, Flow.FlowExpectation e, Set<String> captured) {
    boolean expires = "expires".equals(e.kind());
    if (!expires) {
      if (e.lifetime() != null || e.token() != null || e.waitFor() != null || !e.before()) {
        problems.add(at, "'lifetime', 'token', 'wait' and 'before' belong to kind: expires");
      }
      return;
    }
    problems.requiredDuration(at, "lifetime", e.lifetime(), "the stated lifetime, such as 15m");
    if (e.token() == null && e.waitFor() == null) {
      problems.add(at, "nothing shows the lifetime: give 'token' (a capture or cookie whose"
          + " expiry can be read) or 'wait' (the opt-in long probe, such as 16m), or both");
    }
    if (e.token() != null) {
      tokenFrom(at + "/token", e.token().capture(), e.token().cookie(), captured);
    }
    if (e.waitFor() != null) {
      if (problems.positive(at + "/wait", e.waitFor())) {
        waitLongEnough(at + "/wait", e.waitFor(), e.lifetime());
      }
    } else if (!e.before()) {
      problems.add(at + "/before", "'before' belongs to a long probe: give 'wait' too");
    }
  }

  private void passwordLength(String at, Flow.FlowExpectation e, Set<String> usable) {
    if (!"password_length".equals(e.kind())) {
      if (e.minLength() != null || e.restore() != null) {
        problems.add(at, "'min_length' and 'restore' belong to kind: password_length");
      }
      return;
    }
    if (e.minLength() == null) {
      problems.add(at, "missing 'min_length' (the stated minimum password length, such as"
          + " 10)");
    } else if (e.minLength() < 2 || e.minLength() > 256) {
      problems.add(at + "/min_length", "expected a length between 2 and 256, got "
          + e.minLength());
    }
    if (e.request() != null && !mentions(e.request(), Flow.PASSWORD)) {
      problems.add(at + "/request", "the request never sends the made-up password: put"
          + " {{password}} where the new password goes (such as form: {new_password:"
          + " \"{{password}}\"})");
    }
    if (e.restore() != null) {
      request(at + "/restore", e.restore(), usable);
    }
  }

  /** Whether {{name}} appears anywhere in the request. */
  private static boolean mentions(Flow.FlowRequest q, String name) {
    List<String> texts = new java.util.ArrayList<>();
    texts.add(q.path());
    texts.add(q.body());
    texts.addAll(q.headers().values());
    texts.addAll(q.form().values());
    for (String t : texts) {
      if (t == null) {
        continue;
      }
      Matcher m = Flow.REFERENCE.matcher(t);
      while (m.find()) {
        if (m.group(1).equals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  private void status(String at, Integer code) {
    if (code == null || code < 100 || code > 599) {
      problems.add(at, "expected an HTTP status between 100 and 599, got " + code);
    }
  }
}

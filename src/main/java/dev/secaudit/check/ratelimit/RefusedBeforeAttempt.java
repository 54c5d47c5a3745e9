package dev.secaudit.check.ratelimit;

import dev.secaudit.policy.RateLimit;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.ratelimit.UnprocessedAttempt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answers of a burst that refused the request before the endpoint's action was tried (a
 * Django login's 403 "CSRF verification failed"): not attempts. A limit that came after them
 * shows that those requests are limited, not the attempts the claim is about, unless the policy
 * says the limiter counts every request (requests_are_attempts).
 */
record RefusedBeforeAttempt(List<HttpExchange> answers) {
  /** The answers among {@code requests} (the refusal aside) refused before the attempt. */
  static RefusedBeforeAttempt of(List<HttpExchange> requests, boolean lastIsRefusal) {
    List<HttpExchange> out = new ArrayList<>();
    int end = lastIsRefusal ? requests.size() - 1 : requests.size();
    for (int i = 0; i < end; i++) {
      if (UnprocessedAttempt.beforeAction(requests.get(i)) != null) {
        out.add(requests.get(i));
      }
    }
    return new RefusedBeforeAttempt(out);
  }

  boolean any() {
    return !answers.isEmpty();
  }

  int count() {
    return answers.size();
  }

  /** "403×6: refused before the attempt was made (the answer names CSRF)". */
  String describe() {
    Map<Integer, Integer> byStatus = new TreeMap<>();
    answers.forEach(e -> byStatus.merge(e.status(), 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    byStatus.forEach((s, n) -> parts.add(s + "×" + n));
    String why = UnprocessedAttempt.beforeAction(answers.get(0));
    return String.join(", ", parts) + ": refused before the attempt was made ("
        + why.substring(why.indexOf(':') + 2) + ")";
  }

  /** What to do: carry the token, or say that the limiter counts every request. */
  static String remedy(RateLimit rule) {
    return rule.setupFlow() == null
        ? "carry the form's token and cookie with setup_flow, or set requests_are_attempts: true"
            + " if the limiter counts every request before the application (nginx limit_req, a"
            + " gateway)"
        : "the setup flow '" + rule.setupFlow() + "' ran, yet the application refused the"
            + " burst's requests: check that its captures fill the request and its cookies"
            + " are the ones the form set, or set requests_are_attempts: true if the limiter"
            + " counts every request";
  }
}

package dev.secaudit.check.ratelimit;

import dev.secaudit.policy.RateLimit;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.ratelimit.RateLimitObservation;
import dev.secaudit.probe.ratelimit.RateLimitObservation.Stop;
import java.util.List;

/**
 * Whether a rate-limit rule's live burst showed the limit enforced as claimed (what
 * ratelimit.enforced passes): refused with the expected status at or before request limit +
 * tolerance + 1, every answer before it an attempt and none of secaudit's earlier requests
 * possibly counted. A config check that finds no limiter where it looks (nginx) reads this to
 * say the limit is enforced elsewhere rather than missing (realapp26: a limiter in the
 * application behind nginx was called absent although the probe saw 429 at request 11).
 */
public final class LiveLimit {
  private LiveLimit() {}

  /** "429 at request 11 after 10 accepted" when the burst showed it; null otherwise. */
  public static String shown(RateLimit rule, RateLimitObservation obs) {
    if (obs == null || obs.skipped() != null || obs.stop() != Stop.LIMITED
        || RateLimitCheck.unprocessed(obs) != null) {
      return null;
    }
    List<HttpExchange> requests = obs.requests();
    int k = requests.size();
    HttpExchange refusal = requests.get(k - 1);
    int allowed = rule.limit() + rule.tolerance();
    boolean attempts = !RefusedBeforeAttempt.of(requests, true).any() || rule.requestsAreAttempts();
    boolean answered = requests.subList(0, k - 1).stream().noneMatch(HttpExchange::failed);
    if (k < 2 || k - 1 + obs.mayHaveCounted().size() > allowed || !attempts || !answered
        || refusal.status() != rule.expectStatus()) {
      return null;
    }
    return refusal.status() + " at request " + k + " after " + (k - 1) + " accepted";
  }
}

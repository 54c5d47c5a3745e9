package dev.secaudit.check.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Redactor;
import dev.secaudit.model.Status;
import dev.secaudit.policy.RateLimit;
import dev.secaudit.probe.ratelimit.RateLimitObservation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A limiter that counts per session, rotating the session cookie on every answer, against the
 * burst as a client that drops cookies (the default: an attacker's) and as one that keeps them
 * (keep_cookies). The verdict says which client it is for; the cookies' values are in no output.
 */
class BurstCookiesTest {
  private static final int LIMIT = 4;

  private static String rule(String extra) {
    return "{name: login, target: api, request: {method: POST, path: /login,"
        + " body: 'user=probe&password=wrong'}, limit: " + LIMIT + ", window: 30s" + extra + "}";
  }

  @Test
  void aClientDroppingTheSessionCookieIsNeverLimitedByAPerSessionCounter() throws Exception {
    try (CountingLimiter server = new CountingLimiter(LIMIT, true, (l, c) -> Map.of())) {
      ProbedRateLimit r = server.probe(rule(""));

      int cap = LIMIT + RateLimit.MARGIN;
      assertThat(r.obs().stop()).isEqualTo(RateLimitObservation.Stop.REQUEST_CAP);
      // No request carried a cookie: each was a new session to the server.
      assertThat(server.cookiesReceived()).hasSize(cap).allMatch(String::isEmpty);
      Finding enforced = r.finding("ratelimit.enforced");
      assertThat(enforced.status()).isEqualTo(Status.FAIL);
      assertThat(enforced.observed()).startsWith("no 429 in " + cap + " requests")
          .endsWith("; the answers set cookie sid (on " + cap + " of " + cap + " answers),"
              + " which the burst did not send back: this is the verdict for a client that"
              + " drops cookies, as an attacker can (keep_cookies: true probes one that keeps"
              + " them)");
      noSessionWritten(server, r);
    }
  }

  @Test
  void keepCookiesSendsEachRotatedSessionBackAndSaysSo() throws Exception {
    try (CountingLimiter server = new CountingLimiter(LIMIT, true, (l, c) -> Map.of())) {
      ProbedRateLimit r = server.probe(rule(", keep_cookies: true"));

      assertThat(r.obs().stop()).isEqualTo(RateLimitObservation.Stop.LIMITED);
      assertThat(r.obs().requests()).hasSize(LIMIT + 1);
      // Request n + 1 carried the session answer n set, and the first none.
      List<String> sent = server.cookiesReceived();
      List<String> issued = server.issued();
      assertThat(sent.get(0)).isEmpty();
      for (int n = 1; n < sent.size(); n++) {
        assertThat(sent.get(n)).isEqualTo("sid=" + issued.get(n - 1));
      }
      Finding enforced = r.finding("ratelimit.enforced");
      assertThat(enforced.status()).isEqualTo(Status.PASS);
      assertThat(enforced.observed()).startsWith("refused after " + LIMIT + " accepted")
          .endsWith("; the answers set cookie sid (on " + (LIMIT + 1) + " of " + (LIMIT + 1)
              + " answers), and each request sent back those set before it (keep_cookies):"
              + " this is the verdict for a client that keeps its cookies; one that drops"
              + " them, as an attacker can, was not probed");
      assertThat(r.announced()).singleElement().asString()
          .contains("each request sends back the cookies the answers before it set");
      noSessionWritten(server, r);
    }
  }

  @Test
  void aLimitPerClientHoldsAgainstTheDroppingClientAndSaysWhichClientItWas() throws Exception {
    try (CountingLimiter server = new CountingLimiter(LIMIT, false, (l, c) -> Map.of())) {
      ProbedRateLimit r = server.probe(rule(""));

      Finding enforced = r.finding("ratelimit.enforced");
      assertThat(enforced.status()).isEqualTo(Status.PASS);
      assertThat(enforced.observed()).startsWith("refused after " + LIMIT + " accepted")
          .contains("which the burst did not send back: this is the verdict for a client that"
              + " drops cookies");
      assertThat(server.cookiesReceived()).hasSize(LIMIT + 1).allMatch(String::isEmpty);
    }
  }

  /** No session value in the artifact or any finding as written. */
  private static void noSessionWritten(CountingLimiter server, ProbedRateLimit r) {
    Redactor written = r.written();
    String artifact = written.text(r.obs().artifact(4096).content());
    StringBuilder findings = new StringBuilder();
    for (Finding f : r.findings()) {
      findings.append(written.text(f.expected())).append(written.text(f.observed()));
    }
    assertThat(server.issued()).isNotEmpty().allSatisfy(v -> {
      assertThat(artifact).doesNotContain(v);
      assertThat(findings.toString()).doesNotContain(v);
    });
    if (r.obs().stop() == RateLimitObservation.Stop.LIMITED) {
      // The refusal is in the artifact in full: its Set-Cookie was written, and masked.
      assertThat(artifact).contains("sid=" + Redactor.MASK);
    }
  }
}

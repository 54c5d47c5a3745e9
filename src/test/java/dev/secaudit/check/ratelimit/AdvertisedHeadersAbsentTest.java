package dev.secaudit.check.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ratelimit.headers against a limiter on loopback that really counts, with and without the
 * headers that advertise its quota: a PASS only when a quota was seen and entails the claim;
 * none at all is INFO (nothing was compared), or FAIL when the policy requires the headers. The
 * burst's own verdict is the same in every case, so the difference is the headers' alone.
 */
class AdvertisedHeadersAbsentTest {
  private static final int LIMIT = 4;
  private static final String RULE = "{name: login, target: api, request: {method: POST,"
      + " path: /login, body: 'user=probe&password=wrong'}, limit: " + LIMIT + ", window: 1m%s}";

  private static ProbedRateLimit probe(CountingLimiter.Advertised advertised, String extra)
      throws Exception {
    try (CountingLimiter server = new CountingLimiter(LIMIT, false, advertised)) {
      return server.probe(RULE.formatted(extra));
    }
  }

  @Test
  void noHeaderAtAllIsInfoNotAPass() throws Exception {
    ProbedRateLimit r = probe((limit, counted) -> Map.of(), "");

    assertThat(r.finding("ratelimit.enforced").status()).isEqualTo(Status.PASS);
    Finding headers = r.finding("ratelimit.headers");
    assertThat(headers.status()).as(headers.observed()).isEqualTo(Status.INFO);
    assertThat(headers.observed()).isEqualTo("advertises no RateLimit, RateLimit-Policy or"
        + " X-RateLimit-* headers on " + (LIMIT + 1) + " answers, so nothing was compared with"
        + " the " + LIMIT + " per 60s the policy states");
    assertThat(headers.expected()).startsWith("advertised limits (optional)");
  }

  @Test
  void noHeaderWhenThePolicyRequiresThemFails() throws Exception {
    ProbedRateLimit r = probe((limit, counted) -> Map.of(), ", require_headers: true");

    assertThat(r.finding("ratelimit.enforced").status()).isEqualTo(Status.PASS);
    Finding headers = r.finding("ratelimit.headers");
    assertThat(headers.status()).as(headers.observed()).isEqualTo(Status.FAIL);
    assertThat(headers.observed()).startsWith("advertises no RateLimit").endsWith("the policy"
        + " requires them (require_headers)");
    assertThat(headers.expected()).startsWith("advertised limits (required)");
    assertThat(headers.policyPointer()).isEqualTo("/rate_limits/0/require_headers");
  }

  @Test
  void aQuotaSeenThatEntailsTheClaimPassesRequiredOrNot() throws Exception {
    CountingLimiter.Advertised policy = (limit, counted) -> Map.of("RateLimit-Policy",
        "\"login\";q=" + limit + ";w=60");
    for (String extra : new String[] {"", ", require_headers: true"}) {
      Finding headers = probe(policy, extra).finding("ratelimit.headers");

      assertThat(headers.status()).as(extra + ": " + headers.observed()).isEqualTo(Status.PASS);
      assertThat(headers.observed()).contains("RateLimit-Policy \"login\" " + LIMIT
          + " per 60s");
    }
  }

  @Test
  void garbledHeadersAloneAreNoAdvertisedQuota() throws Exception {
    CountingLimiter.Advertised garbled = (limit, counted) -> Map.of("RateLimit-Policy",
        "not a policy;;;");

    Finding optional = probe(garbled, "").finding("ratelimit.headers");
    Finding required = probe(garbled, ", require_headers: true").finding("ratelimit.headers");

    // Unreadable is not advertised: no quota was seen to compare or to meet the requirement.
    assertThat(optional.status()).as(optional.observed()).isEqualTo(Status.INFO);
    assertThat(required.status()).as(required.observed()).isEqualTo(Status.FAIL);
    for (Finding f : new Finding[] {optional, required}) {
      assertThat(f.observed()).startsWith("advertises no RateLimit").contains("RateLimit-Policy"
          + " 'not a policy;;;' is not a structured-field list").contains("(on " + (LIMIT + 1)
          + " of " + (LIMIT + 1) + " answers)");
    }
  }
}

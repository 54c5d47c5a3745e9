package dev.secaudit.probe.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Artifact;
import dev.secaudit.probe.http.Header;
import dev.secaudit.probe.http.HttpExchange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {
  private static final Instant SENT = Instant.parse("2026-11-22T12:00:00Z");

  private static RateLimitHeaders parse(String... headers) {
    List<Header> hs = new ArrayList<>();
    for (int i = 0; i < headers.length; i += 2) {
      hs.add(new Header(headers[i], headers[i + 1]));
    }
    return RateLimitHeaders.of(new HttpExchange("t/1", "GET", "https://a.test/", List.of(), 429,
        "HTTP/1.1", hs, "", 0, false, Artifact.sha256(new byte[0]), SENT, 2, null, null,
        List.of()));
  }

  @Test
  void retryAfterDeltaSeconds() {
    RateLimitHeaders h = parse("Retry-After", "120");
    assertThat(h.retryAfterSeconds()).isEqualTo(120);
    assertThat(h.retryAfterForm()).isEqualTo("delta-seconds");
    assertThat(h.problems()).isEmpty();
    assertThat(h.advertisesLimits()).isFalse();
  }

  @Test
  void retryAfterHttpDateIsMeasuredFromTheServersDate() {
    // The server's clock is 10 minutes ahead of ours; the wait is what the server means.
    RateLimitHeaders h = parse("Date", "Sun, 22 Nov 2026 12:10:00 GMT",
        "Retry-After", "Sun, 22 Nov 2026 12:10:45 GMT");
    assertThat(h.retryAfterSeconds()).isEqualTo(45);
    assertThat(h.retryAfterForm()).isEqualTo("HTTP-date");
  }

  @Test
  void retryAfterHttpDateWithoutDateHeaderIsMeasuredFromTheRequest() {
    assertThat(parse("Retry-After", "Sun, 22 Nov 2026 12:00:30 GMT").retryAfterSeconds())
        .isEqualTo(30);
    // A date in the past means "now".
    assertThat(parse("Retry-After", "Sun, 22 Nov 2026 11:00:00 GMT").retryAfterSeconds())
        .isZero();
  }

  @Test
  void obsoleteHttpDateFormsAreAccepted() {
    assertThat(RateLimitHeaders.httpDate("Sunday, 22-Nov-26 12:00:05 GMT"))
        .isEqualTo(Instant.parse("2026-11-22T12:00:05Z"));
    assertThat(RateLimitHeaders.httpDate("Sun Nov 22 12:00:07 2026"))
        .isEqualTo(Instant.parse("2026-11-22T12:00:07Z"));
    assertThat(RateLimitHeaders.httpDate("tomorrow")).isNull();
  }

  @Test
  void unparsableRetryAfterIsAProblemNotAnException() {
    RateLimitHeaders h = parse("Retry-After", "soon");
    assertThat(h.retryAfter()).isEqualTo("soon");
    assertThat(h.retryAfterSeconds()).isNull();
    assertThat(h.problems()).singleElement().asString().contains("neither delta-seconds");
  }

  @Test
  void draft10StructuredFields() {
    RateLimitHeaders h = parse(
        "RateLimit-Policy", "\"burst\";q=100;w=60, \"daily\";q=1000;w=86400;qu=\"requests\"",
        "RateLimit", "\"burst\";r=12;t=30;pk=:cHJvYmU=:");
    assertThat(h.policies()).containsExactly(
        new RateLimitHeaders.QuotaPolicy("burst", 100L, 60L, null),
        new RateLimitHeaders.QuotaPolicy("daily", 1000L, 86400L, "requests"));
    assertThat(h.states()).containsExactly(new RateLimitHeaders.QuotaState("burst", 12L, 30L));
    assertThat(h.resetSeconds()).isEqualTo(30);
    assertThat(h.advertisesLimits()).isTrue();
    assertThat(h.describe()).contains("\"burst\" 100 per 60s").contains("\"burst\" 12 left");
  }

  @Test
  void repeatedFieldLinesJoinIntoOneList() {
    RateLimitHeaders h = parse("RateLimit-Policy", "\"a\";q=5;w=1",
        "RateLimit-Policy", "\"b\";q=50;w=60");
    assertThat(h.policies()).extracting(RateLimitHeaders.QuotaPolicy::name)
        .containsExactly("a", "b");
  }

  @Test
  void malformedStructuredFieldIsAProblem() {
    RateLimitHeaders h = parse("RateLimit-Policy", "\"burst\";q=100;w=60 junk");
    assertThat(h.policies()).isEmpty();
    assertThat(h.problems()).singleElement().asString().contains("RateLimit-Policy")
        .contains("expected ','");
  }

  @Test
  void legacyHeadersBothPrefixes() {
    RateLimitHeaders x = parse("X-RateLimit-Limit", "60", "X-RateLimit-Remaining", "0",
        "X-RateLimit-Reset", "17");
    assertThat(x.legacyPrefix()).isEqualTo("X-RateLimit-");
    assertThat(x.legacyLimit()).isEqualTo(60);
    assertThat(x.legacyRemaining()).isZero();
    assertThat(x.resetSeconds()).isEqualTo(17);

    // Older drafts allowed "limit, limit;w=window"; a Unix-time Reset is not a wait.
    RateLimitHeaders r = parse("RateLimit-Limit", "10, 10;w=60", "RateLimit-Reset", "1795000000");
    assertThat(r.legacyPrefix()).isEqualTo("RateLimit-");
    assertThat(r.legacyLimit()).isEqualTo(10);
    assertThat(r.resetSeconds()).isNull();
  }

  /** express-rate-limit 8 with standardHeaders 'draft-6', as it answers on the wire. */
  @Test
  void draft06IntegerPolicyIsTheQuotaWithItsWindow() {
    RateLimitHeaders h = parse("RateLimit-Policy", "10;w=1", "RateLimit-Limit", "10",
        "RateLimit-Remaining", "9", "RateLimit-Reset", "1");
    assertThat(h.policies()).containsExactly(new RateLimitHeaders.QuotaPolicy(null, 10L, 1L, null));
    assertThat(h.problems()).isEmpty();
    assertThat(h.describe()).startsWith("RateLimit-Policy 10 per 1s;").doesNotContain("?")
        .doesNotContain("\"10\"");
    // Several policies, the 06 way: "10;w=1, 50;w=60".
    assertThat(parse("RateLimit-Policy", "10;w=1, 50;w=60").policies())
        .extracting(RateLimitHeaders.QuotaPolicy::quota).containsExactly(10L, 50L);
  }

  /** express-rate-limit 8 with standardHeaders 'draft-7': RateLimit is a Dictionary. */
  @Test
  void draft07DictionaryIsRead() {
    RateLimitHeaders h = parse("RateLimit-Policy", "10;w=60",
        "RateLimit", "limit=10, remaining=9, reset=60");
    assertThat(h.problems()).isEmpty();
    assertThat(h.states()).containsExactly(new RateLimitHeaders.QuotaState(null, 9L, 60L, 10L));
    assertThat(h.resetSeconds()).isEqualTo(60);
    assertThat(h.describe()).contains("RateLimit limit 10, 9 left, resets in 60s");
  }

  /** express-rate-limit 8 with standardHeaders 'draft-8', pk byte sequence and all. */
  @Test
  void draft08NamedPolicyAndState() {
    RateLimitHeaders h = parse("RateLimit", "\"login\"; r=9; t=60",
        "RateLimit-Policy", "\"login\"; q=10; w=60; pk=:MTJjYTE3YjQ5YWYy:");
    assertThat(h.problems()).isEmpty();
    assertThat(h.policies()).containsExactly(
        new RateLimitHeaders.QuotaPolicy("login", 10L, 60L, null));
    assertThat(h.states()).containsExactly(new RateLimitHeaders.QuotaState("login", 9L, 60L));
  }

  @Test
  void rateLimitThatIsNeitherListNorDictionaryIsOneProblem() {
    RateLimitHeaders h = parse("RateLimit", "limit=10 remaining=9");
    assertThat(h.states()).isEmpty();
    assertThat(h.problems()).singleElement().asString().startsWith("RateLimit '")
        .contains("draft 07").contains("draft 08");
    // A dictionary of other keys is not a draft-07 RateLimit either.
    assertThat(parse("RateLimit", "foo=1").problems()).singleElement().asString()
        .contains("none of limit, remaining or reset");
  }
}

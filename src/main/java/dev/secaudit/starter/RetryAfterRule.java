package dev.secaudit.starter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * "Further attempts are answered with HTTP 429 and a Retry-After header": said of the limits the
 * page wrote before it (the same sentence's "10 attempts per minute", or the page's list), whose
 * bursts ratelimit.retry_after reads (realapp26: the sentence was left to attest, its limit with
 * it). No limit written before: nothing to send the burst to, so it is attested.
 */
final class RetryAfterRule {
  private RetryAfterRule() {}

  static PagePolicy.Contribution of(List<Map<String, Object>> rateLimits) {
    if (rateLimits.isEmpty()) {
      return null;
    }
    List<String> at = new ArrayList<>();
    for (int i = 0; i < rateLimits.size(); i++) {
      at.add("/rate_limits/" + i);
    }
    return new PagePolicy.Contribution("rate_limits: Retry-After on the refusal",
        List.of("ratelimit.retry_after"), null, at);
  }
}

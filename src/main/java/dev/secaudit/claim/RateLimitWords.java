package dev.secaudit.claim;

import dev.secaudit.claim.Words.Word;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How security pages state their rate limits, beyond "rate limited to": a label and a rate in a
 * list ("Read operations: 60 requests per minute"), the words that say which requests
 * ("read", "write", "the AI endpoint", "worker requests"), what the limit answers with ("Exceeding
 * limits returns a 429") and what enforces it ("via nginx"). Read only beside a rate limit.
 */
final class RateLimitWords {
  private RateLimitWords() {}

  /** Endpoints a page names by what they do. */
  private static final Set<String> NAMED_ENDPOINTS = Set.of("registration", "registrations",
      "signup", "signups", "upload", "uploads", "search", "export", "exports");

  private static final Set<String> COUNTED = Set.of("request", "requests", "call", "calls");

  /**
   * "Read operations: 60 requests per minute": a rate of requests after a label is a page's list
   * of its limits (before: no topic read, even with `topic: rate_limit`, so the amount was lost).
   * A rate said otherwise ("we serve 10,000 requests per second") is a load, not a limit.
   */
  static void labelledRate(String text, List<Word> words, List<TopicHit> hits,
      List<Amount> amounts, Topic rateLimit) {
    if (hits.stream().anyMatch(h -> h.topic().unit() == Quantity.Unit.PER_SECOND)) {
      return;
    }
    for (Amount a : amounts) {
      int p = a.position();
      if (a.unit() != Quantity.Unit.PER_SECOND || p == 0 || p + 1 >= words.size()
          || !COUNTED.contains(words.get(p + 1).text())) {
        continue;
      }
      String between = text.substring(words.get(p - 1).end(), words.get(p).start());
      if (between.contains(":")) {
        hits.add(new TopicHit(rateLimit, p, p + 1, false));
        return;
      }
    }
  }

  /**
   * Words that name which requests a limit is on, as kinds of endpoint: "Read operations",
   * "Worker requests", "the AI endpoint". A rule's name and path say which endpoint it probed
   * (RateLimitClaims), so the claim is shown only by a rule whose name or path says the same.
   */
  static void whichRequests(List<Word> words, WordRole[] role, List<TopicHit> hits,
      Map<Integer, String> scopeAt) {
    if (hits.stream().noneMatch(h -> h.topic().id().equals("rate_limit"))) {
      return;
    }
    for (int i = 1; i < words.size(); i++) {
      String w = words.get(i).text();
      if (role[i] == null && NAMED_ENDPOINTS.contains(w)) {
        // "30/hour on auth registration": the endpoint named by what it does.
        scopeAt.put(i, "endpoint");
        role[i] = WordRole.SCOPE;
      }
      boolean endpoint = "endpoint".equals(scopeAt.get(i));
      boolean requests = !scopeAt.containsKey(i) && (role[i] == null || role[i] == WordRole.NEUTRAL)
          && Set.of("operations", "operation", "requests", "request", "calls").contains(w);
      if (!endpoint && !requests) {
        continue;
      }
      Word before = words.get(i - 1);
      if (role[i - 1] != null || !before.text().matches("[a-z][a-z0-9]*")
          || !ScopeReader.namesKind(words, i - 1)) {
        continue;
      }
      if (requests) {
        scopeAt.put(i, "endpoint");
        role[i] = WordRole.SCOPE;
      }
      // Read as the kind of endpoint it names (ScopeReader keeps it as "endpoint:read").
      role[i - 1] = WordRole.NEUTRAL;
    }
  }

  /** "Exceeding limits returns a 429": what the limit answers with, which ratelimit.enforced tests. */
  private static final Set<String> ANSWER_WORDS = Set.of("exceeding", "exceed", "exceeds",
      "exceeded", "return", "returns", "returned", "returning", "respond", "responds",
      "response", "status", "code", "many", "answer", "answers", "answered",
      // "further attempts are answered with HTTP 429": the requests past the limit.
      "further", "subsequent", "additional", "attempt", "attempts", "http");

  /**
   * "Exceeding limits returns a 429 Too Many Requests response", "Rate limiting on the API via
   * nginx": how the limit answers and what enforces it. The status is what the burst's check
   * expects; the enforcer is where config.nginx.rate_limit reads it.
   */
  static void answerAndEnforcer(List<Word> words, WordRole[] role, List<TopicHit> hits) {
    if (hits.stream().noneMatch(h -> h.topic().id().equals("rate_limit"))) {
      return;
    }
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i).text();
      if (role[i] == null && (ANSWER_WORDS.contains(w) || w.equals("nginx"))) {
        role[i] = WordRole.NEUTRAL;
      }
    }
  }

  /** What a limit may be kept per, besides the client's address (AsideWords.limitPerAddress). */
  private static final Set<String> CLIENT_KEYS = Set.of("user", "users", "account",
      "accounts", "session", "sessions", "token", "tokens", "key", "keys", "tenant", "tenants",
      "workspace", "workspaces", "customer", "customers");

  /**
   * "60 requests per minute per API key", "rate-limited per user": a limit kept per client,
   * which one probe, sending as one client, does not tell apart from a limit over all of them
   * (as per IP address). Named as not read, with why, and no longer a scope of its own (before:
   * "per API key" was read whole and verified by a burst that sent no key).
   */
  static void perClient(List<Word> words, WordRole[] role, List<TopicHit> hits,
      Map<Integer, String> scopeAt, List<String> unread) {
    if (hits.stream().noneMatch(h -> h.topic().id().equals("rate_limit"))) {
      return;
    }
    for (int i = 0; i + 1 < words.size(); i++) {
      if (!words.get(i).text().equals("per")) {
        continue;
      }
      int k = i + 1;
      while (k < words.size() - 1 && Set.of("api", "authenticated", "signed", "logged", "in",
          "access").contains(words.get(k).text())) {
        k++;
      }
      if (!CLIENT_KEYS.contains(words.get(k).text())) {
        continue;
      }
      StringBuilder said = new StringBuilder();
      for (int j = i; j <= k; j++) {
        role[j] = WordRole.NEUTRAL;
        scopeAt.remove(j);
        said.append(j == i ? "" : " ").append(words.get(j).text());
      }
      unread.add("'" + said + "' (a limit kept per client: the probe sends as one client, so"
          + " it was not told apart from one limit over all clients)");
      return;
    }
  }
}

package dev.secaudit.claim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rate-limit sentences of the seed pages (seeds21 §3), over the corpus's rate23 fixtures:
 * a page's list of limits ("Read operations: 60 requests per minute") is read with its number
 * and verified by the rule it names; a reason never names the same things on both sides.
 */
class RateLimitSentencesTest {
  private static Map<String, Finding> verdicts(String fixture) throws Exception {
    return Claims19VerifiedTest.verified(fixture);
  }

  @Test
  void aListedLimitIsReadWithItsNumberAndVerifiedByItsRule() throws Exception {
    Map<String, Finding> v = verdicts("rate23seeds");
    // Before: WARN "no topic of the claim vocabulary was recognised", with topic: or without.
    for (String id : new String[] {"read", "readtopic", "write", "auth", "exceed"}) {
      assertThat(v.get(id).status()).as(id + ": " + v.get(id).observed())
          .isEqualTo(dev.secaudit.model.Status.PASS);
    }
  }

  @Test
  void whatInitWritesForSeedOneVerifiesOnceItsPathsAreFilledIn() throws Exception {
    // Before: its rules were written, its sentences left to attest ("read only in part").
    Map<String, Finding> v = verdicts("rate23init");
    for (String id : new String[] {"rate_limit_2", "rate_limit_3", "rate_limit_4",
        "rate_limit_6"}) {
      assertThat(v.get(id).status()).as(id + ": " + v.get(id).observed())
          .isEqualTo(dev.secaudit.model.Status.PASS);
    }
  }

  @Test
  void aListedLimitIsRefutedByItsBrokenWindow() throws Exception {
    Finding read = verdicts("rate23readbroken").get("read");
    assertThat(read.status()).as(read.observed()).isEqualTo(dev.secaudit.model.Status.FAIL);
  }

  @Test
  void aPerUserLimitOnTheAiEndpointSaysWhyItIsNotVerifiedOnce() throws Exception {
    Finding worker = verdicts("rate23seeds").get("worker");
    assertThat(worker.status()).isEqualTo(dev.secaudit.model.Status.WARN);
    // Before: "its checks judged some endpoint, some endpoint (login) only; ... not some
    // endpoint, user", from another rule's login scope.
    assertThat(worker.observed()).contains("its rule 'rate limit ai: 200 per hour' is unknown")
        .doesNotContain("(login)").doesNotContain("some endpoint, some endpoint");
  }

  @Test
  void aLimitAndItsRetryAfterInOneSentenceAreBothRead() {
    SentenceReader r = new SentenceReader(Vocabulary.builtIn());
    // realapp26: before, "Retry-After on rate-limited responses" only, the limit and its 10 per
    // minute dropped ("not read: 'further', 'attempts', 'answered', '10'").
    Reading read = r.read("Login is limited to 10 attempts per minute; further attempts are"
        + " answered with HTTP 429 and a Retry-After header.");
    assertThat(read.partial()).as(read.whyPartial()).isFalse();
    assertThat(read.describe()).startsWith("rate limiting: at most 10 per minute")
        .contains("AND Retry-After on rate-limited responses");
    // A question of Retry-After alone still asks of Retry-After alone.
    assertThat(r.read("Do rate-limited responses include a Retry-After header?").describe())
        .isEqualTo("Retry-After on rate-limited responses");
  }

  @Test
  void theWordsOfAPagesLimitsAreRead() {
    SentenceReader r = new SentenceReader(Vocabulary.builtIn());
    for (String s : new String[] {"Read operations: 60 requests per minute",
        "Worker requests are rate-limited: 200/hour on the AI endpoint.",
        "Worker requests are rate-limited: 30/hour on auth registration.",
        "Exceeding limits returns a 429 Too Many Requests response.",
        "Rate limiting on the API via nginx."}) {
      Reading read = r.read(s);
      assertThat(read.partial()).as(s + ": " + read.whyPartial()).isFalse();
      assertThat(read.describe()).as(s).startsWith("rate limiting");
    }
    assertThat(r.read("Read operations: 60 requests per minute").describe())
        .contains("at most 60 per minute", "endpoint (read)");
    assertThat(r.read("Worker requests are rate-limited: 200/hour on the AI endpoint.")
        .describe()).contains("at most 200 per hour").containsPattern(
            "endpoint \\((ai, worker|worker, ai)\\)");
    // A limit kept per user or per API key: one probe is one client, which does not tell it
    // apart from one limit over all clients (as per IP address).
    for (String s : new String[] {
        "Worker requests are rate-limited per user: 200/hour on the AI endpoint.",
        "Read operations: 60 requests per minute per API key."}) {
      assertThat(r.read(s).whyPartial()).as(s).contains("a limit kept per client");
    }
    // A load is not a limit: no label before the rate.
    assertThat(r.read("We serve 10,000 requests per second.").parts()).isEmpty();
  }
}

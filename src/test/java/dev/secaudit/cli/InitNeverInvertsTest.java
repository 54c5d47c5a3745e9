package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 'secaudit init' never suggests a claim that says something other than the page (a blind review,
 * founder19 F4.4 and F9): a sentence that denies a risk ("never stores plaintext keys", "logs do
 * not contain card numbers") is never offered as a gap, a certification whose subject is a named
 * vendor is the vendor's, never the site's attestation, and the page's own gaps stay gaps. Each
 * page is served on loopback as its company would serve it, and each sentence is looked up in
 * what init wrote: as a claim, as a commented attestation candidate, or as context.
 */
class InitNeverInvertsTest {
  @TempDir Path dir;

  /** What init wrote for one sentence: a claim, a commented candidate, both or neither. */
  private record Written(List<JsonNode> claims, List<Map<String, String>> candidates) {}

  /**
   * Sentences of the seed pages that deny a risk or state a control with a negation: the page
   * says the control is in place, so no claim or candidate may read them as not in place, and a
   * candidate's topic, if any, is the one the sentence speaks of.
   */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      // seed | sentence as the page writes it | the topic it is about, or - when init may
      // write it with no topic (as context)
      "000_5cbb73946f7cea9d.txt | We never store passwords or secrets in plain text. | -",
      "000_5cbb73946f7cea9d.txt | We never store your full credit card number on our servers,"
          + " nor does this sensitive information pass through our systems. | -",
      "000_5cbb73946f7cea9d.txt | Your credit card and bank details are encrypted, stored, and"
          + " processed directly by Stripe using AES-256 encryption. | -",
      "000_5cbb73946f7cea9d.txt | We store no Personal Identifiable Information (PII) except"
          + " your email address. | -",
      "001_2ca0895c8e1ed8b9.txt | Keys are hashed (SHA-256) before storage - Celune cannot"
          + " retrieve your plaintext key after creation. | -",
      "001_2ca0895c8e1ed8b9.txt | Audit logs are append-only and cannot be modified or"
          + " deleted. | -",
      "001_2ca0895c8e1ed8b9.txt | Provider API Keys (BYOK) - Encrypted with AES-256-GCM before"
          + " storage. | encryption.at_rest",
      "002_e17f9345a6006457.txt | Submitted images are not stored at rest. | -",
      "002_e17f9345a6006457.txt | • No long-term log retention of personal content. | -",
      "002_e17f9345a6006457.txt | Operational logs do not contain personal content. | -",
      "002_e17f9345a6006457.txt | Plaintext passwords are never stored. | passwords.hashing",
      "003_21ff3f3d3ea54df7.txt | Logs do not contain: card numbers, plaintext passwords, or"
          + " full document content. | -",
      "003_21ff3f3d3ea54df7.txt | Passwords: stored as bcrypt hashes (standard work factor). |"
          + " passwords.hashing",
      "004_7bf3810a9101eb76.txt | We don't log request bodies, response bodies, or any field"
          + " that could contain transcript content. | -",
      "004_7bf3810a9101eb76.txt | We never store or log your password in plain text. | -",
      "004_7bf3810a9101eb76.txt | Raw transcripts are never persisted. | -"})
  void aSentenceThatDeniesARiskIsNeverOfferedAsAGap(String seed, String sentence, String topic)
      throws Exception {
    String text = init(InitSeedPagesTest.SEEDS.resolve(seed));
    Written w = written(text, sentence);
    assertThat(w.claims().isEmpty() && w.candidates().isEmpty() && !context(text)
        .contains(PageText.quoted(sentence))).as("init says what became of: " + sentence)
        .isFalse();
    for (JsonNode c : w.claims()) {
      assertThat(c.path("polarity").asText("in_place")).as(c.toString()).isEqualTo("in_place");
      if (!topic.equals("-")) {
        assertThat(c.path("topic").asText(topic)).as(c.toString()).isEqualTo(topic);
      }
    }
    for (Map<String, String> c : w.candidates()) {
      // The reason never reads it as the control missing, nor asks for it to be written so.
      assertThat(c.get("note")).as(c.toString()).doesNotContain("not in place")
          .doesNotContain("stated gap").doesNotContain("polarity: not_in_place");
      if (topic.equals("-")) {
        if (c.containsKey("topic")) {
          // A topic is only the one its words are about, never its opposite's.
          assertThat(c.get("note")).as(c.toString()).doesNotContain("read as context");
        }
      } else {
        assertThat(c.getOrDefault("topic", topic)).as(c.toString()).isEqualTo(topic);
      }
    }
  }

  /**
   * ChatsControl's page: Hetzner's data centers are certified, the company is not. The vendor's
   * certification is declared as Hetzner's; the company's stated gaps stay gaps on both topics.
   */
  @Test
  void aVendorsCertificationIsTheVendorsAndTheSitesGapStaysAGap() throws Exception {
    String text = init(InitSeedPagesTest.SEEDS.resolve("003_21ff3f3d3ea54df7.txt"));
    JsonNode p = new ObjectMapper(new YAMLFactory()).readTree(text);
    Written hetzner = written(text, "Hetzner data centers are ISO 27001 certified.");
    assertThat(hetzner.claims()).isEmpty();
    assertThat(hetzner.candidates()).as("never the company's attestation").isEmpty();
    assertThat(vendor(p, "Hetzner").path("certifications").toString()).contains("ISO 27001");
    assertThat(text).contains("\"Hetzner data centers are ISO 27001 certified.\": Hetzner's");

    List<String> gaps = new ArrayList<>();
    for (JsonNode c : p.path("claims")) {
      if (c.path("topic").asText().startsWith("certification")) {
        gaps.add(c.path("topic").asText() + " " + c.path("polarity").asText());
      }
    }
    assertThat(gaps).containsExactlyInAnyOrder("certification.soc2 not_in_place",
        "certification.iso27001 not_in_place");
    for (Map<String, String> c : candidates(text)) {
      assertThat(c.getOrDefault("topic", "")).as(c.toString()).doesNotStartWith("certification");
    }
    for (String gap : new String[] {"Automated backups: not configured yet.",
        "External penetration test: not yet performed."}) {
      assertThat(written(text, gap).claims()).as(gap).singleElement()
          .satisfies(c -> assertThat(c.path("polarity").asText()).isEqualTo("not_in_place"));
    }
    assertThat(Cli.run("validate", dir.resolve("policy.yaml").toString()).code()).isZero();
  }

  /**
   * The review's own phrasings (F4.4, F9), on one page: each is written with the page's polarity
   * and object, or as context; a certification whose subject is a named vendor is the vendor's,
   * while the company's own certification sentence stays its claim to attest.
   */
  @Test
  void theReviewsPhrasingsKeepTheirPolarityAndObject() throws Exception {
    Path page = dir.resolve("page.txt");
    Files.writeString(page, String.join("\n",
        "Security at Acme",
        "Data protection",
        "- We never store plaintext API keys — they are encrypted on write.",
        "- Passwords are hashed before storage.",
        "- Logs do not contain card numbers or plaintext passwords.",
        "Hosting",
        "- We are hosted on AWS, which is SOC 2 compliant.",
        "Compliance",
        "- Acme is ISO 27001 certified, audited every year.",
        ""));
    String text = init(page);
    JsonNode p = new ObjectMapper(new YAMLFactory()).readTree(text);

    // Read as context: listed so, or a candidate with no topic and the reason.
    String keysSaid = "We never store plaintext API keys — they are encrypted on write.";
    Written keys = written(text, keysSaid);
    assertThat(keys.claims()).isEmpty();
    if (keys.candidates().isEmpty()) {
      assertThat(context(text)).contains(PageText.quoted(keysSaid));
    }
    for (Map<String, String> c : keys.candidates()) {
      assertThat(c).doesNotContainKey("topic");
      assertThat(c.get("note")).startsWith("read as context").doesNotContain("not in place");
      assertThat(c.get("id")).doesNotContain("encryption");
    }

    Map<String, String> hashed = single(text, "Passwords are hashed before storage.");
    assertThat(hashed.get("topic")).isEqualTo("passwords.hashing");

    // "or plaintext passwords" is the object of "do not contain": no claim of password hashing.
    // Read whole (card numbers and passwords kept out of logs), it is a claim the scan checks
    // in the logs; read in part, a candidate about logs or context.
    String logsSaid = "Logs do not contain card numbers or plaintext passwords.";
    Written logsWritten = written(text, logsSaid);
    assertThat(logsWritten.claims().size() + logsWritten.candidates().size()).isEqualTo(1);
    for (JsonNode c : logsWritten.claims()) {
      assertThat(c.path("id").asText()).isEqualTo("logging.sensitive_data");
      assertThat(c.path("polarity").asText("in_place")).isNotEqualTo("not_in_place");
      assertThat(c.toString()).doesNotContain("hashing");
    }
    for (Map<String, String> logs : logsWritten.candidates()) {
      assertThat(logs.getOrDefault("topic", "")).isIn("", "logging.sensitive_data");
      assertThat(logs.get("note")).doesNotContain("not in place").doesNotContain("hashing");
    }

    // AWS's SOC 2 is AWS's: declared so, never the company's.
    assertThat(written(text, "We are hosted on AWS, which is SOC 2 compliant.").candidates())
        .isEmpty();
    assertThat(vendor(p, "Amazon Web Services").path("certifications").toString())
        .contains("SOC 2");
    // The company's own certification is its own claim to attest.
    assertThat(single(text, "Acme is ISO 27001 certified, audited every year.").get("topic"))
        .isEqualTo("certification.iso27001");
    for (JsonNode c : p.path("claims")) {
      assertThat(c.path("topic").asText()).as(c.toString()).isNotEqualTo("certification.soc2");
    }
    assertThat(Cli.run("validate", dir.resolve("policy.yaml").toString()).code()).isZero();
  }

  private String init(Path seed) throws Exception {
    Path ca = dir.resolve("ca.pem");
    try (SeedSite site = SeedSite.serve(seed, "Let's Encrypt", List.of(), ca)) {
      Path policy = dir.resolve("policy.yaml");
      Cli.Result r = Cli.run("init", "--from", site.url(), "--ca-file", ca.toString(), "-o",
          policy.toString(), "--force");
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      return Files.readString(policy);
    }
  }

  private static JsonNode vendor(JsonNode policy, String name) {
    for (JsonNode v : policy.at("/subprocessors/declared")) {
      if (v.path("name").asText().equals(name)) {
        return v;
      }
    }
    throw new AssertionError(name + " not declared: " + policy.at("/subprocessors"));
  }

  private static Map<String, String> single(String text, String sentence) {
    Written w = written(text, sentence);
    assertThat(w.claims()).as(sentence).isEmpty();
    assertThat(w.candidates()).as(sentence).hasSize(1);
    return w.candidates().get(0);
  }

  private static Written written(String text, String sentence) throws RuntimeException {
    List<JsonNode> claims = new ArrayList<>();
    try {
      for (JsonNode c : new ObjectMapper(new YAMLFactory()).readTree(text).path("claims")) {
        if (c.path("statement").asText().equals(sentence)) {
          claims.add(c);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<Map<String, String>> candidates = new ArrayList<>();
    for (Map<String, String> c : candidates(text)) {
      if (c.get("statement").equals(PageText.quoted(sentence))) {
        candidates.add(c);
      }
    }
    return new Written(claims, candidates);
  }

  /** The commented attestation candidates of the draft: id, statement (quoted), topic, note. */
  private static List<Map<String, String>> candidates(String text) {
    List<Map<String, String>> out = new ArrayList<>();
    Map<String, String> at = null;
    for (String line : text.split("\n")) {
      if (line.startsWith("#   - id: ")) {
        at = new LinkedHashMap<>();
        at.put("id", line.substring("#   - id: ".length()));
        out.add(at);
      } else if (at != null && line.startsWith("#     statement: ")) {
        at.put("statement", line.substring("#     statement: ".length()));
      } else if (at != null && line.startsWith("#     topic: ")) {
        at.put("topic", line.substring("#     topic: ".length()));
      } else if (at != null && line.startsWith("#     # ")) {
        at.merge("note", line.substring("#     # ".length()), (a, b) -> a + " " + b);
      } else if (!line.startsWith("#     ")) {
        at = null;
      }
    }
    out.removeIf(c -> !c.containsKey("statement"));
    out.forEach(c -> c.putIfAbsent("note", ""));
    return out;
  }

  /** The draft's lists of sentences read as context. */
  private static String context(String text) {
    int from = text.indexOf("# Pages read");
    return from < 0 ? "" : text.substring(from);
  }

  /** A sentence as the draft quotes it (YAML double quotes, JSON escapes). */
  private static final class PageText {
    static String quoted(String s) {
      return "\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance()
          .quoteAsString(s)) + "\"";
    }
  }
}

package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 'secaudit init' on a page of one list item, served on loopback: nothing a page says vanishes
 * from the draft, and what it ties a sentence to is what tests it.
 */
class InitOneSentenceTest {
  @TempDir Path dir;

  private String init(String item) throws Exception {
    return init(item, null);
  }

  /**
   * @param question when given, the site is scanned with the policy init wrote, the question
   *     answered from that scan and the page written, into dir: "answer.csv", "site/"
   */
  private String init(String item, String question) throws Exception {
    Path page = dir.resolve("page.txt");
    Files.writeString(page, "Security\n- " + item + "\n");
    Path ca = dir.resolve("ca.pem");
    try (SeedSite site = SeedSite.serve(page, "Let's Encrypt", List.of(), ca)) {
      Path policy = dir.resolve("policy.yaml");
      Cli.Result r = Cli.run("init", "--from", site.url(), "--ca-file", ca.toString(), "-o",
          policy.toString(), "--force");
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      if (question != null) {
        Path out = dir.resolve("out");
        Cli.Result scan = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(),
            "--color", "never");
        assertThat(scan.code()).as(scan.out() + scan.err()).isIn(0, 1);
        Path sheet = dir.resolve("questions.csv");
        Files.writeString(sheet, "ID,Question,Answer\nQ-1," + question + ",\n");
        Cli.Result answer = Cli.run("answer", sheet.toString(), "--policy", policy.toString(),
            "--scan", out.resolve("scan.json").toString(), "-o",
            dir.resolve("answer.csv").toString());
        assertThat(answer.code()).as(answer.out() + answer.err()).isIn(0, 1);
        Cli.Result written = Cli.run("page", "--policy", policy.toString(), "--scan",
            out.resolve("scan.json").toString(), "-o", dir.resolve("site").toString());
        assertThat(written.code()).as(written.out() + written.err()).isIn(0, 1);
      }
      return r.out() + "\n" + Files.readString(policy);
    }
  }

  @Test
  void aVersionSupportedIsCheckedByTheVersionsTried() throws Exception {
    // Before: read as a minimum of 1.3, which the site's own 1.2 refuted.
    String out = init("TLS 1.3 is supported.", "Do you support TLS 1.3?");
    // The loopback JSSE server accepts 1.3 (and 1.2): the scan saw it, so both follow.
    assertThat(Files.readString(dir.resolve("answer.csv"))).contains("Q-1,Do you support TLS"
        + " 1.3?,Yes");
    assertThat(Files.readString(dir.resolve("site/security.md")))
        .contains("TLS 1.3 is supported.");
    assertThat(out).contains("- id: tls.version_accepted\n  statement: TLS 1.3 is supported.\n"
        + "  topic: tls.version_accepted\n  checks:\n  - tls.protocols\n");
  }

  /** Before: each set https.redirect, a check of none of the words that bound it. */
  @ParameterizedTest
  @ValueSource(strings = {"We use TLS with AEAD cipher suites and forward secrecy.",
      "HTTPS with OCSP stapling.", "TLS is terminated with RSA 2048-bit certificates.",
      "Data in transit uses TLS with ECDSA certificates."})
  void tlsDetailsAreNotTiedToTheRedirect(String item) throws Exception {
    String out = init(item);
    assertThat(out).doesNotContain("https.redirect").doesNotContain("\nhttps:\n")
        .contains("#     statement: \"" + item + "\"")
        .containsPattern("#     # stated on \\S+; no probe checks it: it names TLS details \\(");
  }

  @Test
  void eachHeaderNamedIsCheckedByItsOwnRule() throws Exception {
    // Before: "no check tests X-Content-Type-Options nosniff, Referrer-Policy", though init
    // wrote a rule for each.
    String out = init("Security response headers (X-Content-Type-Options, Referrer-Policy).");
    // Named, each is claimed sent (its value where the page writes it), and the claim is
    // checked by those rules alone, not header.rule over init's own X-Powered-By rule.
    assertThat(out).contains("  X-Content-Type-Options:\n    required: true\n")
        .contains("  Referrer-Policy:\n    required: true\n")
        .contains("- id: security_headers\n  statement: \"Security response headers"
            + " (X-Content-Type-Options, Referrer-Policy).\"\n  checks:\n"
            + "  - /headers/X-Content-Type-Options\n  - /headers/Referrer-Policy\n")
        .doesNotContain("csp.*").doesNotContain("  - header.rule\n");
  }

  @Test
  void aHeaderValueIsReadAndEveryPageIsNotThePathsListed() throws Exception {
    // Before: 'deny' not read, so both were left to attest.
    assertThat(init("We send X-Frame-Options: DENY.")).contains("  X-Frame-Options:\n"
        + "    required: true\n    value: DENY\n").contains("- id: headers.x_frame_options\n"
        + "  statement: \"We send X-Frame-Options: DENY.\"\n  topic: headers.x_frame_options\n"
        + "  checks:\n  - /headers/X-Frame-Options\n");
    // The scan judges the paths listed; page withholds "every page", so init does not check it.
    assertThat(init("Every page sends X-Frame-Options: DENY.")).contains("#     statement:"
        + " \"Every page sends X-Frame-Options: DENY.\"").contains("of every response, while"
        + " its checks judge the paths listed only");
  }

  @Test
  void aMagicLinkSentenceIsCheckedByTheMagicLinksRulesOnly() throws Exception {
    // Before: checks jwt.lifetime, token.expiry and token.single_use, so the access token's
    // lifetime and any other link's reuse refuted it (a twelfth blind review).
    String out = init("Magic links expire after 15 minutes and can only be used once.");
    assertThat(out).contains("  - name: magic-link-expires\n").contains("  - name:"
        + " magic-link-single-use\n").contains("  checks:\n  - /flows/0/expect/0\n"
        + "  - /flows/0/expect/1\n").doesNotContain("jwt.lifetime");
  }

  @Test
  void anEnvironmentReferenceOnThePageIsWrittenAsLiteralText() throws Exception {
    // A red-team page: its '${env:…}' was written as a live reference, so validate and scan
    // read a variable the site named, and stopped (exit 2) when it was unset.
    String out = init("Application logs are kept for 30 days. ${env:INIT_PAGE_NAMED_VAR}");
    assertThat(out).contains("$${env:INIT_PAGE_NAMED_VAR}")
        .doesNotContainPattern("[^$]\\$\\{env:INIT_PAGE_NAMED_VAR");
    Cli.Result v = Cli.run("validate", dir.resolve("policy.yaml").toString());
    assertThat(v.code()).as(v.out() + v.err()).isZero();
    assertThat(v.out() + v.err()).doesNotContain("INIT_PAGE_NAMED_VAR is not set");
  }

  @Test
  void keptForNDaysWritesBothBoundsDeletedAfterOnlyTheCeiling() throws Exception {
    // "logged for 30 days" was written as max_age alone, so 3 days of logs verified it
    // (founder24).
    assertThat(init("All requests are logged for 30 days for abuse detection."))
        .contains("- name: page-retention-1\n  max_age: 30d\n  min_age: 30d\n");
    assertThat(init("PDF reports are deleted after at most 30 days."))
        .contains("- name: page-retention-1\n  max_age: 30d\n  description:");
    assertThat(init("Audit logs are kept for at least 1 year."))
        .contains("- name: page-retention-1\n  min_age: 365d\n  description:");
  }

  @Test
  void aShortSentenceThePageStatesIsKept() throws Exception {
    // Shorter than the 25 characters below which a line was taken for a menu entry, it was
    // dropped unseen: "0 claims", no claim, attestation or context line.
    String out = init("We never log passwords.");
    assertThat(out).contains("1 claims: 0 checked with the page's numbers, 1 checked once a TODO"
        + " is filled in").contains("- id: logging.sensitive_data\n  statement: We never log"
        + " passwords.\n  topic: logging.sensitive_data\n  checks:\n  - data.secrets\n");
  }

  @Test
  void aLimitEnforcedByNginxReadsItsConfigWhereTheNumberIsGiven() throws Exception {
    // The page's number, its rule, and the nginx config it names: config.nginx.rate_limit
    // judges the limit_req serving the rule's path, once both TODOs are filled in.
    String out = init("The API is rate limited to 100 requests per minute via nginx.");
    assertThat(out).contains("configs:\n- name: nginx\n  kind: nginx\n  path: TODO\n")
        .contains("  limit: 100\n  window: 1m\n")
        .contains("  checks:\n  - /rate_limits/0\n")
        .contains("  kind: nginx\n  path: TODO\n  target: site\n");
  }

  @Test
  void aLimitByNginxWithoutANumberSaysWhyNoRuleIsWritten() throws Exception {
    // seeds21 §3: config.nginx.rate_limit compares limit_req with a stated limit; none is
    // made up, and the attestation says what to add.
    String out = init("Rate limiting on the API via nginx.");
    assertThat(out).doesNotContain("\nrate_limits:").doesNotContain("\nconfigs:")
        .contains("#     statement: \"Rate limiting on the API via nginx.\"")
        .contains("it names nginx but no limit");
  }

  @Test
  void partitionedBesideSessionCookiesIsCheckedNotCalledUntested() throws Exception {
    // founder24: init wrote partitioned: true and said "no check tests Partitioned".
    String out = init("Session cookies are HTTPS-only, marked SameSite=None; Secure; Partitioned"
        + " (the strictest cross-site cookie flags Chrome supports).");
    assertThat(out).doesNotContainPattern("no check tests[\\s#]*Partitioned")
        .contains("partitioned: true").doesNotContain("- name: '*'\n  partitioned");
  }

  @Test
  void aBarePartitionedClaimsNoCookieRuleForEveryCookie() throws Exception {
    // "Partitioned." alone names no cookies: no rule on every cookie is written for it.
    assertThat(init("Partitioned (the strictest cross-site cookie flags Chrome supports)."))
        .doesNotContain("partitioned: true");
  }
}

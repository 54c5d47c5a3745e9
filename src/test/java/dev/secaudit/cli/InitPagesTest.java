package dev.secaudit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'secaudit init' reads the claims a site already makes on its trust pages: the page given, its
 * security.txt and the same-origin pages it links to about security, privacy or subprocessors.
 * A second WireMock server stands in for another company's site: a link to it is never followed.
 */
class InitPagesTest {
  @TempDir Path dir;
  private WireMockServer site;
  private WireMockServer elsewhere;

  @BeforeEach
  void start() {
    site = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    elsewhere = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    site.start();
    elsewhere.start();
    elsewhere.stubFor(get(urlEqualTo("/trust")).willReturn(html(
        "<p>Everything on this other site is encrypted at rest with AES-256 for sure.</p>")));
  }

  @AfterEach
  void stop() {
    site.stop();
    elsewhere.stop();
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder html(
      String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "text/html; charset=utf-8")
        .withBody("<!doctype html><html><body>" + body + "</body></html>");
  }

  private String base() {
    return "http://127.0.0.1:" + site.port();
  }

  /** The policy init drafts from the site's page, as written. */
  private String draft() throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Cli.Result r = Cli.run("init", "--from", base() + "/", "-o", policy.toString());
    assertThat(r.code()).as(r.err()).isZero();
    return Files.readString(policy);
  }

  private static com.fasterxml.jackson.databind.JsonNode yaml(String written) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper(
        new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(written);
  }

  private List<String> requested(WireMockServer server) {
    return server.getAllServeEvents().stream().map(e -> e.getRequest())
        .map(LoggedRequest::getUrl).sorted().toList();
  }

  @Test
  void claimsFromEachTrustPageAreDraftedWithTheirSourceAndNoOtherSiteIsAsked()
      throws Exception {
    site.stubFor(get(urlEqualTo("/")).willReturn(html("""
        <nav><a href="/about">About us</a></nav>
        <h1>Acme</h1><p>Acme makes invoices.</p>
        <a href="/security">Security</a>
        <a href="/legal/subprocessors">Who processes your data</a>
        <a href="/privacy">Privacy</a> <a href="/trust">Trust center</a>
        <a href="/">Home</a> <a href="/#top">Top</a> <a href="/security#mfa">MFA</a>
        <a href="http://127.0.0.1:%d/trust">Our partner's trust center</a>
        """.formatted(elsewhere.port()))));
    site.stubFor(get(urlEqualTo("/security")).willReturn(html("""
        <h2>Encryption</h2>
        <p>All customer data is encrypted at rest with AES-256. We are proud of it.</p>
        <ul><li id="mfa">Access to production systems requires two-factor authentication.</li></ul>
        <p>Is my data safe at rest with AES-256 encryption?</p>
        <p>Backups are encrypted with "AES-256"
        and stored off-site every day.</p>
        <a href="/">Home</a><a href="/security">Security</a><a href="/security-deep">More</a>
        """)));
    site.stubFor(get(urlEqualTo("/legal/subprocessors")).willReturn(html("""
        <p>We publish the list of subprocessors that handle customer data below.</p>
        <p>All customer data is encrypted at rest with AES-256.</p>
        <h2>Our subprocessors</h2>
        <table><tr><th>Vendor</th><th>Purpose</th></tr>
        <tr><td>Stripe</td><td>payments</td></tr></table>
        """)));
    site.stubFor(get(urlEqualTo("/.well-known/security.txt")).willReturn(aResponse()
        .withStatus(200).withHeader("Content-Type", "text/plain; charset=utf-8")
        .withBody("Contact: mailto:security@acme.test\nExpires: 2030-01-01T00:00:00Z\n")));
    site.stubFor(get(urlEqualTo("/trust")).willReturn(aResponse().withStatus(302)
        .withHeader("Location", "http://127.0.0.1:" + elsewhere.port() + "/trust")));
    // /privacy is not stubbed: WireMock answers 404.

    Path policy = dir.resolve("draft.yaml");
    Cli.Result r = Cli.run("init", "--from", base() + "/", "-o", policy.toString());

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.err()).contains("note: " + base() + "/privacy (Privacy) skipped: HTTP 404");
    assertThat(r.out()).contains("read 6 pages of the site: ");
    String draft = Files.readString(policy);
    String security = base() + "/security";
    String subprocessors = base() + "/legal/subprocessors";
    assertThat(draft)
        .contains("#   - id: encryption.at_rest\n"
            + "#     statement: \"All customer data is encrypted at rest with AES-256.\"\n"
            + "#     topic: encryption.at_rest\n"
            + "#     # stated on " + security + ", " + subprocessors + "; no probe checks it\n"
            + "#     attest: {owner: cto@example.com, date: YYYY-MM-DD, evidence: [\""
            + security + "\", \"" + subprocessors + "\"]}")
        .contains("#   - id: mfa\n"
            + "#     statement: \"Access to production systems requires two-factor"
            + " authentication.\"\n#     topic: mfa\n#     # stated on " + security)
        .contains("#     statement: \"Backups are encrypted with \\\"AES-256\\\" and stored"
            + " off-site every day.\"\n")
        .doesNotContain("Is my data safe")
        // security.txt names a contact: the file's own statement, checked with its contacts,
        // and marked as the file's, never as the pages' claim (founder24).
        .contains("# published by the site in its security.txt (no page names it)")
        .contains("security_txt:\n  required: true\n  contacts:\n  - mailto:security@acme.test")
        .doesNotContain("# claimed by the site's pages:\nsecurity_txt:")
        // The subprocessor table's row names Stripe: declared, published where it was read.
        .contains("- name: Stripe").contains("published_at: " + subprocessors)
        .contains("#   - " + base() + "/privacy (Privacy): skipped: HTTP 404")
        .contains("#   - " + base() + "/trust (Trust center): skipped: redirect to another origin"
            + " (http://127.0.0.1:" + elsewhere.port() + "/trust), not followed")
        .contains("written under security_txt.contacts (page publishes them once the scan"
            + " verifies the file):\n# \"mailto:security@acme.test\"\n")
        .doesNotContain("this other site").doesNotContain("statement: \"Acme makes invoices")
        // A short sentence is read (it was dropped unseen below 25 characters): context here.
        .contains("#       \"Acme makes invoices.\"\n");
    // One claim, one entry, though two pages state it; the generic prompts of the topics the
    // pages state give way to them, the others stay.
    assertThat(draft.split("encrypted at rest with AES-256\\.\"", -1)).hasSize(2);
    assertThat(draft.split("id: encryption.at_rest\n", -1)).hasSize(2);
    assertThat(draft.split("id: mfa\n", -1)).hasSize(2);
    assertThat(draft).contains("#   - id: passwords.hashing");

    // The other origin is never asked; the first page's links are followed once each, and the
    // links of the pages it leads to (back home, to itself, deeper) not at all.
    assertThat(requested(elsewhere)).isEmpty();
    List<String> asked = requested(site);
    // Read once for its claims; each of init's scans then probes it as one of the target's
    // paths; the subprocessor page is the published list too (subprocessors.published_at), one
    // fetch serving both.
    int scans = Integer.parseInt(r.out().replaceAll("(?s).*\\(scanned (\\d+) times?\\).*", "$1"));
    assertThat(asked).filteredOn("/security"::equals).hasSize(1 + scans);
    assertThat(asked).filteredOn("/legal/subprocessors"::equals).hasSize(1 + scans);
    assertThat(asked).doesNotContain("/about", "/security-deep");

    Cli.Result validate = Cli.run("validate", policy.toString());
    assertThat(validate.code()).as(validate.out() + validate.err()).isZero();

    // The founder's next step: uncomment the claims list and date it; the policy still loads.
    String list = draft.substring(draft.indexOf("# claims:\n"));
    Path attested = dir.resolve("attested.yaml");
    String uncommented = list.replaceAll("(?m)^# ?", "").replace("YYYY-MM-DD", "2026-11-01")
        .replaceAll("(?s)\n  - id: mfa\n    statement: \"<.*", "\n");
    Files.writeString(attested, draft.replace(list, uncommented));
    Cli.Result edited = Cli.run("validate", attested.toString());
    assertThat(edited.code()).as(edited.out() + edited.err()).isZero();
  }

  @Test
  void aSiteOfManyTrustPagesIsReadEightPagesAtMost() throws Exception {
    StringBuilder links = new StringBuilder();
    IntStream.rangeClosed(1, 20).forEach(i -> {
      links.append("<a href=\"/security/").append(i).append("\">Security ").append(i)
          .append("</a>");
      site.stubFor(get(urlEqualTo("/security/" + i)).willReturn(html(
          "<a href=\"/\">home</a><a href=\"/security/" + (i % 20 + 1) + "\">next</a>")));
    });
    site.stubFor(get(urlEqualTo("/")).willReturn(html(links.toString())));

    Cli.Result r = Cli.run("init", "--from", base() + "/", "-o",
        dir.resolve("many.yaml").toString());

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("read 8 pages of the site: 0 claims");
    // security.txt and the first six linked pages, each read once (and then probed by init's
    // scans as the target's paths); the rest never.
    assertThat(requested(site).stream().filter(u -> u.startsWith("/security/")).distinct())
        .containsExactly("/security/1", "/security/2", "/security/3", "/security/4",
            "/security/5", "/security/6");
  }

  /**
   * A heading lends its topic to the items under it only when it names one by itself: "Rate
   * limiting" does; "Security" does not, though its stem meets the Secure flag's word beside
   * "cookies" (a blind review: init checked "Authentication cookies are set only after you sign
   * in" with cookie.secure).
   */
  /**
   * realapp26 MEDIUM 4 and LOW 7: the page's one sentence on its login limit is a rule (10 per
   * 1m, 429, the path to fill in) and a claim its checks judge, the limit and its Retry-After;
   * a subprocessor row whose purpose says "CDN" only declares the vendor (no edge: true).
   */
  @Test
  void aLoginLimitWithItsRetryAfterIsARuleAndARowOnlyDeclaresItsVendor() throws Exception {
    site.stubFor(get(urlEqualTo("/")).willReturn(html("""
        <h1>Security</h1>
        <h2>Authentication</h2>
        <ul><li>Login is limited to 10 attempts per minute; further attempts are answered with
        HTTP 429 and a Retry-After header.</li></ul>
        <h2>Subprocessors</h2>
        <table><tr><th>Vendor</th><th>Purpose</th></tr>
        <tr><td>Cloudflare</td><td>CDN, DNS, DDoS protection</td></tr>
        <tr><td>Stripe</td><td>Payments</td></tr></table>
        """)));
    String written = draft();
    com.fasterxml.jackson.databind.JsonNode p = yaml(written);
    // Before: a commented attestation only, "not read: 'further', 'attempts', 'answered', '10'".
    assertThat(p.at("/rate_limits/0/limit").asInt()).as(written).isEqualTo(10);
    assertThat(p.at("/rate_limits/0/window").asText()).as(written).isEqualTo("1m");
    assertThat(p.at("/rate_limits/0/expect_status").asInt()).as(written).isEqualTo(429);
    assertThat(p.at("/rate_limits/0/request/path").asText()).as(written).contains("TODO");
    com.fasterxml.jackson.databind.JsonNode claim = null;
    for (com.fasterxml.jackson.databind.JsonNode c : p.path("claims")) {
      if (c.path("statement").asText().startsWith("Login is limited to 10 attempts")) {
        claim = c;
      }
    }
    assertThat(claim).as(written).isNotNull();
    assertThat(claim.path("checks").toString()).as(written).contains("/rate_limits/0");
    assertThat(written).doesNotContain("reads the sentence only in part");
    for (com.fasterxml.jackson.databind.JsonNode v : p.at("/subprocessors/declared")) {
      assertThat(v.path("edge").isMissingNode()).as(v.toString()).isTrue();
    }
  }

  @Test
  void aHeadingLendsOnlyATopicItNamesByItself() throws Exception {
    site.stubFor(get(urlEqualTo("/")).willReturn(html("""
        <h1>Security</h1>
        <ul><li>Authentication cookies are set only after you sign in.</li></ul>
        <h2>Rate limiting</h2>
        <ul><li>Read operations: 60 requests per minute per API key.</li></ul>
        """)));
    String written = draft();
    com.fasterxml.jackson.databind.JsonNode p = yaml(written);
    List<String> statements = new java.util.ArrayList<>();
    p.path("claims").forEach(c -> statements.add(c.path("statement").asText()));
    assertThat(statements).doesNotContain("Authentication cookies are set only after you sign in.");
    // A label and a rate of requests are a rate limit by themselves (rate23): the page's limit
    // is a rule, and the claim is written as the page says it. "Per API key" it does not read
    // (one probe is one client), so it is left to attest, saying so.
    assertThat(p.at("/rate_limits/0/limit").asInt()).as(written).isEqualTo(60);
    assertThat(written).contains("#     statement: \"Read operations: 60 requests"
        + " per minute per API key.\"\n#     topic: rate_limit\n")
        .contains("reads the sentence only in part");
    assertThat(p.path("cookies").isMissingNode()).as(written).isTrue();
    // Not dropped unseen: the draft lists it among the sentences read as context.
    assertThat(written).contains("#     read as context, no claim (add one by hand if it is a"
        + " claim):\n#       \"Authentication cookies are set only after you sign in.\"\n");
  }

  /**
   * A fresh-eyes founder: "SOC 2: we do not have a SOC 2 report yet." was a claim to attest
   * ("states both what is in place and what is not"), and once attested answered "Have you had a
   * penetration test?" Yes from its twin. The label names what the rest denies: a stated gap.
   */
  @Test
  void aLabelAndItsNegationIsAStatedGap() throws Exception {
    site.stubFor(get(urlEqualTo("/")).willReturn(html("""
        <h2>What we don't have yet</h2>
        <ul><li>SOC 2: we do not have a SOC 2 report yet.</li>
        <li>Penetration test: no third-party penetration test has been done yet.</li></ul>
        """)));
    Path policy = dir.resolve("policy.yaml");
    Cli.Result r = Cli.run("init", "--from", base() + "/", "-o", policy.toString());
    assertThat(r.code()).as(r.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode p = new com.fasterxml.jackson.databind.ObjectMapper(
        new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(policy.toFile());
    List<String> gaps = new java.util.ArrayList<>();
    p.path("claims").forEach(c -> gaps.add(c.path("polarity").asText() + " "
        + c.path("statement").asText()));
    assertThat(gaps).containsExactly(
        "not_in_place SOC 2: we do not have a SOC 2 report yet.",
        "not_in_place Penetration test: no third-party penetration test has been done yet.");
  }

  /**
   * A fresh-eyes founder: init said no check tests X-Frame-Options (framing rules exist), and
   * bound the logs' sentence to retention.*, so the backups' window answered a logs question.
   */
  @Test
  void framingIsARuleAndEachWindowItsOwnSentencesEvidence() throws Exception {
    site.stubFor(get(urlEqualTo("/")).willReturn(html("""
        <ul><li>Every page sends a Content-Security-Policy and X-Frame-Options: DENY.</li>
        <li>Application logs are deleted after 30 days.</li>
        <li>Database backups are kept for at most 35 days.</li></ul>
        """)));
    Path policy = dir.resolve("policy.yaml");
    Cli.Result r = Cli.run("init", "--from", base() + "/", "-o", policy.toString());
    assertThat(r.code()).as(r.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode p = new com.fasterxml.jackson.databind.ObjectMapper(
        new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(policy.toFile());
    assertThat(p.at("/headers/X-Frame-Options/value").asText()).isEqualTo("DENY");
    List<String> bound = new java.util.ArrayList<>();
    p.path("claims").forEach(c -> bound.add(c.path("statement").asText() + " "
        + c.path("checks")));
    assertThat(bound).contains(
        "Application logs are deleted after 30 days. [\"/retention/0\"]",
        "Database backups are kept for at most 35 days. [\"/retention/1\"]");
  }

  /**
   * A fresh-eyes founder: "We publish a security.txt." bound to security_txt.* was refuted by a
   * Content-Type without charset (security_txt.format), answering "Do you publish a security.txt
   * file?" No. The sentence is the file and its contact.
   */
  @Test
  void aSecurityTxtSentenceIsTheFileAndItsContact() throws Exception {
    site.stubFor(get(urlEqualTo("/")).willReturn(html(
        "<p>We publish a security.txt file with our security contact.</p>")));
    Path policy = dir.resolve("policy.yaml");
    Cli.Result r = Cli.run("init", "--from", base() + "/", "-o", policy.toString());
    assertThat(r.code()).as(r.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode p = new com.fasterxml.jackson.databind.ObjectMapper(
        new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(policy.toFile());
    List<String> checks = new java.util.ArrayList<>();
    p.path("claims").forEach(c -> c.path("checks").forEach(k -> checks.add(k.asText())));
    assertThat(checks).containsExactly("security_txt.present", "security_txt.contact");
  }
}

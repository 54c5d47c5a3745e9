package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.questionnaire.AnswerFixture;
import dev.secaudit.report.ScanJson;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'secaudit page' end to end: the fixture policy's scan has a failing claim (TLS) and a stale
 * attestation (MFA); neither may reach the page, in Markdown or HTML.
 */
class PageCommandTest {
  @TempDir Path dir;

  static final String POLICY = AnswerFixture.POLICY + """
        - id: hostile.markup
          statement: "We <script>alert(1)</script> and [click](javascript:alert(1)) *safely*."
          category: encryption
          attest: {owner: cto@acme.test, date: 2026-10-01}
      security_txt: {contacts: ["mailto:security@acme.test"]}
      subprocessors:
        declared:
          - {name: Stripe, purpose: payments, location: USA}
          - {name: Cloudflare, purpose: "CDN & DDoS protection", location: EU}
          - {name: "We <script>alert(1)</script>", purpose: "[click](javascript:alert(1)) *safely*", location: EU}
      """;

  /** A policy whose every claim the fixture's scan backs: the current attestation and the PR rule. */
  static final String BACKED = """
      version: 1
      name: acme
      targets:
        - {name: app, url: "https://app.acme.test"}
      claims:
        - id: encryption.at_rest
          statement: "Customer data is encrypted at rest with AES-256."
          category: encryption
          attest: {owner: cto@acme.test, date: 2026-10-01, max_age: 365d}
        - id: transport.redirect
          statement: "Plain HTTP is redirected to HTTPS."
          category: encryption
          checks: [https.redirect]
      security_txt: {contacts: ["mailto:security@acme.test"]}
      """;

  private Cli.Result page(Status securityTxt, Status undeclared, String... more)
      throws IOException {
    return page(POLICY, securityTxt, undeclared, more);
  }

  private Cli.Result page(String policyYaml, Status securityTxt, Status undeclared,
      String... more) throws IOException {
    Path policy = dir.resolve("acme.yaml");
    Files.writeString(policy, policyYaml);
    Path scan = dir.resolve("scan.json");
    try (Writer w = Files.newBufferedWriter(scan, StandardCharsets.UTF_8)) {
      ScanJson.write(AnswerFixture.scan(policyYaml, AnswerFixture.SCANNED, onApp -> List.<Finding>of(
          onApp.finding("security_txt.present", "", Status.PASS, "published", "200 text/plain",
              List.of(), ""),
          onApp.finding("security_txt.contact", "", securityTxt, "mailto:security@acme.test",
              securityTxt == Status.PASS ? "mailto:security@acme.test" : "no Contact line",
              List.of(), ""),
          onApp.finding("subprocessors.undeclared", "", undeclared, "declared",
              undeclared == Status.PASS ? "all declared" : "Hotjar loaded on /, not declared",
              List.of(), ""))), w);
    }
    List<String> args = new java.util.ArrayList<>(List.of("page", "--policy", policy.toString(),
        "--scan", scan.toString(), "-o", dir.resolve("site").toString()));
    args.addAll(List.of(more));
    return Cli.run(Map.of(), null, Clock.fixed(AnswerFixture.ANSWERED, ZoneOffset.UTC),
        args.toArray(String[]::new));
  }

  @Test
  void aLoopbackNamedPolicyGetsAPlainHeadingAndTopicsNameTheSections() throws IOException {
    // As init writes it for a site on 127.0.0.1: named after the host, claims with topics and
    // no categories.
    String policy = """
        version: 1
        name: 127-0-0-1
        targets:
          - {name: app, url: "https://app.acme.test"}
        claims:
          - id: encryption.at_rest
            statement: "Customer data is encrypted at rest with AES-256."
            attest: {owner: cto@acme.test, date: 2026-10-01, max_age: 365d}
          - id: transport.redirect
            statement: "Plain HTTP is redirected to HTTPS."
            checks: [https.redirect]
        """;
    Cli.Result r = page(policy, Status.PASS, Status.PASS);
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    Document html = Jsoup.parse(dir.resolve("site/security.html").toFile(), "UTF-8");
    assertThat(html.title()).isEqualTo("Security");
    assertThat(html.select("h1").text()).isEqualTo("Security");
    assertThat(html.select("h2").eachText()).contains("Encryption").doesNotContain("Other");
    assertThat(Files.readString(dir.resolve("site/security.md"))).startsWith("# Security\n")
        .doesNotContain("127-0-0-1").doesNotContain("## Other");
  }

  @Test
  void headingsComeFromWhatTheClaimIsAboutNotFromItsId() throws IOException {
    // Blind review 9 (Celune): ids a founder wrote without topics became "Apikeys" and "Change",
    // and the topic "soc2", which no family knew, became "Other" (a topic outside the vocabulary
    // is now refused by the loader, with certification.soc2 offered).
    String policy = """
        version: 1
        name: Celune
        targets:
          - {name: app, url: "https://app.acme.test"}
        claims:
          - id: soc2
            statement: "We are SOC 2 Type II compliant."
            topic: certification.soc2
            attest: {owner: cto@acme.test, date: 2026-10-01, max_age: 365d}
          - id: apikeys.hashing
            statement: "API keys are hashed."
            attest: {owner: cto@acme.test, date: 2026-10-01, max_age: 365d}
          - id: change.review
            statement: "Every code change requires review before merge."
            attest: {owner: cto@acme.test, date: 2026-10-01, max_age: 365d}
        """;
    Cli.Result r = page(policy, Status.PASS, Status.PASS);
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    Document html = Jsoup.parse(dir.resolve("site/security.html").toFile(), "UTF-8");
    assertThat(html.select("h2").eachText()).contains("Compliance", "Access",
        "Secure development").doesNotContain("Apikeys", "Change", "Other", "Soc2");
  }

  @Test
  void aFailingClaimAndAStaleAttestationAreLeftOutOfBothPages() throws IOException {
    Cli.Result r = page(Status.PASS, Status.PASS);

    // Left out means the page can no longer say everything the policy claims: a nightly job fails.
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.FAILED.code);
    assertThat(r.err()).contains("left out of the page: claim transport.https:")
        .contains("TLS 1.0 offered")
        .contains("left out of the page: claim access.mfa:").contains("stale")
        // Its only check, https.redirect, says nothing about code review.
        .contains("left out of the page: claim change.pr_review: its checks do not test what it"
            + " says");
    // A statement no topic was read in cannot be weighed against the scan: never published.
    // Statements that rest on a person's word and are read only in part cannot be weighed
    // against the scan ("rehearsed", "receive", markup): never published.
    assertThat(r.err()).contains("left out of the page: claim hostile.markup: its statement was"
            + " read only in part")
        .contains("left out of the page: claim backups.daily: its statement was read only in part")
        .contains("left out of the page: claim payments.no_card_data: its statement was read only"
            + " in part");
    assertThat(r.out()).contains("1 statements published, 6 left out");

    String md = Files.readString(dir.resolve("site/security.md"));
    Document html = Jsoup.parse(dir.resolve("site/security.html").toFile(), "UTF-8");
    for (String page : List.of(md, html.text())) {
      assertThat(page).doesNotContain("TLS 1.2 or newer").doesNotContain("MFA")
          .doesNotContain("TLS 1.0").doesNotContain("stale");
    }
    assertThat(md).contains("# Security at acme")
        .contains("- Customer data is encrypted at rest with AES-256. (attested by the person"
            + " responsible on 2026-10-01)")
        .contains("| Stripe | payments | USA |")
        .contains("| Cloudflare | CDN \\& DDoS protection | EU |")
        .contains("## Reporting a vulnerability\n\n- mailto:security@acme.test")
        .contains("\\<script\\>alert(1)\\</script\\>")
        .contains("\\[click\\](javascript:alert(1)) \\*safely\\*");

    assertThat(html.select("meta[http-equiv=Content-Security-Policy]").attr("content"))
        .startsWith("default-src 'none'");
    assertThat(html.select("script, link, img, iframe, a[href^=javascript]")).isEmpty();
    assertThat(html.select("h2").eachText()).containsExactly("Encryption", "Subprocessors",
        "Reporting a vulnerability");
    assertThat(html.select("li").eachText())
        .anyMatch(li -> li.startsWith("Customer data is encrypted at rest")
            && li.contains("attested by the person responsible on 2026-10-01"));
    // A public page: no owner's e-mail address, no internal claim or check id anywhere in it.
    for (String page : List.of(md, html.outerHtml())) {
      assertThat(page).doesNotContain("cto@acme.test").doesNotContain("encryption.at_rest")
          .doesNotContain("hostile.markup").doesNotContain("https.redirect")
          .doesNotContain("claim.");
    }
    assertThat(html.select("tbody tr").eachText()).containsExactly("Stripe payments USA",
        "Cloudflare CDN & DDoS protection EU",
        "We <script>alert(1)</script> [click](javascript:alert(1)) *safely* EU");

    String review = Files.readString(dir.resolve("site/review.md"));
    // Nor on stderr or in the review, which are shown and forwarded to others too.
    assertThat(r.err() + r.out() + review).doesNotContain("@acme.test");
    assertThat(review).startsWith("# NOT FOR PUBLICATION")
        .contains("claim transport.https: \"All traffic is encrypted with TLS 1.2 or newer.\"")
        .contains("claim access.mfa")
        // Read in a plain editor: no backslash before punctuation that makes no markup.
        .doesNotContain("\\(").doesNotContain("\\)").doesNotContain("\\.");
  }

  @Test
  void anUnverifiedContactIsWithheldAndADisputedVendorListIsFlagged() throws IOException {
    Cli.Result r = page(Status.FAIL, Status.FAIL);

    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.FAILED.code);
    assertThat(r.err()).contains("left out of the page: vulnerability-disclosure contact:"
        + " security_txt.contact fail on app: no Contact line")
        .contains("left out of the page: subprocessor list: the scan disagrees with it:"
            + " subprocessors.undeclared fail on app: Hotjar loaded on /, not declared");
    // A list the scan shows to be incomplete would say more than the evidence: left out.
    String md = Files.readString(dir.resolve("site/security.md"));
    assertThat(md).doesNotContain("Reporting a vulnerability").doesNotContain("security@")
        .doesNotContain("| Stripe |").doesNotContain("Hotjar");
    String review = Files.readString(dir.resolve("site/review.md"));
    assertThat(review).contains("vulnerability-disclosure contact").contains("Hotjar");
  }

  /**
   * Found by a blind review: an attested statement was published while the same scan failed the
   * header it speaks of, and a vendor list the scan warned about was published "compared with
   * the published list" that the policy does not name.
   */
  @Test
  void aStatementTheScanSpeaksAgainstAndAVendorListItWarnsAboutAreWithheld() throws IOException {
    String policyYaml = """
        version: 1
        name: acme
        targets:
          - {name: app, url: "https://app.acme.test"}
        headers:
          Permissions-Policy: {required: true}
        claims:
          - id: headers.permissions
            statement: "Every response carries a Permissions-Policy header."
            category: encryption
            attest: {owner: cto@acme.test, date: 2026-10-01}
          - id: encryption.at_rest
            statement: "Customer data is encrypted at rest with AES-256."
            category: encryption
            attest: {owner: cto@acme.test, date: 2026-10-01}
          - id: cookies.strict
            statement: "Session cookies are set with SameSite=Strict."
            category: encryption
            checks: [cookie.same_site]
            attest: {owner: cto@acme.test, date: 2026-10-01}
        cookies:
          - {name: "session*", same_site: Lax}
        subprocessors:
          declared:
            - {name: Stripe, purpose: payments, location: USA}
        """;
    Path policy = dir.resolve("acme.yaml");
    Files.writeString(policy, policyYaml);
    Path scan = dir.resolve("scan.json");
    try (Writer w = Files.newBufferedWriter(scan, StandardCharsets.UTF_8)) {
      ScanJson.write(AnswerFixture.scan(policyYaml, AnswerFixture.SCANNED, onApp -> List.of(
          onApp.finding("header.rule", "Permissions-Policy", Status.FAIL, "present", "missing",
              List.of(), "/headers/Permissions-Policy").toBuilder()
              .about(dev.secaudit.model.Subject.header("Permissions-Policy")).build(),
          onApp.finding("cookie.same_site", "session", Status.PASS, "SameSite=Lax",
              "SameSite=Lax", List.of(), "/cookies/0").toBuilder()
              .observed("SameSite=Lax", new dev.secaudit.model.Value.Setting("SameSite", "Lax"))
              .build(),
          onApp.finding("subprocessors.undeclared", "", Status.WARN, "declared",
              "cdn.example.com/analytics.js is a third party not declared", List.of(), ""))), w);
    }
    Cli.Result r = Cli.run(Map.of(), null, Clock.fixed(AnswerFixture.ANSWERED, ZoneOffset.UTC),
        "page", "--policy", policy.toString(), "--scan", scan.toString(), "-o",
        dir.resolve("site").toString());

    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.FAILED.code);
    assertThat(r.err()).contains("left out of the page: claim headers.permissions: the scan"
            + " speaks against it:")
        .contains("left out of the page: subprocessor list: the scan disagrees with it:"
            + " subprocessors.undeclared warns on app")
        // Its check tested the policy's Lax rule: neither it nor the attestation shows Strict.
        .contains("left out of the page: claim cookies.strict:")
        .contains("the scan observed SameSite=Lax, not strict");
    String md = Files.readString(dir.resolve("site/security.md"));
    assertThat(md).doesNotContain("Permissions-Policy").doesNotContain("| Stripe |")
        .doesNotContain("Strict")
        .doesNotContain("published list")
        .contains("Customer data is encrypted at rest with AES-256.");
  }

  @Test
  void aVendorListWithoutAPublishedListIsNotSaidToBeComparedWithOne() throws IOException {
    Cli.Result r = page(POLICY, Status.PASS, Status.PASS);

    assertThat(Files.readString(dir.resolve("site/security.md")))
        .contains("| Stripe | payments | USA |")
        .contains("Compared with the site's pages by secaudit on 2026-11-01.")
        .doesNotContain("published list");
  }

  @Test
  void aStatedGapIsNamedAsAGapNotAsAClaimWithoutEvidence() throws IOException {
    Cli.Result r = page(BACKED.replace("claims:\n", "claims:\n"
        + "  - id: backups.automated\n"
        + "    statement: \"Automated backups: not configured yet.\"\n"
        + "    polarity: not_in_place\n"
        + "    category: operations\n"), Status.PASS, Status.PASS);

    assertThat(r.err()).contains("claim backups.automated states a gap")
        .doesNotContain("has neither checks nor an attestation");
    assertThat(Files.readString(dir.resolve("site/security.md"))).doesNotContain("backups");
  }

  @Test
  void everyClaimBackedExitsZero() throws IOException {
    Cli.Result r = page(BACKED, Status.PASS, Status.PASS);

    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.PASSED.code);
    assertThat(r.err()).doesNotContain("left out");
    assertThat(r.out()).contains("2 statements published, 0 left out");
    assertThat(Files.readString(dir.resolve("site/security.md")))
        .contains("Customer data is encrypted at rest").contains("(verified by an automated"
            + " check of our live systems on 2026-11-01)").doesNotContain("https.redirect");
  }

  @Test
  void allowOmissionsExitsZeroAndStillWritesTheShorterPageAndTheReview() throws IOException {
    Cli.Result r = page(Status.PASS, Status.PASS, "--allow-omissions");

    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.PASSED.code);
    assertThat(r.err()).contains("left out of the page: claim transport.https:");
    assertThat(Files.readString(dir.resolve("site/security.md")))
        .doesNotContain("TLS 1.2 or newer");
    assertThat(Files.readString(dir.resolve("site/review.md"))).contains("claim transport.https");
  }

  @Test
  void aFileWhereTheFolderShouldBeIsAUsageError() throws IOException {
    Files.writeString(dir.resolve("site"), "not a folder");
    Cli.Result r = page(Status.PASS, Status.PASS);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("not a folder");
  }

  @Test
  void aPolicyEditedAfterItsScanIsRefusedByPageAndAnswer() throws IOException {
    // The scan verified "Plain HTTP is redirected to HTTPS."; the edit widens it to every API.
    Cli.Result first = page(BACKED, Status.PASS, Status.PASS);
    assertThat(first.code()).as(first.err()).isEqualTo(ExitCode.PASSED.code);
    Path policy = dir.resolve("acme.yaml");
    Files.writeString(policy, BACKED.replace("Plain HTTP is redirected to HTTPS.",
        "Every API refuses plain HTTP."));
    String scan = dir.resolve("scan.json").toString();
    Clock clock = Clock.fixed(AnswerFixture.ANSWERED, ZoneOffset.UTC);
    Files.delete(dir.resolve("site/security.md"));

    Cli.Result page = Cli.run(Map.of(), null, clock, "page", "--policy", policy.toString(),
        "--scan", scan, "-o", dir.resolve("site").toString());
    Path questions = dir.resolve("q.csv");
    Files.writeString(questions, "question\nDoes every API refuse plain HTTP?\n");
    Cli.Result answer = Cli.run(Map.of(), null, clock, "answer", "--policy",
        policy.toString(), "--scan", scan, questions.toString(), "-o",
        dir.resolve("a.csv").toString());

    for (Cli.Result r : List.of(page, answer)) {
      assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.USAGE.code);
      assertThat(r.err()).contains(scan + ": run.policy_sha256 ")
          .contains("is not " + policy + " (SHA-256 ").contains("the policy changed after the scan");
    }
    assertThat(dir.resolve("site/security.md")).doesNotExist();
    assertThat(dir.resolve("a.csv")).doesNotExist();
  }
}

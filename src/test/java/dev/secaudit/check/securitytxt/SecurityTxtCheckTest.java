package dev.secaudit.check.securitytxt;

import dev.secaudit.check.StandardChecks;
import dev.secaudit.probe.securitytxt.SecurityTxtParserTest;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Value;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.Header;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityTxtCheckTest {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final String URL = "https://app.example.test/.well-known/security.txt";
  static final String PLAIN_UTF8 = "text/plain; charset=utf-8";

  static final String POLICY = """
      version: 1
      name: acme
      targets:
        - {name: app, url: "https://app.example.test"}
      security_txt:
        contacts: [mailto:security@example.test]
      """;

  static final String SIGNING_POLICY = POLICY + "  require_signature: true\n";
  static final String OPTIONAL_POLICY = POLICY + "  required: false\n";

  private final SecurityTxtCheck check = new SecurityTxtCheck();

  /** A well-formed file whose Expires lies {@code ahead} of NOW. */
  static String file(Duration ahead) {
    return """
        # Report security issues to the contacts below.
        Contact: mailto:security@example.test
        Contact: https://app.example.test/report
        Expires: %s
        Encryption: https://app.example.test/pgp.txt
        Preferred-Languages: en
        Canonical: %s
        """.formatted(NOW.plus(ahead), URL);
  }

  // --- typed values ---------------------------------------------------------------------------

  @Test
  void findingsSayWhichFieldOrFileTheyJudgedAndTheValuesCompared() {
    List<Finding> findings = run(POLICY, fetchOf(ok(URL, PLAIN_UTF8,
        file(Duration.ofDays(90).plusHours(5)))));

    Finding present = only(findings, "security_txt.present");
    assertThat(present.subject()).isEmpty();
    assertThat(present.about()).isEqualTo(new Subject(Subject.Kind.URL, URL));
    assertThat(present.observedValue()).isEqualTo(new Value.Setting("status", "200"));
    Finding expires = only(findings, "security_txt.expires");
    assertThat(expires.about()).isEqualTo(Subject.directive("Expires"));
    assertThat(expires.expectedValue()).isEqualTo(new Value.Duration(366 * 86_400L));
    // The whole days the sentence states, not the five hours beyond them.
    assertThat(expires.observed()).endsWith(", in 90 days");
    assertThat(expires.observedValue()).isEqualTo(new Value.Duration(90 * 86_400L));
    Finding wanted = subject(findings, "security_txt.contact", "mailto:security@example.test");
    assertThat(wanted.about()).isEqualTo(Subject.directive("Contact"));
    assertThat(wanted.observedValue())
        .isEqualTo(new Value.Presence("mailto:security@example.test", true));
    assertThat(subject(findings, "security_txt.contact", "Contact").observedValue())
        .isEqualTo(Value.Items.of(List.of("mailto:security@example.test",
            "https://app.example.test/report")));
    Finding type = subject(findings, "security_txt.format", "Content-Type");
    assertThat(type.about()).isEqualTo(Subject.header("Content-Type"));
    assertThat(type.observedValue()).isEqualTo(new Value.Header("Content-Type", PLAIN_UTF8));
    assertThat(subject(findings, "security_txt.format", "Canonical").observedValue())
        .isEqualTo(Value.Items.of(List.of(URL)));
    assertThat(subject(findings, "security_txt.format", "Preferred-Languages").observedValue())
        .isEqualTo(new Value.Count(1, null));
  }

  @Test
  void anExpiresWithinTheHourIsStatedInMinutes() {
    Finding expires = only(run(POLICY, fetchOf(ok(URL, PLAIN_UTF8,
        file(Duration.ofMinutes(42).plusSeconds(9))))), "security_txt.expires");
    assertThat(expires.observed()).endsWith(", in 42 min");
    assertThat(expires.observedValue()).isEqualTo(new Value.Duration(42 * 60L));
  }

  // --- the disclosure policy it links ---------------------------------------------------------

  /** The standard file with a Policy: line, and what fetching that link recorded. */
  private List<Finding> withPolicyLink(String link, HttpFetch policy, String notFetched) {
    String body = file(Duration.ofDays(90)) + "Policy: " + link + "\n";
    LoadedPolicy loaded = load(POLICY);
    TargetObservations obs = TargetObservations.of("app").with(new TargetObservations.SecurityTxt(
        fetchOf(ok(URL, PLAIN_UTF8, body)), policy, notFetched));
    return check.evaluate(new CheckContext(StandardChecks.catalog(), loaded,
        loaded.policy().targets().get(0), obs, NOW));
  }

  @Test
  void aPolicyLinkThatAnswersPassesAndCitesItsFetch() {
    String link = "https://app.example.test/disclosure";
    HttpExchange page = ok(link, "text/html", "<p>policy</p>");
    Finding f = only(withPolicyLink(link, new HttpFetch(link, List.of(page), "final"), ""),
        "security_txt.policy");
    assertThat(f.status()).isEqualTo(Status.PASS);
    assertThat(f.observed()).isEqualTo("Policy: " + link + " (line 8) answered 200");
    assertThat(f.evidence()).contains("app/sectxt", page.id());
  }

  @Test
  void aPolicyLinkThatAnswers404Warns() {
    String link = "https://app.example.test/disclosure";
    Finding f = only(withPolicyLink(link, new HttpFetch(link,
        List.of(response(link, 404, "text/html", "gone")), "final"), ""), "security_txt.policy");
    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.observed()).isEqualTo("Policy: " + link + " (line 8) answered HTTP 404");
  }

  @Test
  void aPolicyLinkNotFollowedSaysWhy() {
    Finding f = only(withPolicyLink("https://bugs.example.org/acme", null,
        "its host bugs.example.org is not one of the policy's targets"), "security_txt.policy");
    assertThat(f.status()).isEqualTo(Status.INFO);
    assertThat(f.observed()).isEqualTo("Policy: https://bugs.example.org/acme (line 8) not"
        + " fetched: its host bugs.example.org is not one of the policy's targets");
  }

  // --- presence -------------------------------------------------------------------------------

  @Test
  void aWellFormedFileOverHttpsPassesEveryCheck() {
    List<Finding> findings = run(POLICY, fetchOf(ok(URL, PLAIN_UTF8, file(Duration.ofDays(90)))));

    // A Contact and no Policy: field is told, not failed: the field is optional.
    Finding policy = only(findings, "security_txt.policy");
    assertThat(policy.status()).isEqualTo(Status.INFO);
    assertThat(policy.observed()).isEqualTo("no Policy field: the file names a contact"
        + " (mailto:security@example.test and 1 more) but links no disclosure policy");
    findings = findings.stream().filter(f -> f != policy).toList();
    assertThat(findings).extracting(Finding::status).containsOnly(Status.PASS);
    assertThat(findings).extracting(Finding::checkId).containsOnly("security_txt.present",
        "security_txt.contact", "security_txt.expires", "security_txt.format");
    assertThat(findings).allSatisfy(f -> assertThat(f.evidence()).containsExactly("app/sectxt"));
    assertThat(only(findings, "security_txt.expires").observed()).contains("in 90 days");
  }

  @Test
  void noSignatureVerdictUnlessThePolicyAsks() {
    List<Finding> findings = run(POLICY, fetchOf(ok(URL, PLAIN_UTF8, file(Duration.ofDays(90)))));

    assertThat(findings).noneMatch(f -> f.checkId().equals("security_txt.signature"));
  }

  @Test
  void notFoundFailsWhenRequiredAndSkipsTheRest() {
    List<Finding> findings = run(POLICY, fetchOf(response(URL, 404, "text/html", "<h1>404</h1>")));

    Finding present = only(findings, "security_txt.present");
    assertThat(present.status()).isEqualTo(Status.FAIL);
    assertThat(present.observed()).contains("404");
    assertThat(findings).filteredOn(f -> f != present).extracting(Finding::status)
        .containsOnly(Status.SKIPPED);
  }

  @Test
  void notFoundIsSkippedWhenNotRequired() {
    List<Finding> findings =
        run(OPTIONAL_POLICY, fetchOf(response(URL, 404, "text/plain", "")));

    assertThat(findings).extracting(Finding::status).containsOnly(Status.SKIPPED);
    assertThat(only(findings, "security_txt.present").observed())
        .contains("not required by the policy");
  }

  @Test
  void aFileServedOverPlainHttpOnlyFails() {
    String http = "http://app.example.test/.well-known/security.txt";

    List<Finding> findings =
        run(POLICY, fetchOf(ok(http, PLAIN_UTF8, file(Duration.ofDays(90)))));

    Finding present = only(findings, "security_txt.present");
    assertThat(present.status()).isEqualTo(Status.FAIL);
    assertThat(present.observed()).contains("plain HTTP");
  }

  @Test
  void anHttpsRedirectToHttpFailsPresence() {
    String http = "http://app.example.test/.well-known/security.txt";
    HttpFetch fetch = new HttpFetch(URL, List.of(redirect("app/sectxt", URL, http),
        ok(http, PLAIN_UTF8, file(Duration.ofDays(90)))), "final");

    Finding present = only(run(POLICY, fetch), "security_txt.present");

    assertThat(present.status()).isEqualTo(Status.FAIL);
    assertThat(present.evidence()).hasSize(2);
  }

  @Test
  void anHtmlPageAnsweredWithTwoHundredIsNotASecurityTxt() {
    List<Finding> findings = run(POLICY, fetchOf(ok(URL, "text/html; charset=utf-8",
        "<!doctype html><html><body><div id=app></div></body></html>")));

    Finding present = only(findings, "security_txt.present");
    assertThat(present.status()).isEqualTo(Status.FAIL);
    assertThat(present.observed()).contains("HTML page");
  }

  @Test
  void aRedirectToTheCanonicalHostIsFollowedAndMatchesCanonical() {
    String canonical = "https://www.example.test/.well-known/security.txt";
    String body = file(Duration.ofDays(30)).replace("Canonical: " + URL, "Canonical: " + canonical);
    HttpFetch fetch = new HttpFetch(URL, List.of(redirect("app/sectxt", URL, canonical),
        ok(canonical, PLAIN_UTF8, body)), "final");

    List<Finding> findings = run(POLICY, fetch);

    assertThat(only(findings, "security_txt.present").observed()).contains("after 1 redirect");
    assertThat(subject(findings, "security_txt.format", "Canonical").status())
        .isEqualTo(Status.PASS);
  }

  @Test
  void aRedirectThatWasNotFollowedIsNotAPublishedFile() {
    HttpFetch fetch = new HttpFetch(URL,
        List.of(redirect("app/sectxt", URL, "https://elsewhere.example/security.txt")),
        "foreign host elsewhere.example (not a policy target; not followed)");

    Finding present = only(run(POLICY, fetch), "security_txt.present");

    assertThat(present.status()).isEqualTo(Status.FAIL);
    assertThat(present.observed()).contains("not followed").contains("foreign host");
  }

  @Test
  void aFailedFetchIsAnErrorForEveryVerdict() {
    HttpExchange failed = new HttpExchange("app/sectxt", "GET", URL, List.of(), 0, null, List.of(),
        "", 0, false, Artifact.sha256(""), NOW, 3, "connection refused or unreachable: x", null,
        List.of());

    List<Finding> findings = run(SIGNING_POLICY, fetchOf(failed));

    assertThat(findings).hasSize(6).extracting(Finding::status).containsOnly(Status.ERROR);
    assertThat(findings).allSatisfy(f -> assertThat(f.observed()).contains("connection refused"));
  }

  @Test
  void anUnobservedFileIsAnError() {
    List<Finding> findings = run(POLICY, null);

    assertThat(findings).hasSize(5).extracting(Finding::status).containsOnly(Status.ERROR);
  }

  // --- contacts -------------------------------------------------------------------------------

  @Test
  void aFileWithoutContactFails() {
    String body = "Expires: " + NOW.plus(Duration.ofDays(30)) + "\n";

    List<Finding> findings = run(POLICY, fetchOf(ok(URL, PLAIN_UTF8, body)));

    assertThat(subject(findings, "security_txt.contact", "Contact").status())
        .isEqualTo(Status.FAIL);
    Finding wanted = subject(findings, "security_txt.contact", "mailto:security@example.test");
    assertThat(wanted.status()).isEqualTo(Status.FAIL);
    assertThat(wanted.policyPointer()).isEqualTo("/security_txt/contacts/0");
    assertThat(wanted.policyLine()).isEqualTo(6);
  }

  @Test
  void policyContactsMatchWithoutCaseAndWithOrWithoutMailto() {
    String policy = POLICY.replace("[mailto:security@example.test]",
        "[Security@Example.test, \"https://app.example.test/report\", mailto:other@example.test]");

    List<Finding> findings =
        run(policy, fetchOf(ok(URL, PLAIN_UTF8, file(Duration.ofDays(30)))));

    assertThat(subject(findings, "security_txt.contact", "Security@Example.test").status())
        .isEqualTo(Status.PASS);
    assertThat(subject(findings, "security_txt.contact", "https://app.example.test/report")
        .status()).isEqualTo(Status.PASS);
    assertThat(subject(findings, "security_txt.contact", "mailto:other@example.test").status())
        .isEqualTo(Status.FAIL);
  }

  @Test
  void webContactsMustBeHttpsAndBareAddressesAreNotUris() {
    String body = file(Duration.ofDays(30))
        .replace("https://app.example.test/report", "http://app.example.test/report")
        + "Contact: security@example.test\n";

    List<Finding> findings = run(POLICY, fetchOf(ok(URL, PLAIN_UTF8, body)));

    assertThat(subject(findings, "security_txt.contact", "http://app.example.test/report")
        .status()).isEqualTo(Status.FAIL);
    Finding bare = subject(findings, "security_txt.contact", "security@example.test");
    assertThat(bare.status()).isEqualTo(Status.WARN);
    assertThat(bare.observed()).contains("mailto:security@example.test");
  }

  // --- expires --------------------------------------------------------------------------------

  @Test
  void expiresMustLieStrictlyAfterNow() {
    assertThat(expiresVerdict(Duration.ofSeconds(1))).isEqualTo(Status.PASS);
    assertThat(expiresVerdict(Duration.ZERO)).isEqualTo(Status.FAIL);
    assertThat(expiresVerdict(Duration.ofSeconds(-1))).isEqualTo(Status.FAIL);
    assertThat(expiresVerdict(Duration.ofDays(-400))).isEqualTo(Status.FAIL);
  }

  @Test
  void expiresFurtherThanThePolicyAllowsFails() {
    // The policy's default is 366d.
    assertThat(expiresVerdict(Duration.ofDays(366))).isEqualTo(Status.PASS);
    assertThat(expiresVerdict(Duration.ofDays(366).plusSeconds(1))).isEqualTo(Status.FAIL);
  }

  @Test
  void theExpiresBoundFollowsThePolicy() {
    String policy = POLICY + "  max_expires_in: 30d\n";
    String in31Days = file(Duration.ofDays(31));

    Finding f = only(run(policy, fetchOf(ok(URL, PLAIN_UTF8, in31Days))), "security_txt.expires");

    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).contains("31 days ahead, more than 30d");
    assertThat(f.policyPointer()).isEqualTo("/security_txt/max_expires_in");
    assertThat(f.policyLine()).isEqualTo(7);
  }

  @Test
  void anExpiredFileSaysWhenItExpired() {
    Finding f = expiresFinding(file(Duration.ofDays(-3)));

    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).isEqualTo("expired at " + NOW.minus(Duration.ofDays(3))
        + " (3 days ago)");
  }

  @Test
  void offsetsCountWhenComparingWithNow() {
    // One second after NOW, written in UTC+01:00, and one second before it in UTC-05:00.
    String after = NOW.plusSeconds(1).atOffset(ZoneOffset.ofHours(1)).toString();
    String before = NOW.minusSeconds(1).atOffset(ZoneOffset.ofHours(-5)).toString();

    assertThat(expiresFinding(withExpires(after)).status()).isEqualTo(Status.PASS);
    assertThat(expiresFinding(withExpires(before)).status()).isEqualTo(Status.FAIL);
  }

  @Test
  void missingDuplicateAndInvalidExpiresFail() {
    String missing = withExpires(null);
    String twice = file(Duration.ofDays(10)) + "Expires: " + NOW.plus(Duration.ofDays(20)) + "\n";
    String invalid = withExpires("Tue, 01 Dec 2026 00:00:00 GMT");

    Finding none = expiresFinding(missing);
    Finding dup = expiresFinding(twice);
    Finding bad = expiresFinding(invalid);

    assertThat(List.of(none, dup, bad)).extracting(Finding::status).containsOnly(Status.FAIL);
    assertThat(none.observed()).isEqualTo("no Expires field");
    assertThat(dup.observed()).isEqualTo("Expires appears 2 times (lines 4, 8)");
    assertThat(bad.observed()).contains("not an RFC 3339 date-time");
  }

  // --- format ---------------------------------------------------------------------------------

  @Test
  void contentTypeMustBePlainTextInUtf8() {
    assertThat(contentTypeVerdict("text/plain; charset=utf-8")).isEqualTo(Status.PASS);
    assertThat(contentTypeVerdict("text/plain;charset=UTF-8")).isEqualTo(Status.PASS);
    assertThat(contentTypeVerdict("TEXT/PLAIN; Charset=\"utf-8\"")).isEqualTo(Status.PASS);
    assertThat(contentTypeVerdict("text/plain")).isEqualTo(Status.FAIL);
    assertThat(contentTypeVerdict("text/plain; charset=iso-8859-1")).isEqualTo(Status.FAIL);
    assertThat(contentTypeVerdict("application/octet-stream")).isEqualTo(Status.FAIL);
    assertThat(contentTypeVerdict(null)).isEqualTo(Status.FAIL);
  }

  @Test
  void preferredLanguagesAtMostOnce() {
    String body = file(Duration.ofDays(30)) + "Preferred-Languages: de\n";

    Finding f = subject(run(POLICY, fetchOf(ok(URL, PLAIN_UTF8, body))), "security_txt.format",
        "Preferred-Languages");

    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).isEqualTo("2 times (lines 6, 8)");
  }

  @Test
  void canonicalMustListTheUrlFetched() {
    String body = file(Duration.ofDays(30)).replace("Canonical: " + URL,
        "Canonical: https://other.example.test/.well-known/security.txt");

    Finding f = subject(run(POLICY, fetchOf(ok(URL, PLAIN_UTF8, body))), "security_txt.format",
        "Canonical");

    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).contains("other.example.test");
  }

  @Test
  void noCanonicalIsNoCanonicalVerdict() {
    String body = file(Duration.ofDays(30)).replace("Canonical: " + URL + "\n", "");

    List<Finding> findings = run(POLICY, fetchOf(ok(URL, PLAIN_UTF8, body)));

    assertThat(findings).noneMatch(f -> f.subject().equals("Canonical"));
  }

  @Test
  void webUrisOfOtherFieldsMustBeHttps() {
    String body = file(Duration.ofDays(30)) + "Policy: http://app.example.test/policy\n"
        + "Hiring: https://app.example.test/jobs\n"
        + "Encryption: openpgp4fpr:5f2de5521c63a801ab59ccb603d49de44b29100f\n";

    List<Finding> findings = run(POLICY, fetchOf(ok(URL, PLAIN_UTF8, body)));

    Finding policy = subject(findings, "security_txt.format", "Policy");
    assertThat(policy.status()).isEqualTo(Status.FAIL);
    assertThat(policy.observed()).contains("http://app.example.test/policy").contains("line 8");
    assertThat(findings).noneMatch(f -> f.subject().equals("URIs"));
  }

  @Test
  void unknownFieldsAreFineButStrayLinesWarn() {
    String extended = file(Duration.ofDays(30)) + "CSAF: https://app.example.test/csaf.json\n";
    String stray = file(Duration.ofDays(30)) + "Email us: security at example dot test\n";

    Finding ok = subject(run(POLICY, fetchOf(ok(URL, PLAIN_UTF8, extended))),
        "security_txt.format", "syntax");
    Finding warn = subject(run(POLICY, fetchOf(ok(URL, PLAIN_UTF8, stray))),
        "security_txt.format", "syntax");

    assertThat(ok.status()).isEqualTo(Status.PASS);
    assertThat(warn.status()).isEqualTo(Status.WARN);
    assertThat(warn.observed()).startsWith("line 8: neither a field");
  }

  // --- signature ------------------------------------------------------------------------------

  @Test
  void anUnsignedFileFailsWhenASignatureIsRequired() {
    Finding f = only(run(SIGNING_POLICY, fetchOf(ok(URL, PLAIN_UTF8, file(Duration.ofDays(9))))),
        "security_txt.signature");

    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).isEqualTo("not signed");
    assertThat(f.policyPointer()).isEqualTo("/security_txt/require_signature");
  }

  @Test
  void aWellFramedSignaturePassesAndSaysItWasNotVerified() {
    String signed = SecurityTxtParserTest.SIGNED
        .replace("mailto:security@example.com", "mailto:security@example.test")
        .replace("2030-01-01T00:00:00.000Z", NOW.plus(Duration.ofDays(100)).toString())
        .replace("https://example.com/.well-known/security.txt", URL);

    List<Finding> findings = run(SIGNING_POLICY, fetchOf(ok(URL, PLAIN_UTF8, signed)));

    Finding f = only(findings, "security_txt.signature");
    assertThat(f.status()).isEqualTo(Status.PASS);
    assertThat(f.observed()).contains("SHA512").contains("not cryptographically verified");
    assertThat(findings).filteredOn(g -> !g.checkId().equals("security_txt.policy"))
        .extracting(Finding::status).containsOnly(Status.PASS);
  }

  @Test
  void aBrokenSignatureFails() {
    String cut = SecurityTxtParserTest.SIGNED.replace("-----END PGP SIGNATURE-----\n", "");

    Finding f = only(run(SIGNING_POLICY, fetchOf(ok(URL, PLAIN_UTF8, cut))),
        "security_txt.signature");

    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).startsWith("malformed cleartext signature").contains("END PGP");
  }

  // --- wiring ---------------------------------------------------------------------------------

  @Test
  void appliesOnlyWithASecurityTxtSectionAndNeedsTheFile() {
    LoadedPolicy with = load(POLICY);
    LoadedPolicy without = load(POLICY.substring(0, POLICY.indexOf("security_txt:")));

    assertThat(check.appliesTo(with.policy())).isTrue();
    assertThat(check.appliesTo(without.policy())).isFalse();
    assertThat(check.needs()).containsExactly(Aspect.SECURITY_TXT);
  }

  @Test
  void underADayTheDistanceIsInHoursMinutesOrSeconds() {
    assertThat(SecurityTxtCheck.days(Duration.ofHours(5))).isEqualTo("5 h");
    assertThat(SecurityTxtCheck.days(Duration.ofMinutes(5))).isEqualTo("5 min");
    assertThat(SecurityTxtCheck.days(Duration.ofSeconds(5))).isEqualTo("5 s");
    assertThat(SecurityTxtCheck.days(Duration.ofDays(1))).isEqualTo("1 day");
  }

  // --- helpers --------------------------------------------------------------------------------

  private Status expiresVerdict(Duration ahead) {
    return expiresFinding(file(ahead)).status();
  }

  private Finding expiresFinding(String body) {
    return only(run(POLICY, fetchOf(ok(URL, PLAIN_UTF8, body))), "security_txt.expires");
  }

  private Status contentTypeVerdict(String type) {
    return subject(run(POLICY, fetchOf(ok(URL, type, file(Duration.ofDays(30))))),
        "security_txt.format", "Content-Type").status();
  }

  /** The standard file with its Expires line replaced (or dropped when {@code value} is null). */
  private static String withExpires(String value) {
    String body = file(Duration.ofDays(30));
    String line = body.lines().filter(l -> l.startsWith("Expires:")).findFirst().orElseThrow();
    return body.replace(line + "\n", value == null ? "" : "Expires: " + value + "\n");
  }

  private List<Finding> run(String yaml, HttpFetch fetch) {
    LoadedPolicy loaded = load(yaml);
    TargetObservations obs = new TargetObservations("app", null, null, null, null, fetch);
    return check.evaluate(new CheckContext(StandardChecks.catalog(), loaded, loaded.policy().targets().get(0), obs, NOW));
  }

  private static LoadedPolicy load(String yaml) {
    return new PolicyLoader(name -> null, StandardChecks.catalog().ids())
        .load("test.yaml", yaml.getBytes(UTF_8));
  }

  private static Finding only(List<Finding> findings, String checkId) {
    List<Finding> matching = findings.stream().filter(f -> f.checkId().equals(checkId)).toList();
    assertThat(matching).as(checkId).hasSize(1);
    return matching.get(0);
  }

  private static Finding subject(List<Finding> findings, String checkId, String subject) {
    List<Finding> matching = findings.stream()
        .filter(f -> f.checkId().equals(checkId) && f.subject().equals(subject)).toList();
    assertThat(matching).as(checkId + " " + subject).hasSize(1);
    return matching.get(0);
  }

  static HttpFetch fetchOf(HttpExchange only) {
    return new HttpFetch(only.url(), List.of(only), only.failed() ? "error" : "final");
  }

  static HttpExchange ok(String url, String contentType, String body) {
    return response(url, 200, contentType, body);
  }

  static HttpExchange response(String url, int status, String contentType, String body) {
    List<Header> headers = new ArrayList<>();
    if (contentType != null) {
      headers.add(new Header("Content-Type", contentType));
    }
    byte[] bytes = body.getBytes(UTF_8);
    String id = url.equals(URL) ? "app/sectxt" : "app/sectxt-hop1";
    return new HttpExchange(id, "GET", url, List.of(new Header("User-Agent", "secaudit-test")),
        status, "HTTP/1.1", headers, body, bytes.length, false, Artifact.sha256(bytes), NOW, 4,
        null, null, List.of());
  }

  static HttpExchange redirect(String id, String from, String to) {
    return new HttpExchange(id, "GET", from, List.of(), 301, "HTTP/1.1",
        List.of(new Header("Location", to)), "", 0, false, Artifact.sha256(""), NOW, 2, null, null,
        List.of());
  }
}

package dev.secaudit.check.http;

import static dev.secaudit.check.http.Recorded.HOST;
import static dev.secaudit.check.http.Recorded.context;
import static dev.secaudit.check.http.Recorded.failure;
import static dev.secaudit.check.http.Recorded.fetch;
import static dev.secaudit.check.http.Recorded.observed;
import static dev.secaudit.check.http.Recorded.only;
import static dev.secaudit.check.http.Recorded.page;
import static dev.secaudit.check.http.Recorded.pages;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderRulesCheckTest {
  private final HeaderRulesCheck check = new HeaderRulesCheck();

  /** Runs {@code rules} (YAML under "headers:") against one page sending {@code headers}. */
  private List<Finding> run(String rules, String... headers) {
    return check.evaluate(context("headers:\n" + rules,
        observed(pages("/", page("app/page-1", "/", headers)))));
  }

  private Finding one(String header, String rules, String... headers) {
    return only(run(rules, headers), "header.rule", header);
  }

  @Test
  void appliesOnlyWhenThePolicyHasHeaderRules() {
    assertThat(check.appliesTo(Recorded.policy("headers: {X-A: {required: true}}\n").policy()))
        .isTrue();
    assertThat(check.appliesTo(Recorded.policy("").policy())).isFalse();
  }

  @Test
  void requiredHeaderMissingFails() {
    Finding f = one("X-Content-Type-Options", "  X-Content-Type-Options: {value: nosniff}\n");
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).isEqualTo("missing");
    assertThat(f.expected()).isEqualTo("sent; value 'nosniff'");
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(f.policyPointer()).isEqualTo("/headers/X-Content-Type-Options");
    assertThat(f.policyLine()).isEqualTo(6);
    assertThat(f.evidence()).containsExactly("app/page-1");
  }

  @Test
  void valueIsCaseInsensitiveAndExact() {
    String rule = "  X-Content-Type-Options: {value: nosniff}\n";
    Finding ok = one("X-Content-Type-Options", rule, "x-content-type-options", " NoSniff ");
    assertThat(ok.status()).isEqualTo(Status.PASS);
    assertThat(ok.observed()).isEqualTo("' NoSniff '");
    Finding bad = one("X-Content-Type-Options", rule, "X-Content-Type-Options", "nosniff2");
    assertThat(bad.status()).isEqualTo(Status.FAIL);
    assertThat(bad.observed()).isEqualTo("is 'nosniff2', expected 'nosniff'");
  }

  @Test
  void forbiddenHeader() {
    String rule = "  X-Powered-By: {required: false}\n";
    Finding sent = one("X-Powered-By", rule, "X-Powered-By", "Express");
    assertThat(sent.status()).isEqualTo(Status.FAIL);
    assertThat(sent.observed()).isEqualTo("sent ('Express') but must not be");
    assertThat(sent.expected()).isEqualTo("not sent");
    Finding absent = one("X-Powered-By", rule);
    assertThat(absent.status()).isEqualTo(Status.PASS);
    assertThat(absent.observed()).isEqualTo("not sent");
  }

  @Test
  void optionalHeaderIsJudgedOnlyWhenSent() {
    String rule = "  X-XSS-Protection: {required: optional, value: \"0\"}\n";
    // Not sent, the rule asked nothing: not applicable, never a PASS that counts as tested.
    Finding absent = one("X-XSS-Protection", rule);
    assertThat(absent.status()).isEqualTo(Status.NOT_APPLICABLE);
    assertThat(absent.observed()).isEqualTo("not sent (optional)");
    assertThat(absent.observedValue()).isEqualTo(new Value.Header("X-XSS-Protection", null));
    assertThat(absent.evidence()).isNotEmpty();
    Finding right = one("X-XSS-Protection", rule, "X-XSS-Protection", "0");
    assertThat(right.status()).isEqualTo(Status.PASS);
    Finding wrong = one("X-XSS-Protection", rule, "X-XSS-Protection", "1; mode=block");
    assertThat(wrong.status()).isEqualTo(Status.FAIL);
    assertThat(wrong.observed()).isEqualTo("is '1; mode=block', expected '0'");
  }

  @Test
  void valueOneOf() {
    String rule = "  Cross-Origin-Opener-Policy: {value_one_of: [same-origin,"
        + " same-origin-allow-popups]}\n";
    assertThat(one("Cross-Origin-Opener-Policy", rule, "Cross-Origin-Opener-Policy",
        "Same-Origin").status()).isEqualTo(Status.PASS);
    Finding bad = one("Cross-Origin-Opener-Policy", rule, "Cross-Origin-Opener-Policy",
        "unsafe-none");
    assertThat(bad.status()).isEqualTo(Status.FAIL);
    assertThat(bad.observed())
        .isEqualTo("is 'unsafe-none', expected one of [same-origin, same-origin-allow-popups]");
  }

  @Test
  void valueAnyOfJudgesEachCommaSeparatedItem() {
    String rule = "  Referrer-Policy: {value_any_of: [no-referrer,"
        + " strict-origin-when-cross-origin]}\n";
    assertThat(one("Referrer-Policy", rule, "Referrer-Policy",
        "no-referrer, strict-origin-when-cross-origin").status()).isEqualTo(Status.PASS);
    // Browsers apply the last policy they know (Referrer Policy §8.1): unsafe-url is only a
    // fallback there, named in a WARN; last, it is the policy in force and fails.
    Finding fallback = one("Referrer-Policy", rule, "Referrer-Policy", "unsafe-url, no-referrer");
    assertThat(fallback.status()).isEqualTo(Status.WARN);
    assertThat(fallback.observed()).isEqualTo("'unsafe-url, no-referrer'; browsers apply the"
        + " last policy they know (Referrer Policy §8.1): 'no-referrer'; the whole value has"
        + " [unsafe-url], not in [no-referrer, strict-origin-when-cross-origin]");
    Finding bad = one("Referrer-Policy", rule, "Referrer-Policy", "no-referrer, unsafe-url");
    assertThat(bad.status()).isEqualTo(Status.FAIL);
    assertThat(bad.observed()).endsWith(": 'unsafe-url', which has [unsafe-url], not in"
        + " [no-referrer, strict-origin-when-cross-origin]");
    Finding empty = one("Referrer-Policy", rule, "Referrer-Policy", " , ");
    assertThat(empty.status()).isEqualTo(Status.FAIL);
    assertThat(empty.observed()).startsWith("is empty");
  }

  @Test
  void mustContainNeedsEveryItem() {
    String rule = "  Cache-Control: {must_contain: [no-store, max-age=0]}\n";
    assertThat(one("Cache-Control", rule, "Cache-Control", "No-Store, Max-Age=0").status())
        .isEqualTo(Status.PASS);
    Finding bad = one("Cache-Control", rule, "Cache-Control", "no-store");
    assertThat(bad.status()).isEqualTo(Status.FAIL);
    assertThat(bad.observed()).isEqualTo("lacks [max-age=0]");
  }

  @Test
  void mustContainOneNeedsAnyItem() {
    String rule = "  Cache-Control: {must_contain_one: [no-store, private]}\n";
    assertThat(one("Cache-Control", rule, "Cache-Control", "private, max-age=60").status())
        .isEqualTo(Status.PASS);
    Finding bad = one("Cache-Control", rule, "Cache-Control", "public, max-age=60");
    assertThat(bad.status()).isEqualTo(Status.FAIL);
    assertThat(bad.observed()).isEqualTo("contains none of [no-store, private]");
  }

  @Test
  void mustAvoidRejectsEveryListedItem() {
    String rule = "  Content-Security-Policy: {must_avoid: [\"'unsafe-inline'\","
        + " \"'unsafe-eval'\"]}\n";
    assertThat(one("Content-Security-Policy", rule, "Content-Security-Policy",
        "default-src 'self'").status()).isEqualTo(Status.PASS);
    Finding bad = one("Content-Security-Policy", rule, "Content-Security-Policy",
        "script-src 'self' 'UNSAFE-INLINE'");
    assertThat(bad.status()).isEqualTo(Status.FAIL);
    assertThat(bad.observed()).isEqualTo("contains ['unsafe-inline'], which it must avoid");
  }

  @Test
  void directivesWithEqualsSign() {
    String rule = """
          Strict-Transport-Security:
            directives:
              max-age: {value_one_of: ["31536000", "63072000"]}
              includeSubDomains: {required: true}
              preload: {required: false}
        """;
    Finding ok = one("Strict-Transport-Security", rule, "Strict-Transport-Security",
        "max-age=\"63072000\"; includesubdomains");
    assertThat(ok.status()).isEqualTo(Status.PASS);
    Finding bad = one("Strict-Transport-Security", rule, "Strict-Transport-Security",
        "max-age=300; preload");
    assertThat(bad.status()).isEqualTo(Status.FAIL);
    assertThat(bad.observed()).isEqualTo(
        "directive max-age: is '300', expected one of [31536000, 63072000];"
            + " directive includeSubDomains: missing;"
            + " directive preload: sent ('') but must not be");
    assertThat(bad.expected()).contains("directive max-age (sent; value one of");
  }

  @Test
  void directivesWithSpaceSeparatedValues() {
    String rule = """
          Content-Security-Policy:
            directives:
              object-src: {value: "'none'"}
              script-src: {must_avoid: ["'unsafe-inline'"], severity: high}
        """;
    Finding ok = one("Content-Security-Policy", rule, "Content-Security-Policy",
        "default-src 'self'; Object-Src 'none'; script-src 'self' https://cdn.example");
    assertThat(ok.status()).isEqualTo(Status.PASS);
    Finding bad = one("Content-Security-Policy", rule, "Content-Security-Policy",
        "object-src 'none'; script-src 'self' 'unsafe-inline'");
    assertThat(bad.status()).isEqualTo(Status.FAIL);
    assertThat(bad.observed())
        .isEqualTo("directive script-src: contains ['unsafe-inline'], which it must avoid");
    assertThat(bad.severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void directiveParsingKeepsTheFirstOccurrence() {
    assertThat(HeaderRulesCheck.directives("a=1; B \"two\" ; a=3;; c"))
        .containsExactly(java.util.Map.entry("a", "1"), java.util.Map.entry("b", "two"),
            java.util.Map.entry("c", ""));
  }

  @Test
  void severityComesFromTheRule() {
    Finding f = one("Permissions-Policy", "  Permissions-Policy: {required: true,"
        + " severity: low}\n");
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.severity()).isEqualTo(Severity.LOW);
  }

  @Test
  void repeatedHeaderIsJudgedCombined() {
    Finding f = one("Cache-Control", "  Cache-Control: {must_contain: [no-store, max-age=0]}\n",
        "Cache-Control", "no-store", "Cache-Control", "max-age=0");
    assertThat(f.status()).isEqualTo(Status.PASS);
    assertThat(f.observed())
        .isEqualTo("sent 2 times, judged the combined value 'no-store, max-age=0': meets the rule");
    Finding bad = one("X-Frame-Options", "  X-Frame-Options: {value: DENY}\n",
        "X-Frame-Options", "DENY", "X-Frame-Options", "DENY");
    assertThat(bad.status()).isEqualTo(Status.FAIL);
    assertThat(bad.observed()).isEqualTo(
        "sent 2 times, judged the combined value 'DENY, DENY': is 'DENY, DENY', expected 'DENY'");
  }

  @Test
  void onePerHeaderAndPageWithThePageInTheSubject() {
    List<Finding> f = check.evaluate(context(
        "headers:\n  X-Content-Type-Options: {value: nosniff}\n  X-Powered-By: {required: false}\n",
        observed(pages(
            "/", page("app/page-1", "/", "X-Content-Type-Options", "nosniff"),
            "/login", page("app/page-2", "/login", "X-Powered-By", "PHP")))));
    assertThat(f).extracting(Finding::subject).containsExactly(
        "X-Content-Type-Options", "X-Powered-By",
        "X-Content-Type-Options on /login", "X-Powered-By on /login");
    assertThat(f).extracting(Finding::status)
        .containsExactly(Status.PASS, Status.PASS, Status.FAIL, Status.FAIL);
    assertThat(f.get(3).evidence()).containsExactly("app/page-2");
  }

  /**
   * A user once read an unnamed FAIL on a loop's last 302 as the page's; an ERROR then stood
   * beside csp.* and hsts.* judging that same answer (a blind review). The answer is judged and
   * named, as those checks name it.
   */
  @Test
  void aRedirectLoopIsJudgedOnItsLastAnswerAndSaysSo() {
    String home = "https://" + HOST + "/";
    List<Finding> f = check.evaluate(context("headers:\n  X-Frame-Options: {required: true}\n",
        observed(pages("/", fetch("redirect loop",
            Recorded.answer("app/page-1", home, 302, "Location", "/a"),
            Recorded.answer("app/page-1-hop1", home + "a", 302, "Location", "/"))))));
    assertThat(f).hasSize(1).extracting(Finding::status).containsOnly(Status.FAIL);
    assertThat(f.get(0).observed()).isEqualTo("judged the 302 answer of " + home
        + "a (redirect loop): missing");
    assertThat(f.get(0).evidence()).containsExactly("app/page-1-hop1");
  }

  /** A hop after a redirect that failed is named by its own URL. */
  @Test
  void aFailedRedirectTargetIsNamed() {
    String home = "https://" + HOST + "/";
    Finding f = frameOptionsOnHome(fetch("error",
        Recorded.answer("app/page-1", home, 302, "Location", "/next"),
        failure("app/page-1-hop1", home + "next", "timed out (x)")));
    assertThat(f.observed()).isEqualTo("could not fetch " + home + "next (redirect 1 from "
        + home + "): timed out (x)");
  }

  /** The one finding of a required X-Frame-Options rule on a home page that gave no page. */
  private Finding frameOptionsOnHome(dev.secaudit.probe.http.HttpFetch walk) {
    List<Finding> f = check.evaluate(context("headers:\n  X-Frame-Options: {required: true}\n",
        observed(pages("/", walk))));
    assertThat(f).hasSize(1).extracting(Finding::status).containsOnly(Status.ERROR);
    return f.get(0);
  }

  @Test
  void failedPageIsAnErrorForEveryRule() {
    List<Finding> f = check.evaluate(context(
        "headers:\n  X-Content-Type-Options: {value: nosniff}\n  X-Powered-By: {required: false}\n",
        observed(pages("/", fetch("error",
            failure("app/page-1", "https://" + HOST + "/", "TLS handshake failed: boom"))))));
    assertThat(f).hasSize(2).extracting(Finding::status).containsOnly(Status.ERROR);
    assertThat(f.get(0).observed())
        .isEqualTo("could not fetch https://" + HOST + "/: TLS handshake failed: boom");
  }

  @Test
  void owaspPresetRunsEveryRule() {
    List<Finding> f = check.evaluate(context("extends: [owasp-headers]\n",
        observed(pages("/", page("app/page-1", "/",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Permissions-Policy", "camera=()",
            "Cross-Origin-Opener-Policy", "same-origin",
            "Cross-Origin-Resource-Policy", "same-origin")))));
    int rules = Recorded.policy("extends: [owasp-headers]\n").policy().headers().size();
    assertThat(f).hasSize(rules);
    // The preset's optional headers not sent did not apply; every header sent passed.
    assertThat(f).filteredOn(x -> x.status() == Status.NOT_APPLICABLE)
        .allSatisfy(x -> assertThat(x.observed()).isEqualTo("not sent (optional)"));
    assertThat(f).filteredOn(x -> x.status() != Status.NOT_APPLICABLE)
        .extracting(Finding::status).containsOnly(Status.PASS).hasSizeGreaterThanOrEqualTo(5);
  }
}

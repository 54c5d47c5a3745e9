package dev.secaudit.check.http;

import static dev.secaudit.check.http.Recorded.HOST;
import static dev.secaudit.check.http.Recorded.answer;
import static dev.secaudit.check.http.Recorded.context;
import static dev.secaudit.check.http.Recorded.failure;
import static dev.secaudit.check.http.Recorded.fetch;
import static dev.secaudit.check.http.Recorded.observed;
import static dev.secaudit.check.http.Recorded.only;
import static dev.secaudit.check.http.Recorded.page;
import static dev.secaudit.check.http.Recorded.pages;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.probe.http.HttpFetch;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FramingCheckTest {
  private static final String POLICY = "framing: {required: true}\n";
  private static final String CSP = "Content-Security-Policy";
  private static final String XFO = "X-Frame-Options";

  private final FramingCheck check = new FramingCheck();

  private Finding run(String... headers) {
    return only(check.evaluate(context(POLICY,
        observed(pages("/", page("app/page-1", "/", headers))))), "header.framing", "/");
  }

  @Test
  void onlyDocumentsABrowserRendersAreJudged() {
    // A blind review: an nginx-served stylesheet without X-Frame-Options was a FAIL, and made
    // "Do you protect against clickjacking?" No for a site whose every page refuses framing.
    List<Finding> found = check.evaluate(context(POLICY, observed(pages(
        "/", page("app/page-1", "/", "Content-Type", "text/html; charset=utf-8", XFO, "DENY"),
        "/app.css", page("app/page-2", "/app.css", "Content-Type", "text/css"),
        "/logo.svg", page("app/page-3", "/logo.svg", "Content-Type", "image/svg+xml"),
        "/x", page("app/page-4", "/x")))));
    assertThat(only(found, "header.framing", "/").status()).isEqualTo(Status.PASS);
    Finding css = only(found, "header.framing", "/app.css");
    assertThat(css.status()).isEqualTo(Status.NOT_APPLICABLE);
    assertThat(css.observedValue()).isEqualTo(new dev.secaudit.model.Value.Setting("Content-Type",
        "text/css"));
    assertThat(css.observed()).startsWith("not judged: Content-Type text/css is not a document");
    assertThat(css.evidence()).containsExactly("app/page-2");
    // SVG can carry links and script; a response without a type may be sniffed as HTML.
    assertThat(only(found, "header.framing", "/logo.svg").status()).isEqualTo(Status.FAIL);
    assertThat(only(found, "header.framing", "/x").status()).isEqualTo(Status.FAIL);
  }

  @Test
  void appliesOnlyWhenRequired() {
    assertThat(check.appliesTo(Recorded.policy(POLICY).policy())).isTrue();
    assertThat(check.appliesTo(Recorded.policy("framing: {required: false}\n").policy()))
        .isFalse();
    assertThat(check.appliesTo(Recorded.policy("").policy())).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"frame-ancestors 'none'", "default-src 'self'; FRAME-ANCESTORS 'SELF'",
      "frame-ancestors 'self' https://partner.example", "frame-ancestors", "frame-ancestors ;"})
  void restrictiveFrameAncestorsPasses(String csp) {
    Finding f = run(CSP, csp);
    assertThat(f.status()).isEqualTo(Status.PASS);
    assertThat(f.observed()).startsWith("CSP frame-ancestors ");
    assertThat(f.evidence()).containsExactly("app/page-1");
    assertThat(f.policyPointer()).isEqualTo("/framing/required");
  }

  @Test
  void emptySourceListIsShownAsNone() {
    assertThat(run(CSP, "frame-ancestors").observed())
        .isEqualTo("CSP frame-ancestors (empty: same as 'none')");
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "https:", "'self' *", "http: https:"})
  void wildcardFrameAncestorsFails(String sources) {
    Finding f = run(CSP, "frame-ancestors " + sources);
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).contains("lets any site frame the page");
  }

  @Test
  void wildcardSubdomainsWarn() {
    Finding f = run(CSP, "frame-ancestors https://*.example.com");
    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.observed()).isEqualTo("CSP frame-ancestors https://*.example.com (allows every"
        + " subdomain matching https://*.example.com)");
  }

  @Test
  void frameAncestorsWinsOverXFrameOptions() {
    Finding good = run(CSP, "frame-ancestors 'self'", XFO, "DENY");
    assertThat(good.status()).isEqualTo(Status.PASS);
    assertThat(good.observed()).isEqualTo("CSP frame-ancestors 'self'; X-Frame-Options: DENY also"
        + " sent, but frame-ancestors wins in modern browsers");
    Finding bad = run(CSP, "frame-ancestors *", XFO, "DENY");
    assertThat(bad.status()).isEqualTo(Status.FAIL);
    assertThat(bad.observed()).contains("frame-ancestors wins");
  }

  @Test
  void strictestOfSeveralPoliciesDecides() {
    assertThat(run(CSP, "frame-ancestors *", CSP, "frame-ancestors 'none'").status())
        .isEqualTo(Status.PASS);
    assertThat(run(CSP, "frame-ancestors *, frame-ancestors 'self'").status())
        .isEqualTo(Status.PASS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"DENY", "deny", "SAMEORIGIN", " SameOrigin "})
  void xFrameOptionsDenyOrSameOriginPasses(String value) {
    Finding f = run(XFO, value);
    assertThat(f.status()).isEqualTo(Status.PASS);
    assertThat(f.observed()).isEqualTo("X-Frame-Options: " + value + " (no CSP frame-ancestors)");
  }

  @Test
  void cspWithoutFrameAncestorsFallsBackToXFrameOptions() {
    assertThat(run(CSP, "default-src 'self'", XFO, "SAMEORIGIN").status())
        .isEqualTo(Status.PASS);
    assertThat(run(CSP, "default-src 'self'").status()).isEqualTo(Status.FAIL);
  }

  @Test
  void allowFromIsObsolete() {
    Finding f = run(XFO, "ALLOW-FROM https://partner.example");
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).contains("ALLOW-FROM is obsolete");
  }

  @Test
  void repeatedXFrameOptionsMustAgree() {
    assertThat(run(XFO, "DENY", XFO, "deny").status()).isEqualTo(Status.PASS);
    // A conflicting set naming deny or sameorigin blocks every framing (HTML standard).
    assertThat(run(XFO, "DENY", XFO, "SAMEORIGIN").status()).isEqualTo(Status.PASS);
    assertThat(run(XFO, "SAMEORIGIN", XFO, "nonsense").status()).isEqualTo(Status.PASS);
    assertThat(run(XFO, "nonsense", XFO, "other").status()).isEqualTo(Status.FAIL);
    assertThat(run(XFO, "ALLOWALL").status()).isEqualTo(Status.FAIL);
  }

  @Test
  void nothingSentFails() {
    Finding f = run();
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).isEqualTo("neither CSP frame-ancestors nor X-Frame-Options sent");
  }

  @Test
  void metaFrameAncestorsIsIgnored() {
    HttpFetch withMeta = fetch("final", Recorded.withMetaCsp(
        answer("app/page-1", "https://" + HOST + "/", 200), "frame-ancestors 'none'"));
    Finding f = only(check.evaluate(context(POLICY, observed(pages("/", withMeta)))),
        "header.framing", "/");
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).contains("frame-ancestors in a <meta> CSP is ignored");
  }

  @Test
  void reportOnlyFrameAncestorsDoesNotProtect() {
    Finding f = run("Content-Security-Policy-Report-Only", "frame-ancestors 'none'");
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).contains("Report-Only frame-ancestors only reports");
  }

  @Test
  void onePerPageAndErrorsForFailedPages() {
    List<Finding> f = check.evaluate(context(POLICY, observed(pages(
        "/", page("app/page-1", "/", XFO, "DENY"),
        "/embed", page("app/page-2", "/embed", CSP, "frame-ancestors *"),
        "/down", fetch("error", failure("app/page-3", "https://" + HOST + "/down",
            "connection refused or unreachable: x"))))));
    assertThat(f).extracting(Finding::subject).containsExactly("/", "/embed", "/down");
    assertThat(f).extracting(Finding::status)
        .containsExactly(Status.PASS, Status.FAIL, Status.ERROR);
    assertThat(f.get(2).observed()).isEqualTo("could not fetch https://" + HOST
        + "/down: connection refused or unreachable: x");
  }

  @Test
  void frameAncestorsParsing() {
    assertThat(FramingCheck.frameAncestorsOf("default-src 'self'")).isNull();
    assertThat(FramingCheck.frameAncestorsOf(" Frame-Ancestors\t'self'  https://a.example ; x"))
        .containsExactly("'self'", "https://a.example");
    assertThat(FramingCheck.frameAncestorsOf("frame-ancestors 'none'; frame-ancestors *"))
        .containsExactly("'none'");
  }
}

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
import dev.secaudit.model.Value;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpFetch;
import dev.secaudit.probe.http.TlsInfo;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HstsCheckTest {
  private static final String STS = "Strict-Transport-Security";
  private static final String POLICY = "hsts: {min_max_age: 1y, include_subdomains: true}\n";
  private static final String PRELOAD = "hsts: {min_max_age: 1y, include_subdomains: true,"
      + " preload: true}\n";

  private final HstsCheck check = new HstsCheck();

  private List<Finding> run(String policy, TargetObservations obs) {
    return check.evaluate(context(policy, obs));
  }

  private static TargetObservations home(String... headers) {
    return observed(pages("/", page("app/page-1", "/", headers)));
  }

  /** http://host/ → 301 https://host/ → 200. */
  private static HttpFetch sameHostWalk() {
    return fetch("final",
        answer("app/http", "http://" + HOST + "/", 301, "Location", "https://" + HOST + "/"),
        answer("app/http-hop1", "https://" + HOST + "/", 200));
  }

  @Nested
  class Parser {
    @Test
    void plainMaxAge() {
      StrictTransportSecurity sts = StrictTransportSecurity.parse("max-age=31536000");
      assertThat(sts.valid()).isTrue();
      assertThat(sts.maxAge()).isEqualTo(31_536_000L);
      assertThat(sts.includeSubDomains()).isFalse();
      assertThat(sts.preload()).isFalse();
      assertThat(sts.notes()).isEmpty();
    }

    @Test
    void quotedMaxAgeIsAllowed() {
      StrictTransportSecurity sts = StrictTransportSecurity.parse("max-age=\"31536000\"; includeSubDomains");
      assertThat(sts.valid()).isTrue();
      assertThat(sts.maxAge()).isEqualTo(31_536_000L);
      assertThat(sts.includeSubDomains()).isTrue();
    }

    @Test
    void namesAreCaseInsensitiveAndSpacesAreAllowed() {
      StrictTransportSecurity sts = StrictTransportSecurity.parse("  MAX-AGE = 63072000 ;INCLUDESUBDOMAINS;   Preload  ");
      assertThat(sts.valid()).isTrue();
      assertThat(sts.maxAge()).isEqualTo(63_072_000L);
      assertThat(sts.includeSubDomains()).isTrue();
      assertThat(sts.preload()).isTrue();
    }

    @Test
    void emptyDirectivesAreSkipped() {
      StrictTransportSecurity sts = StrictTransportSecurity.parse(";; max-age=123 ; ;");
      assertThat(sts.valid()).isTrue();
      assertThat(sts.maxAge()).isEqualTo(123);
    }

    @Test
    void unknownDirectivesAreIgnoredButNoted() {
      StrictTransportSecurity sts = StrictTransportSecurity.parse("pumpkin=kitten; max-age=123; animal=\"squirrel; distinguished\"");
      assertThat(sts.valid()).isTrue();
      assertThat(sts.maxAge()).isEqualTo(123);
      assertThat(sts.notes()).hasSize(2);
      assertThat(sts.notes().get(0)).contains("pumpkin");
      assertThat(sts.notes().get(1)).contains("animal");
    }

    @Test
    void hugeMaxAgeSaturates() {
      assertThat(StrictTransportSecurity.parse("max-age=99999999999999999999999").maxAge()).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", ";", "includeSubDomains", "max-age", "max-age=", "max-age=;",
        "max-age=12a", "max-age=-1", "max-age=+1", "max-age=1.5", "max-age==1",
        "max-age=1; max-age=2", "max-age=1; MaX-AgE=2",
        "max-age=1; includeSubDomains; INCLUDESUBDOMAINS", "max-age=1 includeSubDomains",
        "max-age=1; includeSubDomains=true", "max-age=1; \"", "max-age=\"1",
        "'max-age'=1", "max-age=1; in\"cludeSubDomains"})
    void invalidHeadersAreRejectedWithAReason(String value) {
      StrictTransportSecurity sts = StrictTransportSecurity.parse(value);
      assertThat(sts.valid()).as(value).isFalse();
      assertThat(sts.problem()).as(value).isNotBlank();
    }
  }

  @Test
  void missingHeaderFailsHeaderAndMaxAge() {
    List<Finding> f = run(POLICY, home());
    Finding header = only(f, "hsts.header");
    assertThat(header.status()).isEqualTo(Status.FAIL);
    assertThat(header.observed()).isEqualTo("not sent");
    assertThat(header.evidence()).containsExactly("app/page-1");
    assertThat(only(f, "hsts.max_age").status()).isEqualTo(Status.FAIL);
    assertThat(only(f, "hsts.include_subdomains").status()).isEqualTo(Status.FAIL);
    assertThat(f).extracting(Finding::checkId).doesNotContain("hsts.preload");
  }

  @Test
  void aPageReachedThroughARedirectNamesTheAnswerJudged() {
    // The redirect sent the header and the page it led to did not: "not sent" alone read as
    // the URL asked for.
    HttpFetch walk = fetch("final",
        answer("app/page-1", "https://" + HOST + "/", 302, "Location", "/home", STS,
            "max-age=31536000; includeSubDomains"),
        answer("app/page-1-hop1", "https://" + HOST + "/home", 200));
    Finding header = only(run(POLICY, observed(pages("/", walk))), "hsts.header");
    assertThat(header.status()).isEqualTo(Status.FAIL);
    assertThat(header.observed()).isEqualTo("judged the 200 answer of https://" + HOST
        + "/home, reached by https://" + HOST + "/ (302) → https://" + HOST + "/home: not sent");
  }

  @Test
  void goodHeaderPassesEverything() {
    List<Finding> f = run(POLICY, home(STS, "max-age=31536000; includeSubDomains"));
    assertThat(f).extracting(Finding::status).containsOnly(Status.PASS);
    Finding maxAge = only(f, "hsts.max_age");
    assertThat(maxAge.observed()).isEqualTo("max-age=31536000 (365 days)");
    assertThat(maxAge.expected()).isEqualTo("max-age ≥ 31536000 s (365 days)");
    assertThat(maxAge.policyPointer()).isEqualTo("/hsts/min_max_age");
    assertThat(maxAge.policyLine()).isEqualTo(5);
    assertThat(maxAge.target()).isEqualTo("app");
    assertThat(maxAge.time()).isEqualTo(Recorded.NOW);
  }

  /**
   * A judged page with HSTS passes (the browser keeps it for the host), and the HTTPS answers
   * the scan recorded without it are named, so "sent on every response" is not read into it.
   */
  @Test
  void otherHttpsAnswersWithoutTheHeaderAreNamed() {
    String sts = "max-age=31536000; includeSubDomains";
    HttpFetch securityTxt = fetch("final", answer("app/security-txt", "https://" + HOST
        + "/.well-known/security.txt", 200));
    HttpFetch plain = fetch("final",
        answer("app/http", "http://" + HOST + "/", 301, "Location", "https://" + HOST + "/"),
        answer("app/http-hop1", "https://" + HOST + "/", 200, STS, sts));
    TargetObservations obs = new TargetObservations("app", pages("/", page("app/page-1", "/",
        STS, sts)), plain, null, List.of(), securityTxt, null, List.of(), null, List.of());
    Finding header = only(check.evaluate(Recorded.context(POLICY, obs)), "hsts.header");
    assertThat(header.status()).isEqualTo(Status.PASS);
    assertThat(header.expected()).contains("on each HTTPS page judged");
    assertThat(header.observed()).endsWith("; not sent on another HTTPS response the scan"
        + " recorded: https://" + HOST + "/.well-known/security.txt (200)");
  }

  @Test
  void twoHeadersFail() {
    List<Finding> f = run(POLICY, home(STS, "max-age=31536000", STS, "max-age=63072000"));
    Finding header = only(f, "hsts.header");
    assertThat(header.status()).isEqualTo(Status.FAIL);
    assertThat(header.observed()).startsWith("sent 2 times (max-age=31536000 | max-age=63072000);"
        + " RFC 6797 §6.1 allows one, and browsers process only the first (§8.1)");
    // The directives are judged as browsers keep them: from the first header.
    assertThat(only(f, "hsts.max_age").observed()).isEqualTo("max-age=31536000 (365 days)");
  }

  @Test
  void maxAgeZeroParsesButSwitchesHstsOff() {
    // Not only a short max-age: browsers drop the host from HSTS, so "HSTS is sent" is not true
    // in effect, and a baseline whose max-age was merely short must see a new failure.
    List<Finding> f = run(POLICY, home(STS, "max-age=0; includeSubDomains"));
    Finding header = only(f, "hsts.header");
    assertThat(header.status()).isEqualTo(Status.FAIL);
    assertThat(header.observed()).contains("HSTS is off");
    Finding maxAge = only(f, "hsts.max_age");
    assertThat(maxAge.status()).isEqualTo(Status.FAIL);
    assertThat(maxAge.observed()).startsWith("max-age=0 (0 days)").contains("forget HSTS");
  }

  @Test
  void shortMaxAgeShowsDays() {
    Finding maxAge = only(run("hsts: {min_max_age: 2y}\n", home(STS, "max-age=43200")),
        "hsts.max_age");
    assertThat(maxAge.status()).isEqualTo(Status.FAIL);
    assertThat(maxAge.observed()).isEqualTo("max-age=43200 (0.5 days)");
    assertThat(maxAge.expected()).isEqualTo("max-age ≥ 63072000 s (730 days)");
  }

  @Test
  void quotedAndUppercaseHeadersAreUnderstood() {
    List<Finding> f = run(POLICY, home(STS, "MAX-AGE=\"31536000\"; INCLUDESUBDOMAINS"));
    assertThat(f).extracting(Finding::status).containsOnly(Status.PASS);
  }

  @Test
  void headerWithoutMaxAgeIsInvalid() {
    List<Finding> f = run(POLICY, home(STS, "includeSubDomains; preload"));
    Finding header = only(f, "hsts.header");
    assertThat(header.status()).isEqualTo(Status.FAIL);
    assertThat(header.observed()).contains("max-age is missing").contains("browsers ignore it");
    assertThat(only(f, "hsts.include_subdomains").observed()).contains("no valid");
  }

  @Test
  void includeSubdomainsFalseMeansItMustBeAbsent() {
    String policy = "hsts: {min_max_age: 1d, include_subdomains: false}\n";
    assertThat(only(run(policy, home(STS, "max-age=86400; includeSubDomains")),
        "hsts.include_subdomains").status()).isEqualTo(Status.FAIL);
    assertThat(only(run(policy, home(STS, "max-age=86400")), "hsts.include_subdomains").status())
        .isEqualTo(Status.PASS);
  }

  @Test
  void includeSubdomainsUnsetIsNotJudged() {
    List<Finding> f = run("hsts: {min_max_age: 1d}\n", home(STS, "max-age=86400"));
    assertThat(f).extracting(Finding::checkId).containsExactly("hsts.header", "hsts.max_age");
  }

  @Test
  void notRequiredAndAbsentIsNotApplicableThroughout() {
    // Nothing sent and nothing required: no rule applied, so no PASS and no skip (a skip would
    // name HSTS as untested in the gate's sentence).
    List<Finding> f = run("hsts: {required: false, include_subdomains: true}\n", home());
    assertThat(only(f, "hsts.header").status()).isEqualTo(Status.NOT_APPLICABLE);
    assertThat(only(f, "hsts.header").observed())
        .isEqualTo("not sent (the policy does not require it)");
    assertThat(only(f, "hsts.max_age").status()).isEqualTo(Status.NOT_APPLICABLE);
    assertThat(only(f, "hsts.include_subdomains").status()).isEqualTo(Status.NOT_APPLICABLE);
  }

  @Test
  void headerOverPlainHttpIsNotedButNotCounted() {
    HttpFetch page = fetch("final",
        answer("app/page-1", "http://" + HOST + "/", 200, STS, "max-age=31536000"));
    HttpFetch walk = fetch("final",
        answer("app/http", "http://" + HOST + "/", 200, STS, "max-age=31536000"));
    Finding header = only(run(POLICY, observed(pages("/", page), walk, null)), "hsts.header");
    assertThat(header.status()).isEqualTo(Status.FAIL);
    assertThat(header.observed()).contains("is not HTTPS")
        .contains("also sent over plain HTTP on http://" + HOST + "/");
  }

  @Test
  void pageThatCouldNotBeFetchedIsAnError() {
    HttpFetch broken = fetch("error",
        failure("app/page-1", "https://" + HOST + "/", "connection refused or unreachable: x"));
    List<Finding> f = run(POLICY, observed(pages("/", broken)));
    for (String id : List.of("hsts.header", "hsts.max_age", "hsts.include_subdomains")) {
      Finding one = only(f, id);
      assertThat(one.status()).as(id).isEqualTo(Status.ERROR);
      assertThat(one.observed()).as(id).contains("connection refused or unreachable: x");
    }
  }

  @Test
  void noPagesAtAllIsAnError() {
    Finding header = only(run(POLICY, observed(pages())), "hsts.header");
    assertThat(header.status()).isEqualTo(Status.ERROR);
  }

  @Test
  void severalPagesAreListedWhenTheyDiffer() {
    TargetObservations obs = observed(pages(
        "/", page("app/page-1", "/", STS, "max-age=31536000; includeSubDomains"),
        "/login", page("app/page-2", "/login")));
    Finding header = only(run(POLICY, obs), "hsts.header");
    assertThat(header.status()).isEqualTo(Status.FAIL);
    assertThat(header.observed())
        .isEqualTo("/: 'max-age=31536000; includeSubDomains'; /login: not sent");
    assertThat(header.evidence()).containsExactly("app/page-1", "app/page-2");
  }

  @Test
  void maxAgeIsJudgedWhereTheHeaderIsSent() {
    // A JSON path without the header beside pages sending two years: the missing header is
    // hsts.header's failure; max-age and includeSubDomains are read where it was sent.
    String two = "max-age=63072000; includeSubDomains";
    TargetObservations obs = observed(pages(
        "/", page("app/page-1", "/", STS, two),
        "/api/items", page("app/page-2", "/api/items", "Content-Type", "application/json")));
    List<Finding> f = run(POLICY, obs);
    assertThat(only(f, "hsts.header").status()).isEqualTo(Status.FAIL);
    assertThat(only(f, "hsts.max_age").status()).isEqualTo(Status.PASS);
    assertThat(only(f, "hsts.max_age").observed()).contains("/: max-age=63072000 (730 days)",
        "/api/items: no valid Strict-Transport-Security header (see hsts.header)");
    assertThat(only(f, "hsts.include_subdomains").status()).isEqualTo(Status.PASS);
    // A short max-age where it is sent still fails, and no header anywhere fails as before.
    TargetObservations shortAge = observed(pages(
        "/", page("app/page-1", "/", STS, "max-age=600; includeSubDomains"),
        "/api/items", page("app/page-2", "/api/items")));
    assertThat(only(run(POLICY, shortAge), "hsts.max_age").status()).isEqualTo(Status.FAIL);
    TargetObservations none = observed(pages("/", page("app/page-1", "/"),
        "/api/items", page("app/page-2", "/api/items")));
    assertThat(only(run(POLICY, none), "hsts.max_age").status()).isEqualTo(Status.FAIL);
  }

  @Test
  void pagesThatHadItInForceAreCounted() {
    // A static file without the header beside pages that send it: the header rule fails, and
    // the finding says on how many pages HSTS was in force (browsers keep it for the host).
    TargetObservations obs = observed(pages(
        "/", page("app/page-1", "/", STS, "max-age=31536000; includeSubDomains"),
        "/login", page("app/page-2", "/login", STS, "max-age=31536000; includeSubDomains"),
        "/app.css", page("app/page-3", "/app.css", "Content-Type", "text/css"),
        "/bad", page("app/page-4", "/bad", STS, "max-age=abc")));
    Finding header = only(run(POLICY, obs), "hsts.header");
    assertThat(header.status()).isEqualTo(Status.FAIL);
    assertThat(header.observedValue()).isEqualTo(new Value.Count(2, 4L));
    // Agreeing pages keep their one value; none in force is no count.
    Finding none = only(run(POLICY, observed(pages("/", page("app/page-1", "/"),
        "/a", page("app/page-2", "/a")))), "hsts.header");
    assertThat(none.observedValue() instanceof Value.Count).isFalse();
  }

  @Nested
  class Preload {
    private static final String READY = "max-age=63072000; includeSubDomains; preload";

    @Test
    void eligibleSitePasses() {
      TargetObservations obs = observed(pages("/", page("app/page-1", "/", STS, READY)),
          sameHostWalk(), null);
      Finding f = only(run(PRELOAD, obs), "hsts.preload");
      assertThat(f.status()).isEqualTo(Status.PASS);
      assertThat(f.observed()).startsWith("eligible");
      assertThat(f.evidence()).contains("app/page-1", "app/http", "app/http-hop1");
      assertThat(f.policyPointer()).isEqualTo("/hsts/preload");
    }

    @Test
    void theBuiltInPresetAsksForPreload() {
      TargetObservations obs = observed(pages("/", page("app/page-1", "/", STS, READY)),
          sameHostWalk(), null);
      List<Finding> f = run("extends: [hsts-preload]\n", obs);
      assertThat(f).extracting(Finding::status).containsOnly(Status.PASS);
      assertThat(f).extracting(Finding::checkId).contains("hsts.preload");
    }

    @Test
    void missingDirectivesAreEachNamed() {
      TargetObservations obs = observed(pages("/", page("app/page-1", "/", STS,
          "max-age=86400")), sameHostWalk(), null);
      Finding f = only(run(PRELOAD, obs), "hsts.preload");
      assertThat(f.status()).isEqualTo(Status.FAIL);
      assertThat(f.observed()).contains("max-age=86400 is below 31536000")
          .contains("no includeSubDomains").contains("no preload directive");
    }

    @Test
    void redirectToAnotherHostFirstFails() {
      HttpFetch walk = fetch("final",
          answer("app/http", "http://" + HOST + "/", 301, "Location", "https://www." + HOST + "/"),
          answer("app/http-hop1", "https://www." + HOST + "/", 200));
      TargetObservations obs = observed(pages("/", page("app/page-1", "/", STS, READY)), walk,
          null);
      Finding f = only(run(PRELOAD, obs), "hsts.preload");
      assertThat(f.status()).isEqualTo(Status.FAIL);
      assertThat(f.observed()).contains("first redirects to https://www." + HOST + "/");
    }

    @Test
    void redirectWithoutHstsOnTheFirstHttpsAnswerFails() {
      HttpFetch pageFetch = fetch("final",
          answer("app/page-1", "https://" + HOST + "/", 302, "Location", "/home"),
          answer("app/page-1-hop1", "https://" + HOST + "/home", 200, STS, READY));
      TargetObservations obs = observed(pages("/", pageFetch), sameHostWalk(), null);
      Finding f = only(run(PRELOAD, obs), "hsts.preload");
      assertThat(f.status()).isEqualTo(Status.FAIL);
      assertThat(f.observed()).contains("https://" + HOST + "/: no Strict-Transport-Security");
      // the final page itself is fine, so the other checks pass
      assertThat(only(run(PRELOAD, obs), "hsts.header").status()).isEqualTo(Status.PASS);
    }

    @Test
    void tooManyRedirectsFail() {
      HttpFetch walk = fetch("final",
          answer("app/http", "http://" + HOST + "/", 301, "Location", "https://" + HOST + "/a"),
          answer("app/http-hop1", "https://" + HOST + "/a", 301, "Location", "/b"),
          answer("app/http-hop2", "https://" + HOST + "/b", 301, "Location", "/c"),
          answer("app/http-hop3", "https://" + HOST + "/c", 301, "Location", "/d"),
          answer("app/http-hop4", "https://" + HOST + "/d", 200));
      TargetObservations obs = observed(pages("/", page("app/page-1", "/", STS, READY)), walk,
          null);
      Finding f = only(run(PRELOAD, obs), "hsts.preload");
      assertThat(f.status()).isEqualTo(Status.FAIL);
      assertThat(f.observed()).contains("4 redirects");
    }

    @Test
    void unknownDirectiveIsAWarning() {
      TargetObservations obs = observed(pages("/", page("app/page-1", "/", STS,
          READY + "; report-uri=x")), sameHostWalk(), null);
      Finding f = only(run(PRELOAD, obs), "hsts.preload");
      assertThat(f.status()).isEqualTo(Status.WARN);
      assertThat(f.observed()).contains("unknown directive 'report-uri'");
    }

    @Test
    void skippedHttpWalkIsAWarning() {
      TargetObservations obs = observed(pages("/", page("app/page-1", "/", STS, READY)), null,
          "target url uses port 8443; set http_url");
      Finding f = only(run(PRELOAD, obs), "hsts.preload");
      assertThat(f.status()).isEqualTo(Status.WARN);
      assertThat(f.observed()).contains("target url uses port 8443; set http_url");
    }

    @Test
    void untrustedCertificateFails() {
      HttpFetch pageFetch = fetch("final", Recorded.withTls(
          answer("app/page-1", "https://" + HOST + "/", 200, STS, READY),
          new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256", false, "self-signed", true,
              List.of())));
      Finding f = only(run(PRELOAD, observed(pages("/", pageFetch), sameHostWalk(), null)),
          "hsts.preload");
      assertThat(f.status()).isEqualTo(Status.FAIL);
      assertThat(f.observed()).contains("certificate not trusted (self-signed)");
    }
  }
}

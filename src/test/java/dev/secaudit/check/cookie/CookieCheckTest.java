package dev.secaudit.check.cookie;

import dev.secaudit.check.StandardChecks;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.Header;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CookieCheck judged from hand-built, recorded observations. */
class CookieCheckTest {
  private static final Instant NOW = Instant.parse("2024-01-01T00:00:00Z");
  private static final String BASE = "https://app.example.test";

  private static final String HEAD = """
      version: 1
      name: test
      targets:
        - {name: app, url: "https://app.example.test"}
      """;

  // ------------------------------------------------------------------ helpers

  private static LoadedPolicy policy(String cookiesYaml) {
    String yaml = HEAD + cookiesYaml;
    return new PolicyLoader(name -> null, StandardChecks.catalog().ids())
        .load("test.yaml", yaml.getBytes(UTF_8));
  }

  private static HttpExchange page(String id, String path, String... setCookies) {
    return pageAt(id, BASE + path, setCookies);
  }

  private static HttpExchange pageAt(String id, String url, String... setCookies) {
    List<Header> headers = new ArrayList<>();
    headers.add(new Header("Date", "Mon, 01 Jan 2024 00:00:00 GMT"));
    headers.add(new Header("Content-Type", "text/html"));
    for (String c : setCookies) {
      headers.add(new Header("Set-Cookie", c));
    }
    return new HttpExchange(id, "GET", url, List.of(new Header("User-Agent", "t")), 200,
        "HTTP/1.1", headers, "", 0, false, Artifact.sha256(new byte[0]), NOW, 3, null, null,
        List.of());
  }

  private static HttpExchange answered(String id, String path, int status) {
    return new HttpExchange(id, "GET", BASE + path, List.of(new Header("User-Agent", "t")),
        status, "HTTP/1.1", List.of(new Header("Content-Type", "text/html")), "", 0, false,
        Artifact.sha256(new byte[0]), NOW, 3, null, null, List.of());
  }

  private static HttpExchange failedPage(String id, String path, String error) {
    return new HttpExchange(id, "GET", BASE + path, List.of(), 0, null, List.of(), "", 0, false,
        Artifact.sha256(new byte[0]), NOW, 3, error, null, List.of());
  }

  private static TargetObservations observations(HttpExchange... finals) {
    Map<String, HttpFetch> pages = new LinkedHashMap<>();
    for (HttpExchange e : finals) {
      String path = e.url().substring(BASE.length());
      pages.put(path, new HttpFetch(e.url(), List.of(e), e.failed() ? "error" : "final"));
    }
    return new TargetObservations("app", pages, null, null, List.of(), null);
  }

  private static List<Finding> run(LoadedPolicy loaded, TargetObservations obs) {
    CheckContext ctx = new CheckContext(StandardChecks.catalog(), loaded, loaded.policy().targets().get(0), obs, NOW);
    CookieCheck check = new CookieCheck();
    assertThat(check.appliesTo(loaded.policy())).isTrue();
    return check.evaluate(ctx);
  }

  private static List<Finding> run(String cookiesYaml, HttpExchange... pages) {
    return run(policy(cookiesYaml), observations(pages));
  }

  private static Finding only(List<Finding> findings, String checkId, String subject,
      Status status) {
    List<Finding> hits = findings.stream().filter(f -> f.checkId().equals(checkId)
        && f.subject().equals(subject) && f.status() == status).toList();
    assertThat(hits).as(checkId + " " + subject + " " + status + " in " + findings).hasSize(1);
    return hits.get(0);
  }

  private static final String SESSION_RULE = """
      cookies:
        - {name: "session*", secure: true, http_only: true, same_site: Lax, max_age: 30d, severity: high}
      """;

  // ------------------------------------------------------------------ tests

  @Test
  void aCookieSetTwiceInOneAnswerIsJudgedByTheOneBrowsersKeep() {
    // The later header replaces the earlier before any request could carry it.
    List<Finding> laterGood = run(SESSION_RULE, page("p1", "/",
        "session=b; SameSite=Lax; Path=/",
        "session=a; Secure; HttpOnly; SameSite=Lax; Path=/; Max-Age=600"));
    assertThat(laterGood).filteredOn(f -> f.checkId().equals("cookie.secure"))
        .extracting(Finding::status).containsExactly(Status.PASS);
    Finding twice = only(laterGood, "cookie.syntax", "session", Status.WARN);
    assertThat(twice.observed()).contains("set 2 times in one answer; browsers keep the last");

    List<Finding> laterBad = run(SESSION_RULE, page("p1", "/",
        "session=a; Secure; HttpOnly; SameSite=Lax; Path=/",
        "session=b; SameSite=Lax; Path=/"));
    assertThat(laterBad).filteredOn(f -> f.checkId().equals("cookie.secure"))
        .extracting(Finding::status).containsExactly(Status.FAIL);

    // Another path is another cookie: both are kept and judged, in one finding per key that
    // fails for the one without Secure.
    List<Finding> twoPaths = run(SESSION_RULE, page("p1", "/",
        "session=a; Secure; HttpOnly; SameSite=Lax; Path=/",
        "session=b; SameSite=Lax; Path=/admin"));
    assertThat(twoPaths).filteredOn(f -> f.checkId().equals("cookie.secure"))
        .extracting(Finding::status).containsExactly(Status.FAIL);
  }

  @Test
  void appliesOnlyWithACookiesSectionAndNeedsPages() {
    CookieCheck check = new CookieCheck();
    assertThat(check.needs()).containsExactly(Aspect.PAGES);
    assertThat(check.appliesTo(policy("").policy())).isFalse();
    assertThat(check.appliesTo(policy("cookies: []\n").policy())).isTrue();
  }

  @Test
  void theBaselinePresetFindsSessionCookiesWhateverTheirCase() {
    // The names Java servlet containers, PHP and IIS give their session cookies.
    List<Finding> f = run(policy("extends: [baseline-cookies]\n"), observations(page(
        "app/page-1", "/", "JSESSIONID=[REDACTED]; Path=/; Secure",
        "PHPSESSID=[REDACTED]; Path=/; Secure", "SESSIONID=[REDACTED]; Path=/; Secure",
        "ASP.NET_SessionId=[REDACTED]; Path=/; Secure", "theme=dark; Path=/; Secure")));

    for (String name : List.of("JSESSIONID", "PHPSESSID", "SESSIONID", "ASP.NET_SessionId")) {
      assertThat(only(f, "cookie.http_only", name, Status.FAIL).severity())
          .isEqualTo(Severity.HIGH);
      only(f, "cookie.same_site", name, Status.FAIL);
    }
    assertThat(f).noneMatch(x -> x.subject().equals("theme")
        && x.checkId().equals("cookie.http_only"));
  }

  @Test
  void aNameGlobIsCaseSensitiveUnlessTheRuleSaysOtherwise() {
    HttpExchange p = page("app/page-1", "/", "SESSION=[REDACTED]; Path=/; Secure");

    assertThat(run("cookies:\n  - {name: \"session*\", http_only: true}\n", p))
        .noneMatch(x -> x.checkId().equals("cookie.http_only"));
    only(run("cookies:\n  - {name: \"session*\", ignore_case: true, http_only: true}\n", p),
        "cookie.http_only", "SESSION", Status.FAIL);
  }

  @Test
  void wellConfiguredSessionCookiePassesEveryRule() {
    List<Finding> f = run(SESSION_RULE, page("app/page-1", "/",
        "session=[REDACTED]; Secure; HttpOnly; SameSite=Lax; Path=/; Max-Age=3600"));
    assertThat(f).extracting(Finding::checkId, Finding::subject, Finding::status)
        .containsExactly(
            tuple("cookie.http_only", "session", Status.PASS),
            tuple("cookie.lifetime", "session", Status.PASS),
            tuple("cookie.same_site", "session", Status.PASS),
            tuple("cookie.secure", "session", Status.PASS),
            tuple("cookie.syntax", "session", Status.PASS));
    Finding life = only(f, "cookie.lifetime", "session", Status.PASS);
    assertThat(life.observed()).isEqualTo("Max-Age 3600 s (1 h)");
    assertThat(life.expected()).isEqualTo("lifetime at most 30d (2592000 s)");
    assertThat(life.evidence()).containsExactly("app/page-1");
    assertThat(life.policyPointer()).isEqualTo("/cookies/0");
    assertThat(life.policyLine()).isEqualTo(6);
    assertThat(only(f, "cookie.syntax", "session", Status.PASS).observed())
        .isEqualTo("Secure; HttpOnly; SameSite=Lax; Path=/; Max-Age=3600");
  }

  @Test
  void badSessionCookieFailsEachJudgedAttribute() {
    List<Finding> f = run(SESSION_RULE,
        page("app/page-1", "/", "session=[REDACTED]; SameSite=None; Max-Age=31536000"));
    Finding secure = only(f, "cookie.secure", "session", Status.FAIL);
    assertThat(secure.expected()).isEqualTo("Secure");
    assertThat(secure.observed()).isEqualTo("Secure missing");
    assertThat(secure.severity()).isEqualTo(Severity.HIGH);
    assertThat(only(f, "cookie.http_only", "session", Status.FAIL).observed())
        .isEqualTo("HttpOnly missing");
    Finding sameSite = only(f, "cookie.same_site", "session", Status.FAIL);
    assertThat(sameSite.expected()).isEqualTo("SameSite=Lax");
    assertThat(sameSite.observed()).isEqualTo("SameSite=None");
    assertThat(only(f, "cookie.lifetime", "session", Status.FAIL).observed())
        .isEqualTo("Max-Age 31536000 s (365 d)");
    Finding syntax = only(f, "cookie.syntax", "session", Status.FAIL);
    assertThat(syntax.observed()).contains("SameSite=None without Secure");
    assertThat(syntax.severity()).isEqualTo(StandardChecks.catalog().get("cookie.syntax").severity());
    assertThat(syntax.policyPointer()).isEqualTo("/cookies");
    assertThat(f).noneMatch(x -> x.status() == Status.PASS);
  }

  @Test
  void lifetimeOver400DaysWarnsAndIsJudgedCapped() {
    String yaml = """
        cookies:
          - {name: long, max_age: 500d}
          - {name: long, max_age: 30d}
        """;
    List<Finding> f = run(yaml, page("app/page-1", "/", "long=1; Secure; Max-Age=63072000"));
    Finding warn = only(f, "cookie.syntax", "long", Status.WARN);
    assertThat(warn.expected()).isEqualTo("lifetime at most 400 d");
    assertThat(warn.observed())
        .isEqualTo("Max-Age 63072000 s (730 d), capped by browsers at 400 d");
    // Browsers keep it 400 days: within 500d, beyond 30d. One cookie, one finding: the rule it
    // breaks is the one it is judged by.
    assertThat(f).filteredOn(x -> x.checkId().equals("cookie.lifetime")).hasSize(1);
    Finding lifetime = only(f, "cookie.lifetime", "long", Status.FAIL);
    assertThat(lifetime.policyPointer()).isEqualTo("/cookies/1");
    assertThat(lifetime.expected()).startsWith("lifetime at most 30d");
  }

  @Test
  void expiresCountsFromTheResponseDate() {
    String yaml = """
        cookies:
          - {name: a, max_age: 30d}
          - {name: b, max_age: 29d}
        """;
    String expires = "Expires=Wed, 31 Jan 2024 00:00:00 GMT";
    List<Finding> f = run(yaml, page("app/page-1", "/", "a=1; Secure; " + expires,
        "b=1; Secure; " + expires));
    assertThat(only(f, "cookie.lifetime", "a", Status.PASS).observed())
        .isEqualTo("Expires Wed, 31 Jan 2024 00:00:00 GMT (2592000 s, 30 d after the response)");
    only(f, "cookie.lifetime", "b", Status.FAIL);
  }

  @Test
  void sessionAndDeletionCookiesPassTheLifetimeRule() {
    String yaml = """
        cookies:
          - {name: "*", max_age: 1h}
        """;
    List<Finding> f = run(yaml, page("app/page-1", "/", "s=1; Secure",
        "gone=; Secure; Max-Age=0", "old=; Secure; Expires=Thu, 01 Jan 1970 00:00:00 GMT"));
    assertThat(only(f, "cookie.lifetime", "s", Status.PASS).observed())
        .isEqualTo("session cookie (no Max-Age or Expires)");
    assertThat(only(f, "cookie.lifetime", "gone", Status.PASS).observed())
        .isEqualTo("Max-Age 0: the cookie is deleted");
    assertThat(only(f, "cookie.lifetime", "old", Status.PASS).observed()).contains("deleted");
  }

  @Test
  void invalidSameSiteWarnsAndFailsAnExplicitRule() {
    String yaml = """
        cookies:
          - {name: sid, same_site: Lax}
        """;
    List<Finding> f = run(yaml, page("app/page-1", "/", "sid=1; Secure; SameSite=Laxx"));
    assertThat(only(f, "cookie.syntax", "sid", Status.WARN).observed())
        .isEqualTo("SameSite=Laxx is not a valid value; browsers apply their default");
    assertThat(only(f, "cookie.same_site", "sid", Status.FAIL).observed())
        .isEqualTo("SameSite=Laxx (invalid; browser default applies)");
    List<Finding> absent = run(yaml, page("app/page-1", "/", "sid=1; Secure"));
    assertThat(only(absent, "cookie.same_site", "sid", Status.FAIL).observed())
        .isEqualTo("SameSite missing (browser default applies)");
  }

  @Test
  void partitionedWithoutSecureIsRejected() {
    String yaml = """
        cookies:
          - {name: chip, partitioned: true}
        """;
    List<Finding> f = run(yaml, page("app/page-1", "/", "chip=1; Partitioned; Path=/",
        "chip2=1; Partitioned; Secure"));
    assertThat(only(f, "cookie.syntax", "chip", Status.FAIL).observed())
        .isEqualTo("Partitioned without Secure; browsers reject the cookie");
    only(f, "cookie.partitioned", "chip", Status.PASS);
    only(f, "cookie.syntax", "chip2", Status.PASS);
    List<Finding> missing = run(yaml, page("app/page-1", "/", "chip=1; Secure"));
    assertThat(only(missing, "cookie.partitioned", "chip", Status.FAIL).observed())
        .isEqualTo("Partitioned missing");
  }

  @Test
  void namePrefixesAreEnforcedWhateverThePolicySays() {
    List<Finding> f = run("cookies: []\n", page("app/page-1", "/sub/page",
        "__Secure-a=1",
        "__Host-b=1; Secure; Path=/; Domain=app.example.test",
        "__Host-c=1; Secure",
        "__host-d=1; Secure; Path=/sub",
        "__Host-ok=1; Secure; Path=/",
        "__HOST-caps=1; Secure; Path=/",
        "__Host-fixed=1; Secure; Path=nonsense"));
    assertThat(only(f, "cookie.prefix", "__Secure-a", Status.FAIL).observed())
        .isEqualTo("Secure missing; browsers reject the cookie");
    assertThat(only(f, "cookie.prefix", "__Host-b", Status.FAIL).observed())
        .isEqualTo("Domain=app.example.test set; browsers reject the cookie");
    assertThat(only(f, "cookie.prefix", "__Host-c", Status.FAIL).observed())
        .isEqualTo("Path=/ missing; browsers reject the cookie");
    assertThat(only(f, "cookie.prefix", "__host-d", Status.FAIL).observed())
        .isEqualTo("Path=/sub instead of Path=/; browsers reject the cookie");
    only(f, "cookie.prefix", "__Host-ok", Status.PASS);
    assertThat(only(f, "cookie.prefix", "__HOST-caps", Status.WARN).observed())
        .contains("prefix spelt '__HOST-'");
    // An invalid Path falls back to the default path, here /sub, so the prefix is not honoured.
    assertThat(only(f, "cookie.prefix", "__Host-fixed", Status.FAIL).observed())
        .startsWith("Path=/sub instead of Path=/");
    assertThat(f).filteredOn(x -> x.checkId().equals("cookie.prefix"))
        .allMatch(x -> x.policyPointer().equals("/cookies"));
  }

  @Test
  void policyPrefixRuleNeedsTheNameAndItsRules() {
    String yaml = """
        cookies:
          - {name: "*sid", prefix: "__Host-", severity: critical}
        """;
    List<Finding> f = run(yaml, page("app/page-1", "/", "sid=1; Secure; Path=/",
        "__Host-sid=1; Secure; Path=/"));
    Finding missing = only(f, "cookie.prefix", "sid", Status.FAIL);
    assertThat(missing.observed()).isEqualTo("name 'sid' does not start with __Host-");
    assertThat(missing.severity()).isEqualTo(Severity.CRITICAL);
    Finding ok = only(f, "cookie.prefix", "__Host-sid", Status.PASS);
    // The policy rule and the browser rule agree; the policy's finding is the one kept.
    assertThat(ok.policyPointer()).isEqualTo("/cookies/0");
    assertThat(ok.expected()).isEqualTo("name starts with __Host- and meets its rules");
  }

  /**
   * The http-state parser vectors (github.com/abarth/http-state, tests/data/parser) answered by
   * home.example.org: where the expected Cookie header is empty because the Domain does not
   * cover the host, the syntax check says browsers reject the cookie and a required cookie is
   * not counted as set; where the vector keeps the cookie, nothing is said about its Domain.
   */
  @Test
  void aCookieWhoseDomainDoesNotCoverTheHostIsRejected() {
    Map<String, String> rejected = Map.of(
        "domain0007", "foo=bar; domain=sibling.example.org",
        "domain0017", "foo=bar; domain=.org",
        "domain0027", "foo=bar; domain=home.example.org:8888",
        "domain0028", "foo=bar; domain=subdomain.home.example.org",
        "domain0041", "foo=bar; domain=.sibling.example.org");
    Map<String, String> kept = Map.of(
        "domain0001", "foo=bar; domain=home.example.org",
        "domain0003", "foo=bar; domain=.home.example.org",
        "domain0008", "foo=bar; domain=.example.org",
        "domain0026", "foo=bar; domain=home.eXaMpLe.org");
    String required = "cookies:\n  - {name: foo, required: true}\n";
    rejected.forEach((vector, header) -> {
      List<Finding> f = run(policy(required), observationsAt(vector, header));
      assertThat(only(f, "cookie.syntax", "foo", Status.FAIL).observed()).as(vector)
          .contains("browsers reject the cookie");
      only(f, "cookie.required", "foo", Status.FAIL);
    });
    kept.forEach((vector, header) -> {
      List<Finding> f = run(policy(required), observationsAt(vector, header));
      only(f, "cookie.syntax", "foo", Status.PASS);
      only(f, "cookie.required", "foo", Status.PASS);
    });
  }

  /** A vector's response, as home.example.org:8888 answered /cookie-parser?VECTOR. */
  private static TargetObservations observationsAt(String vector, String setCookie) {
    String url = "http://home.example.org:8888/cookie-parser?" + vector;
    return new TargetObservations("app", Map.of("/", new HttpFetch(url,
        List.of(pageAt("app/page-1", url, setCookie)), "final")), null, null, List.of(), null);
  }

  /** RFC 6265bis §5.6 keeps "=x" under the empty name; the finding says what that does. */
  @Test
  void aNamelessCookieIsNamedAsSuchWithWhatBrowsersDoWithIt() {
    String rule = "cookies:\n  - {name: \"*\", secure: true}\n";
    Finding empty = only(run(rule, page("app/page-1", "/", "=x; Secure; Path=/")),
        "cookie.syntax", "(nameless)", Status.WARN);
    assertThat(empty.observed()).startsWith("an empty name before '=': a nameless cookie, which"
        + " RFC 6265bis browsers keep and send back as the bare value");
    Finding bare = only(run(rule, page("app/page-1", "/", "y; Secure; Path=/")),
        "cookie.syntax", "(nameless)", Status.WARN);
    assertThat(bare.observed()).startsWith("no '=' before the first ';': a nameless cookie");
  }

  @Test
  void aRequiredCookieIsNotCalledMissingWhenEveryPageWasAServerError() {
    String yaml = """
        cookies:
          - {name: "session*", required: true}
        """;
    // A gateway's 502 says nothing of what the application behind it sets.
    Finding gateway = only(run(yaml, answered("app/page-1", "/", 502)), "cookie.required",
        "session*", Status.ERROR);
    assertThat(gateway.observed()).contains("every page answered with a server error (502 from "
        + BASE + "/)");
    // One page the application answered is enough to call the cookie missing.
    only(run(yaml, answered("app/page-1", "/", 502), page("app/page-2", "/login")),
        "cookie.required", "session*", Status.FAIL);
  }

  @Test
  void requiredCookieIsFoundMissingOrRejected() {
    String yaml = """
        cookies:
          - {name: "csrf*", required: true}
        """;
    Finding pass = only(run(yaml, page("app/page-1", "/", "csrftoken=1; Secure")),
        "cookie.required", "csrf*", Status.PASS);
    assertThat(pass.observed()).isEqualTo("set: csrftoken");

    Finding missing = only(run(yaml, page("app/page-1", "/", "other=1; Secure"),
        page("app/page-2", "/login")), "cookie.required", "csrf*", Status.FAIL);
    assertThat(missing.observed())
        .isEqualTo("no answer sets it (fetched: https://app.example.test/,"
            + " https://app.example.test/login)");
    assertThat(missing.evidence()).containsExactly("app/page-1", "app/page-2");

    Finding rejected = only(run(yaml, page("app/page-1", "/", "csrf=1; SameSite=None")),
        "cookie.required", "csrf*", Status.FAIL);
    assertThat(rejected.observed()).isEqualTo("csrf is set but browsers do not keep it:"
        + " SameSite=None without Secure; browsers reject the cookie");

    Finding deleted = only(run(yaml, page("app/page-1", "/", "csrf=; Secure; Max-Age=0")),
        "cookie.required", "csrf*", Status.FAIL);
    assertThat(deleted.observed()).contains("expired");
  }

  @Test
  void requiredCookieIsAnErrorWhenAPageCouldNotBeFetched() {
    String yaml = """
        cookies:
          - {name: csrf, required: true}
        """;
    List<Finding> f = run(yaml, page("app/page-1", "/", "other=1; Secure"),
        failedPage("app/page-2", "/login", "timed out (read)"));
    Finding err = only(f, "cookie.required", "csrf", Status.ERROR);
    assertThat(err.observed()).contains("1 page(s) could not be fetched")
        .contains("https://app.example.test/login: timed out (read)");
    assertThat(err.evidence()).containsExactly("app/page-1", "app/page-2");
  }

  @Test
  void everyFetchFailedGivesOneErrorPerRule() {
    String yaml = """
        cookies:
          - {name: "session*", secure: true, http_only: true}
          - {name: csrf, same_site: Strict, required: true}
          - {name: keep, max_age: 1d}
          - {name: bare}
        """;
    List<Finding> f = run(yaml, failedPage("app/page-1", "/", "connection refused"),
        failedPage("app/page-2", "/login", "connection refused"));
    assertThat(f).extracting(Finding::checkId, Finding::subject, Finding::status)
        .containsExactlyInAnyOrder(
            tuple("cookie.secure", "session*", Status.ERROR),
            tuple("cookie.required", "csrf", Status.ERROR),
            tuple("cookie.lifetime", "keep", Status.ERROR),
            tuple("cookie.required", "bare", Status.ERROR));
    Finding first = only(f, "cookie.secure", "session*", Status.ERROR);
    assertThat(first.observed()).isEqualTo("no page could be fetched:"
        + " https://app.example.test/: connection refused;"
        + " https://app.example.test/login: connection refused");
    assertThat(first.expected()).isEqualTo("cookies matching 'session*': Secure, HttpOnly");
    assertThat(first.evidence()).containsExactly("app/page-1", "app/page-2");
    assertThat(first.policyPointer()).isEqualTo("/cookies/0");
  }

  @Test
  void aCookieOnSeveralPagesIsOneFindingJudgedByTheWorstWithAllEvidence() {
    String yaml = """
        cookies:
          - {name: sid, secure: true}
        """;
    List<Finding> f = run(yaml, page("app/page-1", "/", "sid=1; Secure"),
        page("app/page-2", "/a", "sid=2; Secure"), page("app/page-3", "/b", "sid=3"));
    assertThat(f).filteredOn(x -> x.checkId().equals("cookie.secure")).hasSize(1);
    Finding fail = only(f, "cookie.secure", "sid", Status.FAIL);
    assertThat(fail.evidence()).containsExactly("app/page-1", "app/page-2", "app/page-3");
    assertThat(fail.observed()).isEqualTo("2 different Set-Cookie headers: (1) on GET " + BASE
        + "/b: Secure missing (2) on GET " + BASE + "/, GET " + BASE + "/a: Secure");
    // Whichever page came first, the verdict and its words are the same.
    List<Finding> reversed = run(yaml, page("app/page-3", "/b", "sid=3"),
        page("app/page-1", "/", "sid=1; Secure"), page("app/page-2", "/a", "sid=2; Secure"));
    assertThat(only(reversed, "cookie.secure", "sid", Status.FAIL).observed())
        .startsWith("2 different Set-Cookie headers: (1) on GET " + BASE + "/b: Secure missing");
    // The same verdict on several pages names them all.
    List<Finding> same = run(yaml, page("app/page-1", "/", "sid=1; Secure"),
        page("app/page-2", "/a", "sid=2; Secure"));
    Finding pass = only(same, "cookie.secure", "sid", Status.PASS);
    assertThat(pass.evidence()).containsExactly("app/page-1", "app/page-2");
    assertThat(pass.observed()).isEqualTo("on GET " + BASE + "/, GET " + BASE
        + "/a: Secure");
  }

  @Test
  void overlappingRulesKeepTheMostSevereOne() {
    String yaml = """
        cookies:
          - {name: "*", secure: true, severity: medium}
          - {name: "session*", secure: true, severity: high}
        """;
    List<Finding> f = run(yaml, page("app/page-1", "/", "session=1", "lang=en"));
    Finding session = only(f, "cookie.secure", "session", Status.FAIL);
    assertThat(session.severity()).isEqualTo(Severity.HIGH);
    assertThat(session.policyPointer()).isEqualTo("/cookies/1");
    Finding lang = only(f, "cookie.secure", "lang", Status.FAIL);
    assertThat(lang.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(lang.policyPointer()).isEqualTo("/cookies/0");
  }

  @Test
  void headerOrderDoesNotChangeTheFindings() {
    String[] headers = {"b=1; SameSite=None", "a=1; Secure; HttpOnly", "__Host-c=1; Secure",
        "d=1; Max-Age=x"};
    String[] reversed = {headers[3], headers[2], headers[1], headers[0]};
    String everyCookie = SESSION_RULE.replace("session*", "*");
    List<Finding> one = run(everyCookie, page("app/page-1", "/", headers));
    List<Finding> two = run(everyCookie, page("app/page-1", "/", reversed));
    assertThat(one).isEqualTo(two);
    assertThat(one).extracting(Finding::subject).isSorted();
  }

  @Test
  void secureCookieOverPlainHttpIsIgnoredByBrowsers() {
    HttpExchange plain = new HttpExchange("app/page-1", "GET", "http://app.example.test/",
        List.of(), 200, "HTTP/1.1", List.of(new Header("Set-Cookie", "s=1; Secure")), "", 0,
        false, Artifact.sha256(new byte[0]), NOW, 3, null, null, List.of());
    List<Finding> f = run(policy("cookies: []\n"), new TargetObservations("app",
        Map.of("/", new HttpFetch(plain.url(), List.of(plain), "final")), null, null, List.of(),
        null));
    assertThat(only(f, "cookie.syntax", "s", Status.FAIL).observed())
        .isEqualTo("Secure cookie set over plain HTTP; browsers ignore it");
  }

  @Test
  void parseProblemsAndNamelessCookiesAreReported() {
    List<Finding> f = run("cookies: []\n", page("app/page-1", "/", "tok; Secure; HttpOnyl",
        "x=1; Secure; Max-Age=1d", "y=1; Secure=false", "\u0001bad=1"));
    assertThat(only(f, "cookie.syntax", "(nameless)", Status.WARN).observed())
        .contains("a nameless cookie").contains("did you mean HttpOnly");
    assertThat(only(f, "cookie.syntax", "x", Status.WARN).observed())
        .isEqualTo("Max-Age '1d' is not a whole number of seconds; it is ignored");
    assertThat(only(f, "cookie.syntax", "y", Status.WARN).observed())
        .contains("Secure has a value ('false')");
    assertThat(only(f, "cookie.syntax", "\u0001bad", Status.FAIL).observed())
        .isEqualTo("browsers ignore the header: it contains control characters");
  }

  @Test
  void findingsNeverCarryTheCookieValue() {
    String secret = "Zx9-secret-session-value";
    List<Finding> f = run(SESSION_RULE + "  - {name: \"*\", required: true}\n",
        page("app/page-1", "/", "session=" + secret + "; SameSite=None; Max-Age=99999999",
            secret + "; Secure", "__Host-x=" + secret));
    assertThat(f).isNotEmpty();
    for (Finding x : f) {
      assertThat(x.subject() + x.expected() + x.observed() + x.evidence()).doesNotContain(secret);
    }
  }
}

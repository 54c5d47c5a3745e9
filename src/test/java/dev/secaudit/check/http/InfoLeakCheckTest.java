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
import dev.secaudit.probe.http.HttpFetch;
import dev.secaudit.model.Status;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InfoLeakCheckTest {
  private static final String POLICY = "info_leak: {enabled: true}\n";

  private final InfoLeakCheck check = new InfoLeakCheck();

  private List<Finding> run(String policy, String... headers) {
    return check.evaluate(context(policy, observed(pages("/", page("app/page-1", "/", headers)))));
  }

  @Test
  void appliesOnlyWhenEnabled() {
    assertThat(check.appliesTo(Recorded.policy(POLICY).policy())).isTrue();
    assertThat(check.appliesTo(Recorded.policy("info_leak: {enabled: false}\n").policy()))
        .isFalse();
    assertThat(check.appliesTo(Recorded.policy("").policy())).isFalse();
  }

  @Test
  void cleanResponsePassesOneFindingPerHeaderName() {
    List<Finding> f = run(POLICY, "Content-Type", "text/html");
    assertThat(f).hasSize(1 + InfoLeakCheck.BANNERS.size());
    assertThat(f).extracting(Finding::status).containsOnly(Status.PASS);
    assertThat(f).extracting(Finding::observed).containsOnly("not sent");
    assertThat(f.get(0).subject()).isEqualTo("Server");
    assertThat(f).extracting(Finding::subject)
        .containsAll(List.of("X-Powered-By", "X-AspNet-Version", "X-AspNetMvc-Version",
            "X-Generator", "X-Runtime", "SourceMap", "X-SourceMap"));
  }

  @Test
  void theRedirectOfPlainHttpIsJudgedToo() {
    // A blind review: the plain HTTP redirect the scan recorded said "Server: BaseHTTP/0.6
    // Python/3.11.7" while every page hid the version, and the check passed.
    HttpFetch walk = fetch("final", answer("app/http", "http://" + HOST + "/", 301, "Location",
        "https://" + HOST + "/", "Server", "BaseHTTP/0.6 Python/3.11.7"));
    List<Finding> f = check.evaluate(context(POLICY, observed(pages("/", page("app/page-1", "/",
        "Server", "BaseHTTP")), walk, null)));
    Finding server = only(f, "header.info_leak", "Server");
    assertThat(server.status()).isEqualTo(Status.FAIL);
    assertThat(server.observed()).isEqualTo("Server: BaseHTTP/0.6 Python/3.11.7 (discloses a"
        + " version)");
    assertThat(server.evidence()).containsExactly("app/http");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nginx/1.22.1", "Apache/2.4.57 (Debian)", "Microsoft-IIS/10.0",
      "Jetty(9.4.51.v20230217)", "WSGIServer/0.2 CPython/3.11.2", "openresty/1.21.4.1",
      "Caddy v2.7.6", "lighttpd/1"})
  void serverWithAVersionFails(String server) {
    Finding f = only(run(POLICY, "Server", server), "header.info_leak", "Server");
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).isEqualTo("Server: " + server + " (discloses a version)");
    assertThat(f.evidence()).containsExactly("app/page-1");
    assertThat(f.policyPointer()).isEqualTo("/info_leak");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nginx", "cloudflare", "AmazonS3", "Apache", "gws", "envoy",
      "Microsoft-IIS", "Kestrel"})
  void serverWithoutAVersionPasses(String server) {
    Finding f = only(run(POLICY, "Server", server), "header.info_leak", "Server");
    assertThat(f.status()).isEqualTo(Status.PASS);
    assertThat(f.observed()).isEqualTo("Server: " + server + " (no version)");
  }

  @Test
  void frameworkBannersFailWhateverTheySay() {
    List<Finding> f = run(POLICY,
        "X-Powered-By", "Express",
        "X-AspNet-Version", "4.0.30319",
        "X-AspNetMvc-Version", "5.2",
        "X-Generator", "Drupal 10 (https://www.drupal.org)",
        "X-Drupal-Cache", "HIT",
        "X-Runtime", "0.012345",
        "SourceMap", "/app.js.map",
        "X-SourceMap", "/vendor.js.map");
    for (String h : List.of("X-Powered-By", "X-AspNet-Version", "X-AspNetMvc-Version",
        "X-Generator", "X-Drupal-Cache", "X-Runtime", "SourceMap", "X-SourceMap")) {
      Finding one = only(f, "header.info_leak", h);
      assertThat(one.status()).as(h).isEqualTo(Status.FAIL);
      assertThat(one.observed()).as(h).startsWith(h + ": ")
          .endsWith("(" + InfoLeakCheck.BANNERS.get(h) + ")");
    }
    assertThat(only(f, "header.info_leak", "Server").status()).isEqualTo(Status.PASS);
  }

  @Test
  void headerNamesMatchCaseInsensitively() {
    Finding f = only(run(POLICY, "x-powered-by", "PHP/8.2.1"), "header.info_leak",
        "X-Powered-By");
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).isEqualTo("X-Powered-By: PHP/8.2.1 (names the framework or language)");
  }

  @Test
  void policyAddsItsOwnBanners() {
    String policy = "info_leak:\n  headers: [X-Served-By, x-powered-by]\n";
    List<Finding> f = run(policy, "X-Served-By", "cache-fra-1");
    assertThat(f).hasSize(2 + InfoLeakCheck.BANNERS.size());
    Finding own = only(f, "header.info_leak", "X-Served-By");
    assertThat(own.status()).isEqualTo(Status.FAIL);
    assertThat(own.observed())
        .isEqualTo("X-Served-By: cache-fra-1 (listed by the policy as a banner)");
    assertThat(own.policyPointer()).isEqualTo("/info_leak/headers/0");
    assertThat(own.policyLine()).isEqualTo(6);
  }

  @Test
  void redirectHopsCountAndEvidenceNamesThem() {
    String base = "https://" + HOST;
    List<Finding> f = check.evaluate(context(POLICY, observed(pages("/", fetch("final",
        answer("app/page-1", base + "/", 302, "Location", "/home", "Server", "Apache/2.4.57"),
        answer("app/page-1-hop1", base + "/home", 200, "Server", "nginx"))))));
    Finding server = only(f, "header.info_leak", "Server");
    assertThat(server.status()).isEqualTo(Status.FAIL);
    assertThat(server.observed()).isEqualTo("Server: Apache/2.4.57 (discloses a version)");
    assertThat(server.evidence()).containsExactly("app/page-1");
  }

  @Test
  void differentValuesOnSeveralPagesAreAllShown() {
    List<Finding> f = check.evaluate(context(POLICY, observed(pages(
        "/", page("app/page-1", "/", "X-Powered-By", "PHP/8.2.1"),
        "/api", page("app/page-2", "/api", "X-Powered-By", "Express")))));
    Finding one = only(f, "header.info_leak", "X-Powered-By");
    assertThat(one.observed()).startsWith("X-Powered-By: PHP/8.2.1 | Express");
    assertThat(one.evidence()).containsExactly("app/page-1", "app/page-2");
  }

  @Test
  void unfetchedPageTurnsACleanResultIntoAnError() {
    List<Finding> f = check.evaluate(context(POLICY, observed(pages(
        "/", page("app/page-1", "/", "Server", "nginx"),
        "/admin", fetch("error", failure("app/page-2", "https://" + HOST + "/admin",
            "timed out (read)"))))));
    Finding server = only(f, "header.info_leak", "Server");
    assertThat(server.status()).isEqualTo(Status.ERROR);
    assertThat(server.observed()).isEqualTo("Server: nginx (no version) where fetched; could not"
        + " fetch https://" + HOST + "/admin: timed out (read)");
    assertThat(server.evidence()).containsExactly("app/page-1", "app/page-2");
  }

  @Test
  void leakFoundDespiteAnUnfetchedPageStillFails() {
    List<Finding> f = check.evaluate(context(POLICY, observed(pages(
        "/", page("app/page-1", "/", "Server", "nginx/1.25.3"),
        "/admin", fetch("error", failure("app/page-2", "https://" + HOST + "/admin",
            "timed out (read)"))))));
    assertThat(only(f, "header.info_leak", "Server").status()).isEqualTo(Status.FAIL);
  }

  @Test
  void noPagesIsAnErrorPerHeader() {
    List<Finding> f = check.evaluate(context(POLICY, observed(pages())));
    assertThat(f).hasSize(1 + InfoLeakCheck.BANNERS.size());
    assertThat(f).extracting(Finding::status).containsOnly(Status.ERROR);
  }
}

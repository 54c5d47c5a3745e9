package dev.secaudit.scan;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.secaudit.check.StandardChecks;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Browsers keep a cookie from any answer, not only from the pages a policy names (a blind
 * cross-check: {@code session=clear123} on the plain-HTTP 301 and a tracker on the security.txt
 * answer gave no cookie finding, so "Are all cookies HttpOnly?" was answered Yes). An HTTPS
 * site and its plain twin on loopback set them; the scan judges every one it recorded, says where
 * each was set, and judges a deletion as a deletion.
 */
class CookiesOffThePagesTest {
  private WireMockServer plain;
  private WireMockServer secure;

  @BeforeEach
  void start() {
    secure = new WireMockServer(options().bindAddress("127.0.0.1").httpDisabled(true)
        .dynamicHttpsPort());
    secure.start();
    secure.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html")
        .withHeader("Set-Cookie", "app=a1; Path=/; Secure; HttpOnly; SameSite=Lax",
            "session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
            "old=; Max-Age=-1",
            "__Host-id=h1; Secure; HttpOnly; SameSite=Lax; Path=/app",
            "__Secure-x=x1; HttpOnly; SameSite=Lax; Path=/",
            "both=b1; Path=/")
        .withBody("<html><body>home</body></html>")));
    secure.stubFor(get(urlEqualTo("/.well-known/security.txt")).willReturn(aResponse()
        .withStatus(200).withHeader("Content-Type", "text/plain")
        .withHeader("Set-Cookie", "tracker=t1; Path=/", "both=b1; Path=/")
        .withBody("Contact: mailto:security@example.test\nExpires: 2099-01-01T00:00:00Z\n")));
    plain = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    plain.start();
    plain.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(301)
        .withHeader("Location", "https://127.0.0.1:" + secure.httpsPort() + "/")
        .withHeader("Set-Cookie", "clear=c1; Path=/")));
  }

  @AfterEach
  void stop() {
    plain.stop();
    secure.stop();
  }

  @Test
  void aCookieOnThePlainHttpRedirectIsJudgedAndNamedAsSetThere() {
    ScanResult r = scan();
    String walk = "set on the plain-HTTP walk's HTTP 301 answer to GET http://127.0.0.1:"
        + plain.port() + "/";
    Finding secureFlag = one(r, "cookie.secure", "clear", Status.FAIL);
    assertThat(secureFlag.observed()).startsWith(walk).endsWith("Secure missing");
    assertThat(secureFlag.evidence()).containsExactly("site/http");
    assertThat(one(r, "cookie.http_only", "clear", Status.FAIL).observed()).startsWith(walk);
    assertThat(one(r, "cookie.over_http", "clear", Status.FAIL).observed())
        .startsWith(walk).contains("crossed the network unencrypted");
    // No cookie set over HTTPS is reported as sent in clear.
    assertThat(r.findings()).filteredOn(f -> f.checkId().equals("cookie.over_http"))
        .extracting(Finding::subject).containsOnly("clear");
    // The claims read every recorded cookie from cookie.syntax: this one must be among them.
    assertThat(one(r, "cookie.syntax", "clear", Status.PASS).observedValue()).isNotNull();
  }

  @Test
  void aCookieOnTheSecurityTxtAnswerIsJudged() {
    ScanResult r = scan();
    Finding f = one(r, "cookie.http_only", "tracker", Status.FAIL);
    assertThat(f.observed()).startsWith("set on the security.txt request's HTTP 200 answer to"
        + " GET https://127.0.0.1:" + secure.httpsPort() + "/.well-known/security.txt");
    assertThat(f.evidence()).containsExactly("site/security-txt");
    assertThat(one(r, "cookie.secure", "tracker", Status.FAIL)).isNotNull();
  }

  @Test
  void aCookieThePageSetsToIsNamedAsThePagesWithTheOtherAnswerAfterIt() {
    ScanResult r = scan();
    // Said once, as on the page, not "HttpOnly missing; set on …: HttpOnly missing".
    Finding f = one(r, "cookie.http_only", "both", Status.FAIL);
    assertThat(f.observed()).isEqualTo("HttpOnly missing (the same on the security.txt"
        + " request's HTTP 200 answer to GET https://127.0.0.1:" + secure.httpsPort()
        + "/.well-known/security.txt)");
    assertThat(f.evidence()).containsExactly("site/page", "site/security-txt");
  }

  @Test
  void aDeletionIsSaidToBeOneAndFailsNoFlag() {
    ScanResult r = scan();
    for (String name : List.of("session", "old")) {
      assertThat(r.findings()).filteredOn(f -> f.subject().equals(name))
          .extracting(Finding::checkId).containsExactly("cookie.syntax");
      Finding syntax = one(r, "cookie.syntax", name, Status.INFO);
      assertThat(syntax.observed()).startsWith("a deletion: ").endsWith("browsers store nothing");
      // Not a cookie anyone keeps, so no claim about "all cookies" may count it.
      assertThat(syntax.observedValue()).isNull();
    }
    // A page cookie's text is as it was: no "set on" prefix.
    assertThat(one(r, "cookie.secure", "app", Status.PASS).observed()).isEqualTo("Secure");
  }

  @Test
  void aCookieBrowsersRejectForItsPrefixIsNotSaidToBeKept() {
    ScanResult r = scan();
    assertThat(one(r, "cookie.prefix", "__Host-id", Status.FAIL).observed())
        .contains("Path=/app instead of Path=/");
    assertThat(r.findings()).filteredOn(f -> f.checkId().equals("cookie.syntax")
        && (f.subject().equals("__Host-id") || f.subject().equals("__Secure-x")))
        .hasSize(2).allSatisfy(f -> {
          assertThat(f.status()).isEqualTo(Status.FAIL);
          assertThat(f.observed()).startsWith("browsers reject the cookie: its __")
              .doesNotContain("browsers keep");
        });
  }

  private ScanResult scan() {
    String yaml = "version: 1\nname: off-pages\n"
        + "settings: {timeouts: {connect: 2s, read: 5s, total: 20s}}\n"
        + "targets:\n  - {name: site, url: \"https://127.0.0.1:" + secure.httpsPort()
        + "/\", http_url: \"http://127.0.0.1:" + plain.port() + "/\"}\n"
        + "https: {redirect: true, max_redirects: 3}\n"
        + "security_txt: {required: true}\n"
        + "cookies:\n  - {name: \"*\", secure: true, http_only: true}\n"
        + "checks:\n  \"tls.*\": {enabled: false}\n";
    return PolicyScans.scan(yaml, StandardChecks.all());
  }

  private static Finding one(ScanResult r, String checkId, String subject, Status status) {
    List<Finding> found = r.findings().stream().filter(f -> f.checkId().equals(checkId)
        && f.subject().equals(subject) && f.status() == status).toList();
    assertThat(found).as("%s %s %s in %s", checkId, subject, status, r.findings()).hasSize(1);
    return found.get(0);
  }
}

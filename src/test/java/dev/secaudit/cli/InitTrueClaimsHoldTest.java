package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * init's policy, scanned against a loopback site where the page's claims are true, fails none of
 * them, and a site where one is false fails that one (a blind review, seeds21 §2): "HTTPS-only
 * enforcement with HSTS" claims a working HSTS, read as six months (founder24: 0s verified
 * max-age=300), not the year the page does not state, so a six-month HSTS holds; the
 * four security headers the page names are checked by their presence, not by csp.* over a CSP
 * with 'unsafe-inline'; "encrypted using TLS (HTTPS)" is refuted by a site serving plain HTTP.
 */
class InitTrueClaimsHoldTest {
  private static final String IMAGE_ANALYSIS = "002_e17f9345a6006457.txt";
  private static final String CELLM = "000_5cbb73946f7cea9d.txt";
  private static final String HEADERS = "Security response headers (X-Content-Type-Options,"
      + " X-Frame-Options, Content-Security-Policy, Referrer-Policy).";
  private static final String HSTS = "HTTPS-only enforcement with HSTS.";
  private static final String TLS = "All communication between your device and our services is"
      + " encrypted using TLS (HTTPS).";

  @TempDir Path dir;

  /** What the page says is true of this site, and nothing more: HSTS for 180 days, a lax CSP. */
  private static final List<String[]> TRUE_TO_THE_PAGE = List.of(
      new String[] {"Strict-Transport-Security", "max-age=15552000"},
      new String[] {"X-Content-Type-Options", "nosniff"},
      new String[] {"X-Frame-Options", "DENY"},
      new String[] {"Content-Security-Policy", "default-src 'self' 'unsafe-inline'"},
      new String[] {"Referrer-Policy", "no-referrer"},
      new String[] {"X-Powered-By", "Express"},
      new String[] {"Set-Cookie", "session=abc123; Path=/; Secure; HttpOnly; SameSite=Lax"});

  @Test
  void theImageAnalysisPagesHeaderAndHstsClaimsHoldOnASiteThatKeepsThem() throws Exception {
    try (SeedSite site = serve(IMAGE_ANALYSIS)) {
      Path policy = init(site);
      String text = Files.readString(policy);
      JsonNode p = new ObjectMapper(new YAMLFactory()).readTree(text);
      // No max-age on the page: six months read, with a comment saying so, not the default year.
      assertThat(p.at("/hsts/required").asBoolean()).isTrue();
      assertThat(p.at("/hsts/min_max_age").asText()).isEqualTo("180d");
      assertThat(text).containsPattern("  # a reading of \"[^\n]*HSTS[.]\", which names no"
          + " max-age[^\n]*\n(  # [^\n]*\n)*  min_max_age: 180d");
      Map<String, JsonNode> claims = claims(p);
      assertThat(claims).as(text).containsKeys(HEADERS, HSTS);
      assertThat(checks(claims.get(HEADERS))).as(text).containsExactly(
          "/headers/X-Content-Type-Options", "/headers/X-Frame-Options",
          "/headers/Referrer-Policy", "csp.header");
      for (String h : List.of("X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy")) {
        assertThat(p.at("/headers/" + h).toString()).as(h).isEqualTo("{\"required\":true}");
      }
      assertThat(checks(claims.get(HSTS))).as(text)
          .containsExactlyInAnyOrder("https.redirect", "hsts.header", "hsts.max_age");
      // Every sentence read lands somewhere visible; the footer menu and a table's header row
      // are none of the page's claims.
      assertThat(text).doesNotContainPattern("and \\d+ more")
          .contains("Idempotency safeguards on mutation endpoints")
          .contains("No system can guarantee absolute security.")
          .doesNotContain("statement: \"DPA ·");

      JsonNode scan = scan(policy);
      Map<String, String> verdicts = verdicts(scan, claims);
      assertThat(verdicts.get(HEADERS)).as(verdicts.toString()).isEqualTo("PASS");
      // Its redirect is not judged on a port other than 443 without http_url: not verified,
      // and never refuted by the six-month max-age.
      assertThat(verdicts.get(HSTS)).as(verdicts.toString()).isIn("PASS", "WARN");
      for (JsonNode f : scan.get("findings")) {
        if (f.get("check_id").asText().startsWith("hsts.")) {
          assertThat(f.get("status").asText()).as(f.toString()).isEqualTo("PASS");
        }
      }
    }
  }

  @Test
  void encryptedUsingHttpsIsRefutedByPlainHttpAndHeldByARedirect() throws Exception {
    try (SeedSite site = serve(CELLM)) {
      Path policy = init(site);
      JsonNode p = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(policy));
      Map<String, JsonNode> claims = claims(p);
      assertThat(claims).as(p.toString()).containsKey(TLS);
      assertThat(checks(claims.get(TLS))).as(claims.keySet().toString())
          .containsExactlyInAnyOrder("tls.certificate.trusted", "https.redirect");

      // The same site's plain-HTTP side serving the app: the claim is false, and FAILs.
      HttpServer plain = plainHttp(site.url(), false);
      try {
        String verdict = verdicts(scan(withHttpUrl(policy, site, plain)), claims).get(TLS);
        assertThat(verdict).isEqualTo("FAIL");
      } finally {
        plain.stop(0);
      }
      // Redirected to HTTPS, it holds.
      HttpServer redirect = plainHttp(site.url(), true);
      try {
        String verdict = verdicts(scan(withHttpUrl(policy, site, redirect)), claims).get(TLS);
        assertThat(verdict).isEqualTo("PASS");
      } finally {
        redirect.stop(0);
      }
    }
  }

  /** The seed page on a site true to it, its CA's root in the test's folder. */
  private SeedSite serve(String seed) throws Exception {
    return SeedSite.serve(InitSeedPagesTest.SEEDS.resolve(seed), "Let's Encrypt",
        TRUE_TO_THE_PAGE, dir.resolve("ca.pem"));
  }

  private Path init(SeedSite site) {
    Path policy = dir.resolve("policy.yaml");
    Cli.Result r = Cli.run("init", "--from", site.url(), "--ca-file", dir.resolve("ca.pem")
        .toString(), "-o",
        policy.toString(), "--force");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    return policy;
  }

  private JsonNode scan(Path policy) throws Exception {
    Path out = Files.createTempDirectory(dir, "scan");
    Cli.Result r = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(), "--color",
        "never");
    assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1);
    return new ObjectMapper().readTree(out.resolve("scan.json").toFile());
  }

  /** The policy with the target's plain-HTTP address set, as its owner would set it. */
  private Path withHttpUrl(Path policy, SeedSite site, HttpServer plain) throws Exception {
    String text = Files.readString(policy);
    String url = "  url: " + site.url() + "\n";
    assertThat(text).contains(url);
    Path out = dir.resolve("policy-http-" + plain.getAddress().getPort() + ".yaml");
    Files.writeString(out, text.replace(url, url + "  http_url: http://127.0.0.1:"
        + plain.getAddress().getPort() + "/\n"));
    return out;
  }

  private static HttpServer plainHttp(String https, boolean redirects) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(
        InetAddress.getByName("127.0.0.1"), 0), 16);
    server.createContext("/", ex -> {
      byte[] body = "<!doctype html><p>the app, over plain HTTP</p>"
          .getBytes(StandardCharsets.UTF_8);
      if (redirects) {
        ex.getResponseHeaders().add("Location", https.replaceAll("/$", "")
            + ex.getRequestURI().getPath());
        ex.sendResponseHeaders(301, -1);
      } else {
        ex.getResponseHeaders().add("Content-Type", "text/html");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
      }
      ex.close();
    });
    server.start();
    return server;
  }

  /**
   * The claims by statement, as the page words them: the seed's "•" bullets are served in
   * paragraphs, which a statement may keep in front.
   */
  private static Map<String, JsonNode> claims(JsonNode p) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    p.path("claims").forEach(c -> out.put(c.path("statement").asText()
        .replaceFirst("^•\\s*", ""), c));
    return out;
  }

  private static List<String> checks(JsonNode claim) {
    assertThat(claim).as("the claim is written with checks").isNotNull();
    List<String> out = new ArrayList<>();
    claim.path("checks").forEach(k -> out.add(k.asText()));
    return out;
  }

  /** claim.verified by statement: the finding names the claim's id. */
  private static Map<String, String> verdicts(JsonNode scan, Map<String, JsonNode> claims) {
    Map<String, String> byId = new LinkedHashMap<>();
    for (JsonNode f : scan.get("findings")) {
      if (f.get("check_id").asText().equals("claim.verified")) {
        byId.put(f.get("subject").asText(), f.get("status").asText());
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    claims.forEach((statement, c) -> out.put(statement, byId.get(c.path("id").asText())));
    return out;
  }
}

package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * What validate accepts, scan does not refuse and does not crash on: a policy mutated field by
 * field the ways people write it (TLSv1.2, "TLS 1.2", lax, a bare 30, a pointer to a rule of
 * another topic...) either fails validate with exit 2, or scans a loopback server with an exit
 * of 0, 1 or 3, never 70 (seeds21: TLSv1.2 passed validate and made scan exit 70).
 */
class ValidatedPoliciesScanTest {
  /** Each field of the fixture and the spellings tried for it, right and wrong. */
  private static final Map<String, List<String>> SPELLINGS = new LinkedHashMap<>();

  static {
    SPELLINGS.put("MIN", List.of("\"1.2\"", "TLSv1.2", "\"TLS 1.2\"", "tls1.2", "1.3", "1.2",
        "SSLv3", "\"1.0\"", "TLSv1.3", "TLS_1_2", "\"1.4\"", "v1.2"));
    SPELLINGS.put("FORBIDDEN", List.of("[]", "[TLSv1.0]", "[\"1.1\", SSLv3]", "[1.0]", "[tls9]"));
    SPELLINGS.put("SAMESITE", List.of("Lax", "lax", "Strict", "None", "NONE", "Laxx"));
    SPELLINGS.put("MAXAGE", List.of("30", "30d", "\"30\"", "0", "1y", "2h", "-1"));
    SPELLINGS.put("HSTS", List.of("0", "1y", "31536000", "0s", "1d", "1 year"));
    SPELLINGS.put("WINDOW", List.of("1m", "60", "1h", "\"1 minute\"", "30s"));
    SPELLINGS.put("LIMIT", List.of("60", "0", "1", "\"60\"", "-5"));
    SPELLINGS.put("TOPIC", List.of("", "topic: encryption.in_transit", "topic: tls.min_version",
        "topic: rate_limit", "topic: cookies.http_only", "topic: encryption.in_transitt"));
    SPELLINGS.put("STATEMENT", List.of("All traffic is encrypted via TLS 1.2+ (HTTPS).",
        "We support TLS 1.3 only.", "Every page sends X-Frame-Options: DENY.",
        "Session cookies are HttpOnly, Secure and SameSite=Lax.",
        "Reads are limited to 60 requests per minute.", "We never log passwords.",
        "Cookies expire after 30 days."));
    SPELLINGS.put("CHECKS", List.of("[tls.protocols]", "[tls.*]", "[/rate_limits/0]",
        "[/cookies/0]", "[/headers/X-Frame-Options]", "[cookie.*, header.rule]", "[/tls/0]",
        "[\"*\"]"));
    SPELLINGS.put("POLARITY", List.of("in_place", "planned", "not_in_place"));
  }

  private static final String FIXTURE = """
      version: 1
      name: mutated
      targets:
        - name: app
          url: "http://127.0.0.1:PORT/"
      tls:
        min_version: MIN
        forbidden_versions: FORBIDDEN
      hsts:
        min_max_age: HSTS
      headers:
        X-Frame-Options: {required: true}
      cookies:
        - {name: "session", secure: true, http_only: true, same_site: SAMESITE, max_age: MAXAGE}
      rate_limits:
        - name: read
          target: app
          request: {method: GET, path: /api/read}
          limit: LIMIT
          window: WINDOW
      claims:
        - id: claim.one
          statement: "STATEMENT"
          checks: CHECKS
          polarity: POLARITY
          TOPIC
          attest: {owner: cto@example.com, date: 2026-11-01}
      """;

  @Provide
  Arbitrary<Map<String, String>> mutations() {
    // Mostly the first spelling (valid), so most policies pass validate and reach the scan with
    // a mistake or two, as people's policies do.
    List<Arbitrary<String>> each = SPELLINGS.values().stream()
        .map(v -> Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(v.get(0))),
            Tuple.of(1, Arbitraries.of(v)))).toList();
    return Combinators.combine(each).as(values -> {
      Map<String, String> m = new LinkedHashMap<>();
      int i = 0;
      for (String field : SPELLINGS.keySet()) {
        m.put(field, values.get(i++));
      }
      return m;
    });
  }

  @Property(tries = 40)
  void whatValidateAcceptsScansWithoutAnInternalError(
      @ForAll("mutations") Map<String, String> mutation) throws IOException {
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      ex.getResponseHeaders().add("X-Frame-Options", "DENY");
      ex.getResponseHeaders().add("Set-Cookie", "session=opaque; Path=/; HttpOnly; Secure");
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    server.start();
    Path dir = Files.createTempDirectory("mutated");
    try {
      String text = FIXTURE.replace("PORT", String.valueOf(server.getAddress().getPort()));
      for (Map.Entry<String, String> e : mutation.entrySet()) {
        text = text.replace(e.getKey(), e.getValue());
      }
      Path policy = dir.resolve("policy.yaml");
      Files.writeString(policy, text);
      Cli.Result v = Cli.run("validate", policy.toString());
      assertThat(v.code()).as(text + v.out() + v.err()).isIn(0, 2);
      Statistics.label("validate").collect(v.code() == 0 ? "accepted, scanned" : "refused");
      if (v.code() == 2) {
        assertThat(v.err()).as(text).startsWith("secaudit: " + policy + ":")
            .doesNotContain("Exception");
        return;
      }
      Cli.Result s = Cli.run("scan", "-p", policy.toString(), "-o",
          dir.resolve("out").toString(), "-q", "-f", "json");
      assertThat(s.code()).as(text + s.out() + s.err()).isIn(0, 1, 3);
      assertThat(s.err()).as(text).doesNotContain("internal error");
      assertThat(dir.resolve("out/scan.json")).exists();
    } finally {
      server.stop(0);
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}

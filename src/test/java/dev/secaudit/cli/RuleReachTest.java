package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * validate notes what a claim's checks cannot show of its statement, and the scan of the same
 * policy on loopback agrees: the claims noted are exactly those the scan does not verify while
 * every rule behind them passes (seeds21 step 3: a claim over every page on a header rule, a
 * claim on a rule of another topic, TLS 1.3 on a rule of 1.2).
 */
class RuleReachTest {
  private static final Pattern NOTE = Pattern.compile(
      "^  note: (\\S+?):(\\d+):(\\d+): claims\\[(\\d+)\\]\\.checks: claim (\\S+): (.*)$",
      Pattern.MULTILINE);

  @Test
  void claimsNotedByValidateAreTheOnesTheScanLeavesForReview(@TempDir Path dir)
      throws Exception {
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      ex.getResponseHeaders().add("X-Frame-Options", "DENY");
      ex.getResponseHeaders().add("Set-Cookie", "sid=opaque; Path=/; HttpOnly");
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    server.start();
    try {
      Path policy = dir.resolve("policy.yaml");
      Files.writeString(policy, """
          version: 1
          name: reach
          targets:
            - {name: app, url: "http://127.0.0.1:%d/"}
          headers:
            X-Frame-Options: {required: true}
          cookies:
            - {name: sid, http_only: true}
          claims:
            - id: every.page
              statement: "Every page sends X-Frame-Options: DENY."
              checks: [/headers/X-Frame-Options]
            - id: other.topic
              statement: "Session cookies are HttpOnly."
              checks: [/headers/X-Frame-Options]
            - id: own.rule
              statement: "Session cookies are HttpOnly."
              checks: [/cookies/0]
          """.formatted(server.getAddress().getPort()));

      Cli.Result v = Cli.run("validate", policy.toString());
      assertThat(v.code()).as(v.out() + v.err()).isEqualTo(0);
      Map<String, String> noted = new TreeMap<>();
      Matcher m = NOTE.matcher(v.out());
      while (m.find()) {
        // file:line:col of the claim's own checks, in the file as written
        String line = Files.readAllLines(policy).get(Integer.parseInt(m.group(2)) - 1);
        assertThat(line.substring(Integer.parseInt(m.group(3)) - 1)).startsWith("[/");
        assertThat(m.group(1)).isEqualTo(policy.toString());
        noted.put(m.group(5), m.group(6));
      }
      assertThat(noted).containsOnlyKeys("every.page", "other.topic");
      assertThat(noted.get("every.page")).contains("of every response")
          .contains("paths listed only");
      assertThat(noted.get("other.topic")).contains("/headers/X-Frame-Options, a rule of headers")
          .contains("do not test HttpOnly").contains("cookie.http_only");

      Path out = dir.resolve("out");
      Cli.Result s = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(), "-f",
          "json", "--fail-on", "critical");
      assertThat(s.code()).as(s.out() + s.err()).isEqualTo(0);
      JsonNode json = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
      Map<String, String> verified = new TreeMap<>();
      json.get("findings").forEach(f -> {
        if (f.get("check_id").asText().equals("claim.verified")) {
          verified.put(f.get("subject").asText(), f.get("status").asText());
        }
      });
      // Every rule passed: what stands between a claim and PASS is what validate said.
      json.get("findings").forEach(f -> {
        if (f.get("check_id").asText().matches("header\\.rule|cookie\\.http_only")) {
          assertThat(f.get("status").asText()).isEqualTo("PASS");
        }
      });
      assertThat(verified).hasSize(3);
      verified.forEach((claim, status) -> assertThat(status.equals("PASS"))
          .as(claim + " " + status + " noted " + noted.containsKey(claim))
          .isNotEqualTo(noted.containsKey(claim)));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aClaimAboveThePolicysMinimumVersionIsNotedWhereTheMinimumItselfIsNot(@TempDir Path dir)
      throws Exception {
    Path policy = dir.resolve("policy.yaml");
    StringBuilder claims = new StringBuilder();
    String[] statements = {"All traffic is encrypted with TLS 1.3.",
        "All traffic is encrypted with TLS 1.2 or higher.",
        "Connections use TLS 1.1 or higher."};
    for (int i = 0; i < statements.length; i++) {
      claims.append("  - {id: c").append(i).append(", statement: \"").append(statements[i])
          .append("\", checks: [tls.protocols]}\n");
    }
    Files.writeString(policy, """
        version: 1
        name: versions
        targets:
          - {name: app, url: "https://127.0.0.1:1/"}
        tls: {min_version: TLSv1.2}
        claims:
        """ + claims);
    Cli.Result v = Cli.run("validate", policy.toString());
    assertThat(v.code()).as(v.out() + v.err()).isEqualTo(0);
    Map<String, String> noted = new TreeMap<>();
    Matcher m = NOTE.matcher(v.out());
    while (m.find()) {
      noted.put(m.group(5), m.group(6));
    }
    assertThat(noted).as(v.out()).containsOnlyKeys("c0");
    assertThat(noted.get("c0")).contains("at least TLS 1.3").contains("tls.min_version is TLS 1.2")
        .contains("a server that accepts TLS 1.2 passes its checks (tls.protocols)");
  }
}

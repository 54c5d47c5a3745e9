package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.check.ratelimit.SlidingLimiter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overclaim a blind review found (2026-12-04), end to end on loopback: a limiter of 30 per
 * 10 seconds (10,800 an hour) refuses the 31st attempt of a burst exactly as one of 30 per hour
 * would, and the scan
 * called "30 per hour" verified, answered Yes to "at most 30 per hour" and to "at most 50 per
 * hour". Now the burst verifies that attempts are limited and nothing about the hour; a watched
 * window verifies its amount.
 */
class RateLimitWindowClaimsTest {
  @TempDir Path dir;

  private static final String SHEET = """
      ID,Question,Answer
      Q1,Do you rate limit login attempts?,
      Q2,Is there a rate limit of at most 30 requests per hour?,
      Q3,Is there a rate limit of at most 50 requests per hour?,
      Q4,Are login attempts limited to 30 per minute or fewer?,
      """;

  private Map<String, JsonNode> scan(String limiterUrl, String rateLimit, String claims,
      Path out) throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, """
        version: 1
        name: window-claims
        targets:
          - {name: site, url: "%s", active: true}
        rate_limits:
          - {name: login, target: site, request: {method: POST, path: /login,
             body: 'user=probe&password=wrong'}, %s}
        claims:
        %s
        """.formatted(limiterUrl, rateLimit, claims));
    Cli.Result r = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(), "-f", "json",
        "--color", "never");
    assertThat(r.code()).as(r.err()).isIn(0, 1);
    Map<String, JsonNode> byKey = new HashMap<>();
    new ObjectMapper().readTree(out.resolve("scan.json").toFile()).get("findings").forEach(f ->
        byKey.put(f.get("check_id").asText() + " " + f.get("subject").asText(), f));
    return byKey;
  }

  private List<CSVRecord> answer(Path out) throws Exception {
    Path sheet = dir.resolve("sheet.csv");
    Files.writeString(sheet, SHEET);
    Path answered = dir.resolve("answered.csv");
    Cli.Result r = Cli.run("answer", sheet.toString(), "--policy",
        dir.resolve("policy.yaml").toString(), "--scan", out.resolve("scan.json").toString(),
        "-o", answered.toString());
    assertThat(r.code()).as(r.err()).isZero();
    try (Reader in = Files.newBufferedReader(answered, StandardCharsets.UTF_8)) {
      return CSVFormat.RFC4180.parse(in).getRecords();
    }
  }

  @Test
  void aBurstVerifiesThatAttemptsAreLimitedNotThePerHourAmount() throws Exception {
    // An honest limiter of 30 per hour: its refusal asks for the hour, so nothing is sent again
    // and the hour stays not observed.
    try (SlidingLimiter perHour = new SlidingLimiter(30, 3_600_000)) {
      Path out = dir.resolve("out");
      Map<String, JsonNode> f = scan(perHour.url(), "limit: 30, window: 1h", """
            - id: rl.hour
              statement: "Login attempts are rate limited to 30 requests per hour."
              checks: [ratelimit.enforced, ratelimit.retry_after]
            - id: rl.plain
              statement: "Login attempts are rate limited."
              checks: [ratelimit.enforced]
          """, out);

      assertThat(f.get("ratelimit.enforced login").get("status").asText())
          .as(f.get("ratelimit.enforced login").toString()).isEqualTo("PASS");
      assertThat(f.get("ratelimit.window login").get("status").asText()).isEqualTo("INFO");
      JsonNode hour = f.get("claim.verified rl.hour");
      assertThat(hour.get("status").asText()).as(hour.toString()).isNotEqualTo("PASS");
      assertThat(hour.get("observed").asText()).contains("the window was not observed: the"
          + " burst was refused after 30 accepted in ").contains("agrees with a 1h window (a"
              + " limiter with a shorter one would ask for less), which does not verify it");
      assertThat(perHour.received()).hasSize(31);
      assertThat(f.get("claim.verified rl.plain").get("status").asText()).isEqualTo("PASS");

      List<CSVRecord> rows = answer(out);
      assertThat(rows.get(1).get(3)).as(rows.get(1).toString()).isEqualTo("Yes");
      for (int i = 2; i <= 4; i++) {
        assertThat(rows.get(i).get(3)).as(rows.get(i).toString()).isEmpty();
        assertThat(rows.get(i).get(8)).contains("the window was not observed");
      }

      Path site = dir.resolve("site");
      Cli.Result page = Cli.run("page", "--policy", dir.resolve("policy.yaml").toString(),
          "--scan", out.resolve("scan.json").toString(), "-o", site.toString());
      // Withheld statements fail the page run, so CI notices them.
      assertThat(page.code()).as(page.err()).isEqualTo(ExitCode.FAILED.code);
      assertThat(page.err()).contains("left out of the page: claim rl.hour");
      String published = Files.readString(site.resolve("security.md"));
      assertThat(published).contains("Login attempts are rate limited.")
          .doesNotContain("per hour");
    }
  }

  @Test
  void aPerHourClaimOnAServerWithAShortWindowFails() throws Exception {
    // seeds21: claimed per hour, the server's window is seconds and its refusal says so; a
    // client that waits as told is given the burst again, and again.
    try (SlidingLimiter shortWindow = new SlidingLimiter(5, 2000)) {
      Path out = dir.resolve("out");
      Map<String, JsonNode> f = scan(shortWindow.url(), "limit: 5, window: 1h", """
            - id: rl.hour
              statement: "Login attempts are rate limited to 5 requests per hour."
              checks: [/rate_limits/0]
          """, out);

      assertThat(f.get("ratelimit.enforced login").get("status").asText()).isEqualTo("PASS");
      JsonNode window = f.get("ratelimit.window login");
      assertThat(window.get("status").asText()).as(window.toString()).isEqualTo("FAIL");
      assertThat(window.get("observed").asText()).startsWith("looser than claimed: 11 accepted"
          + " within ");
      JsonNode hour = f.get("claim.verified rl.hour");
      assertThat(hour.get("status").asText()).as(hour.toString()).isEqualTo("FAIL");
      assertThat(shortWindow.received()).hasSize(13);
    }
  }

  @Test
  void aWatchedWindowVerifiesItsAmount() throws Exception {
    try (SlidingLimiter perWindow = new SlidingLimiter(2, 4000)) {
      Path out = dir.resolve("out");
      // 2 per 4 seconds: at most 30 in any minute.
      Map<String, JsonNode> f = scan(perWindow.url(), "limit: 2, window: 4s,"
          + " observe_window: true", """
            - id: rl.minute
              statement: "Login attempts are rate limited to 30 per minute."
              checks: [ratelimit.enforced, ratelimit.window]
          """, out);

      JsonNode window = f.get("ratelimit.window login");
      assertThat(window.get("status").asText()).as(window.toString()).isEqualTo("PASS");
      JsonNode minute = f.get("claim.verified rl.minute");
      assertThat(minute.get("status").asText()).as(minute.toString()).isEqualTo("PASS");
      List<CSVRecord> rows = answer(out);
      assertThat(rows.get(1).get(3)).as(rows.get(1).toString()).isEqualTo("Yes");
      assertThat(rows.get(4).get(3)).as(rows.get(4).toString()).isEqualTo("Yes");
    }
  }
}

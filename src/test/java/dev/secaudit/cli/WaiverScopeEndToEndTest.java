package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a waiver's target reaches (ci23 M1): a waiver written for one target's known failure
 * but giving no target silently accepted a new regression on another target, and {@code
 * --fail-on-new} could not see it. Against a loopback server whose second site can be broken
 * between runs, as the review's nginx 'flip' site was.
 */
class WaiverScopeEndToEndTest {
  @TempDir Path dir;
  private HttpServer server;
  private final AtomicBoolean flipBroken = new AtomicBoolean();
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      boolean ok = path.equals("/flip") ? !flipBroken.get() : path.equals("/ok");
      byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(ok ? 200 : 500, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Path policy() throws IOException {
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    Path p = dir.resolve("policy.yaml");
    Files.writeString(p, "version: 1\nname: reach\nsettings: {timeouts: {connect: 2s, read: 2s,"
        + " total: 5s}}\ntargets:\n  - {name: bad, url: \"" + base + "/broken\"}\n"
        + "  - {name: flip, url: \"" + base + "/flip\"}\n");
    return p;
  }

  private Path waivers(String yaml) throws IOException {
    Path w = dir.resolve("waivers.yaml");
    Files.writeString(w, yaml);
    return w;
  }

  private static final String NO_TARGET = "- {id: W-PAGE, check: header.rule, justification:"
      + " legacy page on bad, approver: ciso@acme.test, expires: 2027-03-31}\n";

  private Cli.Result scan(String... args) {
    List<String> all = new ArrayList<>(List.of("scan", "--color", "never"));
    all.addAll(List.of(args));
    return Cli.run(Map.of(), List.of(new ExitCodeTest.PageStatusCheck()), clock,
        all.toArray(String[]::new));
  }

  private static JsonNode json(Path file) throws IOException {
    return new ObjectMapper().readTree(file.toFile());
  }

  private static JsonNode finding(JsonNode scan, String target) {
    for (JsonNode f : scan.get("findings")) {
      if (f.get("target").asText().equals(target)) {
        return f;
      }
    }
    throw new AssertionError("no finding on " + target);
  }

  @Test
  void aWaiverWithoutTargetDoesNotAcceptANewRegressionOnAnotherTarget() throws IOException {
    Path p = policy();
    Path w = waivers(NO_TARGET);
    Path first = dir.resolve("first");
    Cli.Result before = scan("-p", p.toString(), "--waivers", w.toString(), "-o",
        first.toString(), "-f", "json");
    assertThat(before.code()).as(before.out() + before.err()).isEqualTo(ExitCode.PASSED.code);
    String baseline = first.resolve("scan.json").toString();

    flipBroken.set(true);
    Path out = dir.resolve("after");
    Cli.Result after = scan("-p", p.toString(), "--waivers", w.toString(), "--baseline",
        baseline, "--fail-on-new", "-o", out.toString(), "-f", "json,sarif,junit,html");
    assertThat(after.code()).as(after.out() + after.err()).isEqualTo(ExitCode.FAILED.code);
    String sentence = "waiver W-PAGE (" + w + ":1:3) now also covers flip: header.rule [status]"
        + " — new since the baseline, on a target the waiver does not name ('target: *'), so"
        + " not accepted: it counts as new";
    assertThat(after.err()).contains("secaudit: warning: " + sentence);
    assertThat(after.out().replaceAll("\n  ", " ")).contains(sentence)
        .contains("gate: FAILED: 1 new finding at or above low");
    JsonNode scan = json(out.resolve("scan.json"));
    JsonNode flip = finding(scan, "flip");
    assertThat(flip.get("status").asText()).isEqualTo("FAIL");
    assertThat(flip.get("baseline").asText()).isEqualTo("NEW");
    assertThat(flip.get("observed").asText()).contains("waiver W-PAGE not applied: new since the"
        + " baseline on target flip, which the waiver does not name");
    // The known failure it was written for stays accepted.
    assertThat(finding(scan, "bad").get("status").asText()).isEqualTo("WAIVED");
    JsonNode record = scan.at("/waivers/0");
    assertThat(record.get("matched").asInt()).isEqualTo(1);
    assertThat(record.get("covered").asInt()).isEqualTo(2);
    assertThat(record.at("/beyond_baseline/0/target").asText()).isEqualTo("flip");
    assertThat(record.at("/beyond_baseline/0/check").asText()).isEqualTo("header.rule");
    assertThat(record.at("/beyond_baseline/0/accepted").asBoolean()).isFalse();
    JsonNode sarif = json(out.resolve("results.sarif"));
    JsonNode result = null;
    for (JsonNode r : sarif.at("/runs/0/results")) {
      if (r.at("/message/text").asText().contains("[flip ")) {
        result = r;
      }
    }
    assertThat(result).as(sarif.toString()).isNotNull();
    assertThat(result.get("level").asText()).isEqualTo("error");
    assertThat(result.get("baselineState").asText()).isEqualTo("new");
    assertThat(result.has("suppressions")).isFalse();
    assertThat(result.at("/message/text").asText()).contains("waiver W-PAGE not applied");
    assertThat(Files.readString(out.resolve("junit.xml"))).contains("<failure");
    assertThat(org.jsoup.Jsoup.parse(out.resolve("report.html").toFile()).text())
        .contains("1 waived; " + sentence);

    // -q: stderr is left to errors; the console's last screen still says it.
    Cli.Result quiet = scan("-p", p.toString(), "--waivers", w.toString(), "--baseline",
        baseline, "--fail-on-new", "-q");
    assertThat(quiet.code()).isEqualTo(ExitCode.FAILED.code);
    assertThat(quiet.err()).isEmpty();
    assertThat(quiet.out().replaceAll("\n  ", " ")).contains(sentence);

    // Without a baseline the documented default (every target) holds.
    Cli.Result plain = scan("-p", p.toString(), "--waivers", w.toString());
    assertThat(plain.code()).as(plain.out()).isEqualTo(ExitCode.PASSED.code);
  }

  @Test
  void aWaiverThatNamesTheTargetAcceptsIt() throws IOException {
    Path p = policy();
    Path first = dir.resolve("first");
    scan("-p", p.toString(), "--waivers", waivers(NO_TARGET).toString(), "-o", first.toString(),
        "-f", "json");
    flipBroken.set(true);
    Path w = waivers(NO_TARGET + "- {id: W-FLIP, check: header.rule, target: flip,"
        + " justification: flip page retired on Friday, approver: ciso@acme.test,"
        + " expires: 2026-12-12}\n");
    Path out = dir.resolve("after");
    Cli.Result r = scan("-p", p.toString(), "--waivers", w.toString(), "--baseline",
        first.resolve("scan.json").toString(), "--fail-on-new", "-o", out.toString(), "-f",
        "json");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.PASSED.code);
    assertThat(r.err()).doesNotContain("now also covers");
    JsonNode scan = json(out.resolve("scan.json"));
    assertThat(finding(scan, "flip").at("/waiver/id").asText()).isEqualTo("W-FLIP");
    assertThat(finding(scan, "flip").get("baseline").asText()).isEqualTo("NEW");
    assertThat(scan.at("/waivers/0/matched").asInt()).isEqualTo(1);
    assertThat(scan.at("/waivers/1/matched").asInt()).isEqualTo(1);
    assertThat(scan.at("/waivers/0").has("beyond_baseline")).isFalse();
  }

  @Test
  void aKnownFailureAGlobNowWaivesIsNamedAndStaysAccepted() throws IOException {
    Path p = policy();
    flipBroken.set(true);
    Path first = dir.resolve("first");
    Cli.Result known = scan("-p", p.toString(), "-o", first.toString(), "-f", "json");
    assertThat(known.code()).isEqualTo(ExitCode.FAILED.code);
    Path w = waivers("- {id: W-ALL, check: header.rule, target: \"*\", justification: both"
        + " pages retired, approver: ciso@acme.test, expires: 2027-01-31}\n");
    Path out = dir.resolve("after");
    Cli.Result r = scan("-p", p.toString(), "--waivers", w.toString(), "--baseline",
        first.resolve("scan.json").toString(), "--fail-on-new", "-o", out.toString(), "-f",
        "json");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.PASSED.code);
    assertThat(r.err()).contains("secaudit: warning: waiver W-ALL (" + w + ":1:3) now also"
        + " covers bad: header.rule [status]; flip: header.rule [status]: known in the baseline,"
        + " where this waiver did not cover them");
    JsonNode scan = json(out.resolve("scan.json"));
    assertThat(finding(scan, "flip").get("status").asText()).isEqualTo("WAIVED");
    assertThat(finding(scan, "flip").get("observed").asText())
        .contains("waiver W-ALL now also covers target flip: known in the baseline");
    assertThat(scan.at("/waivers/0/beyond_baseline/1/accepted").asBoolean()).isTrue();

    // Once the baseline shows it waiving there, nothing more is said.
    Cli.Result again = scan("-p", p.toString(), "--waivers", w.toString(), "--baseline",
        out.resolve("scan.json").toString(), "--fail-on-new");
    assertThat(again.code()).isEqualTo(ExitCode.PASSED.code);
    assertThat(again.err()).doesNotContain("now also covers");
  }

  @Test
  void aWaiverOverAnErrorLeavesItAnOpenResultInSarif() throws IOException {
    // ci23 L6: a waived ERROR read in SARIF as "kind: fail, Not met (waived)", a verdict never
    // observed. Since H1 a waiver does not take an ERROR: it stays an open, unsuppressed result.
    int closed = dev.secaudit.probe.config.LoopbackNginx.freePort();
    Path p = dir.resolve("down.yaml");
    Files.writeString(p, "version: 1\nname: down\nsettings: {timeouts: {connect: 2s, read: 2s,"
        + " total: 5s}}\ntargets:\n  - {name: ok, url: \"http://127.0.0.1:"
        + server.getAddress().getPort() + "/ok\"}\n  - {name: down, url: \"http://127.0.0.1:"
        + closed + "/\"}\n");
    Path w = waivers("- {id: W-DOWN, check: header.rule, target: down, justification: j,"
        + " approver: a, expires: 2026-12-31}\n");
    Path out = dir.resolve("down");
    Cli.Result r = scan("-p", p.toString(), "--waivers", w.toString(), "-o", out.toString(),
        "-f", "json,sarif");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.INCOMPLETE.code);
    JsonNode sarif = json(out.resolve("results.sarif"));
    JsonNode result = null;
    for (JsonNode each : sarif.at("/runs/0/results")) {
      if (each.at("/message/text").asText().contains("[down ")) {
        result = each;
      }
    }
    assertThat(result).as(sarif.toString()).isNotNull();
    assertThat(result.get("kind").asText()).isEqualTo("open");
    assertThat(result.get("level").asText()).isEqualTo("none");
    assertThat(result.has("suppressions")).isFalse();
    assertThat(result.at("/message/text").asText()).doesNotContain("Not met")
        .contains("waiver W-DOWN not applied: the check could not run");
    assertThat(sarif.at("/runs/0/invocations/0/executionSuccessful").asBoolean()).isFalse();
    assertThat(finding(json(out.resolve("scan.json")), "down").get("status").asText())
        .isEqualTo("ERROR");
  }

  @Test
  void validateNotesAWaiverWithoutTargetAndOneThatOutlivesAYearlyReview() throws IOException {
    Path p = policy();
    Path w = waivers(NO_TARGET + "- {id: W-LONG, check: header.rule, target: bad,"
        + " justification: j, approver: a, expires: 2099-12-31}\n"
        + "- {id: W-STAR, check: header.rule, target: \"*\", justification: j, approver: a,"
        + " expires: 2027-12-05}\n");
    for (String command : List.of("validate", "scan")) {
      List<String> args = new ArrayList<>(List.of(command, "-p", p.toString(), "--waivers",
          w.toString()));
      Cli.Result r = Cli.run(Map.of(), List.of(new ExitCodeTest.PageStatusCheck()), clock,
          args.toArray(String[]::new));
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).as(command).contains("secaudit: note: waiver W-LONG (" + w + ":2:3)"
          + " expires 2099-12-31, more than a year after today (2026-12-05, UTC): an accepted"
          + " risk is reviewed at least once a year").doesNotContain("W-STAR (");
    }
    Cli.Result v = Cli.run(Map.of(), null, clock, "validate", p.toString(), "--waivers",
        w.toString());
    assertThat(v.err()).contains("secaudit: note: waiver W-PAGE (" + w + ":1:3) names no target,"
        + " so it accepts header.rule on every target, today's and any added later");
    assertThat(v.err().lines().filter(l -> l.contains("names no target"))).hasSize(1);
  }
}

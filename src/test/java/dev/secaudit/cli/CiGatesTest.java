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
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * Waivers, baselines, CI report formats and GitHub annotations through the CLI, against a real
 * HTTP server on loopback that counts the requests it gets (so "nothing was probed" is measured).
 */
class CiGatesTest {
  @TempDir Path dir;
  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      requests.incrementAndGet();
      int code = ex.getRequestURI().getPath().equals("/ok") ? 200 : 500;
      byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(code, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Path policy(String path) throws IOException {
    Path p = dir.resolve("policy.yaml");
    Files.writeString(p, "version: 1\nname: ci-gates\nsettings: {timeouts: {connect: 2s, read: 2s,"
        + " total: 5s}}\ntargets:\n  - {name: app, url: \"http://127.0.0.1:"
        + server.getAddress().getPort() + path + "\"}\n");
    return p;
  }

  private Path waivers(String yaml) throws IOException {
    Path w = dir.resolve("waivers.yaml");
    Files.writeString(w, yaml);
    return w;
  }

  private static Cli.Result scan(Map<String, String> env, Clock clock, String... args) {
    List<String> all = new ArrayList<>(List.of("scan", "--color", "never"));
    all.addAll(List.of(args));
    return Cli.run(env, List.of(new ExitCodeTest.PageStatusCheck()), clock,
        all.toArray(String[]::new));
  }

  private static Clock at(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  @Test
  void aBrokenWaiverFileIsExitTwoAndNothingIsProbed() throws IOException {
    Path p = policy("/broken");
    Path w = waivers("- id: W-1\n  check: header.rule\n  justificaton: known\n  approver: ciso\n"
        + "  expires: 2026-12-31\n");
    Cli.Result r = scan(Map.of(), Clock.systemUTC(), "-p", p.toString(), "--waivers",
        w.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.USAGE.code);
    assertThat(r.err()).contains("waivers.yaml:3:3").contains("unknown key 'justificaton'")
        .contains("did you mean 'justification'?");
    assertThat(scan(Map.of(), Clock.systemUTC(), "-p", p.toString(), "--waivers",
        dir.resolve("none.yaml").toString()).code()).isEqualTo(2);
    assertThat(scan(Map.of(), Clock.systemUTC(), "-p", p.toString(), "--fail-on-new").err())
        .contains("--fail-on-new needs --baseline");
    Files.writeString(dir.resolve("bad.json"), "{\"schema\": \"secaudit.scan/1\", ");
    assertThat(scan(Map.of(), Clock.systemUTC(), "-p", p.toString(), "--baseline",
        dir.resolve("bad.json").toString()).code()).isEqualTo(2);
    assertThat(requests.get()).as("requests to the target").isZero();
  }

  @Test
  void validateChecksAWaiverFileToo() throws IOException {
    Path p = policy("/ok");
    Path w = waivers("- {id: W-1, check: header.rule, justification: j, approver: a,"
        + " expires: 2026-11-22}\n");
    Cli.Result ok = Cli.run(Map.of(), null, at("2026-11-23T00:00:00Z"), "validate", p.toString(),
        "--waivers", w.toString());
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("ok: " + w + " (1 waivers, 1 expired)");
    waivers("- {id: W-1, check: header.rule}\n");
    Cli.Result bad = Cli.run("validate", p.toString(), "--waivers", w.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("waivers.yaml:1:3: waivers[0]: missing 'justification'");
    assertThat(requests.get()).isZero();
  }

  @Test
  void aWaiverPassesTheGateUntilTheEndOfItsExpiryDay() throws Exception {
    Path p = policy("/broken");
    Path w = waivers("- {id: W-1, check: header.rule, target: app, justification: legacy page,"
        + " approver: ciso@acme.test, expires: 2026-11-22}\n"
        + "- {id: W-2, check: cors.*, justification: gone, approver: ciso@acme.test,"
        + " expires: 2027-01-01}\n"
        + "- {id: W-3, check: cors.*, target: apq, justification: typo, approver: a,"
        + " expires: 2027-01-01}\n");
    Path out = dir.resolve("out");
    Cli.Result inTime = scan(Map.of(), at("2026-11-22T23:59:59Z"), "-p", p.toString(),
        "--waivers", w.toString(), "-o", out.toString());
    assertThat(inTime.code()).as(inTime.out() + inTime.err()).isEqualTo(ExitCode.PASSED.code);
    // Accepted risks are counted, not listed, by default.
    assertThat(inTime.out()).contains("not listed: 1 waived");
    assertThat(inTime.err()).contains("waiver W-2 (" + w + ":2:3) matched no failing finding")
        .doesNotContain("W-1 (")
        // A plain target name no target has can never match: the note says so, not "stale".
        .contains("waiver W-3 (" + w + ":3:3) matched no failing finding; its target 'apq' is no"
            + " target of this policy (did you mean 'app'?)");
    // The notes scroll away on a 24-line terminal: the last screen names them again.
    List<String> tail = inTime.out().lines().toList();
    assertThat(tail.subList(Math.max(0, tail.size() - 20), tail.size()))
        .anySatisfy(l -> assertThat(l).startsWith("waivers matching no failing finding: W-2,"
            + " W-3"));
    JsonNode json = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    assertThat(json.at("/findings/0/status").asText()).isEqualTo("WAIVED");
    assertThat(json.at("/findings/0/waiver/approver").asText()).isEqualTo("ciso@acme.test");
    assertThat(json.at("/waivers/0/state").asText()).isEqualTo("ACTIVE");
    assertThat(json.at("/waivers/1/matched").asInt()).isZero();

    assertThat(Jsoup.parse(out.resolve("report.html").toFile(), "UTF-8").select("#waivers tbody tr")
        .first().text()).contains("1 waived");

    Path lateOut = dir.resolve("late");
    Cli.Result late = scan(Map.of(), at("2026-11-23T00:00:00Z"), "-p", p.toString(),
        "--waivers", w.toString(), "-o", lateOut.toString());
    assertThat(late.code()).isEqualTo(ExitCode.FAILED.code);
    assertThat(late.out()).contains("500 (waiver W-1 expired on 2026-11-22)");
    // An expired waiver covers nothing: its row says so, never "1 matched".
    String row = Jsoup.parse(lateOut.resolve("report.html").toFile(), "UTF-8").select("#waivers tbody tr")
        .first().text();
    assertThat(row).contains("EXPIRED").contains("none waived (expired): 1 finding it would"
        + " have covered keeps its status").doesNotContain("matched");
    // scan.json says the same: matched counts what it waived (nothing), covered its scope's.
    JsonNode lateJson = new ObjectMapper().readTree(lateOut.resolve("scan.json").toFile());
    assertThat(lateJson.at("/waivers/0/state").asText()).isEqualTo("EXPIRED");
    assertThat(lateJson.at("/waivers/0/matched").asInt()).isZero();
    assertThat(lateJson.at("/waivers/0/covered").asInt()).isEqualTo(1);
    // Re-read (report --from), the expired waiver still waived nothing.
    Cli.Result again = Cli.run("report", "--from", lateOut.resolve("scan.json").toString(),
        "-f", "html", "-o", dir.resolve("again.html").toString());
    // It exits with the gate it re-renders: the run it read failed.
    assertThat(again.code()).as(again.err()).isEqualTo(ExitCode.FAILED.code);
    assertThat(Jsoup.parse(dir.resolve("again.html").toFile(), "UTF-8").select("#waivers tbody tr")
        .first().text()).contains("none waived (expired): 1 finding");
  }

  @Test
  void aBaselineGatesOnlyNewFailuresAndListsResolvedOnes() throws Exception {
    Path first = dir.resolve("first");
    Cli.Result r1 = scan(Map.of(), Clock.systemUTC(), "-p", policy("/broken").toString(), "-o",
        first.toString(), "--format", "json");
    assertThat(r1.code()).isEqualTo(ExitCode.FAILED.code);
    String baseline = first.resolve("scan.json").toString();

    Cli.Result same = scan(Map.of(), Clock.systemUTC(), "-p", policy("/broken").toString(),
        "--baseline", baseline, "--fail-on-new");
    assertThat(same.code()).as(same.out() + same.err()).isEqualTo(ExitCode.PASSED.code);
    assertThat(same.out()).contains("baseline: 0 new, 1 unchanged, 0 resolved")
        .contains("gate: passed: no new failure")
        // No -o: nothing written, and the run says so and how to ask, instead of ending silently.
        .contains("no report files written: add -o DIR for scan.json, report.html")
        .contains("(e.g. -o reports/ci-gates)").doesNotContain("wrote ");
    assertThat(same.out().split("\n")).allSatisfy(l -> assertThat(l.length()).as(l)
        .isLessThanOrEqualTo(80));
    // Without --fail-on-new the known failure still fails the gate.
    assertThat(scan(Map.of(), Clock.systemUTC(), "-p", policy("/broken").toString(),
        "--baseline", baseline).code()).isEqualTo(ExitCode.FAILED.code);

    Path fixed = dir.resolve("fixed");
    Cli.Result r3 = scan(Map.of(), Clock.systemUTC(), "-p", policy("/ok").toString(),
        "--baseline", baseline, "-o", fixed.toString(), "--format", "json");
    assertThat(r3.code()).isEqualTo(ExitCode.PASSED.code);
    assertThat(r3.out()).contains("resolved since the baseline").contains("RESOLVED app")
        .contains("baseline: 0 new, 0 unchanged, 1 resolved");
    // The comparison line names a long path: wrapped at 80 columns like the summary, the path
    // whole on its indented continuation instead of running past the terminal's edge.
    List<String> lines = List.of(r3.out().split("\n"));
    assertThat(lines).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
    int at = lines.indexOf("baseline: 0 new, 0 unchanged, 1 resolved (against");
    assertThat(at).as(r3.out()).isNotNegative();
    assertThat(lines.get(at + 1)).isEqualTo("  " + baseline + ")");
    JsonNode json = new ObjectMapper().readTree(fixed.resolve("scan.json").toFile());
    // The fix is a fix, not a new problem: every format says 0 new and the finding RESOLVED.
    assertThat(json.at("/findings/0/status").asText()).isEqualTo("PASS");
    assertThat(json.at("/findings/0/baseline").asText()).isEqualTo("RESOLVED");
    assertThat(json.at("/baseline/new_count").asInt()).isZero();
    assertThat(json.at("/baseline/resolved/0/check_id").asText()).isEqualTo("header.rule");
    assertThat(json.at("/baseline/resolved/0/status").asText()).isEqualTo("FAIL");
    assertThat(json.at("/baseline/file").asText()).isEqualTo(baseline);
  }

  @Test
  void aKnownFailureWaivedSinceTheBaselineIsNotNewAnywhere() throws Exception {
    Path first = dir.resolve("first");
    scan(Map.of(), Clock.systemUTC(), "-p", policy("/broken").toString(), "-o",
        first.toString(), "--format", "json");
    String baseline = first.resolve("scan.json").toString();
    Path w = waivers("- {id: W-1, check: header.rule, target: app, justification: legacy page,"
        + " approver: ciso@acme.test, expires: 2099-01-01}\n");
    Path out = dir.resolve("waived");
    Cli.Result r = scan(Map.of(), Clock.systemUTC(), "-p", policy("/broken").toString(),
        "--waivers", w.toString(), "--baseline", baseline, "--fail-on-new", "-v", "-o",
        out.toString(), "--format", "json,sarif");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.PASSED.code);
    assertThat(r.out()).contains("baseline: 0 new, 1 unchanged, 0 resolved")
        .doesNotContain("(new)");
    JsonNode json = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    assertThat(json.at("/findings/0/status").asText()).isEqualTo("WAIVED");
    assertThat(json.at("/findings/0/baseline").asText()).isEqualTo("UNCHANGED");
    assertThat(json.at("/baseline/new_count").asInt()).isZero();
    JsonNode sarif = new ObjectMapper().readTree(out.resolve("results.sarif").toFile());
    assertThat(sarif.at("/runs/0/results/0/baselineState").asText()).isEqualTo("unchanged");

    // A waived failure whose waiver is gone fails again: the gate no longer accepts it, so it
    // is new to --fail-on-new.
    Cli.Result lapsed = scan(Map.of(), Clock.systemUTC(), "-p", policy("/broken").toString(),
        "--baseline", out.resolve("scan.json").toString(), "--fail-on-new");
    assertThat(lapsed.code()).as(lapsed.out()).isEqualTo(ExitCode.FAILED.code);
    assertThat(lapsed.out()).contains("baseline: 1 new, 0 unchanged");
  }

  @Test
  void junitAndSarifAreWrittenAndReRenderedFromScanJson() throws Exception {
    Path out = dir.resolve("out");
    Cli.Result r = scan(Map.of(), Clock.systemUTC(), "-p", policy("/broken").toString(), "-o",
        out.toString(), "--format", "json,junit,sarif");
    assertThat(r.code()).isEqualTo(1);
    assertThat(out.resolve("junit.xml")).exists();
    assertThat(out.resolve("results.sarif")).exists();
    assertThat(out.resolve("report.html")).doesNotExist();
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(out.resolve("junit.xml").toFile());
    assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(1);
    JsonNode sarif = new ObjectMapper().readTree(out.resolve("results.sarif").toFile());
    // The policy gave the header rule severity high, not the catalogue's: a rule of its own.
    assertThat(sarif.at("/runs/0/results/0/ruleId").asText()).isEqualTo("header.rule@high");
    assertThat(sarif.at("/runs/0/results/0/properties/check").asText()).isEqualTo("header.rule");
    for (String[] f : List.of(new String[] {"junit", "junit.xml"},
        new String[] {"sarif", "results.sarif"})) {
      Path again = dir.resolve("again-" + f[1]);
      Cli.Result rr = Cli.run("report", "--from", out.resolve("scan.json").toString(),
          "--format", f[0], "-o", again.toString());
      assertThat(rr.code()).as(rr.err()).isEqualTo(ExitCode.FAILED.code);
      assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(out.resolve(f[1])));
    }
    assertThat(Cli.run("report", "--from", out.resolve("scan.json").toString(), "--format",
        "xml").err()).contains("use json, html, csv, junit, sarif");
  }

  @Test
  void aReRenderOfARunGatedOnNewFailuresKeepsTheGateItPassed() throws Exception {
    Path first = dir.resolve("first");
    scanNow("-p", policy("/broken").toString(), "-o", first.toString(), "--format", "json");
    Path out = dir.resolve("only-new");
    Cli.Result r = scanNow("-p", policy("/broken").toString(), "--baseline",
        first.resolve("scan.json").toString(), "--fail-on-new", "-o", out.toString(),
        "--format", "json,html,csv,junit,sarif");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.PASSED.code);
    JsonNode gate = new ObjectMapper().readTree(out.resolve("scan.json").toFile())
        .at("/summary/gate");
    assertThat(gate.path("only_new").asBoolean()).isTrue();
    assertThat(gate.path("outcome").asText()).isEqualTo("PASSED");
    // Every file the run wrote comes back byte for byte: the known failure it let through is
    // not re-judged as failing the gate.
    for (String[] f : List.of(new String[] {"html", "report.html"},
        new String[] {"csv", "findings.csv"}, new String[] {"run", "run.csv"},
        new String[] {"json", "scan.json"}, new String[] {"junit", "junit.xml"},
        new String[] {"sarif", "results.sarif"})) {
      Path again = dir.resolve("again-" + f[1]);
      Cli.Result rr = Cli.run("report", "--from", out.resolve("scan.json").toString(),
          "--format", f[0], "-o", again.toString());
      assertThat(rr.code()).as(rr.err()).isZero();
      assertThat(Files.readString(again)).as(f[1])
          .isEqualTo(Files.readString(out.resolve(f[1])));
    }
    assertThat(Files.readString(out.resolve("run.csv"))).contains("passed");
    Cli.Result console = Cli.run("report", "--from", out.resolve("scan.json").toString());
    assertThat(console.out()).contains("gate: passed: no new failure at or above low")
        .doesNotContain("FAILED");
    // -o writes the console text to the file, as it does every other format.
    Path text = dir.resolve("console.txt");
    Cli.Result toFile = Cli.run("report", "--from", out.resolve("scan.json").toString(), "-f",
        "console", "-o", text.toString());
    assertThat(toFile.code()).as(toFile.err()).isZero();
    assertThat(toFile.out()).isEqualTo("wrote " + text + "\n");
    assertThat(Files.readString(text)).isEqualTo(console.out());
  }

  @Test
  void insideGitHubActionsFailuresBecomeAnnotations() throws IOException {
    Path p = policy("/broken");
    Cli.Result gha = scan(Map.of("GITHUB_ACTIONS", "true"), Clock.systemUTC(), "-p",
        p.toString());
    assertThat(gha.code()).isEqualTo(1);
    assertThat(gha.out()).containsPattern("(?m)^::error file=" + java.util.regex.Pattern.quote(
        p.toString().replace(":", "%3A")) + ",title=header.rule::high \\[app http://127.0.0.1:"
        + server.getAddress().getPort() + "/broken\\] status: ");
    // Below the gate the same failure is a warning: an error would contradict a passing job.
    Cli.Result below = scan(Map.of("GITHUB_ACTIONS", "true"), Clock.systemUTC(), "-p",
        p.toString(), "--fail-on", "critical");
    assertThat(below.code()).isEqualTo(0);
    assertThat(below.out()).contains("::warning file=").doesNotContain("::error");
    Cli.Result local = scan(Map.of(), Clock.systemUTC(), "-p", p.toString());
    assertThat(local.out()).doesNotContain("::error");
  }

  /** A policy named {@code name} with targets given as "name=/path". */
  private Path policy(String file, String name, String... targetPaths) throws IOException {
    StringBuilder yaml = new StringBuilder("version: 1\nname: " + name + "\nsettings: {timeouts:"
        + " {connect: 2s, read: 2s, total: 5s}}\ntargets:\n");
    for (String t : targetPaths) {
      String[] namePath = t.split("=");
      yaml.append("  - {name: ").append(namePath[0]).append(", url: \"http://127.0.0.1:")
          .append(server.getAddress().getPort()).append(namePath[1]).append("\"}\n");
    }
    Path p = dir.resolve(file);
    Files.writeString(p, yaml.toString());
    return p;
  }

  private static Cli.Result scanNow(String... args) {
    return scan(Map.of(), Clock.systemUTC(), args);
  }

  @Test
  void aTargetThePullRequestDroppedIsNotScannedNotResolved() throws Exception {
    Path before = dir.resolve("before");
    Cli.Result r1 = scanNow("-p", policy("main.yaml", "shop", "app=/broken", "old=/broken")
        .toString(), "-o", before.toString(), "--format", "json");
    assertThat(r1.code()).as(r1.out() + r1.err()).isEqualTo(ExitCode.FAILED.code);
    String baseline = before.resolve("scan.json").toString();

    // The pull request drops "old" and fixes nothing: nothing is resolved.
    Path after = dir.resolve("after");
    Cli.Result r2 = scanNow("-p", policy("pr.yaml", "shop", "app=/broken").toString(),
        "--baseline", baseline, "--fail-on-new", "-o", after.toString(), "--format",
        "json,html,sarif");
    assertThat(r2.code()).as(r2.out() + r2.err()).isEqualTo(ExitCode.PASSED.code);
    assertThat(r2.out()).contains("baseline: 0 new, 1 unchanged, 0 resolved, 1 not scanned"
        + " this time").doesNotContain("RESOLVED");
    assertThat(r2.out()).contains("baseline note: the baseline was scanned with another version"
        + " of the policy");
    assertThat(r2.err()).contains("secaudit: note: the baseline was scanned with another version"
        + " of the policy");
    JsonNode json = new ObjectMapper().readTree(after.resolve("scan.json").toFile());
    assertThat(json.at("/baseline/resolved")).isEmpty();
    assertThat(json.at("/baseline/not_scanned/0/target").asText()).isEqualTo("old");
    assertThat(json.at("/baseline/not_scanned/0/baseline").asText()).isEqualTo("NOT_SCANNED");
    assertThat(json.at("/baseline/notes/0").asText()).contains("policy_sha256");
    var html = Jsoup.parse(after.resolve("report.html").toFile(), "UTF-8");
    assertThat(html.select("#baseline").text()).contains("0 resolved, 1 not scanned this time")
        .contains("another version of the policy").contains("No earlier problem was resolved");
    JsonNode sarif = new ObjectMapper().readTree(after.resolve("results.sarif").toFile());
    assertThat(sarif.at("/runs/0/results/0/baselineState").asText()).isEqualTo("unchanged");

    // Fixed on the target that is still scanned: that one is resolved, the dropped one is not.
    Cli.Result r3 = scanNow("-p", policy("pr.yaml", "shop", "app=/ok").toString(), "--baseline",
        baseline);
    assertThat(r3.out()).contains("RESOLVED app").doesNotContain("RESOLVED old")
        .contains("baseline: 0 new, 0 unchanged, 1 resolved, 1 not scanned this time");
  }

  @Test
  void aBaselineOfAnotherPolicyIsNamedAndResolvesNothing() throws Exception {
    Path before = dir.resolve("before");
    scanNow("-p", policy("demo.yaml", "demo", "web=/broken", "api=/broken").toString(), "-o",
        before.toString(), "--format", "json");
    Cli.Result r = scanNow("-p", policy("fail.yaml", "fail", "app=/broken").toString(),
        "--baseline", before.resolve("scan.json").toString(), "--fail-on-new");
    assertThat(r.out()).contains("0 resolved, 2 not scanned this time")
        .doesNotContain("RESOLVED");
    assertThat(r.err()).contains("secaudit: note: the baseline is a scan of policy 'demo', this"
        + " is a scan of policy 'fail'");
    // One finding on one target, in English.
    assertThat(r.out()).contains("summary: 1 finding on 1 target:");
  }
}

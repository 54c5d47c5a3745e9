package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.Check;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Policy;
import dev.secaudit.probe.http.HttpFetch;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every exit code of the table in {@link ExitCode}, produced end to end through the CLI. */
class ExitCodeTest {
  @TempDir Path dir;
  private HttpServer server;

  /**
   * A minimal check so the engine's outcomes can be driven without depending on any real check's
   * rules: FAIL (high) unless the page answered 200, ERROR when it could not be fetched.
   */
  static class PageStatusCheck implements Check {
    @Override
    public boolean appliesTo(Policy policy) {
      return true;
    }

    @Override
    public Set<Aspect> needs() {
      return Set.of(Aspect.PAGES);
    }

    /** It reports under a real id, with that id's declared facts. */
    @Override
    public List<dev.secaudit.check.CheckInfo> reports() {
      return List.of(dev.secaudit.check.StandardChecks.catalog().get("header.rule"));
    }

    @Override
    public List<Finding> evaluate(CheckContext ctx) {
      List<Finding> out = new ArrayList<>();
      for (HttpFetch f : ctx.observations().pages().values()) {
        if (f.failed()) {
          out.add(ctx.error("header.rule", "status", "200", f.first().error(),
              List.of(f.first().id()), ""));
        } else {
          int code = f.lastResponse().status();
          out.add(ctx.finding("header.rule", "status", code == 200 ? Status.PASS : Status.FAIL,
              dev.secaudit.model.Severity.HIGH, "200", String.valueOf(code),
              List.of(f.lastResponse().id()), ""));
        }
      }
      return out;
    }
  }

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
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

  private Path policy(String url, String extra) throws IOException {
    Path p = dir.resolve("policy.yaml");
    Files.writeString(p, "version: 1\nname: exit-codes\nsettings: {timeouts: {connect: 2s, read: 2s,"
        + " total: 5s}}\ntargets:\n  - {name: app, url: \"" + url + "\"}\n" + extra);
    return p;
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private Cli.Result scan(Path policy, String... more) {
    List<String> args = new ArrayList<>(List.of("scan", "-p", policy.toString()));
    args.addAll(List.of(more));
    return Cli.run(Map.of(), List.of(new PageStatusCheck()), args.toArray(String[]::new));
  }

  @Test
  void zeroWhenTheGatePasses() throws IOException {
    Cli.Result r = scan(policy(base() + "/ok", ""));
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.PASSED.code).isZero();
    assertThat(r.out()).contains("gate: passed");
  }

  @Test
  void oneWhenAFailureIsAtOrAboveFailOn() throws IOException {
    Path p = policy(base() + "/broken", "");
    Cli.Result r = scan(p);
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.FAILED.code).isEqualTo(1);
    assertThat(r.out()).contains("FAIL").contains("500");
    // The same failure below the gate's threshold passes.
    assertThat(scan(p, "--fail-on", "critical").code()).isZero();
  }

  @Test
  void twoForBadInputAndNothingIsProbed() throws IOException {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "version: 1\nname: x\ntargets: [{name: app, url: \"" + base()
        + "/ok\", colour: blue}]\n");
    Cli.Result r = scan(bad);
    assertThat(r.code()).isEqualTo(ExitCode.USAGE.code).isEqualTo(2);
    assertThat(r.err()).contains("bad.yaml:3:").contains("unknown key 'colour'");
    assertThat(Cli.run("scan", "--no-such-flag").code()).isEqualTo(2);
    assertThat(Cli.run("scan", "-p", dir.resolve("missing.yaml").toString()).code()).isEqualTo(2);
    assertThat(scan(policy(base() + "/ok", ""), "--fail-on", "severe").code()).isEqualTo(2);
  }

  @Test
  void threeWhenATargetIsUnreachableAndNothingFailed() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Cli.Result r = scan(policy("http://127.0.0.1:" + closed + "/", ""));
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.INCOMPLETE.code).isEqualTo(3);
    assertThat(r.out()).contains("UNREACHABLE").contains("connection refused");
    assertThat(r.err()).doesNotContain("Exception");
  }

  @Test
  void seventyForAnInternalError() throws IOException {
    Check broken = new PageStatusCheck() {
      @Override
      public List<Finding> evaluate(CheckContext ctx) {
        throw new IllegalStateException("simulated bug");
      }
    };
    Path p = policy(base() + "/ok", "");
    Cli.Result r = Cli.run(Map.of(), List.of(broken), "scan", "-p", p.toString());
    assertThat(r.code()).isEqualTo(ExitCode.INTERNAL.code).isEqualTo(70);
    assertThat(r.err()).contains("internal error").contains("--debug").doesNotContain("\tat ");
    Cli.Result debug = Cli.run(Map.of(), List.of(broken), "--debug", "scan", "-p", p.toString());
    assertThat(debug.err()).contains("\tat ");
  }

  /**
   * A full disk is the machine's failure, not secaudit's: 74 naming the file and the system's
   * words, and no report of the run left beside an older run's (ci23 M4). The disk is /dev/full,
   * which a report's temporary file is made to point at.
   */
  @Test
  void seventyFourWhenTheDiskIsFull() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(Path.of("/dev/full")));
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("junit.xml"), "an older run's");
    Files.createSymbolicLink(out.resolve(".report.html.tmp"), Path.of("/dev/full"));
    Cli.Result r = scan(policy(base() + "/ok", ""), "-o", out.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.OUTPUT.code).isEqualTo(74);
    assertThat(r.err()).contains("could not write " + out.resolve("report.html"))
        .contains("No space left on device").doesNotContain("internal error")
        .doesNotContain("Exception");
    try (var left = Files.list(out)) {
      assertThat(left.map(f -> f.getFileName().toString()))
          .noneMatch(n -> n.endsWith(".tmp")).doesNotContain("junit.xml", "scan.json");
    }
  }

  @Test
  void aStaleAttestationFailsTheGateLikeAnyControl() throws IOException {
    String old = LocalDate.now(ZoneOffset.UTC).minusDays(400).toString();
    Path p = policy(base() + "/ok", "claims:\n  - {id: backups.tested, statement: \"Restores are"
        + " tested\", attest: {owner: cto@x.test, date: " + old + ", max_age: 365d}}\n");
    Cli.Result r = scan(p);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("claim.attestation").contains("stale");
  }
}

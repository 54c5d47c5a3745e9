package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate} and {@code scan} list every mistake of a policy in one run and exit 2. */
class ValidateCommandTest {
  @TempDir Path dir;
  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      requests.incrementAndGet();
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Path policy() throws IOException {
    Path p = dir.resolve("policy.yaml");
    Files.writeString(p, """
        version: 1
        name: acme
        targets:
          - {name: app, url: "http://127.0.0.1:%d/", paths: {home: /}}
        settings:
          timeouts: {connect: abc}
          concurrency: "many"
        cookies:
          - {name: sid, same_site: Laxx, secure: "${env:COOKIE_FLAG}"}
        frameworks: [soc2, hippa]
        """.formatted(server.getAddress().getPort()));
    return p;
  }

  private static List<String> lines(String err) {
    return List.of(err.strip().split("\n"));
  }

  @Test
  void validateListsEveryTypeMistakeAndRuleProblemAtOnce() throws IOException {
    Path p = policy();
    Cli.Result r = Cli.run(Map.of("COOKIE_FLAG", "hunter22"), null, "validate", p.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.USAGE.code);
    assertThat(lines(r.err())).satisfiesExactly(
        l -> assertThat(l).startsWith("secaudit: " + p + ":4:").contains("targets[0].paths:")
            .contains("expected a list, got a mapping"),
        // Every line in one shape, the second and later too (ci23 L3): a log filtered on the
        // prefix once kept only the first mistake.
        l -> assertThat(l).startsWith("secaudit: " + p + ":6:23: settings.timeouts.connect:"
            + " expected a duration").endsWith("got 'abc'"),
        l -> assertThat(l).startsWith("secaudit: " + p + ":7:16: settings.concurrency: expected"
            + " a whole number, got text 'many'"),
        l -> assertThat(l).startsWith("secaudit: " + p + ":9:28: cookies[0].same_site: expected"
            + " Strict, Lax or None, got 'Laxx'"),
        l -> assertThat(l).isEqualTo("secaudit: " + p + ":9:42: cookies[0].secure: expected true"
            + " or false, got '${env:COOKIE_FLAG}' (its value is not shown)"),
        l -> assertThat(l).startsWith("secaudit: " + p + ":10:20: frameworks[1]: unknown"
            + " framework 'hippa'"));
    assertThat(r.err()).doesNotContain("hunter22");
  }

  @Test
  void everyMistakeOfAWaiverFileIsALineOfTheSameShape() throws IOException {
    Path w = dir.resolve("w_noappr.yaml");
    Files.writeString(w, "- {id: W-1, check: hsts.*, justification: j, expires: 2026-12-31}\n"
        + "- {id: W-2, check: cookie.*, expires: 2026-12-31}\n");
    Path ok = dir.resolve("ok.yaml");
    Files.writeString(ok, "version: 1\nname: ok\ntargets:\n  - {name: app, url: \"http://127.0.0.1:"
        + server.getAddress().getPort() + "/\"}\n");
    for (String command : List.of("validate", "scan")) {
      Cli.Result r = Cli.run(command, "-p", ok.toString(), "--waivers", w.toString());
      assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.USAGE.code);
      List<String> mistakes = lines(r.err()).stream().filter(l -> l.contains("w_noappr.yaml"))
          .toList();
      assertThat(mistakes).as(command).containsExactly(
          "secaudit: " + w + ":1:3: waivers[0]: missing 'approver' (who accepted the risk)",
          "secaudit: " + w + ":2:3: waivers[1]: missing 'justification' (why the risk is"
              + " accepted; auditors read it)",
          "secaudit: " + w + ":2:3: waivers[1]: missing 'approver' (who accepted the risk)");
    }
  }

  @Test
  void aMisspelledTopicIsRefusedAtItsPlaceByValidateAndScan() throws IOException {
    // seeds21: 'encryption.in_transitt' was accepted, and the claim then read as no topic.
    Path p = dir.resolve("topic.yaml");
    Files.writeString(p, """
        version: 1
        name: topics
        targets:
          - {name: app, url: "https://127.0.0.1:9/"}
        claims:
          - id: transit
            statement: "All traffic is encrypted with TLS."
            topic: encryption.in_transitt
            checks: [tls.protocols]
        """);
    for (String command : List.of("validate", "scan")) {
      Cli.Result r = Cli.run(command, "-p", p.toString());
      assertThat(r.code()).as(command + ": " + r.err()).isEqualTo(ExitCode.USAGE.code);
      assertThat(r.err()).contains("topic.yaml:8:12: claims[0].topic: unknown topic"
          + " 'encryption.in_transitt' (did you mean 'encryption.in_transit'?)");
    }
    Files.writeString(p, Files.readString(p).replace("encryption.in_transitt", "soc2"));
    assertThat(Cli.run("validate", "-p", p.toString()).err()).contains("claims[0].topic: unknown"
        + " topic 'soc2' (did you mean 'certification.soc2'?)");
    Files.writeString(p, Files.readString(p).replace("soc2", "encryption.in_transit"));
    assertThat(Cli.run("validate", "-p", p.toString()).code()).isEqualTo(0);
  }

  @Test
  void validateNotesAClaimWhoseStatementIsReadOnlyInPart() throws IOException {
    Path p = dir.resolve("claims.yaml");
    Files.writeString(p, """
        version: 1
        name: acme
        targets:
          - {name: app, url: "http://127.0.0.1:%d/"}
        claims:
          - id: hashing
            statement: "Passwords are hashed with bcrypt."
            attest: {owner: cto@acme.test, date: 2026-10-01}
          - id: restore
            statement: "Backups are restored and verified every quarter."
            attest: {owner: cto@acme.test, date: 2026-10-01}
          - id: cards
            statement: "We never store card numbers."
            applies: false
            attest: {owner: cto@acme.test, date: 2026-10-01}
        """.formatted(server.getAddress().getPort()));
    Cli.Result r = Cli.run(Map.of(), null, "validate", p.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.PASSED.code);
    List<String> notes = lines(r.out()).stream().filter(l -> l.contains("note:")).toList();
    // The hashing claim is read whole; the one not applying is answered from its attestation.
    assertThat(notes).singleElement().satisfies(l -> assertThat(l)
        .startsWith("  note: " + p + ":10: claim restore: its statement is read only in part")
        .contains("'restored'").endsWith("questions on it are left for review, the scan"
            + " does not call it verified and 'page' does not publish it"));
  }

  @Test
  void aClaimOverTheAcceptedSuitesIsWithinTheEndpointsItsTlsChecksProbe() throws IOException {
    // A blind review: validate warned that this "speaks of encryption in transit of all suite".
    Path p = dir.resolve("suites.yaml");
    Files.writeString(p, """
        version: 1
        name: acme
        targets:
          - {name: app, url: "https://127.0.0.1:%d/"}
        tls: {min_version: "1.2"}
        claims:
          - id: tls.ciphers
            statement: "We only accept strong, forward-secret TLS cipher suites."
            checks: [tls.ciphers, tls.forward_secrecy]
          - id: everything
            statement: "All data to and from our Service is encrypted in transit."
            checks: [https.redirect]
        """.formatted(server.getAddress().getPort()));
    Cli.Result r = Cli.run(Map.of(), null, "validate", p.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.PASSED.code);
    List<String> warnings = lines(r.out()).stream().filter(l -> l.contains("warning:")).toList();
    // The claim over every kind of data still reaches past the endpoints; the suites do not.
    assertThat(warnings).singleElement().satisfies(l -> assertThat(l)
        .contains("claim everything: its checks (https.redirect) test the endpoints"));
  }

  @Test
  void scanStopsBeforeProbingWithTheSameList() throws IOException {
    Path p = policy();
    Cli.Result r = Cli.run(Map.of("COOKIE_FLAG", "hunter22"), null, "scan", "-p", p.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.USAGE.code);
    assertThat(lines(r.err())).hasSize(6);
    assertThat(r.err()).doesNotContain("hunter22");
    assertThat(requests).hasValue(0);
  }

  private Path validPolicy() throws IOException {
    Path p = dir.resolve("valid.yaml");
    Files.writeString(p, """
        version: 1
        name: acme
        targets:
          - {name: app, url: "http://127.0.0.1:%d/"}
        """.formatted(server.getAddress().getPort()));
    return p;
  }

  @Test
  void scanRefusesAnOutputItCannotWriteBeforeProbing() throws IOException {
    Path p = validPolicy();
    Path file = Files.writeString(dir.resolve("afile"), "");
    for (Path out : List.of(file, Path.of("/proc/nope"), file.resolve("under"))) {
      Cli.Result r = Cli.run(Map.of(), null, "scan", "-p", p.toString(), "-o", out.toString());
      assertThat(r.code()).as(out + ": " + r.err()).isEqualTo(ExitCode.USAGE.code);
      assertThat(r.err()).startsWith("secaudit: -o " + out + ": ").doesNotContain("internal");
    }
    assertThat(requests).hasValue(0);
    assertThat(file).isEmptyFile();
  }

  @Test
  void validateLooksForThePolicyFilesScanLooksFor() throws IOException {
    // The tests run in the project folder, which holds none of the default names.
    Cli.Result none = Cli.run("validate");
    assertThat(none.code()).as(none.err()).isEqualTo(ExitCode.USAGE.code);
    assertThat(none.err()).contains("none of secaudit.yaml, secaudit.yml, .secaudit.yaml in")
        .contains("--policy FILE");
    Path p = validPolicy();
    for (String option : List.of("--policy", "-p")) {
      Cli.Result r = Cli.run("validate", option, p.toString());
      assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.PASSED.code);
      assertThat(r.out()).startsWith("ok: " + p + " (acme: 1 target,");
    }
  }
  @Test
  void anAttestationDatedAfterTodayIsReportedWithItsLine() throws IOException {
    Path p = dir.resolve("attested.yaml");
    Files.writeString(p, """
        version: 1
        name: acme
        claims:
          - id: passwords.hashing
            statement: Passwords are stored as bcrypt hashes.
            attest: {owner: cto@acme.test, date: 2026-11-30}
          - id: backups
            statement: Backups are taken daily.
            attest:
              owner: cto@acme.test
              date: 2027-06-01
        """);
    java.time.Clock dec4 = java.time.Clock.fixed(java.time.Instant.parse("2026-12-04T06:00:00Z"),
        java.time.ZoneOffset.UTC);
    Cli.Result r = Cli.run(Map.of(), null, dec4, "validate", p.toString());
    // A warning, not an error: the same file is valid on that day, and scan records the verdict.
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.PASSED.code);
    assertThat(r.out()).contains("warning: " + p + ":11: claim backups: attest.date 2027-06-01"
        + " is after today (2026-12-04, UTC)").doesNotContain("claim passwords.hashing: attest");
  }
}

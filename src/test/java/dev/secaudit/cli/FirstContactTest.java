package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.demo.DemoTarget;
import dev.secaudit.policy.DefaultPolicyFile;
import dev.secaudit.policy.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a newcomer meets first: one URL scanned with no policy written, the default policy names,
 * --ca-file on any policy, and a shipped policy whose secrets only its active probes need.
 * Against the demo's HTTPS target on loopback (its own self-signed certificate).
 */
class FirstContactTest {
  @TempDir static Path dir;
  static DemoTarget target;
  static Path ca;

  @BeforeAll
  static void start() throws Exception {
    target = DemoTarget.start();
    ca = Files.writeString(dir.resolve("ca.pem"), target.certificatePem());
  }

  @AfterAll
  static void stop() {
    target.close();
  }

  @Test
  void aUrlAloneIsScannedWithTheBuiltInProfileWrittenBesideTheReports() throws Exception {
    Path out = dir.resolve("url-scan");
    Cli.Result r = Cli.run("scan", target.httpsUrl() + "/", "--ca-file", ca.toString(), "-o",
        out.toString(), "--color", "never");
    // The demo site is deliberately imperfect: the gate fails (or, with the plain-HTTP redirect
    // on port 80 unreachable, the scan is incomplete); either way a verdict, never a usage error.
    assertThat(r.code()).as(r.out() + r.err()).isIn(ExitCode.FAILED.code,
        ExitCode.INCOMPLETE.code);
    assertThat(r.out()).contains("no policy: scanning " + target.httpsUrl() + "/ with the"
        + " built-in profile, written to " + out.resolve("policy.yaml")).contains("gate: ");
    String policy = Files.readString(out.resolve("policy.yaml"));
    assertThat(policy).contains("extends: [mozilla-intermediate, owasp-headers,"
        + " baseline-cookies]").contains("url: \"" + target.httpsUrl() + "/\"")
        .contains("security_txt:");
    JsonNode scan = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    List<String> checks = new ArrayList<>();
    scan.get("findings").forEach(f -> checks.add(f.get("check_id").asText()));
    assertThat(checks).contains("tls.protocols", "csp.header", "security_txt.present")
        .anyMatch(c -> c.startsWith("cookie.")).anyMatch(c -> c.startsWith("hsts."));
    // The file is the exact policy of that run: the same scan from it reads the same rules.
    assertThat(Cli.run("validate", out.resolve("policy.yaml").toString()).code()).isZero();
    assertThat(scan.at("/run/policy_sha256").asText()).isEqualTo(
        dev.secaudit.model.Artifact.sha256(Files.readAllBytes(out.resolve("policy.yaml"))));
  }

  @Test
  void aUrlSecauditWouldNotScanIsRefusedBeforeAnythingIsWritten() {
    Path out = dir.resolve("refused");
    Cli.Result r = Cli.run("scan", "https://user:pw@127.0.0.1:1/", "-o", out.toString());
    assertThat(r.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(r.err()).contains("user:password@").doesNotContain("pw");
    assertThat(out).doesNotExist();
  }

  @Test
  void theDefaultPolicyIsTheFirstOfThreeNames() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("names"));
    assertThatThrownBy(() -> DefaultPolicyFile.in(folder)).isInstanceOf(UsageException.class)
        .hasMessageContaining("none of secaudit.yaml, secaudit.yml, .secaudit.yaml in")
        .hasMessageContaining("secaudit scan https://your.site/");
    Files.writeString(folder.resolve(".secaudit.yaml"), "version: 1\n");
    assertThat(DefaultPolicyFile.in(folder)).isEqualTo(folder.resolve(".secaudit.yaml"));
    Files.writeString(folder.resolve("secaudit.yml"), "version: 1\n");
    assertThat(DefaultPolicyFile.in(folder)).isEqualTo(folder.resolve("secaudit.yml"));
    Files.writeString(folder.resolve("secaudit.yaml"), "version: 1\n");
    assertThat(DefaultPolicyFile.in(folder)).isEqualTo(folder.resolve("secaudit.yaml"));
  }

  /**
   * A policy without tls: still judges HSTS, which browsers ignore on a connection they do not
   * trust: --ca-file is what makes the private CA's site trusted, so it is taken, not refused.
   */
  @Test
  void caFileCountsWithoutATlsSection() throws Exception {
    Path policy = Files.writeString(dir.resolve("hsts-only.yaml"), "version: 1\nname: hsts\n"
        + "settings: {timeouts: {connect: 2s, read: 5s, total: 10s}}\ntargets:\n"
        + "  - {name: demo, url: \"" + target.httpsUrl() + "\"}\nhsts: {min_max_age: 1}\n");
    Cli.Result untrusted = Cli.run("scan", "-p", policy.toString(), "-o",
        dir.resolve("untrusted").toString(), "-f", "json");
    assertThat(untrusted.code()).as(untrusted.err()).isNotEqualTo(ExitCode.USAGE.code);
    assertThat(hsts(dir.resolve("untrusted/scan.json"))).contains("certificate not trusted");

    Cli.Result trusted = Cli.run("scan", "-p", policy.toString(), "--ca-file", ca.toString(),
        "-o", dir.resolve("trusted").toString(), "-f", "json");
    assertThat(trusted.code()).as(trusted.out() + trusted.err())
        .isNotEqualTo(ExitCode.USAGE.code);
    assertThat(hsts(dir.resolve("trusted/scan.json"))).doesNotContain("not trusted");

    Cli.Result unreadable = Cli.run("scan", "-p", policy.toString(), "--ca-file",
        policy.toString());
    assertThat(unreadable.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(unreadable.err()).contains("--ca-file: cannot read CA certificates");
  }

  private static String hsts(Path scanJson) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (JsonNode f : new ObjectMapper().readTree(scanJson.toFile()).get("findings")) {
      if (f.get("check_id").asText().startsWith("hsts.")) {
        sb.append(f.get("status").asText()).append(' ').append(f.get("observed").asText())
            .append('\n');
      }
    }
    assertThat(sb).isNotEmpty();
    return sb.toString();
  }

  /**
   * A flow's test-account password is needed only when flows run (--active): without it the scan
   * runs the rest and says what was not set; with it, or on a target marked active, it is the
   * usual error naming the variable.
   */
  @Test
  void secretsOfActiveProbesAreNeededOnlyWhenTheyRun() throws Exception {
    String flows = "flows:\n  - name: session\n    target: demo\n    steps:\n"
        + "      - name: sign-in\n        request:\n          method: POST\n"
        + "          path: /login\n          form: {password: \"${env:FC_TEST_PASSWORD}\"}\n"
        + "        expect_status: [200, 302]\n";
    String head = "version: 1\nname: flows\nsettings: {timeouts: {connect: 2s, read: 5s,"
        + " total: 10s}}\ntargets:\n  - {name: demo, url: \"" + target.httpsUrl() + "\"";
    Path passive = Files.writeString(dir.resolve("flows.yaml"), head + "}\n" + flows);
    Cli.Result r = Cli.run("scan", "-p", passive.toString(), "--ca-file", ca.toString());
    assertThat(r.code()).as(r.out() + r.err()).isNotEqualTo(ExitCode.USAGE.code);
    assertThat(r.err()).contains("note: " + passive + ":14:28: flows[0].steps[0].request.form"
        + ".password: environment variable FC_TEST_PASSWORD is not set")
        .contains("the flows and rate limits run only with --active");

    Cli.Result active = Cli.run("scan", "-p", passive.toString(), "--active");
    assertThat(active.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(active.err()).contains("environment variable FC_TEST_PASSWORD is not set");

    Path activeTarget = Files.writeString(dir.resolve("flows-active.yaml"),
        head + ", active: true}\n" + flows);
    assertThat(Cli.run("scan", "-p", activeTarget.toString()).code())
        .isEqualTo(ExitCode.USAGE.code);

    // A variable outside flows and rate limits is needed by every scan.
    Path header = Files.writeString(dir.resolve("header.yaml"), head
        + ", request_headers: {Authorization: \"${env:FC_TOKEN}\"}}\n");
    Cli.Result needed = Cli.run("scan", "-p", header.toString());
    assertThat(needed.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(needed.err()).contains("FC_TOKEN is not set");

    // With the variable set it is a secret like any other: never printed.
    Cli.Result set = Cli.run(Map.of("FC_TEST_PASSWORD", "s3cr3t-Value-91"), null, "scan", "-p",
        passive.toString(), "--ca-file", ca.toString());
    assertThat(set.err()).doesNotContain("FC_TEST_PASSWORD is not set");
    assertThat(set.out() + set.err()).doesNotContain("s3cr3t-Value-91");
  }

  /** The shipped example policies lint clean where their secrets are not set. */
  @Test
  void shippedPoliciesValidateWithoutTheirSecrets() throws Exception {
    try (var files = Files.list(Path.of("policies"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        Cli.Result r = Cli.run("validate", "--allow-unset-env", p.toString());
        assertThat(r.code()).as(p + ": " + r.out() + r.err()).isZero();
      }
    }
    Cli.Result image = Cli.run("validate", "--allow-unset-env", "policies/image-analysis.yaml");
    assertThat(image.out()).contains("IMAGE_ANALYSIS_TEST_EMAIL");
  }
}

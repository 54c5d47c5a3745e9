package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.demo.DemoTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'secaudit init --from URL' against the demo target on loopback, a deliberately imperfect HTTPS
 * site: the policy it writes must validate, and a scan of it must pass.
 */
class InitCommandTest {
  @TempDir static Path dir;
  static DemoTarget target;
  static Path ca;

  @BeforeAll
  static void start() throws Exception {
    target = DemoTarget.start();
    ca = dir.resolve("demo-ca.pem");
    Files.writeString(ca, target.certificatePem());
  }

  @AfterAll
  static void stop() {
    target.close();
  }

  @Test
  void theStarterPolicyClaimsOnlyWhatTheSiteMeetsAndScansGreen() throws Exception {
    Path policy = dir.resolve("starter.yaml");
    Cli.Result init = Cli.run("init", "--from", target.httpsUrl(), "--ca-file", ca.toString(),
        "-o", policy.toString());

    assertThat(init.code()).as(init.out() + init.err()).isZero();
    assertThat(init.out()).contains("wrote " + policy).contains("checks pass today");
    String text = Files.readString(policy);
    // The demo's known faults are left out, and said so; its good posture is claimed.
    assertThat(text).contains("# Not claimed, because the site does not meet it today")
        .contains("hsts.max_age [Strict-Transport-Security]: fail, max-age=86400")
        .contains("min_max_age: 1d").doesNotContain("include_subdomains: true")
        .contains("header.rule [X-Powered-By]: fail").contains("cookie.secure [_tracking]")
        .contains("min_version: \"1.2\"").contains("X-Content-Type-Options")
        .contains("- name: __Host-csrf\n  secure: true\n  same_site: Strict")
        .contains("# Claims only a person can attest").contains("#   - id: mfa")
        // The generic prompts state no fact a founder might leave in by mistake.
        .contains("<Which data> is backed up every <interval>").doesNotContain("72 hours");

    Cli.Result validate = Cli.run("validate", policy.toString());
    assertThat(validate.code()).as(validate.out() + validate.err()).isZero();

    Path out = dir.resolve("out");
    Cli.Result scan = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(),
        "--color", "never");
    assertThat(scan.code()).as(scan.out() + scan.err()).isEqualTo(ExitCode.PASSED.code);
    JsonNode json = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    int passed = 0;
    for (JsonNode f : json.get("findings")) {
      assertThat(f.get("status").asText()).as(f.toString()).isNotIn("FAIL", "ERROR");
      passed += f.get("status").asText().equals("PASS") ? 1 : 0;
    }
    assertThat(passed).as("a green scan that checks something").isGreaterThan(10);
  }

  @Test
  void anExistingPolicyIsKeptAndABadUrlIsAUsageError() throws Exception {
    Path existing = dir.resolve("mine.yaml");
    Files.writeString(existing, "precious");
    Cli.Result r = Cli.run("init", "--from", target.httpsUrl(), "-o", existing.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("exists; pass --force");
    assertThat(Files.readString(existing)).isEqualTo("precious");

    r = Cli.run("init", "--from", "ftp://example.test/", "-o", dir.resolve("x.yaml").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("give the site's https:// URL");
  }

  @Test
  void anUntrustedCertificateIsAQuestionNotAWeakerPolicy() throws Exception {
    Path policy = dir.resolve("untrusted.yaml");
    Cli.Result r = Cli.run("init", "--from", target.httpsUrl(), "-o", policy.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.INCOMPLETE.code);
    assertThat(r.err()).contains("browsers would refuse").contains("tls.certificate.trusted")
        .contains("rerun with --ca-file");
    assertThat(policy).doesNotExist();
  }

  @Test
  void anUnreachableSiteWritesNothing() throws Exception {
    Path policy = dir.resolve("nothing.yaml");
    int closed;
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Cli.Result r = Cli.run("init", "--from", "https://127.0.0.1:" + closed + "/", "-o",
        policy.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.INCOMPLETE.code);
    assertThat(r.err()).contains("unreachable");
    assertThat(policy).doesNotExist();
  }
}

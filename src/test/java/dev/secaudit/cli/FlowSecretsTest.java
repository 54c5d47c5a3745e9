package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unset ${env:NAME} that only a flow uses (flows run only with --active): 'validate' and
 * 'scan' say the same of it, at the same file:line:field, by the variable's name, with the same
 * exit code (ci20: validate refused with exit 2 a policy that scan ran).
 */
class FlowSecretsTest {
  @TempDir Path dir;


  @Test
  void validateAndScanAgreeWithAndWithoutActive() throws Exception {
    Path policy = dir.resolve("secaudit.yaml");
    // Nothing listens on port 9 of loopback: the scan is refused a connection at once.
    Files.writeString(policy, """
        version: 1
        name: flows
        targets:
          - {name: app, url: "http://127.0.0.1:9/"}
        flows:
          - name: signin
            target: app
            steps:
              - {name: in, request: {method: POST, path: /login, form: {password: "${env:FLOW_SECRET_CI21}"}}}
        """);
    Map<String, String> env = Map.of();
    // Where the value that names the variable begins: line 9, its column.
    String place = ":9:" + (Files.readAllLines(policy).get(8).indexOf("\"${env:") + 1)
        + ": flows[0].steps[0].request.form.password: environment variable FLOW_SECRET_CI21"
        + " is not set";
    Cli.Result validate = Cli.run(env, List.of(), "validate", policy.toString());
    assertThat(validate.code()).as(validate.out() + validate.err()).isZero();
    assertThat(validate.out()).contains("  note: " + policy + place)
        .contains("run only with --active");
    Cli.Result scan = Cli.run(env, List.of(), "scan", "-p", policy.toString(), "-o",
        dir.resolve("out").toString());
    // Run (the target is down: incomplete), not refused.
    assertThat(scan.code()).as(scan.err()).isEqualTo(ExitCode.INCOMPLETE.code);
    assertThat(scan.err()).contains("secaudit: note: " + policy + place)
        .contains("run only with --active");

    Cli.Result validateActive = Cli.run(env, List.of(), "validate", "--active",
        policy.toString());
    Cli.Result scanActive = Cli.run(env, List.of(), "scan", "--active", "-p", policy.toString(),
        "-o", dir.resolve("out2").toString());
    assertThat(validateActive.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(scanActive.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(validateActive.err()).contains(policy + place);
    assertThat(scanActive.err()).contains(policy + place);
  }
}

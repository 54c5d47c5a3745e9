package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Claims on local files say no more than the files read (a blind review, auditor21): an empty
 * export folder and a log glob that matched nothing were "verified" and published, and one
 * sshd_config answered "every server" Yes. Real files, the real CLI: scan, validate, answer,
 * page.
 */
class FilesReadClaimsEndToEndTest {
  @TempDir Path dir;

  private JsonNode scan(Path policy, String name) throws IOException {
    Path out = dir.resolve(name);
    Cli.Result r = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(), "--color",
        "never");
    // Passed, failed, or incomplete (an ERROR): never bad input nor a bug.
    assertThat(r.code()).as(r.out() + r.err()).isIn(ExitCode.PASSED.code, ExitCode.FAILED.code,
        ExitCode.INCOMPLETE.code);
    return new ObjectMapper().readTree(out.resolve("scan.json").toFile());
  }

  /** status and observed text of each finding of {@code check}, by subject. */
  private static Map<String, String> findings(JsonNode json, String check) {
    Map<String, String> out = new LinkedHashMap<>();
    json.get("findings").forEach(f -> {
      if (f.get("check_id").asText().equals(check)) {
        out.put(f.get("subject").asText(), f.get("status").asText() + " "
            + f.get("observed").asText());
      }
    });
    return out;
  }

  private String page(Path policy, Path scanJson) throws IOException {
    Path out = dir.resolve("page");
    Cli.Result r = Cli.run("page", "--policy", policy.toString(), "--scan", scanJson.toString(),
        "-o", out.toString());
    assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1);
    return Files.readString(out.resolve("security.md"));
  }

  @Test
  void anEmptyFolderAndAGlobThatFindsNothingVerifyNothing() throws IOException {
    Files.createDirectories(dir.resolve("exports"));
    Files.writeString(dir.resolve("exports/readme.txt"), "not an export\n");
    Files.createDirectories(dir.resolve("logs"));
    Files.createDirectories(dir.resolve("old-logs"));
    Files.writeString(dir.resolve("logs/app.log"), "GET /health 200\n");
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, """
        version: 1
        name: acme
        retention:
          - name: exports
            max_age: 7d
            source: {directory: {path: exports, glob: "*.csv"}}
        data_hygiene:
          - {name: applogs, paths: [logs/*.log, old-logs/*.log, nowhere/*.log]}
        claims:
          - id: exports
            statement: "Exports are deleted after 7 days."
            checks: [retention.window]
          - id: cards
            statement: "Logs contain no card numbers."
            checks: [data.personal_data]
        """);
    JsonNode json = scan(policy, "scan");

    assertThat(findings(json, "retention.window")).containsExactly(Map.entry(
        "dir:" + dir.resolve("exports"), "WARN nothing judged: no file matches *.csv under "
            + dir.resolve("exports")));
    // Each glob on its own: the file another glob found does not judge this one's place.
    assertThat(findings(json, "data.personal_data")).containsEntry(
        "files:" + dir.resolve("old-logs/*.log"), "WARN nothing judged: no file under "
            + dir.resolve("old-logs") + " matches " + dir.resolve("old-logs/*.log"))
        .containsEntry("files:" + dir.resolve("nowhere/*.log"), "ERROR nothing judged: "
            + dir.resolve("nowhere") + " does not exist");
    assertThat(findings(json, "data.secrets")).containsKey(
        "files:" + dir.resolve("old-logs/*.log"));
    Map<String, String> claims = findings(json, "claim.verified");
    assertThat(claims.get("exports")).startsWith("WARN");
    assertThat(claims.get("cards")).startsWith("ERROR");

    String page = page(policy, dir.resolve("scan/scan.json"));
    assertThat(page).doesNotContain("Exports are deleted after 7 days.")
        .doesNotContain("Logs contain no card numbers.");
    Map<String, String> answers = Cli.answer(dir, policy, dir.resolve("scan/scan.json"),
        List.of("Are all exports deleted within 7 days?", "Do logs contain card numbers?"));
    assertThat(answers.values()).containsOnly("");
  }

  @Test
  void oneSshdConfigSpeaksForItselfNotForEveryServer() throws IOException {
    Files.createDirectories(dir.resolve("etc"));
    Files.writeString(dir.resolve("etc/sshd_config"), """
        PubkeyAuthentication yes
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        PermitRootLogin no
        """);
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, """
        version: 1
        name: acme
        configs:
          - {name: sshd, kind: sshd, path: etc/sshd_config}
        ssh:
          password_authentication: false
        claims:
          - id: ssh.all
            statement: "SSH access to all servers uses keys only."
            checks: [config.sshd.auth]
          - id: ssh.production
            statement: "Production server access via SSH keys only."
            checks: [config.sshd.auth]
          - id: ssh.file
            statement: "SSH access uses keys only."
            checks: [config.sshd.auth]
        """);
    Cli.Result validate = Cli.run("validate", policy.toString());
    assertThat(validate.out()).contains("claim ssh.all: its checks (config.sshd.auth) read the"
        + " configuration files the policy lists, while its statement speaks of all system")
        .contains("claim ssh.production: its checks (config.sshd.auth) read the configuration"
            + " files the policy lists")
        .doesNotContain("claim ssh.file:");

    JsonNode json = scan(policy, "scan");
    Map<String, String> claims = findings(json, "claim.verified");
    assertThat(claims.get("ssh.all")).startsWith("WARN").contains("read 1 file only"
        + " (sshd_config)");
    assertThat(claims.get("ssh.production")).startsWith("WARN");
    assertThat(claims.get("ssh.file")).startsWith("PASS");

    String page = page(policy, dir.resolve("scan/scan.json"));
    assertThat(page).doesNotContain("SSH access to all servers uses keys only.")
        .doesNotContain("Production server access via SSH keys only.")
        .contains("SSH access uses keys only.");
    Map<String, String> answers = Cli.answer(dir, policy, dir.resolve("scan/scan.json"),
        List.of("Is password authentication disabled for SSH on every server?",
            "Is production server access restricted to SSH keys only?",
            "Is SSH password authentication disabled?"));
    assertThat(answers).containsExactly(
        Map.entry("Is password authentication disabled for SSH on every server?", ""),
        Map.entry("Is production server access restricted to SSH keys only?", ""),
        Map.entry("Is SSH password authentication disabled?", "Yes"));
    assertThat(Files.readString(dir.resolve("answered.csv")))
        .contains("read 1 file only (").contains("etc/sshd_config), which the scan ties to no"
            + " server: they do not show all system");
  }
}

package dev.secaudit.check.hygiene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.probe.SourceObservation;
import dev.secaudit.probe.hygiene.RepositorySecretScan;
import dev.secaudit.probe.hygiene.RepositorySecretsProbe;
import dev.secaudit.probe.hygiene.TestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real git repository built by the test: a secret committed and deleted is found in history
 * and not in the tree, an untracked one in the tree, an ignored one nowhere, an allowlisted one
 * only counted; and no secret appears unmasked in any finding or artifact.
 */
class RepositorySecretsTest {
  static final String AWS = "AKIA" + "Q7RZ3M5N2W4X6Y8B";
  static final String GITHUB = "ghp" + "_" + "x7Yb2Kq9Lm4Np1Rs8Tv3Wz6Ac5De0Fg2Hj4K";
  static final String STRIPE = "sk" + "_live_" + "51HxQ2eK8vN3mP7rT9wZ4yB6";
  static final String RANDOM = "q8Zr4Lm2Xv9Tn1Bw6Yc3Ks7Hd5Pf0Gj";
  static final List<String> SECRETS = List.of(AWS, GITHUB, STRIPE, RANDOM);

  @TempDir Path dir;

  private final RepositorySecretsProbe probe = new RepositorySecretsProbe(
      RepositorySecretsProbe.Limits.DEFAULTS, "git",
      Clock.fixed(HygieneFixture.NOW, ZoneOffset.UTC));

  private List<Finding> scan(LoadedPolicy loaded, List<SourceObservation> seen) {
    seen.addAll(probe.observe(loaded));
    return HygieneFixture.judge(new RepositorySecretsCheck(), loaded, seen);
  }

  @Test
  void aDeletedSecretIsFoundInHistoryAndAnUntrackedOneInTheTree() throws IOException {
    TestRepo repo = new TestRepo(dir.resolve("app"));
    repo.write("README.md", "# app\n").write(".gitignore", ".env\n")
        .write("config/prod.yml", "region: eu-west-1\naws_key: " + AWS + "\n");
    String added = repo.commit("config");
    repo.write("config/prod.yml", "region: eu-west-1\naws_key: ${env:AWS_KEY}\n")
        .write("test/fixtures/stripe.txt", "fixture " + STRIPE + "\n")
        .write("src/App.java", "class App {\n  String apiSecret = \"" + RANDOM + "\";\n}\n");
    repo.commit("move the key to the environment");
    repo.write(".env", "STRIPE=" + STRIPE + "\n") // ignored: never read
        .write("notes.txt", "todo\nrotate " + GITHUB + "\n"); // untracked, not ignored

    LoadedPolicy loaded = HygieneFixture.load(dir, """
        version: 1
        name: acme
        repositories:
          - name: app-repo
            path: app
            secrets: {allow_paths: ["test/fixtures/*"]}
        """);
    List<SourceObservation> seen = new java.util.ArrayList<>();
    List<Finding> findings = scan(loaded, seen);

    assertThat(findings).extracting(Finding::target, Finding::subjectAtLine, Finding::status)
        .containsExactlyInAnyOrder(
            tuple("app-repo", "notes.txt:2", Status.FAIL),
            tuple("app-repo", "src/App.java:2", Status.FAIL),
            tuple("app-repo", added.substring(0, 7) + ":config/prod.yml:2", Status.FAIL));
    Finding history = findings.stream().filter(f -> f.subjectAtLine().contains("prod.yml")).findFirst()
        .orElseThrow();
    assertThat(history.observed()).startsWith("aws_access_key AKIA…8B (20 chars), fingerprint ")
        .contains("added in commit " + added.substring(0, 12)).contains("no longer in the"
            + " working tree");
    assertThat(findings).filteredOn(f -> f.subjectAtLine().startsWith("notes.txt")).first()
        .extracting(Finding::observed).asString().contains("github_token")
        .contains("not committed yet");
    assertThat(history.evidence()).containsExactly("app-repo/secret-scan");

    RepositorySecretScan scan = (RepositorySecretScan) seen.get(0);
    assertThat(scan.gitRepository()).isTrue();
    assertThat(scan.commitsRead()).isEqualTo(2);
    assertThat(scan.tree()).extracting(s -> s.path()).doesNotContain(".env");
    assertThat(scan.tree()).extracting(s -> s.path()).contains("test/fixtures/stripe.txt");
    assertNothingUnmasked(findings, scan.artifacts());
  }

  @Test
  void anAllowlistedFingerprintPassesAndIsCounted() throws IOException {
    TestRepo repo = new TestRepo(dir.resolve("app"));
    repo.write("docs/example.md", "key " + AWS + "\n").commit("docs");
    String yaml = """
        version: 1
        name: acme
        repositories:
          - {name: app-repo, path: app, secrets: {allow_fingerprints: ["%s"]}}
        """;
    List<Finding> first = scan(HygieneFixture.load(dir, yaml.formatted("000000000000")),
        new java.util.ArrayList<>());
    assertThat(first).extracting(Finding::subjectAtLine, Finding::status)
        .containsExactly(tuple("docs/example.md:1", Status.FAIL));
    String fingerprint = first.get(0).observed().replaceAll(".*fingerprint ([0-9a-f]{12}).*", "$1");

    List<Finding> again = scan(HygieneFixture.load(dir, yaml.formatted(fingerprint)),
        new java.util.ArrayList<>());
    assertThat(again).extracting(Finding::status).containsExactly(Status.PASS);
    assertThat(again.get(0).observed()).contains("none in 1 file and 1 commit")
        .contains("1 allowed by the allowlist");
  }

  @Test
  void historyStopsAtMaxCommitsAndSaysSo() throws IOException {
    TestRepo repo = new TestRepo(dir.resolve("app"));
    repo.write("a.txt", "key " + AWS + "\n").commit("one");
    repo.write("a.txt", "nothing\n").commit("two");
    repo.write("b.txt", "still nothing\n").commit("three");
    List<Finding> findings = scan(HygieneFixture.load(dir, """
        version: 1
        name: acme
        repositories:
          - {name: app-repo, path: app, secrets: {max_commits: 2}}
        """), new java.util.ArrayList<>());
    assertThat(findings).extracting(Finding::status).containsExactly(Status.PASS);
    assertThat(findings.get(0).observed()).contains("2 commits")
        .contains("older commits not read");
  }

  @Test
  void aPlainFolderIsWalkedAndAMissingOneIsAnError() throws IOException {
    Path plain = dir.resolve("plain");
    Files.createDirectories(plain.resolve("node_modules/x"));
    Files.writeString(plain.resolve("node_modules/x/index.js"), "k = '" + AWS + "'\n");
    Files.writeString(plain.resolve("deploy.sh"), "export K=" + AWS + "\n");
    Files.write(plain.resolve("blob.bin"), new byte[] {1, 0, 2, 0, 'A', 'K'});
    List<Finding> findings = scan(HygieneFixture.load(dir, """
        version: 1
        name: acme
        repositories:
          - {name: plain, path: plain, secrets: {}}
          - {name: gone, path: nowhere, secrets: {}}
        """), new java.util.ArrayList<>());
    assertThat(findings).extracting(Finding::target, Finding::subjectAtLine, Finding::status)
        .containsExactly(tuple("plain", "deploy.sh:1", Status.FAIL),
            tuple("gone", "git:" + dir.resolve("nowhere"), Status.ERROR));
    assertThat(findings.get(1).observed()).contains("no such folder");
  }

  @Test
  void gitThatHangsIsKilledAtTheBudgetAndReportedAsTruncated() throws IOException {
    TestRepo repo = new TestRepo(dir.resolve("app"));
    repo.write("a.txt", "hello\n").commit("one");
    // A stand-in for git that answers ls-files and then never finishes the history.
    Path fake = dir.resolve("slow-git");
    Files.writeString(fake, "#!/bin/sh\nfor a; do [ \"$a\" = ls-files ] && exec git \"$@\"; done\n"
        + "echo x; exec sleep 30\n");
    fake.toFile().setExecutable(true);
    RepositorySecretsProbe slow = new RepositorySecretsProbe(new RepositorySecretsProbe.Limits(
        100, 1 << 20, Duration.ofSeconds(30), Duration.ofMillis(500), 1 << 20), fake.toString(),
        Clock.fixed(HygieneFixture.NOW, ZoneOffset.UTC));
    long start = System.nanoTime();
    List<SourceObservation> seen = slow.observe(HygieneFixture.load(dir, """
        version: 1
        name: acme
        repositories:
          - {name: app-repo, path: app, secrets: {}}
        """));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    RepositorySecretScan scan = (RepositorySecretScan) seen.get(0);
    assertThat(scan.historyTruncated()).isTrue();
    assertThat(scan.filesRead()).isEqualTo(1);
  }

  @Test
  void badFingerprintsAndCapsAreRejectedWithFileLineAndField() {
    String message = org.junit.jupiter.api.Assertions.assertThrows(
        dev.secaudit.policy.UsageException.class, () -> HygieneFixture.load(dir, """
            version: 1
            name: acme
            repositories:
              - name: app
                path: app
                secrets: {max_commits: 0, allow_fingerprints: ["AKIA-not-a-print"]}
            """)).getMessage();
    assertThat(message).contains("policy.yaml:6:")
        .contains("repositories[0].secrets.max_commits: must be between 1 and 1000000, got 0")
        .contains("repositories[0].secrets.allow_fingerprints[0]: 'AKIA-not-a-print' is not a"
            + " fingerprint");
  }

  static void assertNothingUnmasked(List<Finding> findings, List<Artifact> artifacts) {
    String all = findings.toString() + artifacts.toString();
    for (String s : SECRETS) {
      assertThat(all).doesNotContain(s).doesNotContain(s.substring(4, s.length() - 2));
    }
  }
}

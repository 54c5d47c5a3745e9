package dev.secaudit.check.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.probe.SourceObservation;
import dev.secaudit.probe.hygiene.DataHygieneProbe;
import dev.secaudit.probe.hygiene.RepositoryDependenciesProbe;
import dev.secaudit.probe.hygiene.RepositorySecretsProbe;
import dev.secaudit.probe.hygiene.TestRepo;
import dev.secaudit.report.ScanJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hygiene findings say as data which file they are about and the counts they compared; what was
 * found (a secret, its masked form, its fingerprint, a personal datum) never becomes data: a
 * real repository and real log files in a temp dir.
 */
class HygieneTypedFindingsTest {
  @TempDir Path dir;

  private static final Clock CLOCK = Clock.fixed(HygieneFixture.NOW, ZoneOffset.UTC);

  /** The about, expected_value and observed_value of every finding, as scan.json writes them. */
  private static String typedJson(List<Finding> findings) throws Exception {
    StringBuilder out = new StringBuilder();
    for (Finding f : findings) {
      JsonNode n = ScanJson.mapper().valueToTree(f);
      for (String field : List.of("about", "expected_value", "observed_value")) {
        if (n.has(field)) {
          out.append(n.get(field)).append('\n');
        }
      }
    }
    return out.toString();
  }

  @Test
  void secretsInARepositoryAreAboutTheirFileAndNeverData() throws Exception {
    TestRepo repo = new TestRepo(dir.resolve("app"));
    repo.write("config/prod.yml", "aws_key: " + RepositorySecretsTest.AWS + "\n")
        .write("notes.txt", "todo\nrotate " + RepositorySecretsTest.GITHUB + "\n");
    repo.commit("config");
    LoadedPolicy loaded = HygieneFixture.load(dir, """
        version: 1
        name: acme
        repositories:
          - {name: app-repo, path: app, secrets: {}}
        """);
    List<SourceObservation> seen = new ArrayList<>(new RepositorySecretsProbe(
        RepositorySecretsProbe.Limits.DEFAULTS, "git", CLOCK).observe(loaded));
    List<Finding> findings = HygieneFixture.judge(new RepositorySecretsCheck(), loaded, seen);

    assertThat(findings).extracting(Finding::status).containsOnly(Status.FAIL).hasSize(2);
    assertThat(findings).extracting(Finding::about).containsExactlyInAnyOrder(
        new Subject(Subject.Kind.FILE, "config/prod.yml"),
        new Subject(Subject.Kind.FILE, "notes.txt"));
    String typed = typedJson(findings);
    for (Finding f : findings) {
      // The masked form and the fingerprint are in the sentence, for a person; not data.
      String masked = f.observed().substring(f.observed().indexOf(' ') + 1,
          f.observed().indexOf(", fingerprint "));
      String fingerprint = f.observed().replaceAll(".*fingerprint (\\S+?)(;.*)?$", "$1");
      assertThat(typed).doesNotContain(masked).doesNotContain(fingerprint);
    }
    for (String secret : RepositorySecretsTest.SECRETS) {
      assertThat(typed).doesNotContain(secret).doesNotContain(secret.substring(0, 8));
    }
  }

  @Test
  void personalDataAndSecretsInLogsAreCountsAboutTheFile() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Files.writeString(logs.resolve("app.log"), "login jane.doe@example.com\n"
        + "again jane.doe@example.com\n"
        + "db postgres://app:" + DataHygieneTest.PASSWORD + "@db.internal/app\n");
    Files.writeString(logs.resolve("clean.log"), "nothing\n");
    LoadedPolicy loaded = HygieneFixture.load(dir, """
        version: 1
        name: acme
        data_hygiene:
          - {name: app-logs, paths: ["logs/*.log"]}
        """);
    List<SourceObservation> seen = new DataHygieneProbe(DataHygieneProbe.Limits.DEFAULTS, CLOCK)
        .observe(loaded);
    List<Finding> findings = HygieneFixture.judge(new DataHygieneCheck(), loaded, seen);

    Finding email = findings.stream().filter(f -> f.subject().endsWith(" email")).findFirst()
        .orElseThrow();
    assertThat(email.about()).isEqualTo(new Subject(Subject.Kind.FILE, "logs/app.log"));
    assertThat(email.expectedValue()).isEqualTo(new Value.Count(0, null));
    assertThat(email.observedValue()).isEqualTo(new Value.Count(2, null));
    assertThat(email.observed()).startsWith("email addresses: 2 found on lines 1, 2; samples: ");
    String typed = typedJson(findings);
    assertThat(typed).doesNotContain("jane").doesNotContain("example.com")
        .doesNotContain(DataHygieneTest.PASSWORD).doesNotContain("j***");
  }

  @Test
  void lockFilesCompareTheDependenciesLeftUnpinned() throws Exception {
    TestRepo repo = new TestRepo(dir.resolve("app"));
    repo.write("package.json", """
        {"name": "app", "dependencies": {"left-pad": "^1.3.0", "express": "4.19.2"}}
        """);
    repo.commit("app");
    LoadedPolicy loaded = HygieneFixture.load(dir, """
        version: 1
        name: acme
        repositories:
          - {name: app-repo, path: app, lock_files: true}
        """);
    List<SourceObservation> seen = new ArrayList<>(
        RepositoryDependenciesProbe.standard(CLOCK).observe(loaded));
    Finding lock = HygieneFixture.judge(new DependencyChecks(), loaded, seen).get(0);

    assertThat(lock.status()).isEqualTo(Status.FAIL);
    assertThat(lock.about()).isEqualTo(new Subject(Subject.Kind.FILE, "package.json"));
    assertThat(lock.expectedValue()).isEqualTo(new Value.Count(0, 2L));
    assertThat(lock.observedValue()).isEqualTo(new Value.Count(2, 2L));
    assertThat(lock.observed()).startsWith("no lock file: 2 dependencies");
  }
}

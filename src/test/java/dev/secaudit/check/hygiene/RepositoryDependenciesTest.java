package dev.secaudit.check.hygiene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.probe.SourceObservation;
import dev.secaudit.probe.hygiene.RepositoryDependenciesProbe;
import dev.secaudit.probe.hygiene.RepositoryManifests;
import dev.secaudit.probe.hygiene.TestRepo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lock-file matrices per ecosystem and update-bot configs, on repositories built by the test. */
class RepositoryDependenciesTest {
  @TempDir Path dir;

  private final RepositoryDependenciesProbe probe = new RepositoryDependenciesProbe(
      new RepositoryManifests.PerRun("git", new RepositoryManifests.Limits(1000, 2000, 1L << 20,
          Duration.ofSeconds(30))), Clock.fixed(HygieneFixture.NOW, ZoneOffset.UTC));

  private List<Finding> judge(String yaml) throws IOException {
    LoadedPolicy loaded = HygieneFixture.load(dir, yaml);
    List<SourceObservation> seen = probe.observe(loaded);
    return HygieneFixture.judge(new DependencyChecks(), loaded, seen);
  }

  @Test
  void lockFilesPerEcosystem() throws IOException {
    new TestRepo(dir.resolve("app"))
        // npm: ranges need a lock file; a workspace's lock sits at its root.
        .write("web/package.json", "{\"dependencies\": {\"react\": \"^18.2.0\"}}")
        .write("api/package.json", "{\n  \"dependencies\": {\n    \"express\": \"4.19.2\"\n  },\n"
            + "  \"devDependencies\": {\"jest\": \"~29.7.0\"}\n}")
        .write("api/package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"\": {"
            + "\"dependencies\": {\"express\": \"4.19.2\"}, \"devDependencies\": {\"jest\":"
            + " \"~29.7.0\"}}}}")
        .write("mono/yarn.lock", "# yarn lockfile v1\n\nlodash@*:\n  version \"4.17.21\"\n")
        .write("mono/packages/a/package.json",
            "{\"dependencies\": {\"lodash\": \"*\"}}")
        .write("empty/package.json", "{\"name\": \"no-deps\"}")
        // Maven: no lock file; ranges, LATEST and SNAPSHOT in a release are not pinned.
        .write("svc/pom.xml", """
            <project>
              <modelVersion>4.0.0</modelVersion>
              <version>1.4.0</version>
              <properties><guava.version>[31.0,)</guava.version></properties>
              <dependencies>
                <dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId>
                  <version>${guava.version}</version></dependency>
                <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId>
                  <version>2.0.13</version></dependency>
                <dependency><groupId>acme</groupId><artifactId>util</artifactId>
                  <version>2.0-SNAPSHOT</version></dependency>
              </dependencies>
              <build><plugins><plugin><artifactId>maven-jar-plugin</artifactId>
                <version>LATEST</version>
                <dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId>
                  <version>1.0</version></dependency></dependencies>
              </plugin></plugins></build>
            </project>
            """)
        .write("lib/pom.xml", "<project><version>0.1-SNAPSHOT</version><dependencies>"
            + "<dependency><groupId>acme</groupId><artifactId>core</artifactId>"
            + "<version>0.1-SNAPSHOT</version></dependency></dependencies></project>")
        // Python: requirements pin with ==; pyproject needs a lock file.
        .write("ml/requirements.txt", "# pinned?\nflask==3.0.3\nrequests>=2.31\n-r base.txt\n"
            + "numpy\n")
        .write("ml/requirements-dev.txt", "pytest==8.2.0 ; python_version >= '3.9'\n")
        .write("tool/pyproject.toml", "[project]\nname = \"tool\"\ndependencies = [\n"
            + "  \"click>=8\",\n  \"rich\",\n]\n")
        .write("uvapp/pyproject.toml", "[project]\ndependencies = [\"httpx\"]\n")
        .write("uvapp/uv.lock", "version = 1\n\n[[package]]\nname = \"uvapp\"\nversion ="
            + " \"0.1.0\"\nsource = { editable = \".\" }\ndependencies = [{ name = \"httpx\" }]\n\n"
            + "[[package]]\nname = \"httpx\"\nversion = \"0.27.0\"\n")
        // Go: go.sum beside go.mod.
        .write("cli/go.mod", "module x\n\ngo 1.22\n\nrequire (\n\tgithub.com/spf13/cobra v1.8.0\n)\n")
        .write("worker/go.mod", "module y\nrequire github.com/a/b v1.0.0\n")
        .write("worker/go.sum", "github.com/a/b v1.0.0 h1:abc=\n");

    List<Finding> findings = judge("""
        version: 1
        name: acme
        repositories:
          - {name: app, path: app, lock_files: true}
        """);
    assertThat(findings).extracting(Finding::subjectAtLine, Finding::status).containsExactlyInAnyOrder(
        tuple("api/package.json", Status.PASS),
        tuple("cli/go.mod", Status.FAIL),
        tuple("lib/pom.xml", Status.PASS),
        tuple("ml/requirements-dev.txt", Status.PASS),
        tuple("ml/requirements.txt:3", Status.FAIL),
        tuple("mono/packages/a/package.json", Status.PASS),
        tuple("svc/pom.xml:7", Status.FAIL),
        tuple("tool/pyproject.toml", Status.FAIL),
        tuple("uvapp/pyproject.toml", Status.PASS),
        tuple("web/package.json", Status.FAIL),
        tuple("worker/go.mod", Status.PASS));
    assertThat(observed(findings, "svc/pom.xml:7")).isEqualTo("3 of 4 not pinned:"
        + " com.google.guava:guava ${guava.version} (line 7, a version range);"
        + " acme:util 2.0-SNAPSHOT (line 11, a SNAPSHOT in a release build);"
        + " maven-jar-plugin LATEST (line 14, LATEST moves with every release)");
    assertThat(observed(findings, "ml/requirements.txt:3")).startsWith("2 of 3 not pinned:"
        + " requests requests>=2.31 (line 3, not pinned with ==); numpy numpy (line 5");
    assertThat(observed(findings, "web/package.json")).isEqualTo("no lock file: 1 dependencies"
        + " (and all of theirs) resolved afresh on every install, 1 of them by range");
    assertThat(observed(findings, "mono/packages/a/package.json"))
        .isEqualTo("1 dependencies, locked by mono/yarn.lock");
    assertThat(findings).allMatch(f -> f.target().equals("app")
        && f.evidence().equals(List.of("app/dependencies")));
  }

  @Test
  void vendoredAndBuildManifestsAreSkippedUnlessThePolicyIncludesTheFolder() throws IOException {
    // git lists a committed vendor/ and dist/ too: their manifests are not the product's...
    new TestRepo(dir.resolve("go")).write("go.mod", "module x\nrequire github.com/a/b v1.0.0\n")
        .write("go.sum", "github.com/a/b v1.0.0 h1:abc=\n")
        .write("vendor/github.com/a/b/package.json", "{\"dependencies\": {\"x\": \"^1\"}}")
        .write("dist/requirements.txt", "flask\n");
    // ...unless the policy says this repository's own code lives in one.
    new TestRepo(dir.resolve("mine")).write("vendor/tool/requirements.txt", "flask\n");
    List<Finding> findings = judge("""
        version: 1
        name: acme
        repositories:
          - {name: go, path: go, lock_files: true}
          - {name: mine, path: mine, lock_files: true, include_folders: [vendor]}
        """);
    assertThat(findings).extracting(Finding::target, Finding::subjectAtLine, Finding::status)
        .containsExactlyInAnyOrder(tuple("go", "go.mod", Status.PASS),
            tuple("mine", "vendor/tool/requirements.txt:1", Status.FAIL));
  }

  @Test
  void aRepositoryWithNoDeclaredDependencyIsNotJudged() throws IOException {
    // A reviewer's repository: a lock file beside a script, no manifest declaring anything.
    new TestRepo(dir.resolve("site")).write("package-lock.json",
            "{\"lockfileVersion\": 3, \"packages\": {\"\": {}}}")
        .write("app.py", "print('hello')\n");
    List<Finding> findings = judge("""
        version: 1
        name: acme
        repositories:
          - {name: site, path: site, lock_files: true}
        """);
    assertThat(findings).filteredOn(f -> f.checkId().equals("repo.lock_files"))
        .extracting(Finding::status).containsExactly(Status.SKIPPED);
  }

  @Test
  void includedFoldersAreFolderNames() {
    String message = org.junit.jupiter.api.Assertions.assertThrows(
        dev.secaudit.policy.UsageException.class, () -> HygieneFixture.load(dir, """
            version: 1
            name: acme
            repositories:
              - {name: app, path: app, lock_files: true, include_folders: [vendor, web/dist]}
            """)).getMessage();
    assertThat(message).contains("repositories[0].include_folders[1]")
        .contains("a folder name such as vendor (matched at any depth, no '/'), got 'web/dist'");
  }

  @Test
  void updateAutomationMustCoverTheEcosystemsFound() throws IOException {
    new TestRepo(dir.resolve("bot"))
        .write("package.json", "{\"dependencies\": {\"a\": \"1.0.0\"}}")
        .write("go.mod", "module z\nrequire github.com/a/b v1.0.0\n")
        .write(".github/dependabot.yml", "version: 2\nupdates:\n"
            + "  - package-ecosystem: npm\n    directory: /\n    schedule: {interval: weekly}\n"
            + "  - package-ecosystem: github-actions\n    directory: /\n"
            + "    schedule: {interval: weekly}\n");
    new TestRepo(dir.resolve("reno")).write("renovate.json", "{}")
        .write("pom.xml", "<project><dependencies><dependency><groupId>a</groupId>"
            + "<artifactId>b</artifactId><version>1</version></dependency></dependencies>"
            + "</project>");
    new TestRepo(dir.resolve("none")).write("README.md", "hi\n");
    List<Finding> findings = judge("""
        version: 1
        name: acme
        repositories:
          - {name: bot, path: bot, dependency_updates: true}
          - {name: reno, path: reno, dependency_updates: true}
          - {name: none, path: none, dependency_updates: true}
          - {name: gone, path: gone, dependency_updates: true}
        """);
    assertThat(findings).extracting(Finding::target, Finding::checkId, Finding::subjectAtLine,
        Finding::status).containsExactly(
            tuple("bot", "repo.dependency_updates", ".github/dependabot.yml", Status.FAIL),
            tuple("reno", "repo.dependency_updates", "renovate.json", Status.PASS),
            tuple("none", "repo.dependency_updates", "git:" + dir.resolve("none"), Status.FAIL),
            tuple("gone", "repo.dependency_updates", "git:" + dir.resolve("gone"),
                Status.ERROR));
    assertThat(findings.get(0).observed())
        .isEqualTo("Dependabot updates npm, github-actions but not gomod (manifests found for"
            + " them)");
  }

  private static String observed(List<Finding> findings, String subject) {
    return findings.stream().filter(f -> f.subjectAtLine().equals(subject)).findFirst().orElseThrow()
        .observed();
  }
}

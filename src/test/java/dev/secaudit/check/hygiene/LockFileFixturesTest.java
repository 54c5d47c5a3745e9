package dev.secaudit.check.hygiene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Redactor;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.probe.SourceObservation;
import dev.secaudit.probe.deps.Dependency;
import dev.secaudit.probe.deps.DependencyObservation;
import dev.secaudit.probe.deps.DependencyProbe;
import dev.secaudit.probe.hygiene.RepositoryDependenciesProbe;
import dev.secaudit.probe.hygiene.RepositoryManifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 4: the lock files teams commit (src/test/resources/locks: yarn v1 and Berry,
 * pnpm, Bundler, Poetry, uv, Cargo) and a Maven parent with a BOM, read by the pinning rules and
 * the subprocessor scan from one listing of the repository.
 */
class LockFileFixturesTest {
  @TempDir Path dir;
  private Path repo;
  private final Clock clock = Clock.fixed(HygieneFixture.NOW, ZoneOffset.UTC);

  @BeforeEach
  void copyFixtures() throws IOException {
    repo = dir.resolve("app");
    Path from = Path.of("src/test/resources/locks");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path to = repo.resolve(from.relativize(f).toString());
        Files.createDirectories(to.getParent());
        Files.copy(f, to);
      }
    }
  }

  private static final String POLICY = """
      version: 1
      name: acme
      subprocessors:
        declared: [{name: Sentry, purpose: errors}]
      repositories:
        - {name: app, path: app, lock_files: true}
      """;

  private List<Finding> pinning(RepositoryManifests.PerRun listing) throws IOException {
    LoadedPolicy loaded = HygieneFixture.load(dir, POLICY);
    List<SourceObservation> seen = new RepositoryDependenciesProbe(listing, clock)
        .observe(loaded);
    return HygieneFixture.judge(new DependencyChecks(), loaded, seen);
  }

  @Test
  void everyLockFormatPinsItsManifestAndParentsAndBomsGiveMavenVersions() throws IOException {
    List<Finding> f = pinning(new RepositoryManifests.PerRun("git",
        RepositoryManifests.Limits.DEFAULTS));
    assertThat(f).extracting(Finding::subject, Finding::status).containsExactlyInAnyOrder(
        tuple("bundler/Gemfile", Status.PASS),
        tuple("cargo/Cargo.toml", Status.PASS),
        tuple("maven/api/pom.xml", Status.FAIL),
        tuple("maven/bom/pom.xml", Status.FAIL),
        tuple("maven/pom.xml", Status.PASS),
        tuple("pnpm/package.json", Status.PASS),
        tuple("poetry/pyproject.toml", Status.PASS),
        tuple("uv/pyproject.toml", Status.PASS),
        tuple("yarn-berry/package.json", Status.PASS),
        tuple("yarn-v1/package.json", Status.PASS));
    assertThat(observed(f, "bundler/Gemfile")).isEqualTo("4 dependencies, locked by"
        + " bundler/Gemfile.lock");
    // The BOM imported by the parent manages stripe-java as LATEST; the parent's property gives
    // commons-lang3 a range; slf4j-api is managed by no pom here and is not judged.
    assertThat(observed(f, "maven/api/pom.xml")).isEqualTo("2 of 5 not pinned:"
        + " com.stripe:stripe-java LATEST (managed in maven/bom/pom.xml:14) (line 16, LATEST"
        + " moves with every release); org.apache.commons:commons-lang3 ${stripe.version}"
        + " (line 27, a version range)");
  }

  @Test
  void aLockFileThatDoesNotNameADeclaredPackageDoesNotPinIt() throws IOException {
    Path lock = repo.resolve("cargo/Cargo.lock");
    // The last [[package]] is tempfile: drop it and the member's mention of it.
    String cargo = Files.readString(lock).replace(" \"tempfile\",\n", "");
    Files.writeString(lock, cargo.substring(0, cargo.lastIndexOf("\n[[package]]")) + "\n");
    Path gems = repo.resolve("bundler/Gemfile.lock");
    Files.writeString(gems, Files.readString(gems).replace("  sentry-ruby\n", "")
        .replace("    sentry-ruby (5.17.3)\n      concurrent-ruby (~> 1.0, >= 1.0.2)\n", ""));
    List<Finding> f = pinning(new RepositoryManifests.PerRun("git",
        RepositoryManifests.Limits.DEFAULTS));
    assertThat(observed(f, "cargo/Cargo.toml")).isEqualTo("1 of 3 declared dependencies missing"
        + " from cargo/Cargo.lock (a stale lock: they resolve afresh, or a frozen install"
        + " refuses): tempfile");
    assertThat(observed(f, "bundler/Gemfile")).endsWith("refuses): sentry-ruby");
  }

  @Test
  void vendorSdksAreReadFromLockFilesDirectDependenciesWhereTheFormatSaysWhich() throws IOException {
    RepositoryManifests.PerRun listing = new RepositoryManifests.PerRun("git",
        RepositoryManifests.Limits.DEFAULTS);
    DependencyObservation o = (DependencyObservation) new DependencyProbe(listing).observe(
        HygieneFixture.load(dir, POLICY), Redactor.none(), clock).get(0);
    assertThat(o.problems()).isEmpty();
    List<String> fromLocks = o.dependencies().stream()
        .filter(d -> d.file().endsWith(".lock") || d.file().endsWith(".yaml"))
        .map(d -> d.ecosystem() + " " + d.name() + " " + d.place()).toList();
    assertThat(fromLocks).contains(
        "npm @sentry/browser yarn-v1/yarn.lock:14",
        "npm @stripe/stripe-js yarn-berry/yarn.lock:19",
        "npm @segment/analytics-next pnpm/pnpm-lock.yaml:13",
        "gem sentry-ruby bundler/Gemfile.lock:23",
        "pypi boto3 poetry/poetry.lock:3",
        "pypi openai uv/uv.lock:33",
        "cargo sentry cargo/Cargo.lock:14");
    // Formats that say what the project asked for keep their transitive packages out.
    assertThat(o.dependencies()).extracting(Dependency::name).doesNotContain("loose-envify",
        "@segment/analytics-core", "concurrent-ruby", "anyio", "sentry-core");
    // yarn v1 and poetry.lock cannot tell: every locked package counts, and says where.
    assertThat(fromLocks).contains("npm @sentry/core yarn-v1/yarn.lock:24",
        "pypi botocore poetry/poetry.lock:16");
    // The pinning rules read the same listing: one walk of the repository for both.
    assertThat(listing.of(repo, List.of())).isSameAs(listing.of(repo, List.of()));
  }

  private static String observed(List<Finding> findings, String subject) {
    return findings.stream().filter(x -> x.subject().equals(subject)).findFirst().orElseThrow()
        .observed();
  }
}

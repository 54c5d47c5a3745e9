package dev.secaudit.scan;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.Aspect;
import dev.secaudit.check.Check;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.OnSources;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind.Known;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.policy.Repository;
import dev.secaudit.policy.UsageException;
import dev.secaudit.probe.SourceObservation;
import dev.secaudit.probe.SourceObservations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local sources travel the same road as targets: read beside the targets, judged by pure checks,
 * and reported as members of the population with their artifacts.
 */
class SourcesInScanTest {
  @TempDir Path dir;

  /** Lists a repository's working tree: real disk reads, a failure recorded, never thrown. */
  record Listing(String source, String location, String failure, List<String> files)
      implements SourceObservation {
    @Override
    public List<Artifact> artifacts() {
      return failure != null ? List.of() : List.of(Artifact.of(source + "/listing", source,
          Known.FILE_LISTING, Instant.EPOCH, files.size() + " files", String.join("\n", files)));
    }
  }

  static final SourceProbes.SourceProbe LISTING = ctx -> {
    List<SourceObservation> out = new ArrayList<>();
    for (Repository r : ctx.loaded().policy().repositories()) {
      Path root = ctx.loaded().resolve(r.path());
      try (Stream<Path> s = Files.list(root)) {
        out.add(new Listing(r.name(), "git:" + root, null,
            s.map(p -> p.getFileName().toString()).sorted().toList()));
      } catch (IOException e) {
        out.add(new Listing(r.name(), "git:" + root, "cannot list " + root, List.of()));
      }
    }
    return out;
  };

  /** Judges each listing; borrows a catalogued id because the catalog is the contract. */
  static final class ListingCheck implements Check, OnSources {
    @Override
    public boolean appliesTo(Policy policy) {
      return !policy.repositories().isEmpty();
    }

    @Override
    public Set<Aspect> needs() {
      return Set.of();
    }

    /** It reports under claim.verified, which every catalogue has. */
    @Override
    public List<dev.secaudit.check.CheckInfo> reports() {
      return List.of();
    }

    @Override
    public List<Finding> evaluate(CheckContext ctx) {
      return List.of();
    }

    @Override
    public List<Finding> evaluateSources(CheckContext policyContext, SourceObservations sources) {
      List<Finding> out = new ArrayList<>();
      for (Listing l : sources.of(Listing.class)) {
        CheckContext ctx = policyContext.forSource(l.source());
        out.add(l.failure() != null
            ? ctx.error("claim.verified", l.location(), "a readable tree", l.failure(), List.of(), "")
            : ctx.finding("claim.verified", l.location(), Status.PASS, "a readable tree",
                l.files().size() + " files", List.of(l.source() + "/listing"), ""));
      }
      return out;
    }
  }

  private LoadedPolicy load(String yaml) throws IOException {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, yaml);
    return new PolicyLoader(Map.<String, String>of()::get, StandardChecks.catalog().ids())
        .load(file.toString(), yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void sourcesAreReadJudgedAndCountedInThePopulation() throws IOException {
    Files.createDirectories(dir.resolve("app"));
    Files.writeString(dir.resolve("app/package.json"), "{}");
    LoadedPolicy loaded = load("""
        version: 1
        name: acme
        repositories:
          - {name: app-repo, path: app}
          - {name: gone, path: missing}
        """);
    Scanner scanner = new Scanner(List.of(new ListingCheck()), Clock.systemUTC(), m -> { },
        (d) -> { }, new SourceProbes(List.of(new SourceProbes.Registered(null, LISTING))));
    ScanResult r = scanner.scan(loaded, new ScanParameters("r", "t", List.of(), Severity.HIGH));

    assertThat(r.targets()).extracting(TargetState::name, TargetState::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("app-repo", TargetState.State.EVALUATED),
            org.assertj.core.groups.Tuple.tuple("gone", TargetState.State.UNREACHABLE));
    assertThat(r.targets().get(0).url()).isEqualTo("git:" + dir.resolve("app"));
    assertThat(r.findings()).extracting(Finding::target, Finding::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple("app-repo", Status.PASS),
        org.assertj.core.groups.Tuple.tuple("gone", Status.ERROR));
    assertThat(r.artifacts()).extracting(Artifact::content).containsExactly("package.json");
  }

  @Test
  void sourceNamesShareTheTargetsNamespace() {
    String message = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
        () -> load("""
            version: 1
            name: acme
            targets: [{name: app, url: "https://app.example"}]
            repositories:
              - {name: app, path: .}
              - {name: lib}
            """)).getMessage();
    assertThat(message).contains("duplicate name 'app'").contains("repositories[1]")
        .contains("missing 'path'");
  }
}

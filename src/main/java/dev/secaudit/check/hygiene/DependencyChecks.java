package dev.secaudit.check.hygiene;

import dev.secaudit.check.DeclaredCheck;
import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.model.Severity;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.SourceOnlyCheck;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.SourcePlaces;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.Repository;
import dev.secaudit.probe.SourceObservations;
import dev.secaudit.probe.hygiene.DependencySetup;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * repo.lock_files (every manifest's versions are pinned: by a lock file where only a lock file
 * can pin the whole tree, by exact versions where the manifest can) and repo.dependency_updates
 * (Dependabot or Renovate configured, and Dependabot covering every ecosystem found).
 */
public final class DependencyChecks extends DeclaredCheck implements SourceOnlyCheck {
  public DependencyChecks() {
    super(REPORTS, Set.of(Aspect.REPOSITORY_DEPENDENCIES));
  }

  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("repo.lock_files",
          "Every dependency manifest's versions"
            + " are pinned (lock file or exact versions)",
          Severity.MEDIUM,
          "repositories",
          "soc2:CC8.1 soc2:CC7.1 iso27001:8.28 iso27001:8.32",
          "Commit the lock file your package manager writes (package-lock.json, yarn.lock,"
            + " pnpm-lock.yaml, poetry.lock, uv.lock, Pipfile.lock, go.sum) and install from it in"
            + " CI (npm ci, poetry install --sync, uv sync --locked); in Maven and requirements.txt"
            + " pin exact versions (no ranges, LATEST, RELEASE, or SNAPSHOT in a release).",
          "OWASP Top 10 2021 A06/A08; SLSA build requirements; npm, pip, Maven and Go module"
            + " documentation on lock files and reproducible builds"),
      CheckInfo.of("repo.dependency_updates",
          "Dependency updates are"
            + " automated for every ecosystem",
          Severity.MEDIUM,
          "repositories",
          "soc2:CC7.1 soc2:CC8.1 iso27001:8.8 iso27001:8.32",
          "Add .github/dependabot.yml with an updates entry per ecosystem (npm, maven, pip, gomod)"
            + " or a Renovate config (renovate.json), so fixes reach the lock files without"
            + " waiting for someone to look.",
          "GitHub Dependabot version updates: configuration"
            + " options; Renovate configuration docs"));

  static final String LOCK_FILES = "repo.lock_files";
  static final String UPDATES = "repo.dependency_updates";
  private static final int SHOWN = 10;
  /** Dependabot's package-ecosystem values that update each ecosystem's manifests. */
  private static final Map<String, Set<String>> DEPENDABOT_COVERS = Map.of("npm", Set.of("npm"),
      "maven", Set.of("maven"), "pip", Set.of("pip", "uv"), "gomod", Set.of("gomod"),
      "bundler", Set.of("bundler"), "cargo", Set.of("cargo"));
  private static final Map<String, String> LOCKS = Map.of("npm", "package-lock.json, yarn.lock"
      + " or pnpm-lock.yaml", "pip", "poetry.lock, uv.lock, Pipfile.lock or pdm.lock",
      "gomod", "go.sum", "bundler", "Gemfile.lock", "cargo", "Cargo.lock");

  @Override
  public boolean appliesTo(Policy policy) {
    return policy.repositories().stream().anyMatch(r -> r.lockFiles() || r.dependencyUpdates());
  }

  @Override
  public List<Finding> evaluateSources(CheckContext policyContext, SourceObservations sources) {
    List<Finding> out = new ArrayList<>();
    List<Repository> repos = policyContext.policy().repositories();
    for (DependencySetup setup : sources.of(DependencySetup.class)) {
      int i = RepositorySecretsCheck.indexOf(repos, setup.source());
      if (i < 0) {
        continue;
      }
      CheckContext ctx = policyContext.forSource(setup.source());
      String pointer = PolicyPointer.entry(PolicyPointer.REPOSITORIES, i);
      if (repos.get(i).lockFiles()) {
        out.addAll(lockFiles(ctx, setup, pointer + "/lock_files"));
      }
      if (repos.get(i).dependencyUpdates()) {
        out.addAll(updates(ctx, setup, pointer + "/dependency_updates"));
      }
    }
    return out;
  }

  private List<Finding> lockFiles(CheckContext ctx, DependencySetup setup, String pointer) {
    List<String> evidence = List.of(setup.artifactId());
    if (setup.failure() != null) {
      return List.of(unread(ctx, LOCK_FILES, setup, pointer));
    }
    List<Finding> out = new ArrayList<>();
    for (DependencySetup.Manifest m : setup.manifests()) {
      if (m.dependencies() == 0) {
        continue;
      }
      // The count compared is of the manifest's dependencies left unpinned (none locked, not
      // in the lock, or by range), out of all it declares; the policy allows none.
      Finding.Builder finding = ctx.finding(LOCK_FILES).subject(m.path())
          .about(new Subject(Subject.Kind.FILE, m.path())).evidence(evidence).rule(pointer);
      Value none = new Value.Count(0, (long) m.dependencies());
      if (m.needsLock() && m.lockFile() == null) {
        out.add(finding.status(Status.FAIL).expected("a lock file (" + LOCKS.get(m.ecosystem())
            + ") committed beside it", none).observed("no lock file: " + m.dependencies()
            + " dependencies (and all of theirs) resolved afresh on every install"
            + (m.unpinned().isEmpty() ? "" : ", " + m.unpinned().size() + " of them by range"),
            new Value.Count(m.dependencies(), (long) m.dependencies())).build());
      } else if (m.lockFile() != null && !m.notLocked().isEmpty()) {
        List<String> shown = m.notLocked().subList(0, Math.min(10, m.notLocked().size()));
        out.add(finding.status(Status.FAIL).expected("every declared dependency pinned by "
            + m.lockFile(), none).observed(m.notLocked().size() + " of " + m.dependencies()
            + " declared dependencies missing from " + m.lockFile() + " (a stale lock: they"
            + " resolve afresh, or a frozen install refuses): " + String.join(", ", shown)
            + (shown.size() < m.notLocked().size() ? ", …" : ""),
            new Value.Count(m.notLocked().size(), (long) m.dependencies())).build());
      } else if (m.lockFile() == null && !m.unpinned().isEmpty()) {
        DependencySetup.Unpinned first = m.unpinned().get(0);
        out.add(finding.subject(m.path() + ":" + first.line()).status(Status.FAIL)
            .expected("every version pinned exactly", none).observed(m.unpinned().size() + " of "
                + m.dependencies() + " not pinned: " + shown(m.unpinned()),
                new Value.Count(m.unpinned().size(), (long) m.dependencies())).build());
      } else {
        out.add(finding.status(Status.PASS).expected("versions pinned", none)
            .observed(m.dependencies() + " dependencies, " + (m.lockFile() != null
                ? "locked by " + m.lockFile() : "every version exact"), none).build());
      }
    }
    if (out.isEmpty()) {
      // Nothing declares a dependency, so nothing was judged: a PASS here would verify "our
      // dependencies are pinned" of a repository that shows no dependency at all.
      out.add(repository(ctx, LOCK_FILES, setup).status(Status.SKIPPED).expected("versions pinned")
          .observed("no dependency manifest (package.json, pom.xml, requirements*.txt,"
              + " pyproject.toml, Pipfile, go.mod, Gemfile, Cargo.toml) declares dependencies"
              + notes(setup)).evidence(evidence).rule(pointer).build());
    }
    return out;
  }

  private List<Finding> updates(CheckContext ctx, DependencySetup setup, String pointer) {
    List<String> evidence = List.of(setup.artifactId());
    if (setup.failure() != null) {
      return List.of(unread(ctx, UPDATES, setup, pointer));
    }
    String expected = "Dependabot or Renovate configured for every ecosystem";
    if (setup.updateConfigs().isEmpty()) {
      return List.of(repository(ctx, UPDATES, setup).status(Status.FAIL).expected(expected)
          .observed("no .github/dependabot.yml, renovate.json(5), .renovaterc or renovate key"
              + " in package.json").evidence(evidence).rule(pointer).build());
    }
    boolean renovate = setup.updateConfigs().stream().anyMatch(c -> !c.contains("dependabot"));
    Set<String> found = setup.manifests().stream().filter(m -> m.dependencies() > 0)
        .map(DependencySetup.Manifest::ecosystem).collect(Collectors.toCollection(
            java.util.TreeSet::new));
    String configs = String.join(", ", setup.updateConfigs());
    // About the one update config, or the repository when there are several.
    Finding.Builder finding = ctx.finding(UPDATES).subject(configs)
        .about(setup.updateConfigs().size() == 1
            ? new Subject(Subject.Kind.FILE, setup.updateConfigs().get(0))
            : SourcePlaces.subject(setup.location()))
        .expected(expected, Value.Items.of(List.copyOf(found))).evidence(evidence)
        .rule(pointer);
    if (!renovate && setup.dependabotEcosystems() == null) {
      return List.of(finding.status(Status.WARN).observed("Dependabot config present but not"
          + " readable" + notes(setup)).build());
    }
    if (!renovate) {
      Set<String> missing = new LinkedHashSet<>();
      for (String e : found) {
        if (setup.dependabotEcosystems().stream()
            .noneMatch(d -> DEPENDABOT_COVERS.getOrDefault(e, Set.of(e)).contains(d))) {
          missing.add(e);
        }
      }
      if (!missing.isEmpty()) {
        return List.of(finding.status(Status.FAIL).observed("Dependabot updates "
            + String.join(", ", setup.dependabotEcosystems()) + " but not "
            + String.join(", ", missing) + " (manifests found for them)",
            Value.Items.of(setup.dependabotEcosystems())).build());
      }
    }
    // Renovate updates every ecosystem it knows: only Dependabot lists what it covers.
    return List.of(finding.status(Status.PASS).observed("configured in " + configs
        + (found.isEmpty() ? "" : "; ecosystems found: " + String.join(", ", found)),
        renovate ? null : Value.Items.of(setup.dependabotEcosystems())).build());
  }

  /** A finding about the repository as a whole: its working tree. */
  private static Finding.Builder repository(CheckContext ctx, String id, DependencySetup setup) {
    return ctx.finding(id).subject(setup.location())
        .about(SourcePlaces.subject(setup.location()));
  }

  private static Finding unread(CheckContext ctx, String id, DependencySetup setup,
      String pointer) {
    return repository(ctx, id, setup).status(Status.ERROR).expected("a readable working tree")
        .observed(setup.failure()).rule(pointer).build();
  }

  private static String shown(List<DependencySetup.Unpinned> open) {
    String s = open.stream().limit(SHOWN).map(u -> u.name() + " " + u.spec() + " (line "
        + u.line() + ", " + u.why() + ")").collect(Collectors.joining("; "));
    return open.size() > SHOWN ? s + "; …" : s;
  }

  private static String notes(DependencySetup setup) {
    return setup.notes().isEmpty() ? "" : "; " + String.join("; ", setup.notes().stream()
        .limit(3).toList());
  }
}

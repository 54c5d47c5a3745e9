package dev.secaudit.check.subprocessors;

import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.model.Severity;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.SourcePlaces;
import dev.secaudit.check.SourceOnlyCheck;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Location;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.Subprocessors;
import dev.secaudit.probe.SourceObservations;
import dev.secaudit.probe.deps.Dependency;
import dev.secaudit.probe.deps.DependencyObservation;
import dev.secaudit.probe.deps.ManifestProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The vendor SDKs each repository depends on against the declared subprocessors, one finding per
 * vendor (its subject) and repository: a vendor in a manifest but not declared fails, located at
 * the first manifest line that names it and listing the others; a manifest that cannot be
 * read is an ERROR naming the file, and the other manifests still count.
 */
public final class DependencyVendorsCheck implements SourceOnlyCheck {
  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("subprocessors.dependencies",
          "Every vendor SDK the"
            + " repositories depend on is a declared subprocessor",
          Severity.HIGH,
          "subprocessors",
          ControlAreas.VENDORS,
          "Declare the vendor in subprocessors.declared (and publish it), or remove the SDK from the"
            + " manifest; fix a manifest reported as unreadable so its dependencies are judged.",
          "GDPR Art. 28(2), Art. 30; SOC 2 CC9.2"));

  @Override
  public List<CheckInfo> reports() {
    return REPORTS;
  }

  static final String ID = "subprocessors.dependencies";
  private static final String EXPECTED = "every vendor SDK the repository depends on belongs to a"
      + " declared subprocessor";
  /** Places named in one finding; the rest are counted. */
  private static final int PLACES = 3;

  private final CatalogOnFirstUse catalog;

  /** With the built-in catalog, read on first use. */
  public DependencyVendorsCheck() {
    this.catalog = CatalogOnFirstUse.builtIn();
  }

  public DependencyVendorsCheck(VendorCatalog catalog) {
    this.catalog = CatalogOnFirstUse.of(catalog);
  }

  private VendorCatalog catalog() {
    return catalog.get();
  }

  @Override
  public boolean appliesTo(Policy policy) {
    return policy.subprocessors() != null && !policy.repositories().isEmpty();
  }

  @Override
  public Set<Aspect> needs() {
    return Set.of(Aspect.DEPENDENCIES);
  }


  @Override
  public List<Finding> evaluateSources(CheckContext policyContext, SourceObservations sources) {
    Policy policy = policyContext.policy();
    List<Subprocessors.Subprocessor> declared = policy.subprocessors().declared();
    VendorAttribution who = new VendorAttribution(catalog(), declared);
    List<Finding> out = new ArrayList<>();
    for (DependencyObservation o : sources.of(DependencyObservation.class)) {
      CheckContext ctx = policyContext.forSource(o.source());
      String repo = PolicyPointer.entry(PolicyPointer.REPOSITORIES, indexOf(policy, o.source()));
      if (o.failure() != null) {
        out.add(ctx.finding(ID).subject(o.location()).about(SourcePlaces.subject(o.location()))
            .status(Status.ERROR).expected(EXPECTED).observed(o.failure()).rule(repo).build());
        continue;
      }
      List<String> evidence = List.of(DependencyObservation.artifactId(o.source()));
      for (ManifestProblem p : o.problems()) {
        out.add(ctx.finding(ID).subject(p.place()).about(new Subject(Subject.Kind.FILE,
            p.file())).status(Status.ERROR).expected(EXPECTED).observed(p.file() + " could not"
            + " be read: " + p.reason() + "; its dependencies are not judged")
            .evidence(evidence).rule(repo).build());
      }
      Map<String, Sightings.Use> uses = Sightings.dependencies(o, who, declared);
      for (Sightings.Use u : uses.values()) {
        // The vendor is what is judged, once per repository: two vendors in one package.json
        // are two findings, one vendor in two manifests is one naming both. The first manifest
        // line is where to look, not part of the identity (it moves with every edit above it).
        Dependency first = u.places().get(0);
        out.add(VendorAttribution.judged(ctx.finding(ID).subject(u.label())
            .location(new Location(first.file(), first.line(), ""))
            .expected(EXPECTED, VendorAttribution.DECLARED).evidence(evidence), u.label(),
            u.who(), "depended on in", "depended on", places(u.places())));
      }
      String cut = o.cut() == null ? "" : "; stopped early: " + o.cut();
      // The summaries are about the repository's manifests as a whole.
      Subject repository = SourcePlaces.subject(o.location());
      Finding.Builder summary = ctx.finding(ID).subject("manifests").about(repository)
          .expected(EXPECTED).evidence(evidence).rule(repo);
      if (uses.isEmpty() && o.problems().isEmpty()) {
        out.add(o.manifests().isEmpty()
            ? summary.status(Status.SKIPPED).observed("no dependency manifest (package.json,"
                + " pom.xml, requirements*.txt, pyproject.toml, go.mod, Gemfile) in "
                + o.location() + cut).build()
            : summary.status(Status.PASS).observed(o.dependencies().size() + " dependencies in "
                + o.manifests().size() + " manifest(s), none a catalog vendor's SDK" + cut)
                .build());
      } else if (o.cut() != null) {
        out.add(summary.status(Status.WARN).observed("the repository was read only in part: "
            + o.cut()).build());
      }
    }
    return out;
  }

  private static int indexOf(Policy policy, String name) {
    for (int i = 0; i < policy.repositories().size(); i++) {
      if (policy.repositories().get(i).name().equals(name)) {
        return i;
      }
    }
    return 0;
  }

  private static String places(List<Dependency> places) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(PLACES, places.size()); i++) {
      Dependency d = places.get(i);
      sb.append(i == 0 ? "" : "; ").append(d.ecosystem()).append(' ').append(d.name())
          .append(" at ").append(d.place());
    }
    if (places.size() > PLACES) {
      sb.append("; and ").append(places.size() - PLACES).append(" more");
    }
    return sb.toString();
  }
}

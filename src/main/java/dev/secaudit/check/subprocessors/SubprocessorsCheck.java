package dev.secaudit.check.subprocessors;

import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.AcrossTargets;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.Check;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.OnPopulation;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.Subprocessors;
import dev.secaudit.policy.Target;
import dev.secaudit.probe.SourceObservations;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The declared subprocessors against the published list and against the third parties the
 * targets' pages really load. Per target: a vendor loaded but not declared fails, saying where it
 * was seen; an unknown third-party host warns; third-party scripts without integrity warn. Across
 * targets: a declared vendor missing from the published list fails, a published one not declared
 * warns, and a declared one no page loads is noted (server-side vendors are invisible to pages).
 */
public final class SubprocessorsCheck implements Check, AcrossTargets, OnPopulation {
  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("subprocessors.undeclared",
          "Every third party the pages"
            + " load is a declared subprocessor",
          Severity.HIGH,
          "subprocessors",
          ControlAreas.VENDORS,
          "Declare the vendor in subprocessors.declared (and publish it), or remove its tag from"
            + " the page; for a host the catalog does not know, add it to a declared vendor's"
            + " domains.",
          "GDPR Art. 28(2), Art. 30; SOC 2 CC9.2"),
      CheckInfo.of("subprocessors.unpublished",
          "Every declared subprocessor"
            + " is on the published list",
          Severity.MEDIUM,
          "subprocessors",
          ControlAreas.VENDORS,
          "Add the vendor to the published subprocessor page (customers must be told of changes),"
            + " or remove it from the policy if it is no longer used.",
          "GDPR Art. 28(2)"),
      CheckInfo.of("subprocessors.published_undeclared",
          "Every vendor on the"
            + " published list is declared in the policy",
          Severity.LOW,
          "subprocessors",
          ControlAreas.VENDORS,
          "Declare the vendor in subprocessors.declared with its purpose and location, or take it"
            + " off the published page if it is no longer used.",
          "GDPR Art. 30"),
      CheckInfo.of("subprocessors.unobserved",
          "A declared subprocessor is"
            + " seen on a page, in a dependency or in DNS",
          Severity.INFO,
          "subprocessors",
          ControlAreas.VENDORS,
          "Nothing to fix when the vendor works without a trace secaudit reads (support tools,"
            + " back-office SaaS); otherwise remove vendors no longer used from the list.",
          "GDPR Art. 30"),
      CheckInfo.of("subprocessors.sri",
          "Third-party scripts and stylesheets"
            + " carry Subresource Integrity",
          Severity.LOW,
          "subprocessors",
          "soc2:CC9.2 iso27001:5.21 iso27001:8.26",
          "Add integrity=\"sha384-...\" and crossorigin=\"anonymous\" to pinned third-party"
            + " <script> and <link rel=stylesheet> tags; vendors that update a script in place"
            + " (Stripe.js, tag managers) cannot be pinned: waive those with a reason.",
          "W3C Subresource Integrity; MDN HTTP Observatory: SRI"));

  @Override
  public List<CheckInfo> reports() {
    return REPORTS;
  }

  static final String UNDECLARED = "subprocessors.undeclared";
  static final String UNPUBLISHED = "subprocessors.unpublished";
  static final String PUBLISHED_UNDECLARED = "subprocessors.published_undeclared";
  static final String UNOBSERVED = "subprocessors.unobserved";
  static final String SRI = "subprocessors.sri";
  static final String EXPECT_SEEN = "seen on a page, in a dependency manifest or in DNS";

  /** Places named in one finding; the rest are counted. */
  private static final int PLACES = 3;

  private final CatalogOnFirstUse catalog;

  /** With the built-in catalog, read on first use. */
  public SubprocessorsCheck() {
    this.catalog = CatalogOnFirstUse.builtIn();
  }

  public SubprocessorsCheck(VendorCatalog catalog) {
    this.catalog = CatalogOnFirstUse.of(catalog);
  }

  private VendorCatalog catalog() {
    return catalog.get();
  }

  @Override
  public boolean appliesTo(Policy policy) {
    return policy.subprocessors() != null;
  }

  @Override
  public Set<Aspect> needs() {
    return Set.of(Aspect.PAGES, Aspect.SUBPROCESSORS_PAGE);
  }

  /** What the pages of one target load, attributed. */
  record Seen(Map<String, List<PageResource>> byVendor, Map<String, List<PageResource>> unknown,
      List<PageResource> all, List<String> notes, int htmlPages, Set<Integer> declared) {}

  Seen seen(TargetObservations obs, VendorAttribution who, Policy policy) {
    List<Subprocessors.Subprocessor> declared = policy.subprocessors().declared();
    Set<String> own = new LinkedHashSet<>();
    for (Target t : policy.targets()) {
      okhttp3.HttpUrl u = t.url() == null ? null : okhttp3.HttpUrl.parse(t.url());
      if (u != null) {
        own.add(u.host());
      }
    }
    Map<String, List<PageResource>> byVendor = new LinkedHashMap<>();
    Map<String, List<PageResource>> unknown = new LinkedHashMap<>();
    List<PageResource> all = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Set<Integer> declaredSeen = new LinkedHashSet<>();
    int html = 0;
    for (HttpExchange page : obs.finalPages()) {
      PageResources r = PageResources.of(page, own);
      notes.addAll(r.notes());
      html += r.html() ? 1 : 0;
      for (PageResource res : r.resources()) {
        all.add(res);
        VendorAttribution.Who w = who.host(res.host());
        if (w.known()) {
          byVendor.computeIfAbsent(w.label(declared), k -> new ArrayList<>()).add(res);
          if (w.declared() != null) {
            declaredSeen.add(w.declared());
          }
        } else {
          unknown.computeIfAbsent(res.host(), k -> new ArrayList<>()).add(res);
        }
      }
    }
    return new Seen(byVendor, unknown, all, notes, html, declaredSeen);
  }

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    List<Subprocessors.Subprocessor> declared = ctx.policy().subprocessors().declared();
    VendorAttribution who = new VendorAttribution(catalog(), declared);
    Seen seen = seen(ctx.observations(), who, ctx.policy());
    List<Finding> out = new ArrayList<>();
    String notes = seen.notes().isEmpty() ? "" : "; note: " + String.join("; ", seen.notes());
    for (Map.Entry<String, List<PageResource>> e : seen.byVendor().entrySet()) {
      List<PageResource> places = e.getValue();
      VendorAttribution.Who w = who.host(places.get(0).host());
      Finding.Builder finding = ctx.finding(UNDECLARED).about(VendorAttribution.vendor(e.getKey()))
          .expected("every vendor the pages load is in subprocessors.declared",
              VendorAttribution.DECLARED).evidence(evidence(places));
      if (w.declared() != null) {
        out.add(finding.status(Status.PASS).observed("declared as subprocessors.declared["
            + w.declared() + "]; seen: " + places(places), w.declaration())
            .rule(PolicyPointer.entry(PolicyPointer.DECLARED_VENDORS, w.declared())).build());
      } else {
        out.add(finding.status(Status.FAIL).observed(e.getKey() + " (" + w.vendor().category()
            + ") is loaded but not declared: " + places(places) + notes, w.declaration())
            .rule(PolicyPointer.DECLARED_VENDORS).build());
      }
    }
    for (Map.Entry<String, List<PageResource>> e : seen.unknown().entrySet()) {
      out.add(ctx.finding(UNDECLARED, e.getKey(), Status.WARN, Severity.LOW,
          "every third-party host is a declared subprocessor's",
          "third-party host " + e.getKey() + " matches no catalog vendor and no declared domain: "
              + places(e.getValue()), evidence(e.getValue()), PolicyPointer.DECLARED_VENDORS));
    }
    if (seen.byVendor().isEmpty() && seen.unknown().isEmpty()) {
      if (seen.htmlPages() > 0) {
        out.add(ctx.finding(UNDECLARED, "pages", Status.PASS,
            "every vendor the pages load is in subprocessors.declared",
            "no third-party host on " + seen.htmlPages() + " HTML page(s)" + notes,
            pageEvidence(ctx.observations()), PolicyPointer.SUBPROCESSORS));
      } else if (!seen.notes().isEmpty()) {
        out.add(ctx.finding(UNDECLARED, "pages", Status.SKIPPED,
            "every vendor the pages load is in subprocessors.declared",
            String.join("; ", seen.notes()), pageEvidence(ctx.observations()),
                PolicyPointer.SUBPROCESSORS));
      }
    }
    out.addAll(sri(ctx, seen));
    return out;
  }

  private List<Finding> sri(CheckContext ctx, Seen seen) {
    List<Finding> out = new ArrayList<>();
    int pinned = 0;
    Set<String> reported = new LinkedHashSet<>();
    for (PageResource r : seen.all()) {
      if (!r.subresource()) {
        continue;
      }
      if (r.integrity() != null) {
        pinned++;
      } else if (reported.add(r.url())) {
        out.add(ctx.finding(SRI).about(new Subject(Subject.Kind.URL, r.url())).status(Status.WARN)
            .expected("integrity= on every third-party script and stylesheet",
                new Value.Presence("integrity", true))
            .observed(r.where() + " has no integrity attribute: a change on " + r.host()
                + " runs on this page unchecked", new Value.Presence("integrity", false))
            .evidence(List.of(r.evidence())).rule(PolicyPointer.SUBPROCESSORS).build());
      }
    }
    if (out.isEmpty() && seen.htmlPages() > 0) {
      out.add(ctx.finding(SRI, "pages", Status.PASS,
          "integrity= on every third-party script and stylesheet",
          pinned == 0 ? "no third-party script or stylesheet"
              : pinned + " third-party script(s)/stylesheet(s), all with integrity",
          pageEvidence(ctx.observations()), PolicyPointer.SUBPROCESSORS));
    }
    return out;
  }

  @Override
  public List<Finding> evaluateAcross(CheckContext ctx, Map<String, TargetObservations> observed) {
    Subprocessors s = ctx.policy().subprocessors();
    VendorAttribution who = new VendorAttribution(catalog(), s.declared());
    return published(ctx, s, who, observed);
  }

  /**
   * A declared vendor is unobserved only when no page, no dependency manifest and no DNS record
   * shows it; where each one was seen is what the records of processing report.
   */
  @Override
  public List<Finding> evaluatePopulation(CheckContext ctx, Map<String, TargetObservations> observed,
      SourceObservations sources) {
    List<Subprocessors.Subprocessor> declared = ctx.policy().subprocessors().declared();
    VendorAttribution who = new VendorAttribution(catalog(), declared);
    Map<Integer, List<String>> where = new LinkedHashMap<>();
    for (TargetObservations obs : observed.values()) {
      Seen seen = seen(obs, who, ctx.policy());
      for (Integer i : seen.declared()) {
        where.computeIfAbsent(i, k -> new ArrayList<>()).add(obs.target() + ": pages");
      }
    }
    Sightings.declared(sources, who, declared)
        .forEach((i, places) -> where.computeIfAbsent(i, k -> new ArrayList<>()).addAll(places));
    List<String> population = new ArrayList<>();
    ctx.policy().targets().forEach(t -> population.add(t.name()));
    ctx.policy().sources().forEach(s -> population.add(s.name()));
    List<Finding> out = new ArrayList<>();
    for (int i = 0; i < declared.size(); i++) {
      Subprocessors.Subprocessor d = declared.get(i);
      out.add(unobserved(ctx::finding, i, d.name(), d.purpose(),
          inPopulationOrder(where.getOrDefault(i, List.of()), population)));
    }
    return out;
  }

  /** Builds a finding as {@link CheckContext#finding} does, so merge can judge without a policy. */
  public interface Verdicts {
    Finding finding(String checkId, String subject, Status status, String expected,
        String observed, List<String> evidence, String policyPointer);
  }

  /**
   * The verdict on declared[{@code index}] from every place that showed it ("owner: place", in
   * population order). Shards see only their own targets' pages, so {@code merge} calls this
   * again with the union of the shards' records of processing.
   */
  public static Finding unobserved(Verdicts verdicts, int index, String name, String purpose,
      List<String> where) {
    String pointer = PolicyPointer.entry(PolicyPointer.DECLARED_VENDORS, index);
    Finding verdict = where.isEmpty()
        ? verdicts.finding(UNOBSERVED, name, Status.INFO, EXPECT_SEEN, name
            + (purpose == null ? "" : " (" + purpose + ")") + " is declared but no page,"
            + " dependency manifest or DNS record shows it", List.of(), pointer)
        : verdicts.finding(UNOBSERVED, name, Status.PASS, EXPECT_SEEN,
            "seen in " + String.join("; ", where), List.of(), pointer);
    // The places are data in the records of processing; the finding names the vendor.
    return verdict.toBuilder().about(VendorAttribution.vendor(name)).build();
  }

  /**
   * Places ("owner: place") ordered by their owner's position in {@code population} (targets,
   * then sources), stable within one owner: one order whether a run saw them all or shards did.
   */
  public static List<String> inPopulationOrder(List<String> where, List<String> population) {
    java.util.function.ToIntFunction<String> owner = w -> {
      int best = -1;
      int bestLength = -1;
      for (int i = 0; i < population.size(); i++) {
        String p = population.get(i);
        if (w.startsWith(p + ": ") && p.length() > bestLength) {
          best = i;
          bestLength = p.length();
        }
      }
      return best < 0 ? Integer.MAX_VALUE : best;
    };
    List<String> out = new ArrayList<>(where);
    out.sort(java.util.Comparator.comparingInt(owner));
    return out;
  }

  private List<Finding> published(CheckContext ctx, Subprocessors s, VendorAttribution who,
      Map<String, TargetObservations> observed) {
    if (s.publishedAt() == null) {
      return List.of();
    }
    String fetcher = PublishedList.fetchedBy(ctx.policy());
    if (fetcher != null && !observed.containsKey(fetcher)) {
      return List.of(); // a shard run: the shard that probes that target judges the list
    }
    HttpFetch fetch = null;
    for (TargetObservations obs : observed.values()) {
      if (obs.subprocessorsPage() != null) {
        fetch = obs.subprocessorsPage();
        break;
      }
    }
    String pointer = PolicyPointer.PUBLISHED_VENDORS;
    String expected = "every declared subprocessor listed at " + s.publishedAt();
    HttpExchange page = fetch == null ? null : fetch.lastResponse();
    List<String> evidence = page == null ? List.of() : List.of(page.id());
    String problem = null;
    if (fetch == null) {
      problem = "the published list was not fetched (no target serves " + s.publishedAt() + ")";
    } else if (page == null || page.bodyUnjudged() != null) {
      problem = "could not fetch " + s.publishedAt() + ": "
          + (page == null ? fetch.first().error() : page.bodyUnjudged());
    } else if (page.status() != 200) {
      problem = s.publishedAt() + " answered HTTP " + page.status();
    } else if (!PageResources.isHtml(page.header("Content-Type"), page.body())) {
      problem = s.publishedAt() + " is not HTML (Content-Type: " + page.header("Content-Type")
          + "); the list is read from HTML tables and lists";
    }
    if (problem != null) {
      return List.of(ctx.finding(UNPUBLISHED).about(new Subject(Subject.Kind.URL,
          s.publishedAt())).status(Status.ERROR).expected(expected).observed(problem)
          .evidence(evidence).rule(pointer).build());
    }
    List<Subprocessors.Subprocessor> declared = s.declared();
    PublishedList list = PublishedList.parse(page.body(), page.url(), n -> who.name(n).known(),
        who.names());
    String cut = page.truncated() ? " (the page was cut at " + page.bodyBytes()
        + " bytes: names after that are not seen)" : "";
    Set<Integer> listed = new LinkedHashSet<>();
    List<Finding> out = new ArrayList<>();
    for (PublishedList.Entry e : list.entries()) {
      VendorAttribution.Who w = who.name(e.name());
      if (w.declared() != null) {
        listed.add(w.declared());
      } else {
        out.add(ctx.finding(PUBLISHED_UNDECLARED).about(VendorAttribution.vendor(e.name()))
            .status(Status.WARN).expected("every vendor on the published list is in"
                + " subprocessors.declared", VendorAttribution.DECLARED)
            .observed("'" + e.name() + "' (" + e.where() + " of " + page.url() + ") is not"
                + " declared" + (w.vendor() != null ? " (catalog: " + w.vendor().name() + ", "
                    + w.vendor().category() + ")" : ""), w.declaration())
            .evidence(evidence).rule(pointer).build());
      }
    }
    for (int i = 0; i < declared.size(); i++) {
      Subprocessors.Subprocessor d = declared.get(i);
      Finding.Builder finding = ctx.finding(UNPUBLISHED).about(VendorAttribution.vendor(d.name()))
          .expected(expected, new Value.Presence(s.publishedAt(), true)).evidence(evidence)
          .rule(PolicyPointer.entry(PolicyPointer.DECLARED_VENDORS, i));
      out.add(listed.contains(i)
          ? finding.status(Status.PASS).observed("listed at " + page.url(),
              new Value.Presence(s.publishedAt(), true)).build()
          : finding.status(Status.FAIL).observed(d.name() + " is declared but not among the "
              + list.entries().size() + " vendor(s) the page lists" + cut,
              new Value.Presence(s.publishedAt(), false)).build());
    }
    return out;
  }

  private static String places(List<PageResource> places) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(PLACES, places.size()); i++) {
      PageResource p = places.get(i);
      sb.append(i == 0 ? "" : "; ").append(p.where()).append(" (").append(p.url()).append(')');
    }
    if (places.size() > PLACES) {
      sb.append("; and ").append(places.size() - PLACES).append(" more");
    }
    return sb.toString();
  }

  private static List<String> evidence(List<PageResource> places) {
    return List.copyOf(new LinkedHashSet<>(places.stream().map(PageResource::evidence).toList()));
  }

  private static List<String> pageEvidence(TargetObservations obs) {
    return obs.finalPages().stream().map(HttpExchange::id).toList();
  }
}

package dev.secaudit.check.subprocessors;

import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.SourceOnlyCheck;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.Subprocessors;
import dev.secaudit.probe.SourceObservations;
import dev.secaudit.probe.dns.DnsObservation;
import dev.secaudit.probe.dns.DnsProblem;
import dev.secaudit.probe.dns.DnsSighting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mail, hosting and CDN providers DNS points to against the declared subprocessors: a
 * provider an MX record, an SPF include or a target's CNAME chain names but the policy does not
 * declare fails, naming the record. A resolver that does not answer is an ERROR.
 */
public final class DnsVendorsCheck implements SourceOnlyCheck {
  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("subprocessors.dns",
          "Every mail, hosting and CDN provider"
            + " the DNS names is a declared subprocessor",
          Severity.HIGH,
          "subprocessors",
          ControlAreas.VENDORS,
          "Declare the provider the MX, SPF include or CNAME points to (it receives mail or"
            + " serves traffic for you), or remove the stale record; keep SPF within 10 DNS"
            + " lookups.",
          "GDPR Art. 28(2); RFC 7208 §4.6.4 (SPF lookup limit); RFC 5321 §5"));

  @Override
  public List<CheckInfo> reports() {
    return REPORTS;
  }

  static final String ID = "subprocessors.dns";
  private static final String EXPECTED = "every provider the MX, SPF and CNAME records name is a"
      + " declared subprocessor";
  private static final String POINTER = PolicyPointer.VENDOR_DNS;
  private static final int PLACES = 3;

  private final CatalogOnFirstUse catalog;

  /** With the built-in catalog, read on first use. */
  public DnsVendorsCheck() {
    this.catalog = CatalogOnFirstUse.builtIn();
  }

  public DnsVendorsCheck(VendorCatalog catalog) {
    this.catalog = CatalogOnFirstUse.of(catalog);
  }

  @Override
  public boolean appliesTo(Policy policy) {
    return policy.subprocessors() != null && policy.subprocessors().dns() != null;
  }

  @Override
  public Set<Aspect> needs() {
    return Set.of(Aspect.DNS);
  }


  @Override
  public List<Finding> evaluateSources(CheckContext policyContext, SourceObservations sources) {
    List<Subprocessors.Subprocessor> declared = policyContext.policy().subprocessors().declared();
    VendorAttribution who = new VendorAttribution(catalog.get(), declared);
    List<Finding> out = new ArrayList<>();
    for (DnsObservation o : sources.of(DnsObservation.class)) {
      CheckContext ctx = policyContext.forSource(o.source());
      List<String> evidence = List.of(DnsObservation.artifactId(o.source()));
      if (o.failure() != null) {
        out.add(ctx.error(ID, o.location(), EXPECTED, o.failure(), evidence, POINTER));
      }
      // One finding per record: two SPF records that also need too many lookups are one
      // finding of acme.example SPF saying both, an ERROR when either left something unread.
      Map<String, List<DnsProblem>> byPlace = new LinkedHashMap<>();
      o.problems().forEach(p -> byPlace.computeIfAbsent(p.place(), k -> new ArrayList<>())
          .add(p));
      for (Map.Entry<String, List<DnsProblem>> e : byPlace.entrySet()) {
        String text = String.join("; ", e.getValue().stream().map(DnsProblem::text).distinct()
            .toList());
        out.add(e.getValue().stream().anyMatch(DnsProblem::unread)
            ? ctx.error(ID, e.getKey(), EXPECTED, text, evidence, POINTER)
            : ctx.finding(ID, e.getKey(), Status.WARN, Severity.LOW, EXPECTED, text, evidence,
                POINTER));
      }
      Map<String, Sightings.DnsUse> uses = Sightings.dns(o, who, declared);
      for (Sightings.DnsUse u : uses.values()) {
        // The vendor is the subject: two providers behind one MX record are two findings, and
        // which record the answers listed first must not change what the finding is.
        out.add(VendorAttribution.judged(ctx.finding(ID).subject(u.label())
            .expected(EXPECTED, VendorAttribution.DECLARED).evidence(evidence), u.label(),
            u.who(), "named by", "named by DNS", places(u.places())));
      }
      if (uses.isEmpty() && o.failure() == null) {
        out.add(ctx.finding(ID, "records", Status.PASS, EXPECTED, o.sightings().size()
            + " host(s) named by MX, SPF and CNAME records, none a catalog or declared vendor's"
            + " (" + o.lookups() + " queries)", evidence, POINTER));
      }
    }
    return out;
  }

  private static String places(List<DnsSighting> places) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(PLACES, places.size()); i++) {
      sb.append(i == 0 ? "" : "; ").append(places.get(i).via());
    }
    if (places.size() > PLACES) {
      sb.append("; and ").append(places.size() - PLACES).append(" more");
    }
    return sb.toString();
  }
}

package dev.secaudit.check.subprocessors;

import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.DeclaredCheck;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.Value;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.PolicyPointer;
import dev.secaudit.policy.Subprocessors;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What serves a target, read from the headers an edge network (CDN, reverse proxy) adds to every
 * response it serves: "Cloudflare at the edge" is then evidence, not a sentence. An edge vendor
 * the responses name must be declared; a vendor declared with {@code edge: true} must be named by
 * the responses of every target. Headers are what a vendor's documentation says it adds; an
 * origin could forge them, so a PASS says which headers were seen, never that DDoS protection
 * or a WAF is on.
 */
public final class EdgeVendorsCheck extends DeclaredCheck {
  static final String ID = "subprocessors.edge";

  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of(ID,
          "Every edge network serving the targets is declared, and each declared one serves"
            + " every target",
          Severity.MEDIUM,
          "subprocessors",
          ControlAreas.VENDORS,
          "Declare the CDN or proxy the responses name (it sees every request and response),"
            + " or route the target through the vendor the policy declares at the edge.",
          "GDPR Art. 28(2); vendors' documentation of the headers their edge adds (Cloudflare"
            + " CF-RAY, Fastly X-Served-By, Amazon CloudFront X-Amz-Cf-Id)"));

  private static final String EXPECTED_SEEN = "every edge network the responses name is a"
      + " declared subprocessor";
  private static final int URLS = 3;

  private final CatalogOnFirstUse catalog;

  public EdgeVendorsCheck() {
    this(CatalogOnFirstUse.builtIn());
  }

  public EdgeVendorsCheck(VendorCatalog catalog) {
    this(CatalogOnFirstUse.of(catalog));
  }

  private EdgeVendorsCheck(CatalogOnFirstUse catalog) {
    super(REPORTS, EnumSet.of(Aspect.PAGES));
    this.catalog = catalog;
  }

  @Override
  public boolean appliesTo(Policy policy) {
    return policy.subprocessors() != null;
  }

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    List<Subprocessors.Subprocessor> declared = ctx.policy().subprocessors().declared();
    VendorAttribution who = new VendorAttribution(catalog.get(), declared);
    List<HttpExchange> answered = answered(ctx.observations());
    List<String> evidence = new ArrayList<>(new LinkedHashSet<>(
        answered.stream().map(HttpExchange::id).toList()));

    // Vendor → the headers that named it and the URLs they came from, in the order seen.
    Map<Vendor, Sighting> seen = new LinkedHashMap<>();
    for (HttpExchange ex : answered) {
      for (Vendor v : catalog.get().vendors()) {
        List<String> signs = signs(v, ex);
        if (!signs.isEmpty()) {
          seen.computeIfAbsent(v, k -> new Sighting()).add(signs, ex.url());
        }
      }
    }

    List<Finding> out = new ArrayList<>();
    for (Map.Entry<Vendor, Sighting> e : seen.entrySet()) {
      VendorAttribution.Who w = who.vendor(e.getKey());
      out.add(VendorAttribution.judged(ctx.finding(ID).subject(e.getKey().name())
              .expected(EXPECTED_SEEN, VendorAttribution.DECLARED).evidence(evidence),
          w.label(declared), w, "its edge's headers", "serving the responses (its edge's headers)",
          e.getValue().describe()));
    }
    for (int i = 0; i < declared.size(); i++) {
      Subprocessors.Subprocessor d = declared.get(i);
      if (!Boolean.TRUE.equals(d.edge())) {
        continue;
      }
      out.add(declaredAtTheEdge(ctx, i, d, who, seen, answered, evidence));
    }
    if (out.isEmpty() && !answered.isEmpty()) {
      out.add(ctx.finding(ID).subject("responses").status(Status.PASS)
          .expected(EXPECTED_SEEN, null).evidence(evidence)
          .observed(answered.size() + " response(s) carry no header of an edge network the"
              + " catalog knows", null)
          .rule(PolicyPointer.SUBPROCESSORS).build());
    }
    return out;
  }

  /** A vendor the policy puts in front of every target: its headers must be on this one's. */
  private Finding declaredAtTheEdge(CheckContext ctx, int index, Subprocessors.Subprocessor d,
      VendorAttribution who, Map<Vendor, Sighting> seen, List<HttpExchange> answered,
      List<String> evidence) {
    String rule = PolicyPointer.member(PolicyPointer.entry(PolicyPointer.DECLARED_VENDORS,
        index), "edge");
    String expected = d.name() + " serves every target (declared with edge: true)";
    Finding.Builder f = ctx.finding(ID).subject(d.name() + " at the edge")
        .about(VendorAttribution.vendor(d.name())).evidence(evidence).rule(rule);
    Vendor v = who.name(d.name()).vendor();
    if (v == null || v.edge().isEmpty()) {
      return f.status(Status.ERROR).expected(expected, null)
          .observed("secaudit knows no header " + d.name() + "'s edge adds to responses, so"
              + " nothing here can show it serves the target; it knows those of "
              + String.join(", ", knownEdges()), null).build();
    }
    if (answered.isEmpty()) {
      return f.status(Status.ERROR).expected(expected, null)
          .observed("no response was read from the target, so nothing shows what serves it",
              null).build();
    }
    Sighting s = seen.get(v);
    if (s != null) {
      // The vendor's name as a typed value: what a claim naming the network is verified by.
      return f.status(Status.PASS).expected(expected, new Value.Text(d.name()))
          .observed(d.name() + " serves the target: " + s.describe(), new Value.Text(d.name()))
          .build();
    }
    return f.status(Status.FAIL).expected(expected, null)
        .observed("none of " + answered.size() + " response(s) carries " + d.name()
            + "'s headers (" + String.join(", ", v.edge()) + ")"
            + serverOf(answered) + ": the target is not served through " + d.name(), null)
        .build();
  }

  private List<String> knownEdges() {
    List<String> out = new ArrayList<>();
    for (Vendor v : catalog.get().vendors()) {
      if (!v.edge().isEmpty()) {
        out.add(v.name());
      }
    }
    return out;
  }

  /** What the responses said their server was, since that is what a reader checks first. */
  private static String serverOf(List<HttpExchange> answered) {
    Set<String> servers = new LinkedHashSet<>();
    for (HttpExchange ex : answered) {
      String s = ex.header("Server");
      if (s != null) {
        servers.add(s);
      }
    }
    return servers.isEmpty() ? "; no Server header" : "; Server: " + String.join(", ", servers);
  }

  /** Every answered exchange of the target's pages, redirects included. */
  private static List<HttpExchange> answered(TargetObservations obs) {
    List<HttpExchange> out = new ArrayList<>();
    if (obs == null) {
      return out;
    }
    for (HttpFetch f : obs.pages().values()) {
      for (HttpExchange ex : f.hops()) {
        if (!ex.failed()) {
          out.add(ex);
        }
      }
    }
    return out;
  }

  /** The vendor's edge headers this response carries, as a reader would write them. */
  static List<String> signs(Vendor v, HttpExchange ex) {
    List<String> out = new ArrayList<>();
    for (String sign : v.edge()) {
      int colon = sign.indexOf(':');
      String name = colon < 0 ? sign.trim() : sign.substring(0, colon).trim();
      String prefix = colon < 0 ? null : sign.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
      for (dev.secaudit.probe.http.Header h : ex.responseHeaders()) {
        String value = h.value() == null ? "" : h.value().trim();
        if (h.name().equalsIgnoreCase(name)
            && (prefix == null || value.toLowerCase(Locale.ROOT).startsWith(prefix))) {
          // A header's value is an id of the request (CF-RAY) or the product's name: the
          // name is what shows who served it, so only a prefix rule's value is quoted.
          out.add(prefix == null ? h.name() : h.name() + ": " + value);
          break;
        }
      }
    }
    return out;
  }

  /** Where one vendor was seen: its headers and the first URLs. */
  private static final class Sighting {
    private final Set<String> signs = new LinkedHashSet<>();
    private final Set<String> urls = new LinkedHashSet<>();

    void add(List<String> s, String url) {
      signs.addAll(s);
      urls.add(url);
    }

    String describe() {
      List<String> u = new ArrayList<>(urls);
      String more = u.size() > URLS ? " and " + (u.size() - URLS) + " more" : "";
      return String.join(", ", signs) + " on " + String.join(", ", u.subList(0,
          Math.min(URLS, u.size()))) + more;
    }
  }
}

package dev.secaudit.probe;

import dev.secaudit.model.Artifact;
import dev.secaudit.probe.flow.FlowObservation;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import dev.secaudit.probe.ratelimit.RateLimitObservation;
import dev.secaudit.probe.tls.TlsObservation;
import dev.secaudit.probe.tls.VersionProbe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything observed on one target, fetched once and shared by every check: the pages (for
 * headers, cookies, CSP and HSTS), the plain-HTTP redirect walk, the CORS probes, security.txt,
 * the TLS versions and certificate of the target's host and port, and the active rate-limit
 * probes (each recorded even when skipped, so the check can say why), and the published
 * subprocessor list on the target that hosts it, and the active request flows (recorded even when
 * skipped).
 * A field is null when the policy asked for nothing that needs it. {@code budgetSpent} says why
 * probes were not sent once the target's time budget ran out (null: nothing was refused).
 */
public record TargetObservations(
    String target,
    Map<String, HttpFetch> pages,
    HttpFetch httpRedirect,
    String httpRedirectSkipped,
    List<HttpExchange> cors,
    HttpFetch securityTxt,
    TlsObservation tls,
    List<RateLimitObservation> rateLimits,
    HttpFetch subprocessorsPage,
    List<FlowObservation> flows,
    String budgetSpent) {

  /** Observations of a target whose time budget refused nothing. */
  public TargetObservations(String target, Map<String, HttpFetch> pages, HttpFetch httpRedirect,
      String httpRedirectSkipped, List<HttpExchange> cors, HttpFetch securityTxt,
      TlsObservation tls, List<RateLimitObservation> rateLimits, HttpFetch subprocessorsPage,
      List<FlowObservation> flows) {
    this(target, pages, httpRedirect, httpRedirectSkipped, cors, securityTxt, tls, rateLimits,
        subprocessorsPage, flows, null);
  }

  /** Observations without active flows. */
  public TargetObservations(String target, Map<String, HttpFetch> pages, HttpFetch httpRedirect,
      String httpRedirectSkipped, List<HttpExchange> cors, HttpFetch securityTxt,
      TlsObservation tls, List<RateLimitObservation> rateLimits, HttpFetch subprocessorsPage) {
    this(target, pages, httpRedirect, httpRedirectSkipped, cors, securityTxt, tls, rateLimits,
        subprocessorsPage, List.of());
  }

  /** Observations without the published subprocessor list. */
  public TargetObservations(String target, Map<String, HttpFetch> pages, HttpFetch httpRedirect,
      String httpRedirectSkipped, List<HttpExchange> cors, HttpFetch securityTxt,
      TlsObservation tls, List<RateLimitObservation> rateLimits) {
    this(target, pages, httpRedirect, httpRedirectSkipped, cors, securityTxt, tls, rateLimits,
        null);
  }

  /** Observations without TLS or active probes (what the passive checks' tests build). */
  public TargetObservations(String target, Map<String, HttpFetch> pages, HttpFetch httpRedirect,
      String httpRedirectSkipped, List<HttpExchange> cors, HttpFetch securityTxt) {
    this(target, pages, httpRedirect, httpRedirectSkipped, cors, securityTxt, null, List.of());
  }

  /** Observations with TLS probing and no active probes. */
  public TargetObservations(String target, Map<String, HttpFetch> pages, HttpFetch httpRedirect,
      String httpRedirectSkipped, List<HttpExchange> cors, HttpFetch securityTxt,
      TlsObservation tls) {
    this(target, pages, httpRedirect, httpRedirectSkipped, cors, securityTxt, tls, List.of());
  }

  public TargetObservations {
    rateLimits = rateLimits == null ? List.of() : List.copyOf(rateLimits);
    flows = flows == null ? List.of() : List.copyOf(flows);
    pages = pages == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pages));
    cors = cors == null ? List.of() : List.copyOf(cors);
  }

  /** The final answer of each fetched page, with the path it was asked for. */
  public List<HttpExchange> finalPages() {
    List<HttpExchange> out = new ArrayList<>();
    for (HttpFetch f : pages.values()) {
      HttpExchange last = f.lastResponse();
      if (last != null) {
        out.add(last);
      }
    }
    return out;
  }

  /** Every page hop that got an HTTP answer, redirects included, in fetch order. */
  public List<HttpExchange> answeredExchanges() {
    List<HttpExchange> out = new ArrayList<>();
    for (HttpFetch f : pages.values()) {
      for (HttpExchange e : f.hops()) {
        if (!e.failed()) {
          out.add(e);
        }
      }
    }
    return out;
  }

  /**
   * The secret values seen on this target, for the run's redactor: every exchange's credentials
   * and cookies (pages, redirects, CORS, security.txt, rate limits, flows) and every flow capture.
   */
  public List<String> secrets() {
    List<HttpExchange> all = new ArrayList<>();
    pages.values().forEach(f -> all.addAll(f.hops()));
    for (HttpFetch f : java.util.Arrays.asList(httpRedirect, securityTxt, subprocessorsPage)) {
      if (f != null) {
        all.addAll(f.hops());
      }
    }
    all.addAll(cors);
    for (RateLimitObservation r : rateLimits) {
      all.addAll(r.requests());
      if (r.recovery() != null) {
        all.add(r.recovery());
      }
    }
    List<String> out = new ArrayList<>();
    for (FlowObservation f : flows) {
      all.addAll(f.exchanges());
      out.addAll(f.captured());
    }
    all.forEach(e -> out.addAll(e.secrets()));
    return out;
  }

  /** Every exchange recorded, as artifacts findings can cite. */
  public List<Artifact> artifacts(int bodyExcerpt) {
    List<HttpExchange> all = new ArrayList<>();
    pages.values().forEach(f -> all.addAll(f.hops()));
    if (httpRedirect != null) {
      all.addAll(httpRedirect.hops());
    }
    all.addAll(cors);
    if (securityTxt != null) {
      all.addAll(securityTxt.hops());
    }
    // The published list is often one of the pages already: cite that fetch, do not repeat it.
    if (subprocessorsPage != null && !pages.containsValue(subprocessorsPage)) {
      all.addAll(subprocessorsPage.hops());
    }
    List<Artifact> out = new ArrayList<>();
    for (HttpExchange e : all) {
      out.add(Artifact.of(e.id(), target, "http-exchange", e.started(), e.summary(),
          e.transcript(bodyExcerpt)));
    }
    if (tls != null && tls.skipped() == null) {
      for (VersionProbe v : tls.versions()) {
        out.add(Artifact.of(tlsVersionArtifact(v), target, "tls-hello", tls.started(), v.summary(),
            "endpoint: " + tls.endpoint() + "\nsent: " + v.hello() + "\nreceived: " + v.answer()
                + "\nverdict: " + v.summary() + "\nmillis: " + v.millis() + "\n"));
      }
      for (dev.secaudit.probe.tls.SuiteEnumeration e : tls.suites()) {
        out.add(Artifact.of(tlsSuitesArtifact(e), target, "tls-suites", tls.started(),
            e.summary(), e.transcript(tls.endpoint())));
      }
      if (tls.certificate() != null && !tls.certificate().chain().isEmpty()) {
        out.add(Artifact.of(tlsChainArtifact(), target, "tls-chain", tls.started(),
            "certificate chain of " + tls.endpoint() + " (" + tls.certificate().chain().size()
                + " certificates, PEM)", tls.certificate().pem()));
      }
    }
    for (RateLimitObservation r : rateLimits) {
      if (r.skipped() == null) {
        out.add(r.artifact(bodyExcerpt));
      }
    }
    for (FlowObservation f : flows) {
      if (f.skipped() == null) {
        out.add(f.artifact(bodyExcerpt));
      }
    }
    return out;
  }

  /** Artifact id of the hello for one version, e.g. app/tls-TLS_1_2. */
  public String tlsVersionArtifact(VersionProbe v) {
    return target + "/tls-" + v.version().name();
  }

  /** Artifact id of the suites of one version, e.g. app/tls-suites-TLS_1_2. */
  public String tlsSuitesArtifact(dev.secaudit.probe.tls.SuiteEnumeration e) {
    return target + "/tls-suites-" + e.version().name();
  }

  public String tlsChainArtifact() {
    return target + "/tls-chain";
  }
}

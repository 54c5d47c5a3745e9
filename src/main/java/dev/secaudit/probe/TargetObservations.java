package dev.secaudit.probe;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
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
 * Everything observed on one target, fetched once and shared by every check: a typed, immutable
 * map from the kind of observation to the one observation of that kind. Each registered probe
 * declares the kind it produces (the pages, the plain-HTTP redirect walk, the CORS probes,
 * security.txt, the TLS versions and certificate, the active rate-limit probes and request flows,
 * each recorded even when skipped, and the published subprocessor list on the target that hosts
 * it); a check asks by kind ({@link #get}). A kind is absent when no enabled check asked for it.
 * {@code budgetSpent} says why probes were not sent once the target's time budget ran out (null:
 * nothing was refused).
 */
public record TargetObservations(String target, Map<Class<?>, Object> observed,
    String budgetSpent) {

  /** The target's pages (targets[].paths), by the path asked for, each fetch with its hops. */
  public record Pages(Map<String, HttpFetch> byPath) {
    public Pages {
      byPath = byPath == null ? Map.of()
          : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byPath));
    }
  }

  /** The plain-HTTP walk, or why it was not made (a port with no derivable plain twin). */
  public record PlainHttpRedirect(HttpFetch fetch, String skipped) {}

  /** The requests sent with a foreign Origin. */
  public record CorsProbes(List<HttpExchange> exchanges) {
    public CorsProbes {
      exchanges = exchanges == null ? List.of() : List.copyOf(exchanges);
    }
  }

  /**
   * The fetch of /.well-known/security.txt and of the disclosure policy its first Policy: field
   * links: a contact says where to write, the policy what a reporter may expect (RFC 9116 §2.5.7).
   *
   * @param policy the fetch of the linked policy, or null when none was made
   * @param policyNotFetched why a Policy: link was not fetched ("" when it was, or none is listed)
   */
  public record SecurityTxt(HttpFetch fetch, HttpFetch policy, String policyNotFetched) {
    public SecurityTxt {
      policyNotFetched = policyNotFetched == null ? "" : policyNotFetched;
    }

    public SecurityTxt(HttpFetch fetch) {
      this(fetch, null, "");
    }
  }

  /** The active rate-limit probes of this target's rate_limits entries. */
  public record RateLimitRuns(List<RateLimitObservation> runs) {
    public RateLimitRuns {
      runs = runs == null ? List.of() : List.copyOf(runs);
    }
  }

  /** The published subprocessor list, fetched on the target that hosts it. */
  public record PublishedSubprocessors(HttpFetch fetch) {}

  /** The request flows run against this target. */
  public record FlowRuns(List<FlowObservation> runs) {
    public FlowRuns {
      runs = runs == null ? List.of() : List.copyOf(runs);
    }
  }

  public TargetObservations {
    observed = Map.copyOf(observed);
    observed.forEach((kind, o) -> {
      if (!kind.isInstance(o)) {
        throw new IllegalArgumentException(o.getClass().getName() + " filed as " + kind);
      }
    });
  }

  /** Nothing observed yet on {@code target}. */
  public static TargetObservations of(String target) {
    return new TargetObservations(target, Map.of(), null);
  }

  /** The observation of {@code kind}, or null when no check asked for it. */
  public <T> T get(Class<T> kind) {
    return kind.cast(observed.get(kind));
  }

  /** These observations and {@code observation} (null: unchanged), filed under its own class. */
  public TargetObservations with(Object observation) {
    if (observation == null) {
      return this;
    }
    Map<Class<?>, Object> more = new LinkedHashMap<>(observed);
    more.put(observation.getClass(), observation);
    return new TargetObservations(target, more, budgetSpent);
  }

  /** The same observations, saying why the time budget refused later probes (null: it did not). */
  public TargetObservations withBudgetSpent(String spent) {
    return new TargetObservations(target, observed, spent);
  }

  /**
   * Observations built from each kind in turn (what recorded tests build); a null kind was not
   * observed.
   */
  public TargetObservations(String target, Map<String, HttpFetch> pages, HttpFetch httpRedirect,
      String httpRedirectSkipped, List<HttpExchange> cors, HttpFetch securityTxt,
      TlsObservation tls, List<RateLimitObservation> rateLimits, HttpFetch subprocessorsPage,
      List<FlowObservation> flows, String budgetSpent) {
    this(target, of(target).with(new Pages(pages))
        .with(httpRedirect == null && httpRedirectSkipped == null ? null
            : new PlainHttpRedirect(httpRedirect, httpRedirectSkipped))
        .with(new CorsProbes(cors)).with(securityTxt == null ? null : new SecurityTxt(securityTxt))
        .with(tls).with(new RateLimitRuns(rateLimits))
        .with(subprocessorsPage == null ? null : new PublishedSubprocessors(subprocessorsPage))
        .with(new FlowRuns(flows)).observed(), budgetSpent);
  }

  /** As above, for a target whose time budget refused nothing. */
  public TargetObservations(String target, Map<String, HttpFetch> pages, HttpFetch httpRedirect,
      String httpRedirectSkipped, List<HttpExchange> cors, HttpFetch securityTxt,
      TlsObservation tls, List<RateLimitObservation> rateLimits, HttpFetch subprocessorsPage,
      List<FlowObservation> flows) {
    this(target, pages, httpRedirect, httpRedirectSkipped, cors, securityTxt, tls, rateLimits,
        subprocessorsPage, flows, null);
  }

  /** As above, without active flows. */
  public TargetObservations(String target, Map<String, HttpFetch> pages, HttpFetch httpRedirect,
      String httpRedirectSkipped, List<HttpExchange> cors, HttpFetch securityTxt,
      TlsObservation tls, List<RateLimitObservation> rateLimits, HttpFetch subprocessorsPage) {
    this(target, pages, httpRedirect, httpRedirectSkipped, cors, securityTxt, tls, rateLimits,
        subprocessorsPage, List.of());
  }

  /** As above, without the published subprocessor list. */
  public TargetObservations(String target, Map<String, HttpFetch> pages, HttpFetch httpRedirect,
      String httpRedirectSkipped, List<HttpExchange> cors, HttpFetch securityTxt,
      TlsObservation tls, List<RateLimitObservation> rateLimits) {
    this(target, pages, httpRedirect, httpRedirectSkipped, cors, securityTxt, tls, rateLimits,
        null);
  }

  /** As above, without TLS or active probes (what the passive checks' tests build). */
  public TargetObservations(String target, Map<String, HttpFetch> pages, HttpFetch httpRedirect,
      String httpRedirectSkipped, List<HttpExchange> cors, HttpFetch securityTxt) {
    this(target, pages, httpRedirect, httpRedirectSkipped, cors, securityTxt, null, List.of());
  }

  /** As above, with TLS probing and no active probes. */
  public TargetObservations(String target, Map<String, HttpFetch> pages, HttpFetch httpRedirect,
      String httpRedirectSkipped, List<HttpExchange> cors, HttpFetch securityTxt,
      TlsObservation tls) {
    this(target, pages, httpRedirect, httpRedirectSkipped, cors, securityTxt, tls, List.of());
  }

  /** The pages by path; empty when not fetched. */
  public Map<String, HttpFetch> pages() {
    Pages p = get(Pages.class);
    return p == null ? Map.of() : p.byPath();
  }

  /** The plain-HTTP walk, or null when not made. */
  public HttpFetch httpRedirect() {
    PlainHttpRedirect r = get(PlainHttpRedirect.class);
    return r == null ? null : r.fetch();
  }

  /** Why the plain-HTTP walk was not made, or null. */
  public String httpRedirectSkipped() {
    PlainHttpRedirect r = get(PlainHttpRedirect.class);
    return r == null ? null : r.skipped();
  }

  public List<HttpExchange> cors() {
    CorsProbes c = get(CorsProbes.class);
    return c == null ? List.of() : c.exchanges();
  }

  public HttpFetch securityTxt() {
    SecurityTxt t = get(SecurityTxt.class);
    return t == null ? null : t.fetch();
  }

  /** The fetch of the policy security.txt links, or null when none was made. */
  public HttpFetch securityTxtPolicy() {
    SecurityTxt t = get(SecurityTxt.class);
    return t == null ? null : t.policy();
  }

  /** Why the policy security.txt links was not fetched, or "". */
  public String securityTxtPolicyNotFetched() {
    SecurityTxt t = get(SecurityTxt.class);
    return t == null ? "" : t.policyNotFetched();
  }

  public TlsObservation tls() {
    return get(TlsObservation.class);
  }

  public List<RateLimitObservation> rateLimits() {
    RateLimitRuns r = get(RateLimitRuns.class);
    return r == null ? List.of() : r.runs();
  }

  public HttpFetch subprocessorsPage() {
    PublishedSubprocessors p = get(PublishedSubprocessors.class);
    return p == null ? null : p.fetch();
  }

  public List<FlowObservation> flows() {
    FlowRuns f = get(FlowRuns.class);
    return f == null ? List.of() : f.runs();
  }

  /** The final answer of each fetched page, with the path it was asked for. */
  public List<HttpExchange> finalPages() {
    List<HttpExchange> out = new ArrayList<>();
    for (HttpFetch f : pages().values()) {
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
    for (HttpFetch f : pages().values()) {
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
    pages().values().forEach(f -> all.addAll(f.hops()));
    for (HttpFetch f : java.util.Arrays.asList(httpRedirect(), securityTxt(),
        securityTxtPolicy(), subprocessorsPage())) {
      if (f != null) {
        all.addAll(f.hops());
      }
    }
    all.addAll(cors());
    for (RateLimitObservation r : rateLimits()) {
      all.addAll(r.requests());
      // The window watch's answers may set cookies of their own.
      all.addAll(r.windowRequests());
      if (r.recovery() != null) {
        all.add(r.recovery());
      }
    }
    List<String> out = new ArrayList<>();
    for (RateLimitObservation r : rateLimits()) {
      if (r.setup() != null) {
        // A setup flow's captures (a form's CSRF token) are as secret as a flow's.
        all.addAll(r.setup().steps());
        out.addAll(r.setup().secrets());
      }
    }
    for (FlowObservation f : flows()) {
      all.addAll(f.exchanges());
      out.addAll(f.secrets());
    }
    all.forEach(e -> out.addAll(e.secrets()));
    return out;
  }

  /** Every exchange recorded, as artifacts findings can cite. */
  public List<Artifact> artifacts(int bodyExcerpt) {
    List<Artifact> out = new ArrayList<>();
    for (HttpExchange e : exchanges()) {
      out.add(e.artifact(target, bodyExcerpt));
    }
    return withTlsAndActive(out, bodyExcerpt);
  }

  /**
   * The exchanges that are artifacts of their own (an {@code HTTP_EXCHANGE} each): the pages,
   * the plain-HTTP redirect, CORS, security.txt and the sub-processor list, each once.
   */
  public List<HttpExchange> exchanges() {
    List<HttpExchange> all = new ArrayList<>();
    pages().values().forEach(f -> all.addAll(f.hops()));
    if (httpRedirect() != null) {
      all.addAll(httpRedirect().hops());
    }
    all.addAll(cors());
    if (securityTxt() != null) {
      all.addAll(securityTxt().hops());
    }
    if (securityTxtPolicy() != null) {
      all.addAll(securityTxtPolicy().hops());
    }
    // The published list is often one of the pages already: cite that fetch, do not repeat it.
    if (subprocessorsPage() != null && !pages().containsValue(subprocessorsPage())) {
      all.addAll(subprocessorsPage().hops());
    }
    return all;
  }

  /** {@code out} and the artifacts that are not an exchange of their own. */
  private List<Artifact> withTlsAndActive(List<Artifact> out, int bodyExcerpt) {
    if (tls() != null && tls().skipped() == null) {
      for (VersionProbe v : tls().versions()) {
        out.add(Artifact.timed(tlsVersionArtifact(v), target, ArtifactKind.Known.TLS_HELLO,
            tls().started(), v.millis(), v.summary(),
            "endpoint: " + tls().endpoint() + "\nsent: " + v.hello() + "\nreceived: " + v.answer()
                + "\nverdict: " + v.summary() + "\nmillis: " + v.millis() + "\n"));
      }
      for (dev.secaudit.probe.tls.SuiteEnumeration e : tls().suites()) {
        out.add(Artifact.timed(tlsSuitesArtifact(e), target, ArtifactKind.Known.TLS_SUITES,
            tls().started(), e.millis(), e.summary(), e.transcript(tls().endpoint())));
      }
      if (tls().certificate() != null && !tls().certificate().chain().isEmpty()) {
        out.add(Artifact.of(tlsChainArtifact(), target, ArtifactKind.Known.TLS_CHAIN,
            tls().started(),
            "certificate chain of " + tls().endpoint() + " (" + tls().certificate().chain().size()
                + " certificates, PEM)", tls().certificate().pem()));
      }
      for (dev.secaudit.probe.tls.OtherCertificate o : tls().others()) {
        if (o.fetched()) {
          out.add(Artifact.of(tlsOtherChainArtifact(o.keyClass()), target,
              ArtifactKind.Known.TLS_CHAIN, tls().started(), o.keyClass() + " certificate chain"
                  + " of " + tls().endpoint() + " (" + o.certificate().chain().size()
                  + " certificates, PEM)", o.certificate().pem()));
        }
      }
    }
    for (RateLimitObservation r : rateLimits()) {
      if (r.skipped() == null) {
        out.add(r.artifact(bodyExcerpt));
      }
    }
    for (FlowObservation f : flows()) {
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

  /** Artifact id of the chain served with another kind of key, e.g. app/tls-chain-RSA. */
  public String tlsOtherChainArtifact(String keyClass) {
    return tlsChainArtifact() + "-" + keyClass;
  }
}

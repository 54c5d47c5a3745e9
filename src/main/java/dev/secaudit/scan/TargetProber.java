package dev.secaudit.scan;

import dev.secaudit.check.Aspect;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.RateLimit;
import dev.secaudit.policy.Settings;
import dev.secaudit.policy.Target;
import dev.secaudit.probe.TargetBudget;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.flow.FlowObservation;
import dev.secaudit.probe.flow.FlowProbe;
import dev.secaudit.probe.http.CorsOrigins;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import dev.secaudit.probe.http.HttpProbe;
import dev.secaudit.probe.http.RequestLedger;
import dev.secaudit.probe.ratelimit.RateLimitObservation;
import dev.secaudit.probe.ratelimit.RateLimitProbe;
import dev.secaudit.probe.tls.CertificateObservation;
import dev.secaudit.probe.tls.CertificateProbe;
import dev.secaudit.probe.tls.ClientHelloProber;
import dev.secaudit.probe.tls.TlsEndpoint;
import dev.secaudit.probe.tls.TlsObservation;
import dev.secaudit.probe.tls.VersionProbe;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Turns the aspects the checks need into requests for one target, each made once: the pages are
 * fetched once and every header, cookie and CSP check reads the same exchanges. Each kind of
 * observation is one registered {@link WebProbe} (the aspect that asks for it, the type it files
 * in {@link TargetObservations}); a new kind is one line in {@link #webProbes}.
 */
final class TargetProber {
  private final HttpProbe http;
  private final Policy policy;
  private final Set<String> allowedHosts;
  private final ClientHelloProber hellos;
  private final CertificateProbe certificates;
  private final Clock clock;
  private final RateLimitProbe rateLimits;
  private final boolean active;
  private final FlowProbe flows;

  /** @param active the user allowed active probes on every target (scan --active) */
  TargetProber(HttpProbe http, Policy policy, Set<String> allowedHosts, ClientHelloProber hellos,
      CertificateProbe certificates, Clock clock, RateLimitProbe rateLimits, boolean active,
      FlowProbe flows) {
    this.flows = flows;
    this.http = http;
    this.policy = policy;
    this.allowedHosts = allowedHosts;
    this.hellos = hellos;
    this.certificates = certificates;
    this.clock = clock;
    this.rateLimits = rateLimits;
    this.active = active;
  }

  /**
   * What one web target's probes share while it is observed: the target, its base URL, the
   * probes bound to its time budget, the request headers, the ledger of what was already sent
   * (so no URL is asked twice), and what is observed so far.
   */
  private static final class Visit {
    final Target target;
    final HttpUrl base;
    final HttpProbe http;
    final RateLimitProbe rateLimits;
    final FlowProbe flows;
    final Map<String, String> headers;
    final int maxRedirects;
    final RequestLedger sent = new RequestLedger();
    /** Why active probes are not sent, or null when the user allowed them. */
    final String optedOut;
    final java.util.concurrent.CompletableFuture<TlsObservation> tls;
    /** The host's connection count; the visit's HTTP requests hold one permit of it. */
    final java.util.concurrent.Semaphore connections;
    TargetObservations observed;

    Visit(Target target, HttpUrl base, HttpProbe http, RateLimitProbe rateLimits,
        FlowProbe flows, Map<String, String> headers, int maxRedirects, String optedOut,
        java.util.concurrent.CompletableFuture<TlsObservation> tls,
        java.util.concurrent.Semaphore connections) {
      this.target = target;
      this.base = base;
      this.http = http;
      this.rateLimits = rateLimits;
      this.flows = flows;
      this.headers = headers;
      this.maxRedirects = maxRedirects;
      this.optedOut = optedOut;
      this.tls = tls;
      this.connections = connections;
      this.observed = TargetObservations.of(target.name());
    }

    /**
     * The TLS observation, once made. The HTTP requests' permit is lent to the handshakes while
     * the visit waits on them: at a per-host limit of one they could not open a connection else.
     */
    TlsObservation awaitTls() {
      connections.release();
      try {
        return tls.join();
      } finally {
        connections.acquireUninterruptibly();
      }
    }
  }

  /**
   * One kind of observation of a web target: the aspect a check asks for to have it made, the
   * type of observation it files, and how it is made.
   */
  private record WebProbe(Aspect aspect, Class<?> produces,
      java.util.function.Function<Visit, Object> observe) {}

  /**
   * The web target's probes, in the order their requests go out: the passive ones first; the
   * TLS handshakes, started before them on a thread of their own, joined after them; the flows
   * before the rate limits (a flow that signs in must not meet a login limiter they tripped);
   * the rate limits last of the active probes, so no passive observation is taken while the
   * limiter is tripped; the published list last, since it may be one of the pages.
   */
  private List<WebProbe> webProbes() {
    return List.of(
        new WebProbe(Aspect.PAGES, TargetObservations.Pages.class, this::pages),
        new WebProbe(Aspect.HTTP_REDIRECT, TargetObservations.PlainHttpRedirect.class,
            this::plainHttpRedirect),
        new WebProbe(Aspect.CORS, TargetObservations.CorsProbes.class, this::cors),
        new WebProbe(Aspect.SECURITY_TXT, TargetObservations.SecurityTxt.class,
            this::securityTxt),
        new WebProbe(Aspect.TLS, TlsObservation.class, Visit::awaitTls),
        new WebProbe(Aspect.FLOWS, TargetObservations.FlowRuns.class, this::flowRuns),
        new WebProbe(Aspect.RATE_LIMITS, TargetObservations.RateLimitRuns.class,
            this::rateLimitRuns),
        new WebProbe(Aspect.SUBPROCESSORS_PAGE, TargetObservations.PublishedSubprocessors.class,
            this::publishedSubprocessors));
  }

  TargetObservations observe(Target t, Set<Aspect> aspects) {
    return observe(t, aspects, new java.util.concurrent.Semaphore(perHost(), true));
  }

  /**
   * @param connections the count of connections open to the target's host, shared by every
   *     target on that host: permits are the policy's per-host limit; fair, so a visit's next
   *     request is not overtaken by a stream of handshakes
   */
  TargetObservations observe(Target t, Set<Aspect> aspects,
      java.util.concurrent.Semaphore connections) {
    // Started here, once the per-host gate let this target through: its first connection.
    Settings.Timeouts timeouts = policy.settings().timeouts();
    TargetBudget budget = budget(t, timeouts);
    if (t.tlsOnly()) {
      return TlsOnlyTarget.observe(this, t, aspects, budget, connections);
    }
    HttpUrl base = HttpUrl.parse(t.url());
    // The TLS handshakes (versions, suites, chain) use their own connections and are mostly
    // waiting on the server, so they overlap the HTTP requests, which go one at a time and hold
    // one permit of the host's count while the visit lasts: the handshakes get the rest of the
    // per-host limit, and all of it while the visit waits on them.
    connections.acquireUninterruptibly();
    java.util.concurrent.CompletableFuture<TlsObservation> tlsLater = aspects.contains(Aspect.TLS)
        ? java.util.concurrent.CompletableFuture.supplyAsync(
            () -> tls(base, t.sni(), aspects.contains(Aspect.TLS_CIPHERS), budget, connections),
            runnable -> {
              Thread th = new Thread(runnable, "secaudit-tls-" + t.name());
              th.setDaemon(true);
              th.start();
            })
        : null;
    String optedOut = active || t.active() ? null
        : "active check: rerun with --active (or set active: true on target '" + t.name()
            + "')";
    Visit visit = new Visit(t, base, http.within(budget), rateLimits.within(budget),
        flows.within(budget), t.requestHeaders(),
        policy.https() != null ? policy.https().maxRedirects() : 5, optedOut, tlsLater,
        connections);
    try {
      for (WebProbe p : webProbes()) {
        if (aspects.contains(p.aspect())) {
          Object o = p.observe().apply(visit);
          visit.observed = visit.observed.with(p.produces().cast(o));
        }
      }
    } finally {
      connections.release();
    }
    return visit.observed.withBudgetSpent(budget.spent());
  }

  /**
   * The target's time budget: the policy's, or when it left it unset the default grown by what
   * the target's active rate-limit probes must wait and watch (the guide's own example, a 1m
   * window watched and a recovery wait, could not finish in a fixed 120 s), at most
   * {@link RateLimitProbe#MAX_DEFAULT_BUDGET}.
   */
  private TargetBudget budget(Target t, Settings.Timeouts timeouts) {
    java.time.Duration base = timeouts.target().value();
    java.time.Duration grown = java.time.Duration.ZERO;
    if (timeouts.targetDefaulted() && (active || t.active())) {
      for (RateLimit r : policy.rateLimits()) {
        if (t.name().equals(r.target())) {
          grown = grown.plus(RateLimitProbe.needWithWait(r));
        }
      }
    }
    if (grown.isZero()) {
      return TargetBudget.start(base, timeouts.target().toString());
    }
    java.time.Duration total = base.plus(grown);
    if (total.compareTo(RateLimitProbe.MAX_DEFAULT_BUDGET) > 0) {
      total = RateLimitProbe.MAX_DEFAULT_BUDGET.compareTo(base) > 0
          ? RateLimitProbe.MAX_DEFAULT_BUDGET : base;
    }
    return TargetBudget.start(total, total.toSeconds() + "s (the default " + timeouts.target()
        + " grown for the rate-limit probes, at most "
        + dev.secaudit.policy.PolicyDuration.written(RateLimitProbe.MAX_DEFAULT_BUDGET) + ")");
  }

  private TargetObservations.Pages pages(Visit v) {
    // The target's own query string is part of the page the policy names.
    List<String> paths = v.target.paths().isEmpty()
        ? List.of(v.base.encodedQuery() == null ? v.base.encodedPath()
            : v.base.encodedPath() + "?" + v.base.encodedQuery())
        : v.target.paths();
    Map<String, HttpFetch> pages = new LinkedHashMap<>();
    int i = 0;
    for (String path : paths) {
      String id = v.target.name() + "/page" + (paths.size() == 1 ? "" : "-" + ++i);
      pages.put(path, page(v, id, v.base.resolve(path).toString()));
    }
    return new TargetObservations.Pages(pages);
  }

  /**
   * A page, asked once more a second later when it ends in a 502, 503 or 504: a gateway's passing
   * error page carries none of the site's headers, and judging it as the site made a flaky
   * upstream flip the gate from one run to the next (HSTS "not sent" on every other scan). A page
   * still failing on the second ask is judged as it is; the findings cite the answer judged, whose
   * artifact id ends in "-retry".
   */
  private HttpFetch page(Visit v, String id, String url) {
    HttpFetch first = v.http.fetch(id, url, v.headers, v.maxRedirects, allowedHosts, v.sent);
    HttpExchange last = first.lastResponse();
    if (last == null || last.status() < 502 || last.status() > 504) {
      return first;
    }
    try {
      Thread.sleep(PAGE_RETRY_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return first;
    }
    v.sent.forget(last.url());
    return v.http.fetch(id + "-retry", url, v.headers, v.maxRedirects, allowedHosts, v.sent);
  }

  private static final long PAGE_RETRY_MILLIS = 1_000;

  private TargetObservations.PlainHttpRedirect plainHttpRedirect(Visit v) {
    String plain = plainHttpUrl(v.target, v.base);
    if (plain == null) {
      return new TargetObservations.PlainHttpRedirect(null, "the target uses port "
          + v.base.port() + ", so its plain-HTTP address cannot be derived; set http_url on the"
          + " target to check the redirect");
    }
    // The plain-HTTP walk carries no request headers: they may be credentials.
    return new TargetObservations.PlainHttpRedirect(v.http.fetch(v.target.name() + "/http",
        plain, Map.of(), v.maxRedirects + 1, allowedHosts, v.sent), null);
  }

  private TargetObservations.CorsProbes cors(Visit v) {
    List<HttpExchange> cors = new ArrayList<>();
    if (policy.cors() == null) {
      return new TargetObservations.CorsProbes(cors);
    }
    int i = 0;
    for (String path : policy.cors().paths()) {
      String id = v.target.name() + "/cors"
          + (policy.cors().paths().size() == 1 ? "" : "-" + ++i);
      Map<String, String> origins = CorsOrigins.of(policy.cors().probeOrigin(), v.base.host());
      String url = v.base.resolve(path).toString();
      boolean shown = false;
      for (Map.Entry<String, String> origin : origins.entrySet()) {
        Map<String, String> h = new LinkedHashMap<>(v.headers);
        h.put("Origin", origin.getValue());
        HttpExchange get = v.http.exchange(id + origin.getKey(), "GET", url, h);
        cors.add(get);
        shown |= CorsOrigins.trustedWithCredentials(get, origin.getValue());
      }
      if (!shown) {
        preflights(v, id, url, origins, cors);
      }
    }
    return new TargetObservations.CorsProbes(cors);
  }

  /**
   * A server may refuse a foreign GET yet grant that origin credentialed PUTs on OPTIONS (a blind
   * cross-check: "none of the 4 foreign origins trusted" beside a preflight that trusted every
   * one). Sent only when no GET already showed credentialed trust, which no preflight could
   * outdo, and no longer once one preflight has admitted a credentialed PUT or header, so a
   * path costs at most one OPTIONS per origin, and none at a server whose GETs already fail. As browsers send it: no cookies
   * and no Authorization (Fetch §4.8), the other request headers of the target kept.
   */
  private static void preflights(Visit v, String id, String url, Map<String, String> origins,
      List<HttpExchange> cors) {
    for (Map.Entry<String, String> origin : origins.entrySet()) {
      Map<String, String> h = new LinkedHashMap<>();
      v.headers.forEach((name, value) -> {
        if (!name.equalsIgnoreCase("Cookie") && !name.equalsIgnoreCase("Authorization")) {
          h.put(name, value);
        }
      });
      h.put("Origin", origin.getValue());
      h.put("Access-Control-Request-Method", CorsOrigins.PREFLIGHT_METHOD);
      h.put("Access-Control-Request-Headers", CorsOrigins.PREFLIGHT_HEADER);
      HttpExchange preflight = v.http.exchange(id + origin.getKey() + CorsOrigins.PREFLIGHT,
          "OPTIONS", url, h);
      cors.add(preflight);
      // A server that does not answer OPTIONS would cost a time-out per origin; the check
      // names the failed one and judges nothing from the preflights.
      if (preflight.failed()
          || CorsOrigins.trustedWithCredentials(preflight, origin.getValue())
              && !CorsOrigins.admitted(preflight, true).isEmpty()) {
        return;
      }
    }
  }

  private TargetObservations.SecurityTxt securityTxt(Visit v) {
    HttpUrl origin = v.base.newBuilder().encodedPath("/").query(null).fragment(null).build();
    return dev.secaudit.probe.securitytxt.SecurityTxtFetch.observe(v.http,
        v.target.name() + "/security-txt", origin, v.headers, allowedHosts, v.sent);
  }

  private TargetObservations.FlowRuns flowRuns(Visit v) {
    List<FlowObservation> runs = new ArrayList<>();
    for (int i = 0; i < policy.flows().size(); i++) {
      if (v.target.name().equals(policy.flows().get(i).target())) {
        runs.add(v.flows.probe(v.target, i, policy.flows().get(i), v.optedOut));
      }
    }
    return new TargetObservations.FlowRuns(runs);
  }

  private TargetObservations.RateLimitRuns rateLimitRuns(Visit v) {
    List<RateLimitObservation> limits = new ArrayList<>();
    for (int i = 0; i < policy.rateLimits().size(); i++) {
      RateLimit r = policy.rateLimits().get(i);
      if (v.target.name().equals(r.target())) {
        dev.secaudit.policy.Flow setup = r.setupFlow() == null ? null : policy.flows().stream()
            .filter(f -> r.setupFlow().equals(f.name())).findFirst().orElse(null);
        limits.add(v.rateLimits.probe(v.target, i, r, v.optedOut, setup == null ? null
            : () -> dev.secaudit.probe.flow.FlowSetup.run(v.http, clock, v.target, setup,
                v.target.name() + "/ratelimit-" + r.name() + "-setup")));
      }
    }
    return new TargetObservations.RateLimitRuns(limits);
  }

  private TargetObservations.PublishedSubprocessors publishedSubprocessors(Visit v) {
    HttpFetch list = PublishedSubprocessors.fetch(v.http, policy, v.target, v.base,
        v.observed.pages(), allowedHosts, v.sent);
    return list == null ? null : new TargetObservations.PublishedSubprocessors(list);
  }

  /** Versions first, then the chain: both on the URL's host and port, SNI for host names only. */
  TlsObservation tls(HttpUrl base) {
    return tls(base, false);
  }

  /** @param ciphers also enumerate the cipher suites and groups of every accepted version */
  TlsObservation tls(HttpUrl base, boolean ciphers) {
    return tls(base, null, ciphers);
  }

  /** @param sni the target's SNI override, or null to send the URL's host name */
  TlsObservation tls(HttpUrl base, String sni, boolean ciphers) {
    return tls(base, sni, ciphers, null);
  }

  /** @param budget the target's time budget, or null for none */
  TlsObservation tls(HttpUrl base, String sni, boolean ciphers, TargetBudget budget) {
    return tls(base, sni, ciphers, budget, null);
  }

  /**
   * @param connections the host's connection count the handshakes draw on, up to the per-host
   *     limit at once; null: one at a time
   */
  private TlsObservation tls(HttpUrl base, String sni, boolean ciphers, TargetBudget budget,
      java.util.concurrent.Semaphore connections) {
    if (!base.isHttps()) {
      return TlsObservation.skipped(base.host(), base.port(),
          clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), "the target URL is"
              + " plain http://, so there is no TLS to probe; use an https:// URL");
    }
    String host = base.host();
    return tls(new TlsEndpoint(host, base.port(),
        sni != null ? sni : isIpLiteral(host) ? null : host, null), ciphers,
        connections == null ? 1 : perHost(), budget, connections);
  }

  /** Versions first, then the chain, then (when asked) the suites: all on one endpoint. */
  TlsObservation tls(TlsEndpoint endpoint, boolean ciphers) {
    return tls(endpoint, ciphers, 1);
  }

  /** Connections open to one host at once, from the policy. */
  int perHost() {
    return policy.settings().perHost();
  }

  /**
   * @param width hellos in flight at once: a TLS-only target may use the whole per-host limit,
   *     a web target's TLS probes share it with its HTTP requests and go one at a time
   */
  TlsObservation tls(TlsEndpoint endpoint, boolean ciphers, int width) {
    return tls(endpoint, ciphers, width, null);
  }

  /** @param budget the target's time budget, or null for none */
  TlsObservation tls(TlsEndpoint endpoint, boolean ciphers, int width, TargetBudget budget) {
    return tls(endpoint, ciphers, width, budget, null);
  }

  /**
   * @param connections the count of connections open to the endpoint's host that every hello
   *     takes a permit of, or null for a count of {@code width} of this endpoint's own
   */
  TlsObservation tls(TlsEndpoint endpoint, boolean ciphers, int width, TargetBudget budget,
      java.util.concurrent.Semaphore connections) {
    String host = endpoint.host();
    int port = endpoint.port();
    String sni = endpoint.sni();
    ClientHelloProber over = this.hellos.over(endpoint.startTls());
    ClientHelloProber hellos = (connections == null ? over.width(width)
        : over.width(width, connections)).within(budget);
    java.time.Instant started = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    dev.secaudit.probe.tls.EndpointProbes.Result probed = dev.secaudit.probe.tls.EndpointProbes
        .run(hellos, certificates, endpoint, ciphers, budget);
    List<VersionProbe> versions = probed.versions();
    CertificateObservation cert = probed.certificate();
    List<dev.secaudit.probe.tls.SuiteEnumeration> suites = probed.suites();
    // Only the enumeration shows a second certificate: the hellos that fetch one go with it.
    List<dev.secaudit.probe.tls.OtherCertificate> others = dev.secaudit.probe.tls
        .OtherCertificate.fetch(hellos, certificates, endpoint, cert, suites);
    return new TlsObservation(host, port, sni, started, versions, cert, null, suites, others);
  }

  /** RFC 6066 §3: SNI carries host names only, never IPv4 or IPv6 literals. */
  static boolean isIpLiteral(String host) {
    return host.contains(":") || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  }

  /** The plain-HTTP twin of a target: given, the URL itself, or derivable only from port 443. */
  static String plainHttpUrl(Target t, HttpUrl base) {
    if (t.httpUrl() != null) {
      return t.httpUrl();
    }
    if (!base.isHttps()) {
      return base.toString();
    }
    if (base.port() != 443) {
      return null;
    }
    return base.newBuilder().scheme("http").port(80).build().toString();
  }
}

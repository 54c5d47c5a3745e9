package dev.secaudit.scan;

import dev.secaudit.check.Aspect;
import dev.secaudit.policy.Policy;
import dev.secaudit.probe.TargetBudget;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.flow.FlowObservation;
import dev.secaudit.probe.flow.FlowProbe;
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
 * fetched once and every header, cookie and CSP check reads the same exchanges.
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

  TargetObservations observe(Policy.Target t, Set<Aspect> aspects) {
    // Started here, once the per-host gate let this target through: its first connection.
    Policy.Timeouts timeouts = policy.settings().timeouts();
    TargetBudget budget = TargetBudget.start(timeouts.target().value(),
        timeouts.target().toString());
    if (t.tlsOnly()) {
      return TlsOnlyTarget.observe(this, t, aspects, budget);
    }
    HttpProbe http = this.http.within(budget);
    RateLimitProbe rateLimits = this.rateLimits.within(budget);
    FlowProbe flows = this.flows.within(budget);
    HttpUrl base = HttpUrl.parse(t.url());
    // The TLS handshakes (versions, suites, chain) use their own connections and are mostly
    // waiting on the server, so they overlap the HTTP requests: one more connection to the host
    // at a time, within the per-host limit of two.
    java.util.concurrent.CompletableFuture<TlsObservation> tlsLater = aspects.contains(Aspect.TLS)
        ? java.util.concurrent.CompletableFuture.supplyAsync(
            () -> tls(base, t.sni(), aspects.contains(Aspect.TLS_CIPHERS), budget), runnable -> {
              Thread th = new Thread(runnable, "secaudit-tls-" + t.name());
              th.setDaemon(true);
              th.start();
            })
        : null;
    Map<String, String> headers = t.requestHeaders();
    int maxRedirects = policy.https() != null ? policy.https().maxRedirects() : 5;
    // The fetches below share what was sent: the redirect walk does not ask again for a page
    // already fetched (an http:// target's own page, the page its plain twin redirects to).
    RequestLedger sent = new RequestLedger();

    Map<String, HttpFetch> pages = new LinkedHashMap<>();
    if (aspects.contains(Aspect.PAGES)) {
      // The target's own query string is part of the page the policy names.
      List<String> paths = t.paths().isEmpty()
          ? List.of(base.encodedQuery() == null ? base.encodedPath()
              : base.encodedPath() + "?" + base.encodedQuery())
          : t.paths();
      int i = 0;
      for (String path : paths) {
        String id = t.name() + "/page" + (paths.size() == 1 ? "" : "-" + ++i);
        pages.put(path, http.fetch(id, base.resolve(path).toString(), headers, maxRedirects,
            allowedHosts, sent));
      }
    }

    HttpFetch redirect = null;
    String redirectSkipped = null;
    if (aspects.contains(Aspect.HTTP_REDIRECT)) {
      String plain = plainHttpUrl(t, base);
      if (plain == null) {
        redirectSkipped = "the target uses port " + base.port() + ", so its plain-HTTP address"
            + " cannot be derived; set http_url on the target to check the redirect";
      } else {
        // The plain-HTTP walk carries no request headers: they may be credentials.
        redirect = http.fetch(t.name() + "/http", plain, Map.of(), maxRedirects + 1, allowedHosts,
            sent);
      }
    }

    List<HttpExchange> cors = new ArrayList<>();
    if (aspects.contains(Aspect.CORS) && policy.cors() != null) {
      int i = 0;
      for (String path : policy.cors().paths()) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("Origin", policy.cors().probeOrigin());
        cors.add(http.exchange(t.name() + "/cors" + (policy.cors().paths().size() == 1 ? "" : "-" + ++i),
            "GET", base.resolve(path).toString(), h));
      }
    }

    HttpFetch securityTxt = null;
    if (aspects.contains(Aspect.SECURITY_TXT)) {
      HttpUrl origin = base.newBuilder().encodedPath("/").query(null).fragment(null).build();
      securityTxt = http.fetch(t.name() + "/security-txt",
          origin.resolve("/.well-known/security.txt").toString(), headers, 3, allowedHosts, sent);
    }
    TlsObservation tls = tlsLater == null ? null : tlsLater.join();

    String optedOut = active || t.active() ? null
        : "active check: rerun with --active (or set active: true on target '" + t.name()
            + "')";
    // Before the rate limits: a flow that signs in must not meet a login limiter they tripped.
    List<FlowObservation> flowRuns = new ArrayList<>();
    if (aspects.contains(Aspect.FLOWS)) {
      for (int i = 0; i < policy.flows().size(); i++) {
        if (t.name().equals(policy.flows().get(i).target())) {
          flowRuns.add(flows.probe(t, i, policy.flows().get(i), optedOut));
        }
      }
    }

    // Last, so that the passive observations are not taken while the limiter is tripped.
    List<RateLimitObservation> limits = new ArrayList<>();
    if (aspects.contains(Aspect.RATE_LIMITS)) {
      for (int i = 0; i < policy.rateLimits().size(); i++) {
        Policy.RateLimit r = policy.rateLimits().get(i);
        if (t.name().equals(r.target())) {
          limits.add(rateLimits.probe(t, i, r, optedOut));
        }
      }
    }
    HttpFetch subprocessors = aspects.contains(Aspect.SUBPROCESSORS_PAGE)
        ? PublishedSubprocessors.fetch(http, policy, t, base, pages, allowedHosts, sent)
        : null;
    return new TargetObservations(t.name(), pages, redirect, redirectSkipped, cors, securityTxt,
        tls, limits, subprocessors, flowRuns, budget.spent());
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
    if (!base.isHttps()) {
      return TlsObservation.skipped(base.host(), base.port(),
          clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), "the target URL is"
              + " plain http://, so there is no TLS to probe; use an https:// URL");
    }
    String host = base.host();
    return tls(new TlsEndpoint(host, base.port(),
        sni != null ? sni : isIpLiteral(host) ? null : host, null), ciphers, 1, budget);
  }

  /** Versions first, then the chain, then (when asked) the suites: all on one endpoint. */
  TlsObservation tls(TlsEndpoint endpoint, boolean ciphers) {
    return tls(endpoint, ciphers, 1);
  }

  /** Requests in flight to one host at once, from the policy. */
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
    String host = endpoint.host();
    int port = endpoint.port();
    String sni = endpoint.sni();
    ClientHelloProber hellos = this.hellos.over(endpoint.startTls()).width(width).within(budget);
    java.time.Instant started = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    List<VersionProbe> versions = hellos.probeAll(host, port, sni);
    CertificateObservation cert = certificates.observe(endpoint, versions, budget);
    List<dev.secaudit.probe.tls.SuiteEnumeration> suites = ciphers
        ? new dev.secaudit.probe.tls.CipherSuiteEnumerator(hellos).enumerate(host, port, sni, versions)
        : List.of();
    return new TlsObservation(host, port, sni, started, versions, cert, null, suites);
  }

  /** RFC 6066 §3: SNI carries host names only, never IPv4 or IPv6 literals. */
  static boolean isIpLiteral(String host) {
    return host.contains(":") || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  }

  /** The plain-HTTP twin of a target: given, the URL itself, or derivable only from port 443. */
  static String plainHttpUrl(Policy.Target t, HttpUrl base) {
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

package dev.secaudit.check.config;

import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.tls.TlsRules;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.model.TlsVersion;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.Tls;
import dev.secaudit.probe.config.NginxConfigObservation;
import dev.secaudit.probe.config.NginxDirective;
import dev.secaudit.probe.tls.SuiteTraits;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * config.nginx.tls_protocols and config.nginx.tls_ciphers: per server that listens with TLS, the
 * effective ssl_protocols and ssl_ciphers judged with the live checks' rules (TlsRules). What
 * the config leaves unset is a default of the nginx or OpenSSL that reads it, which the file does
 * not name: each such verdict says which default it assumed, and from which releases. Unset
 * ssl_protocols depends on the nginx release ({@link #DEFAULT_PROTOCOLS}): a default that only
 * some releases get wrong is a WARN that names them. Unset TLS 1.3 suites are OpenSSL's default
 * ({@link #OPENSSL_TLS13_SUITES}), judged as such and said to be assumed.
 */
public final class NginxTlsCheck extends NginxCheck {
  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("config.nginx.tls_protocols",
          "nginx enables only the TLS"
            + " versions the policy allows (ssl_protocols)",
          Severity.HIGH,
          "configs",
          ControlAreas.CRYPTO_CONFIG,
          "Set ssl_protocols TLSv1.2 TLSv1.3; (or what tls.min_version allows) in the http block,"
            + " and do not re-enable older versions in a server block.",
          "nginx ngx_http_ssl_module: ssl_protocols; RFC 8996"),
      CheckInfo.of("config.nginx.tls_ciphers",
          "nginx names only cipher"
            + " suites the policy allows (ssl_ciphers)",
          Severity.MEDIUM,
          "configs",
          ControlAreas.CRYPTO_CONFIG,
          "List ECDHE suites with AES-GCM or ChaCha20-Poly1305 by name in ssl_ciphers (Mozilla"
            + " intermediate), and drop keywords whose expansion depends on the OpenSSL build.",
          "nginx ssl_ciphers; OpenSSL ciphers(1) cipher strings; Mozilla server-side TLS 6.0"));

  @Override
  public List<CheckInfo> reports() {
    return REPORTS;
  }

  static final String PROTOCOLS = "config.nginx.tls_protocols";
  static final String CIPHERS = "config.nginx.tls_ciphers";

  /**
   * nginx's ssl_protocols default by release (ngx_http_ssl_module): TLSv1 to TLSv1.2 before
   * 1.23.4 (served so by nginx 1.22.1 here), TLSv1.3 added in 1.23.4, TLSv1 and TLSv1.1 dropped
   * in 1.27.3. OpenSSL 3's default security level refuses TLS 1.0 and 1.1 in any case unless
   * ssl_ciphers lowers it; the verdict is about what nginx enables.
   */
  static final List<DefaultProtocols> DEFAULT_PROTOCOLS = List.of(
      new DefaultProtocols("before 1.23.4", null, new int[] {1, 23, 4},
          EnumSet.of(TlsVersion.TLS_1_0, TlsVersion.TLS_1_1, TlsVersion.TLS_1_2)),
      new DefaultProtocols("in 1.23.4 to 1.27.2", new int[] {1, 23, 4}, new int[] {1, 27, 3},
          EnumSet.of(TlsVersion.TLS_1_0, TlsVersion.TLS_1_1, TlsVersion.TLS_1_2,
              TlsVersion.TLS_1_3)),
      new DefaultProtocols("from 1.27.3 on", new int[] {1, 27, 3}, null,
          EnumSet.of(TlsVersion.TLS_1_2, TlsVersion.TLS_1_3)));

  /**
   * The versions nginx enables without ssl_protocols in the releases from {@code from}
   * (inclusive) to {@code until} (exclusive), null for no bound; {@code releases} says which.
   */
  record DefaultProtocols(String releases, int[] from, int[] until, Set<TlsVersion> versions) {
    boolean covers(int[] version) {
      return (from == null || java.util.Arrays.compare(version, from) >= 0)
          && (until == null || java.util.Arrays.compare(version, until) < 0);
    }
  }

  /**
   * OpenSSL's TLS 1.3 suites when nothing sets them (OSSL_default_ciphersuites): the same in
   * every release from 1.1.1, the first with TLS 1.3, to 3.x, except that a build without
   * ChaCha20-Poly1305 leaves that one out. A system openssl.cnf read by nginx may set others.
   */
  static final List<String> OPENSSL_TLS13_SUITES = List.of("TLS_AES_256_GCM_SHA384",
      "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256");

  /** nginx's ssl_ciphers default (the same in every release). */
  static final String DEFAULT_CIPHERS = "HIGH:!aNULL:!MD5";

  /**
   * Suites that {@link #DEFAULT_CIPHERS} holds in every OpenSSL from 1.1.1 to 3.x (CBC with
   * SHA-1, one with static RSA key exchange): a sample of an expansion the build decides, enough
   * to fail a policy that refuses them, never enough to pass one.
   */
  static final List<String> DEFAULT_CIPHERS_INCLUDE = List.of(
      "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
      "TLS_RSA_WITH_AES_128_CBC_SHA");

  @Override
  boolean policyAsks(Policy policy) {
    return policy.tls() != null;
  }

  @Override
  List<Finding> judge(CheckContext ctx, NginxConfigObservation config, NginxDirective http) {
    Tls tls = ctx.policy().tls();
    List<String> evidence = List.of(config.evidenceId());
    List<Finding> out = new ArrayList<>();
    List<NginxContexts.Level> all = NginxContexts.servers(http);
    List<NginxContexts.Level> servers = all.stream().filter(NginxContexts::tls).toList();
    // The target's own port may answer without TLS whatever the other servers enable: that is
    // judged first, and "no server listens with ssl" is then no reason to skip.
    boolean plain = plainOnHttpsPort(ctx, config, all, evidence, out);
    if (servers.isEmpty() && !plain) {
      for (String id : ids()) {
        out.add(ctx.finding(id).subject(http.at())
            .about(Subject.directive(id.equals(PROTOCOLS) ? "ssl_protocols" : "ssl_ciphers"))
            .status(Status.SKIPPED).expected("TLS servers judged")
            .observed("no server block listens with ssl").evidence(evidence)
            .rule(PolicyPointer.TLS).build());
      }
      return out;
    }
    NginxTargetScope.Scope scope = NginxTargetScope.of(ctx, config, all, servers);
    for (NginxContexts.Level server : scope.judged()) {
      List<NginxContexts.Level> handshakes = NginxContexts.handshakeServers(all, server);
      Set<TlsVersion> enabled = protocols(ctx, tls, handshakes, server, evidence, out);
      ciphers(ctx, tls, server, handshakes.get(0), bySni(handshakes, server), enabled, evidence,
          out);
    }
    Finding leftOut = NginxTargetScope.leftOut(ctx, PROTOCOLS, config, http, scope);
    if (leftOut != null) {
      out.add(leftOut);
    }
    return out;
  }

  /**
   * Whether the config's https target is answered without TLS: the server nginx picks for the
   * target's port (by address:port, then name) has no listen there with ssl, and no other
   * server's listen on that address:port has it. nginx then speaks plain HTTP on the port the
   * policy calls https (a TLS ClientHello gets no handshake, whatever ssl_certificate says):
   * adds a FAIL naming the listen, and the ciphers finding that has nothing to judge.
   */
  private static boolean plainOnHttpsPort(CheckContext ctx, NginxConfigObservation config,
      List<NginxContexts.Level> all, List<String> evidence, List<Finding> out) {
    okhttp3.HttpUrl url = config.target() == null ? null : url(ctx, config.target());
    if (url == null || !url.isHttps()) {
      return false;
    }
    NginxContexts.Level server = NginxContexts.serverFor(all, url);
    List<NginxDirective> listens = server == null ? List.of()
        : NginxContexts.listensOnPort(server, url.port());
    if (listens.isEmpty() || listens.stream().anyMatch(l -> NginxContexts.tls(server, l))) {
      return false;
    }
    NginxDirective ignored = NginxContexts.sslOn(server);
    NginxDirective cert = server.plain("ssl_certificate");
    String target = config.target() + " (" + url.scheme() + "://" + url.host() + ":"
        + url.port() + ")";
    String observed = "target " + target + " is served by " + server.label() + ": "
        + String.join(", ", listens.stream().map(l -> l.text() + " (" + l.at() + ")").toList())
        + " has no ssl, and no server's listen on that address:port has it, so nginx answers"
        + " plain HTTP on the port the policy calls https (a TLS client gets no handshake)"
        + (ignored == null ? "" : "; " + ignored.text() + " (" + ignored.at() + ") does"
            + " nothing here: nginx decides TLS from the default server of the address:port")
        + (cert == null ? "" : "; " + cert.text() + " (" + cert.at() + ") is not used without"
            + " ssl on the listen");
    String expected = "TLS on port " + url.port() + ", as the https URL of " + target + " says";
    out.add(ctx.finding(PROTOCOLS).subject(server.subject(listens.get(0)))
        .about(Subject.directive("listen")).status(Status.FAIL)
        .expected(expected, labelled(allowed(ctx.policy().tls())))
        .observed(observed, new Value.Setting("listen", String.join(" ", listens.get(0).args())))
        .evidence(evidence).rule(PolicyPointer.TLS_MIN_VERSION).build());
    out.add(ctx.finding(CIPHERS).subject(server.subject(listens.get(0)))
        .about(Subject.directive("ssl_ciphers")).status(Status.SKIPPED).expected(expected)
        .observed("no TLS on port " + url.port() + " for " + target + ", so no suite is"
            + " served there (the failure is config.nginx.tls_protocols')")
        .evidence(evidence).rule(PolicyPointer.TLS).build());
    return true;
  }

  /**
   * Adds the protocols finding; returns the versions clients may get (when unset, those of any
   * release's default).
   * The TLS version is chosen before SNI selects a name-based server, so the versions come from
   * the default server of each address:port the server listens on ({@code handshakes}): a named
   * server's own ssl_protocols is not what its clients get. With several such defaults, the
   * worst decides.
   */
  private static Set<TlsVersion> protocols(CheckContext ctx, Tls tls,
      List<NginxContexts.Level> handshakes, NginxContexts.Level server, List<String> evidence,
      List<Finding> out) {
    Finding worst = null;
    Set<TlsVersion> worstEnabled = null;
    for (NginxContexts.Level source : handshakes) {
      Set<TlsVersion> enabled = EnumSet.noneOf(TlsVersion.class);
      Finding f = protocolsFrom(ctx, tls, server, source, evidence, enabled);
      if (worst == null || f.status().compareTo(worst.status()) < 0) {
        worst = f;
        worstEnabled = enabled;
      }
    }
    out.add(worst);
    return worstEnabled;
  }

  /** The protocols finding for {@code server} when its handshake is {@code source}'s. */
  private static Finding protocolsFrom(CheckContext ctx, Tls tls, NginxContexts.Level server,
      NginxContexts.Level source, List<String> evidence, Set<TlsVersion> enabled) {
    // The same lookup as an array directive's: nginx ORs the lists of an ssl_protocols given
    // twice in one block (a bitmask; it only warns "duplicate value"), so all of them count.
    List<NginxDirective> ds = source.array("ssl_protocols");
    String expected = "only versions allowed by tls (min_version " + tls.minVersion()
        + (tls.forbiddenVersions().isEmpty() ? "" : ", forbidden " + tls.forbiddenVersions())
        + ")";
    NginxDirective legacy = NginxContexts.sslOn(source);
    // The sentence names the release range: the same file is refused by a newer nginx.
    String where = " in " + source.label() + (legacy == null ? "" : " (TLS by " + legacy.text()
        + " at " + legacy.at() + ", deprecated since nginx 1.15.0; nginx 1.25.1 and later"
        + " refuse the config)");
    String via = "";
    if (!source.equals(server)) {
      List<NginxDirective> own = server.array("ssl_protocols");
      via = server.label() + " shares its address:port with the default server "
          + source.label() + ", and the TLS version is chosen before SNI selects a server by"
          + " name, so clients get the default server's versions, not "
          + (own.isEmpty() ? "this server's (unset)" : written(own)) + "; ";
    }
    Value allowed = labelled(allowed(tls));
    Finding.Builder finding = ctx.finding(PROTOCOLS).about(Subject.directive("ssl_protocols"))
        .expected(expected, allowed).evidence(evidence);
    if (ds.isEmpty()) {
      List<String> defaults = new ArrayList<>();
      List<String> bad = new ArrayList<>();
      int badReleases = 0;
      for (DefaultProtocols d : DEFAULT_PROTOCOLS) {
        defaults.add(labels(d.versions()) + " " + d.releases());
        List<String> forbidden = forbidden(tls, d.versions());
        if (!forbidden.isEmpty()) {
          badReleases++;
          bad.add(String.join(", ", forbidden) + " " + d.releases());
        }
        enabled.addAll(d.versions());
      }
      // Which default applies depends on the nginx that reads the config, which the file does
      // not name: a version forbidden by every release's default fails, by some a review.
      Status s = badReleases == DEFAULT_PROTOCOLS.size() ? Status.FAIL
          : badReleases > 0 ? Status.WARN : Status.PASS;
      String observed = via + "ssl_protocols unset" + where + ": nginx's default is "
          + String.join(", ", defaults) + " (the config does not say which nginx reads it)"
          + (bad.isEmpty() ? "" : "; forbidden: " + String.join("; ", bad));
      return finding.subject(server.subject(server.block())).status(s)
          .observed(observed, new Value.Setting("ssl_protocols", null))
          .rule(PolicyPointer.TLS_MIN_VERSION).build();
    }
    String args = String.join(" ", ds.stream().flatMap(d -> d.args().stream()).toList());
    for (NginxDirective d : ds) {
      for (String a : d.args()) {
        try {
          enabled.add(TlsVersion.parse(a));
        } catch (IllegalArgumentException e) {
          return finding.subject(server.subject(d)).status(Status.ERROR)
              .observed(via + "'" + a + "' in " + d.text() + " is not a protocol nginx knows"
                  + " (nginx -t refuses it)", new Value.Setting("ssl_protocols", args))
              .rule(PolicyPointer.TLS).build();
        }
      }
    }
    List<String> bad = new ArrayList<>();
    String pointer = PolicyPointer.TLS_MIN_VERSION;
    for (TlsVersion v : enabled) {
      String by = TlsRules.forbiddenBy(tls, v);
      if (by != null) {
        bad.add(v.label());
        pointer = bad.size() == 1 ? by : pointer;
      }
    }
    String observed = via + written(ds) + where;
    // The versions clients get, as values: answers about the lowest version read them, not the
    // sentence.
    Value versions = labelled(enabled);
    finding.subject(server.subject(ds.get(0)));
    if (bad.isEmpty() && enabled.stream().allMatch(v -> TlsRules.forbiddenBy(tls, v) != null)) {
      finding.status(Status.FAIL).observed(observed + ": no allowed version is enabled", versions)
          .rule(PolicyPointer.TLS_MIN_VERSION);
    } else if (bad.isEmpty()) {
      finding.status(Status.PASS).observed(observed, versions).rule(pointer);
    } else {
      finding.status(Status.FAIL).observed(observed + ": enables " + String.join(", ", bad)
          + ", which the policy forbids", versions).rule(pointer);
    }
    return finding.build();
  }

  /** The ssl_protocols lines of one block, both named when there are two (nginx ORs them). */
  private static String written(List<NginxDirective> ds) {
    if (ds.size() == 1) {
      return ds.get(0).text();
    }
    return String.join(" and ", ds.stream().map(d -> d.text() + " (" + d.at() + ")").toList())
        + ": nginx enables the union of the " + ds.size() + " lists (it only warns"
        + " \"duplicate value\")";
  }

  /**
   * For a server reached by name, why its own ssl_ciphers is judged although its versions are
   * the default server's; "" for a default server. Unlike the version, the TLS 1.2 cipher is
   * chosen after SNI has switched the connection to the named server, so its ssl_ciphers (and
   * ssl_prefer_server_ciphers) apply; the TLS 1.3 suites (ssl_conf_command Ciphersuites) and
   * the curves (ssl_ecdh_curve) stay the default server's. Both were checked against nginx
   * 1.22.1 with OpenSSL 3.0 on loopback; they follow when OpenSSL reads each setting, which is
   * why the sentence names the build.
   */
  private static String bySni(List<NginxContexts.Level> handshakes,
      NginxContexts.Level server) {
    List<NginxContexts.Level> defaults = handshakes.stream().filter(s -> !s.equals(server))
        .toList();
    if (defaults.isEmpty()) {
      return "";
    }
    String names = String.join(", ", defaults.stream().map(NginxContexts.Level::label).toList());
    return "; a client that sends SNI for " + NginxContexts.serverNames(server.block())
        + " gets this server's ssl_ciphers for TLS 1.2 (OpenSSL picks the cipher after SNI has"
        + " chosen the server; nginx 1.22.1 with OpenSSL 3.0 checked, other builds may differ),"
        + " while a client without SNI gets " + names + "'s, and TLS 1.3 suites and curves are"
        + " " + names + "'s";
  }

  private static void ciphers(CheckContext ctx, Tls tls, NginxContexts.Level server,
      NginxContexts.Level handshake, String sni, Set<TlsVersion> enabled,
      List<String> evidence, List<Finding> out) {
    NginxDirective d = server.plain("ssl_ciphers");
    // nginx hands ssl_conf_command to OpenSSL after ssl_ciphers, so a CipherString there is
    // the list TLS 1.2 clients get (nginx 1.22.1 with OpenSSL 3.0 on loopback).
    NginxDirective string = confCommand(server, "CipherString");
    // The TLS 1.3 suites, like the version, are the handshake's default server's.
    NginxDirective suites13 = enabled.contains(TlsVersion.TLS_1_3)
        ? confCommand(handshake, "Ciphersuites") : null;
    // Unset, the TLS 1.3 suites are the library's: judged as OpenSSL's default, said assumed.
    boolean default13 = enabled.contains(TlsVersion.TLS_1_3) && suites13 == null;
    String subject = server.subject(string != null ? string : d == null ? server.block() : d);
    String expected = TlsRules.suiteExpectation(tls) + " for every suite ssl_ciphers names"
        + (suites13 != null ? " and every TLS 1.3 suite ssl_conf_command Ciphersuites names"
            : default13 ? " and every TLS 1.3 suite of the library's default" : "");
    String shown = (d == null ? "ssl_ciphers unset (default " + DEFAULT_CIPHERS + ")"
        : d.text()) + " in " + server.label();
    String list = d == null ? DEFAULT_CIPHERS : String.join(":", d.args());
    if (string != null) {
      shown = string.text() + " (" + string.at() + ") in effect for " + server.label()
          + ", over " + (d == null ? "the default ssl_ciphers" : d.text() + " (" + d.at() + ")")
          + ": OpenSSL reads it after ssl_ciphers";
      list = string.arg(1);
    }
    // The cipher string in effect: nginx's default (the same in every release) when unset.
    Value inEffect = new Value.Setting("ssl_ciphers", string != null ? string.arg(1)
        : d == null ? DEFAULT_CIPHERS : String.join(" ", d.args()));
    Finding.Builder finding = ctx.finding(CIPHERS).subject(subject)
        .about(Subject.directive("ssl_ciphers")).expected(expected).evidence(evidence);
    List<String> failures = new ArrayList<>();
    List<String> unresolved = new ArrayList<>();
    Severity severity = null;
    String pointer = PolicyPointer.TLS;
    List<String> suites = new ArrayList<>();
    List<String> sampled = new ArrayList<>();
    boolean only13 = enabled.stream().allMatch(v -> v == TlsVersion.TLS_1_3);
    if (!only13) {
      OpenSslCipherString cs = OpenSslCipherString.parse(list);
      suites.addAll(cs.enabled());
      unresolved.addAll(cs.unresolved());
    }
    if (only13) {
      shown += " (only TLS 1.3 is enabled, whose suites ssl_ciphers does not choose)";
    } else if (d == null && string == null) {
      // HIGH's expansion is the build's: a sample it surely holds can fail the policy, never
      // pass it, so with no failure among them the keyword stays not evaluated.
      sampled.addAll(DEFAULT_CIPHERS_INCLUDE);
    }
    String tls13Releases = !handshake.array("ssl_protocols").isEmpty() ? ""
        : "; TLS 1.3 itself is on by nginx's default only " + String.join(", ",
            DEFAULT_PROTOCOLS.stream().filter(p -> p.versions().contains(TlsVersion.TLS_1_3))
                .map(DefaultProtocols::releases).toList());
    if (default13) {
      shown += "; TLS 1.3: " + defaultSuites(handshake, server, tls13Releases);
      suites.addAll(OPENSSL_TLS13_SUITES);
    }
    if (suites13 != null) {
      shown += "; TLS 1.3: " + suites13.text() + " (" + suites13.at() + ")"
          + (handshake.equals(server) ? "" : " in " + handshake.label());
      for (String name : suites13.arg(1).split(":")) {
        if (SuiteTraits.isTls13(name)) {
          suites.add(name);
        } else if (!name.isEmpty()) {
          unresolved.add(name);
        }
      }
    }
    int named = suites.size() - (default13 ? OPENSSL_TLS13_SUITES.size() : 0);
    boolean sampleFailed = false;
    for (String suite : concat(suites, sampled)) {
      TlsRules.SuiteVerdict v = TlsRules.suite(tls, suite);
      if (!v.ok()) {
        boolean opensslDefault = default13 && OPENSSL_TLS13_SUITES.contains(suite);
        boolean sample = !opensslDefault && sampled.contains(suite);
        sampleFailed |= sample;
        failures.add(suite + " (" + String.join(", ", v.reasons())
            + (opensslDefault ? "; OpenSSL's default"
                : sample ? "; in nginx's default " + DEFAULT_CIPHERS : "")
            + ")");
        severity = TlsRules.worse(severity, v.severity());
        pointer = failures.size() == 1 ? v.pointer() : pointer;
      }
    }
    String notEvaluated = unresolved.isEmpty() ? "" : "; not evaluated (keywords or names"
        + " this release cannot map to IANA suites): " + String.join(" ", unresolved);
    String judged = (named == 0 ? "no suite named explicitly" : named + " suite(s) named")
        + (default13 ? " and OpenSSL's " + OPENSSL_TLS13_SUITES.size() + " default TLS 1.3"
            + " suites" : "");
    if (sampleFailed) {
      failures.add("the default's suites as OpenSSL 1.1.1 to 3.x expand HIGH (assumed: the"
          + " config does not name the OpenSSL nginx was built with; the live tls.ciphers check"
          + " sees what is served)");
    }
    if (!failures.isEmpty()) {
      out.add(finding.status(Status.FAIL).severity(severity).observed(shown + ": "
          + String.join("; ", failures) + notEvaluated + sni, inEffect).rule(pointer).build());
    } else {
      out.add(finding.status(unresolved.isEmpty() ? Status.PASS : Status.WARN)
          .observed(shown + ": " + judged + ", all allowed" + notEvaluated + sni, inEffect)
          .rule(pointer).build());
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /**
   * The TLS 1.3 suites clients get when no ssl_conf_command Ciphersuites is in effect for the
   * handshake: the library's default, which is a fact of the OpenSSL nginx was built with (nginx
   * -V names it), not of the file. Said as assumed, with the releases the assumption holds for
   * and what else could change it; {@code releases} names the nginx releases that enable TLS 1.3
   * when that too is a default ("" when ssl_protocols names it).
   */
  private static String defaultSuites(NginxContexts.Level handshake, NginxContexts.Level server,
      String releases) {
    return "no ssl_conf_command Ciphersuites in effect"
        + (handshake.equals(server) ? "" : " for " + handshake.label()) + ", so the library's"
        + " default, assumed to be OpenSSL's: " + String.join(":", OPENSSL_TLS13_SUITES)
        + " (OpenSSL 1.1.1 to 3.x; the config does not name the OpenSSL nginx was built with,"
        + " and a system openssl.cnf may set other suites; nginx -V names the library, and the"
        + " live tls.* checks see what is served)" + releases;
  }

  /**
   * The last "ssl_conf_command NAME value" in effect for {@code level} (OpenSSL applies them in
   * order; nginx inherits them whole, like add_header, and OpenSSL reads the name in any case),
   * or null.
   */
  private static NginxDirective confCommand(NginxContexts.Level level, String name) {
    NginxDirective found = null;
    for (NginxDirective c : level.array("ssl_conf_command")) {
      if (c.arg(0).equalsIgnoreCase(name) && c.args().size() > 1) {
        found = c;
      }
    }
    return found;
  }

  /** The versions the policy allows, oldest first. */
  private static Set<TlsVersion> allowed(Tls tls) {
    Set<TlsVersion> out = EnumSet.noneOf(TlsVersion.class);
    for (TlsVersion v : TlsVersion.values()) {
      if (TlsRules.forbiddenBy(tls, v) == null) {
        out.add(v);
      }
    }
    return out;
  }

  /** Versions as a list of their labels ("TLS 1.2"), as answers about versions read them. */
  private static Value labelled(Set<TlsVersion> versions) {
    return new Value.Items(versions.stream().map(v -> (Value) new Value.Text(v.label()))
        .toList());
  }

  private static List<String> forbidden(Tls tls, Set<TlsVersion> versions) {
    return versions.stream().filter(v -> TlsRules.forbiddenBy(tls, v) != null)
        .map(TlsVersion::label).toList();
  }

  private static String labels(Set<TlsVersion> versions) {
    return versions.stream().map(TlsVersion::label).collect(Collectors.joining(" "));
  }
}

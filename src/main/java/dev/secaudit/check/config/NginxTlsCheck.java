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
 * effective ssl_protocols and ssl_ciphers judged with the live checks' rules (TlsRules). Unset
 * ssl_protocols means nginx's default, which depends on the release (older ones enable TLSv1
 * and TLSv1.1, current ones only TLSv1.2 and TLSv1.3), and the config does not say which nginx
 * reads it: a default that only older releases get wrong is a WARN that names both.
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
   * nginx's ssl_protocols default before 1.23.4 (served by nginx 1.22.1 here: TLS 1.3 refused,
   * TLS 1.0 and 1.1 refused by OpenSSL 3's security level unless ssl_ciphers lowers it), and
   * from 1.23.4 on.
   */
  static final Set<TlsVersion> OLD_DEFAULT =
      EnumSet.of(TlsVersion.TLS_1_0, TlsVersion.TLS_1_1, TlsVersion.TLS_1_2);
  static final Set<TlsVersion> NEW_DEFAULT = EnumSet.of(TlsVersion.TLS_1_2, TlsVersion.TLS_1_3);
  /** nginx's ssl_ciphers default. */
  static final String DEFAULT_CIPHERS = "HIGH:!aNULL:!MD5";

  @Override
  List<String> ids() {
    return List.of(PROTOCOLS, CIPHERS);
  }

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
      Set<TlsVersion> enabled = protocols(ctx, tls, all, server, evidence, out);
      ciphers(ctx, tls, server, NginxContexts.handshakeServers(all, server).get(0),
          bySni(all, server), enabled, evidence, out);
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
   * Adds the protocols finding; returns the versions clients get (the newer default when unset).
   * The TLS version is chosen before SNI selects a name-based server, so the versions come from
   * the default server of each address:port the server listens on: a named server's own
   * ssl_protocols is not what its clients get. With several such defaults, the worst decides.
   */
  private static Set<TlsVersion> protocols(CheckContext ctx, Tls tls,
      List<NginxContexts.Level> all, NginxContexts.Level server, List<String> evidence,
      List<Finding> out) {
    Finding worst = null;
    Set<TlsVersion> worstEnabled = null;
    for (NginxContexts.Level source : NginxContexts.handshakeServers(all, server)) {
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
      List<String> oldBad = forbidden(tls, OLD_DEFAULT);
      List<String> newBad = forbidden(tls, NEW_DEFAULT);
      String observed = via + "ssl_protocols unset" + where + ": nginx's default is "
          + labels(NEW_DEFAULT) + " from 1.23.4 on, " + labels(OLD_DEFAULT)
          + " in older releases";
      Status s = !newBad.isEmpty() ? Status.FAIL : !oldBad.isEmpty() ? Status.WARN : Status.PASS;
      if (s != Status.PASS) {
        observed += "; forbidden: " + String.join(", ", s == Status.FAIL ? newBad : oldBad)
            + (s == Status.WARN ? " (older releases)" : "");
      }
      // Which default applies depends on the nginx that reads the config: nothing is in effect
      // that the config itself says.
      enabled.addAll(NEW_DEFAULT);
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
  private static String bySni(List<NginxContexts.Level> all, NginxContexts.Level server) {
    List<NginxContexts.Level> defaults = NginxContexts.handshakeServers(all, server).stream()
        .filter(s -> !s.equals(server)).toList();
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
    String subject = server.subject(string != null ? string : d == null ? server.block() : d);
    String expected = TlsRules.suiteExpectation(tls) + " for every suite ssl_ciphers names"
        + (suites13 == null ? "" : " and every TLS 1.3 suite ssl_conf_command Ciphersuites"
            + " names");
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
    boolean only13 = enabled.stream().allMatch(v -> v == TlsVersion.TLS_1_3);
    if (!only13) {
      OpenSslCipherString cs = OpenSslCipherString.parse(list);
      suites.addAll(cs.enabled());
      unresolved.addAll(cs.unresolved());
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
    for (String suite : suites) {
      TlsRules.SuiteVerdict v = TlsRules.suite(tls, suite);
      if (!v.ok()) {
        failures.add(suite + " (" + String.join(", ", v.reasons()) + ")");
        severity = TlsRules.worse(severity, v.severity());
        pointer = failures.size() == 1 ? v.pointer() : pointer;
      }
    }
    if (only13 && suites13 == null) {
      out.add(finding.status(Status.PASS).observed(shown + ": only TLS 1.3 is enabled, whose"
          + " suites ssl_ciphers does not choose" + sni, inEffect).rule(PolicyPointer.TLS)
          .build());
      return;
    }
    String notEvaluated = unresolved.isEmpty() ? "" : "; not evaluated (keywords or names"
        + " this release cannot map to IANA suites): " + String.join(" ", unresolved);
    String named = suites.isEmpty() ? "no suite named explicitly"
        : suites.size() + " suite(s) named";
    if (!failures.isEmpty()) {
      out.add(finding.status(Status.FAIL).severity(severity).observed(shown + ": "
          + String.join("; ", failures) + notEvaluated + sni, inEffect).rule(pointer).build());
    } else {
      out.add(finding.status(unresolved.isEmpty() ? Status.PASS : Status.WARN)
          .observed(shown + ": " + named + ", all allowed" + notEvaluated + sni, inEffect)
          .rule(pointer).build());
    }
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

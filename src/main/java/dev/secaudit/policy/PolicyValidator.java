package dev.secaudit.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rules that types alone cannot state (unique names, absolute URLs, contradictions). It collects
 * every problem so that one run of {@code secaudit validate} lists them all.
 */
final class PolicyValidator {
  record Problem(String pointer, String message) {}

  static final Set<String> FRAMEWORKS = Set.of("soc2", "gdpr", "iso27001");
  private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]*";
  /** An HTTP field name (RFC 9110 token). */
  static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

  private final Set<String> knownCheckIds;
  private final Map<String, Set<String>> knownRequirements;
  private final List<Problem> problems = new ArrayList<>();

  PolicyValidator(Set<String> knownCheckIds, Map<String, Set<String>> knownRequirements) {
    this.knownCheckIds = knownCheckIds;
    this.knownRequirements = knownRequirements;
  }

  List<Problem> validate(Policy p) {
    if (p.version() == null) {
      add("", "missing 'version: 1' at the top of the policy");
    } else if (p.version() != 1) {
      add("/version", "unsupported version " + p.version() + "; this secaudit reads version 1");
    }
    if (p.name() == null || p.name().isBlank()) {
      add("", "missing 'name:' (the system the policy describes, shown in every report)");
    }
    settings(p.settings());
    for (int i = 0; i < p.frameworks().size(); i++) {
      String f = p.frameworks().get(i);
      if (!FRAMEWORKS.contains(f)) {
        add("/frameworks/" + i, "unknown framework '" + f + "'"
            + Suggestions.didYouMean(f, FRAMEWORKS) + "; known: gdpr, iso27001, soc2");
      }
    }
    targets(p.targets());
    sources(p);
    if (p.targets().isEmpty() && p.claims().isEmpty() && p.sources().isEmpty()) {
      add("", "nothing to check: add a 'targets' list (or attested 'claims', or local sources"
          + " such as 'repositories')");
    }
    if (p.tls() != null) {
      tls(p.tls());
    }
    if (p.https() != null && (p.https().maxRedirects() < 0 || p.https().maxRedirects() > 10)) {
      add("/https/max_redirects", "must be between 0 and 10, got " + p.https().maxRedirects());
    }
    p.headers().forEach((name, rule) -> headerRule("/headers/" + SourceTree.escape(name), name, rule));
    if (p.cookies() != null) {
      for (int i = 0; i < p.cookies().size(); i++) {
        cookie("/cookies/" + i, p.cookies().get(i));
      }
    }
    if (p.cors() != null) {
      url("/cors/probe_origin", p.cors().probeOrigin(), false);
      paths("/cors/paths", p.cors().paths());
    }
    rateLimits(p.rateLimits(), p.targets());
    new FlowRules(this::add).validate(p.flows(), p.targets(), p.settings().timeouts().target());
    claims(p.claims());
    if (p.subprocessors() != null) {
      new SubprocessorRules(this::add).validate(p.subprocessors(), p.targets());
    }
    new HygieneRules(this::add).validate(p);
    new ConfigRules(this::add).validate(p);
    p.checks().forEach((glob, o) -> checkGlob("/checks/" + SourceTree.escape(glob), glob));
    return problems;
  }

  private void settings(Settings s) {
    if (s.concurrency() < 1 || s.concurrency() > 256) {
      add("/settings/concurrency", "must be between 1 and 256, got " + s.concurrency());
    }
    if (s.perHost() < 1 || s.perHost() > 32) {
      add("/settings/per_host", "must be between 1 and 32, got " + s.perHost());
    }
    // Bodies are kept until the reports are written; 8 MiB per page bounds a large scan's memory.
    if (s.maxBodyKb() < 1 || s.maxBodyKb() > 8192) {
      add("/settings/max_body_kb", "must be between 1 and 8192, got " + s.maxBodyKb());
    }
    Settings.Timeouts t = s.timeouts();
    // Beyond these a timeout no longer bounds anything: a typo (25d for 25s) would let one
    // silent server hold the scan for weeks.
    timeout("/settings/timeouts/connect", t.connect(), "5m");
    timeout("/settings/timeouts/read", t.read(), "10m");
    timeout("/settings/timeouts/total", t.total(), "1h");
    timeout("/settings/timeouts/target", t.target(), "24h");
    // A budget below one request's own limit would let a single slow request spend all of it.
    if (!t.target().value().isZero() && t.target().compareTo(t.total()) < 0) {
      add("/settings/timeouts/target", "must be at least timeouts.total (" + t.total()
          + "), got " + t.target());
    }
  }

  private void timeout(String pointer, PolicyDuration d, String most) {
    if (d.value().isZero()) {
      add(pointer, "must be longer than 0");
    } else if (d.compareTo(PolicyDuration.parse(most)) > 0) {
      add(pointer, "must be at most " + most + ", got " + d);
    }
  }

  private void targets(List<Target> targets) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < targets.size(); i++) {
      Target t = targets.get(i);
      String at = "/targets/" + i;
      if (t.name() == null || !t.name().matches(NAME)) {
        add(at + "/name", t.name() == null ? "missing 'name' (a short id such as 'app')"
            : "'" + t.name() + "' is not a valid name: letters, digits, '.', '_' and '-'");
      } else if (!names.add(t.name())) {
        add(at + "/name", "duplicate target name '" + t.name() + "'; names must be unique");
      }
      if (t.url() == null) {
        add(at, "missing 'url' (such as https://app.example.com)");
      } else if (t.tlsOnly()) {
        new TlsTargetRules(this::add).validate(at, t);
      } else {
        url(at + "/url", t.url(), true);
      }
      new TlsTargetRules(this::add).validateNames(at, t);
      if (t.httpUrl() != null) {
        url(at + "/http_url", t.httpUrl(), true);
        if (!t.httpUrl().toLowerCase(Locale.ROOT).startsWith("http://")) {
          add(at + "/http_url", "must be a plain http:// URL (it is where the redirect to HTTPS"
              + " is checked)");
        }
      }
      paths(at + "/paths", t.paths());
      for (String h : t.requestHeaders().keySet()) {
        if (!h.matches(TOKEN)) {
          add(at + "/request_headers/" + SourceTree.escape(h), "'" + h
              + "' is not a valid header name");
        }
      }
      for (int j = 0; j < t.skip().size(); j++) {
        checkGlob(at + "/skip/" + j, t.skip().get(j));
      }
    }
  }

  /** Sources share the targets' namespace: a finding's target names either. */
  private void sources(Policy p) {
    Set<String> names = new HashSet<>();
    for (Target t : p.targets()) {
      names.add(t.name());
    }
    for (SourceEntry e : p.sources()) {
      String at = e.pointer() + "/name";
      if (e.name() == null || !e.name().matches(NAME)) {
        add(at, e.name() == null ? "missing 'name' (a short id such as 'app-repo')"
            : "'" + e.name() + "' is not a valid name: letters, digits, '.', '_' and '-'");
      } else if (!names.add(e.name())) {
        add(at, "duplicate name '" + e.name() + "'; targets and local sources share one set of"
            + " names, which must be unique");
      }
    }
    for (int i = 0; i < p.repositories().size(); i++) {
      String path = p.repositories().get(i).path();
      if (path == null || path.isBlank()) {
        add("/repositories/" + i, "missing 'path' (the repository's working tree, such as ../app)");
      }
      List<String> include = p.repositories().get(i).includeFolders();
      for (int j = 0; j < include.size(); j++) {
        String f = include.get(j);
        if (f == null || f.isBlank() || f.contains("/") || f.contains("\\") || f.equals(".")
            || f.equals("..")) {
          add("/repositories/" + i + "/include_folders/" + j, "a folder name such as vendor"
              + " (matched at any depth, no '/'), got '" + f + "'");
        }
      }
    }
    new RetentionRules(this::add, this::mapsTo).validate(p.retention());
  }

  /**
   * Paths are resolved against the target URL; "//host/x" would resolve to another host and
   * carry the target's request headers there, so only plain absolute paths are accepted.
   */
  private void paths(String pointer, List<String> paths) {
    Set<String> seen = new HashSet<>();
    for (int j = 0; j < paths.size(); j++) {
      String p = paths.get(j);
      if (!p.startsWith("/") || p.startsWith("//") || p.contains("\\")) {
        add(pointer + "/" + j, "a path starts with a single '/' (such as /login), got '" + p + "'");
      } else if (!seen.add(p)) {
        add(pointer + "/" + j, "'" + p + "' is listed twice; each path is fetched once");
      }
    }
  }

  private void tls(Tls t) {
    version("/tls/min_version", t.minVersion());
    for (int i = 0; i < t.forbiddenVersions().size(); i++) {
      version("/tls/forbidden_versions/" + i, t.forbiddenVersions().get(i));
    }
    suites("/tls/allowed_suites", t.allowedSuites());
    suites("/tls/forbidden_suites", t.forbiddenSuites());
    Set<String> groups = dev.secaudit.model.CipherSuites.knownGroups();
    for (int i = 0; i < t.allowedGroups().size(); i++) {
      String g = t.allowedGroups().get(i);
      if (g == null || groups.stream().noneMatch(k -> k.equalsIgnoreCase(g))) {
        add("/tls/allowed_groups/" + i, "unknown group '" + g + "'"
            + Suggestions.didYouMean(g, groups) + "; use one of " + String.join(", ", groups));
      }
    }
    Tls.TlsCertificate c = t.certificate();
    String at = "/tls/certificate";
    if (c.minDaysLeft() != null && c.minDaysLeft() < 0) {
      add(at + "/min_days_left", "must be 0 or more, got " + c.minDaysLeft());
    }
    if (c.minLifetimeLeftPercent() != null
        && (c.minLifetimeLeftPercent() < 0 || c.minLifetimeLeftPercent() > 100)) {
      add(at + "/min_lifetime_left_percent", "a percentage between 0 and 100, got "
          + c.minLifetimeLeftPercent());
    }
    if (c.maxLifetimeDays() != null && c.maxLifetimeDays() < 1) {
      add(at + "/max_lifetime_days", "must be 1 or more, got " + c.maxLifetimeDays());
    }
    if (c.rsaMinBits() < 0 || c.rsaMinBits() > 16384) {
      add(at + "/rsa_min_bits", "must be between 0 and 16384, got " + c.rsaMinBits());
    }
    if (c.ecMinBits() < 0 || c.ecMinBits() > 571) {
      add(at + "/ec_min_bits", "must be between 0 and 571, got " + c.ecMinBits());
    }
    for (int i = 0; i < c.keyTypes().size(); i++) {
      String k = c.keyTypes().get(i);
      if (!Set.of("RSA", "EC", "EdDSA", "Ed25519", "Ed448", "DSA").contains(k)) {
        add(at + "/key_types/" + i, "unknown key type '" + k + "'"
            + Suggestions.didYouMean(k, Set.of("RSA", "EC", "EdDSA")) + "; use RSA, EC or EdDSA");
      }
    }
    String issuer = c.issuer();
    if (issuer != null) {
      if (issuer.isBlank()) {
        add(at + "/issuer", "an empty issuer matches nothing; remove it or name the CA");
      } else if (issuer.length() > 1 && issuer.startsWith("/") && issuer.endsWith("/")) {
        try {
          java.util.regex.Pattern.compile(issuer.substring(1, issuer.length() - 1));
        } catch (java.util.regex.PatternSyntaxException e) {
          add(at + "/issuer", "not a valid regular expression: " + e.getDescription());
        }
      }
    }
    if (c.caFile() != null && c.caFile().isBlank()) {
      add(at + "/ca_file", "an empty path; remove ca_file or name a PEM file");
    }
    String stapling = c.ocspStapling().trim().toLowerCase(Locale.ROOT);
    if (!stapling.equals("required") && !stapling.equals("optional")) {
      add(at + "/ocsp_stapling", "'" + c.ocspStapling() + "' is not a stapling rule"
          + Suggestions.didYouMean(stapling, Set.of("required", "optional"))
          + "; use required or optional");
    }
    if (t.minDhBits() < 512 || t.minDhBits() > 16384) {
      add("/tls/min_dh_bits", "must be between 512 and 16384 bits, got " + t.minDhBits());
    }
  }

  /** IANA names are checked against the table so a typo is not a rule that never matches. */
  private void suites(String pointer, List<String> patterns) {
    Set<String> known = dev.secaudit.model.CipherSuites.knownNames();
    for (int i = 0; i < patterns.size(); i++) {
      String p = patterns.get(i);
      if (p == null || p.isBlank()) {
        add(pointer + "/" + i, "an empty suite name matches nothing; remove it");
      } else if (p.contains("*") || p.contains("?")) {
        if (known.stream().noneMatch(n -> Globs.matches(p, n))) {
          add(pointer + "/" + i, "the glob '" + p + "' matches no cipher suite secaudit knows");
        }
      } else if (!known.contains(p)) {
        add(pointer + "/" + i, "unknown cipher suite '" + p + "'" + Suggestions.didYouMean(p, known)
            + "; use IANA names such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 or a glob");
      }
    }
  }

  private void version(String pointer, String value) {
    try {
      dev.secaudit.model.TlsVersion.parse(value);
    } catch (IllegalArgumentException e) {
      add(pointer, e.getMessage());
    }
  }

  private void url(String pointer, String value, boolean allowPath) {
    try {
      URI u = new URI(value);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http")) {
        add(pointer, "expected an absolute http:// or https:// URL, got '" + value + "'");
      } else if (u.getHost() == null || u.getHost().isEmpty()) {
        add(pointer, "the URL '" + value + "' has no host");
      } else if (u.getPort() == 0 || u.getPort() > 65535) {
        // OkHttp refuses these with a NullPointerException deep in the scan; say it here.
        add(pointer, "port " + u.getPort() + " is out of range (1-65535) in '" + value + "'");
      } else if (u.getUserInfo() != null) {
        add(pointer, "put credentials in request_headers with ${env:NAME}, not in the URL");
      } else if (!allowPath && u.getPath() != null && !u.getPath().isEmpty()) {
        add(pointer, "an origin has no path, got '" + value + "'");
      }
    } catch (URISyntaxException e) {
      add(pointer, "not a valid URL: " + e.getReason() + " ('" + value + "')");
    }
  }

  private void headerRule(String pointer, String name, HeaderRule r) {
    if (!name.matches(TOKEN)) {
      add(pointer, "'" + name + "' is not a valid header name");
    }
    if (r == null) {
      add(pointer, "expected a rule such as {required: true}");
      return;
    }
    boolean hasCondition = r.value() != null || !r.valueOneOf().isEmpty()
        || !r.valueAnyOf().isEmpty() || !r.mustContain().isEmpty()
        || !r.mustContainOne().isEmpty() || !r.mustAvoid().isEmpty() || !r.directives().isEmpty();
    if (r.required() == Presence.FORBIDDEN && hasCondition) {
      add(pointer + "/required", "a header that must not be sent cannot also have value rules");
    }
    r.directives().forEach((d, sub) -> {
      String p = pointer + "/directives/" + SourceTree.escape(d);
      if (sub == null) {
        add(p, "expected a rule such as {required: true}");
      } else if (!sub.directives().isEmpty()) {
        add(p + "/directives", "directives do not nest");
      }
    });
  }

  private void cookie(String pointer, CookieRule c) {
    if (c.name() == null || c.name().isBlank()) {
      add(pointer, "missing 'name' (a cookie name or glob such as session*)");
    }
    if (c.prefix() != null && !c.prefix().equals("__Host-") && !c.prefix().equals("__Secure-")) {
      add(pointer + "/prefix", "expected __Host- or __Secure-, got '" + c.prefix() + "'");
    }
    if (c.sameSite() == CookieRule.SameSite.NONE && Boolean.FALSE.equals(c.secure())) {
      add(pointer + "/same_site", "SameSite=None needs Secure (browsers reject it otherwise);"
          + " set secure: true");
    }
    if (Boolean.TRUE.equals(c.partitioned()) && Boolean.FALSE.equals(c.secure())) {
      add(pointer + "/partitioned", "Partitioned needs Secure; set secure: true");
    }
  }

  static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private void rateLimits(List<RateLimit> limits, List<Target> targets) {
    Set<String> targetNames = new HashSet<>();
    targets.forEach(t -> targetNames.add(t.name()));
    Set<String> names = new HashSet<>();
    for (int i = 0; i < limits.size(); i++) {
      RateLimit r = limits.get(i);
      String at = "/rate_limits/" + i;
      if (r.name() == null || !r.name().matches(NAME)) {
        add(at + "/name", r.name() == null ? "missing 'name' (a short id such as 'login')"
            : "'" + r.name() + "' is not a valid name: letters, digits, '.', '_' and '-'");
      } else if (!names.add(r.name())) {
        add(at + "/name", "duplicate rate limit name '" + r.name() + "'");
      }
      if (r.target() == null) {
        add(at, "missing 'target' (the name of the target the requests go to)");
      } else if (!targetNames.contains(r.target())) {
        add(at + "/target", "no target is named '" + r.target() + "'"
            + Suggestions.didYouMean(r.target(), targetNames));
      } else if (targets.stream().anyMatch(t -> r.target().equals(t.name()) && t.tlsOnly())) {
        add(at + "/target", "target '" + r.target() + "' is a host:port (TLS-only) target;"
            + " rate limits are probed with HTTP requests, so name an http(s):// target");
      }
      RateLimit.RateLimitRequest q = r.request();
      if (q == null || q.path() == null) {
        add(q == null ? at : at + "/request", "missing 'request: {method, path}' (such as"
            + " {method: POST, path: /auth/login})");
      } else {
        // "//host/x" would resolve to another host and carry the credentials there.
        // The placeholder init writes is listed by validate and never sent by the probe.
        boolean placeholder = q.path().strip().equals(LoadedPolicy.PLACEHOLDER);
        if (!placeholder && (!q.path().startsWith("/") || q.path().startsWith("//")
            || q.path().contains("\\"))) {
          add(at + "/request/path", "a path starts with a single '/' (such as /login), got '"
              + q.path() + "'");
        }
        if (!METHODS.contains(q.method())) {
          add(at + "/request/method", "'" + q.method() + "' is not a method secaudit sends;"
              + " use one of " + String.join(", ", METHODS.stream().sorted().toList()));
        } else if (q.body() != null && (q.method().equals("GET") || q.method().equals("HEAD"))) {
          add(at + "/request/body", "a " + q.method() + " request has no body; use POST or"
              + " drop the body");
        }
        for (String h : q.headers().keySet()) {
          if (!h.matches(TOKEN)) {
            add(at + "/request/headers/" + SourceTree.escape(h), "'" + h
                + "' is not a valid header name");
          }
        }
      }
      boolean counts = true;
      if (r.limit() == null) {
        add(at, "missing 'limit' (requests accepted per window, such as 10)");
        counts = false;
      } else if (r.limit() < 1) {
        add(at + "/limit", "must be 1 or more, got " + r.limit());
        counts = false;
      }
      if (r.tolerance() < 0) {
        add(at + "/tolerance", "must be 0 or more, got " + r.tolerance());
        counts = false;
      }
      if (counts && (long) r.limit() + r.tolerance() + RateLimit.MARGIN
          > RateLimit.MAX_REQUESTS) {
        add(at + "/limit", "limit + tolerance + " + RateLimit.MARGIN + " is "
            + ((long) r.limit() + r.tolerance() + RateLimit.MARGIN)
            + " requests, over the cap of " + RateLimit.MAX_REQUESTS + " one probe may"
            + " send; verify a smaller limit on the same limiter (a stricter endpoint or a"
            + " shorter window)");
      }
      if (r.window() == null) {
        add(at, "missing 'window' (the duration the limit applies to, such as 1m)");
      } else if (r.window().value().isZero()) {
        add(at + "/window", "must be longer than 0");
      }
      if (r.expectStatus() < 400 || r.expectStatus() > 599) {
        add(at + "/expect_status", "expected a 4xx or 5xx status such as 429, got "
            + r.expectStatus());
      }
    }
  }

  private void claims(List<Claim> claims) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < claims.size(); i++) {
      Claim c = claims.get(i);
      String at = "/claims/" + i;
      if (c.id() == null || !c.id().matches(NAME)) {
        add(at + "/id", c.id() == null ? "missing 'id' (such as passwords.hashing)"
            : "'" + c.id() + "' is not a valid id: letters, digits, '.', '_' and '-'");
      } else if (!ids.add(c.id())) {
        add(at + "/id", "duplicate claim id '" + c.id() + "'");
      }
      if (c.statement() == null || c.statement().isBlank()) {
        add(at, "missing 'statement' (the sentence as the security page says it)");
      }
      boolean gap = c.polarity() != null && !c.polarity().equals("in_place");
      // A stated gap claims nothing, so it needs no proof; anything else does.
      if (c.attest() == null && c.checks().isEmpty() && !gap) {
        add(at, "a claim needs 'attest: {owner, date}' or 'checks: [...]' that verify it (or"
            + " 'polarity: not_in_place' for a stated gap)");
      }
      if (gap && !c.checks().isEmpty()) {
        add(at + "/checks", "a stated gap has nothing to verify: drop 'checks' (a passing check"
            + " would not make the gap a claim)");
      }
      if (c.polarity() != null && !Set.of("in_place", "not_in_place", "planned")
          .contains(c.polarity())) {
        add(at + "/polarity", "'" + c.polarity() + "' is not a polarity: in_place, not_in_place"
            + " (a stated gap) or planned");
      }
      if (c.topic() != null && !c.topic().matches("[a-z0-9_]+(\\.[a-z0-9_]+)*")) {
        add(at + "/topic", "'" + c.topic() + "' is not a topic id (such as encryption.at_rest;"
            + " the list is in docs/claims.md)");
      }
      if (!c.applies() && !c.checks().isEmpty()) {
        // Nothing can pass a check for a thing that does not exist; only an owner can say so.
        add(at + "/applies", "a claim that does not apply has nothing to check: drop 'checks'"
            + " and attest it ('attest: {owner, date}')");
      }
      for (int j = 0; j < c.checks().size(); j++) {
        checkGlob(at + "/checks/" + j, c.checks().get(j));
      }
      mapsTo(at + "/maps_to", c.mapsTo());
      Claim.Attestation a = c.attest();
      if (a != null) {
        if (a.owner() == null || a.owner().isBlank()) {
          add(at + "/attest", "missing 'owner' (who vouches for the claim)");
        }
        if (a.date() == null) {
          add(at + "/attest", "missing 'date' (YYYY-MM-DD of the attestation)");
        } else {
          try {
            LocalDate.parse(a.date());
          } catch (DateTimeParseException e) {
            add(at + "/attest/date", "expected a date as YYYY-MM-DD, got '" + a.date() + "'");
          }
        }
      }
    }
  }

  /** Requirement ids are checked so a mapping is never a row that silently never fills. */
  void mapsTo(String pointer, List<dev.secaudit.model.Mapping> mappings) {
    for (int j = 0; j < mappings.size(); j++) {
      dev.secaudit.model.Mapping m = mappings.get(j);
      Set<String> reqs = knownRequirements.get(m.framework());
      if (!FRAMEWORKS.contains(m.framework())) {
        add(pointer + "/" + j, "unknown framework '" + m.framework()
            + "'; use soc2:, gdpr: or iso27001:");
      } else if (reqs != null && !reqs.contains(m.requirement())) {
        add(pointer + "/" + j, "'" + m.requirement() + "' is not a " + m.framework()
            + " requirement id" + suggestRequirement(m.requirement(), reqs)
            + " (ids as in the reports, e.g. soc2:CC6.1, gdpr:32(1)(a), iso27001:8.24)");
      }
    }
  }

  /** "28" is a whole article; the catalogue lists its paragraphs, so offer those first. */
  private static String suggestRequirement(String id, Set<String> known) {
    List<String> parts = known.stream().filter(k -> k.startsWith(id + "(")).sorted().toList();
    if (!parts.isEmpty()) {
      return " (the catalogue lists it by paragraph: " + String.join(", ", parts) + ")";
    }
    return Suggestions.didYouMean(id, known);
  }

  private void checkGlob(String pointer, String glob) {
    if (knownCheckIds.isEmpty()) {
      return;
    }
    String regex = Globs.toRegex(glob);
    for (String id : knownCheckIds) {
      if (id.matches(regex)) {
        return;
      }
    }
    add(pointer, "no check id matches '" + glob + "'" + Suggestions.didYouMean(glob, knownCheckIds)
        + "; see 'secaudit checks' or docs/checks.md");
  }

  private void add(String pointer, String message) {
    problems.add(new Problem(pointer, message));
  }
}

package dev.secaudit.starter;

import static dev.secaudit.starter.PageRules.map;

import dev.secaudit.claim.ClaimPart;
import dev.secaudit.claim.Quantity;
import dev.secaudit.policy.RateLimit;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The policy a site's pages write, one claim part at a time: the rule a part sets under its
 * section ("TLS 1.2+" is {@code tls.min_version: "1.2"}), the checks that test it, what a person
 * must fill in, and the JSON pointer of every rule set. Which sentences become checks, gaps or
 * attestations is PageRules' to decide; this writes what they say.
 */
final class PagePolicy {
  private final boolean https;
  /** The plain-HTTP twin is derivable (port 443): https.redirect can judge it. */
  private final boolean redirectCheckable;
  private final Map<String, Object> tree = new LinkedHashMap<>();
  /** JSON pointers of the policy rules the pages set: findings under them are the pages'. */
  private final Set<String> pointers = new LinkedHashSet<>();
  private PageFlow pageFlow;

  /**
   * @param site the site's URL: given as https:// TLS rules can be written, and on port 443 its
   *     plain-HTTP redirect
   */
  PagePolicy(URI site) {
    this.https = "https".equalsIgnoreCase(site.getScheme());
    this.redirectCheckable = https && (site.getPort() == -1 || site.getPort() == 443);
  }

  /** The sections written (top-level key to value). */
  Map<String, Object> tree() {
    return tree;
  }

  /** The pointers of the rules set, in the order they were set. */
  Set<String> pointers() {
    return pointers;
  }

  boolean has(String section) {
    return tree.containsKey(section);
  }

  /**
   * The {@code tls.min_version} the written policy will state so far: the pages' own, else the
   * one init writes over https:// (StarterPolicy), else none. The pages' minimum only rises as
   * sentences are read, so a sentence judged against it now is judged as the file will be.
   */
  String minVersion() {
    Object own = tree.get("tls") instanceof Map<?, ?> tls ? tls.get("min_version") : null;
    return own != null ? String.valueOf(own) : https ? StarterPolicy.MIN_VERSION : null;
  }

  /** The max-age a page naming HSTS without a number is read as claiming. */
  static final String UNNUMBERED_HSTS = "180d";

  /** Why a value was read as it was, by "section/key", for a comment beside it. */
  private final Map<String, String> readings = new java.util.LinkedHashMap<>();

  Map<String, String> readings() {
    return readings;
  }

  /** Sets a whole top-level section, as the pages' rule. */
  void set(String section, Object value) {
    tree.put(section, value);
    pointers.add("/" + section);
  }

  /**
   * What one part of a sentence sets: a rule, the checks that test it, what is left to fill in.
   *
   * @param claimChecks what the claim lists instead of {@code checks}: the rule's own pointer
   *     where several rules share a check (two rate limits, one ratelimit.*), so one rule's
   *     failure does not refute the other's sentence
   */
  record Contribution(String rule, List<String> checks, String todo,
      List<String> claimChecks) {
    Contribution(String rule, List<String> checks, String todo) {
      this(rule, checks, todo, null);
    }

    /** No rule: a probe cannot check it, for the reason given. */
    static Contribution none(String why) {
      return new Contribution(null, List.of(), why, null);
    }
  }

  /** Response headers a page may name as its security headers, as the policy spells them. */
  private static final List<String> HEADER_NAMES = List.of("X-Content-Type-Options",
      "X-Frame-Options", "Referrer-Policy", "Permissions-Policy", "Cross-Origin-Opener-Policy",
      "Cross-Origin-Embedder-Policy", "Cross-Origin-Resource-Policy");

  /** The rule one part of a page sentence sets, or null when no probe can check it. */
  Contribution contribute(ClaimPart p, PageClaims.Found f) {
    Quantity q = p.quantity();
    switch (p.topic().id()) {
      case "tls.min_version": {
        if (!https || q == null || q.unit() != Quantity.Unit.VERSION) {
          return null;
        }
        String version = String.format(Locale.ROOT, "%.1f", Math.rint(q.value() * 10) / 10);
        Map<String, Object> tls = section("tls");
        Object had = tls.get("min_version");
        // Two sentences, two minimums: the stronger one is the page's claim (it implies the other).
        if (had == null || version.compareTo(String.valueOf(had)) > 0) {
          tls.put("min_version", version);
        }
        pointers.add("/tls/min_version");
        return new Contribution("tls.min_version: " + version, List.of("tls.protocols"), null);
      }
      case "tls.version_accepted":
        // "TLS 1.3 is supported": no rule sets it; the versions tls.protocols tries show it.
        return !https || p.value().isEmpty() ? null : new Contribution("tls.protocols: "
            + p.value() + " accepted", List.of("tls.protocols"), null);
      case "encryption.in_transit": {
        if (!https) {
          return null;
        }
        List<String> details = PageWording.tlsDetails(f.statement());
        if (!details.isEmpty()) {
          // "TLS with AEAD cipher suites", "HTTPS with OCSP stapling": a redirect to HTTPS
          // tests none of the words that bound it.
          return Contribution.none("it names TLS details (" + String.join(", ", details)
              + ") that a redirect to HTTPS does not test; tls.ciphers, tls.forward_secrecy,"
              + " tls.certificate.key and tls.certificate.ocsp_stapling test them once a rule"
              + " under tls: states them (docs/policy.md)");
        }
        section("https").put("redirect", true);
        pointers.add("/https");
        // "Encrypted using TLS (HTTPS)" says two things: TLS is offered (a handshake browsers
        // accept) and plain HTTP is not served (it redirects). A site serving the app over plain
        // HTTP refutes it, so the redirect is one of its checks even where it cannot run yet.
        List<String> both = List.of("tls.certificate.trusted", "https.redirect");
        // No plain-HTTP address to derive on a port other than 443: the scan's https.redirect
        // finding asks for targets[0].http_url, and the claim stays unverified until it is set,
        // rather than resting on the handshake alone.
        return new Contribution("https.redirect: true" + (redirectCheckable ? ""
            : " (judged once targets[0].http_url is set)"), both, null);
      }
      case "https.redirect":
        // "HTTPS-only", "HTTP is redirected to HTTPS": the redirect's own rule and check.
        if (!https) {
          return null;
        }
        section("https").put("redirect", true);
        pointers.add("/https");
        return new Contribution("https.redirect: true" + (redirectCheckable ? ""
            : " (judged once targets[0].http_url is set)"), List.of("https.redirect"), null);
      case "hsts": {
        if (!https) {
          return null;
        }
        Map<String, Object> hsts = section("hsts");
        pointers.add("/hsts");
        if (q != null && q.unit() == Quantity.Unit.SECONDS) {
          hsts.put("min_max_age", PageAmounts.duration(q.value()));
          return new Contribution("hsts.min_max_age: " + PageAmounts.duration(q.value()),
              List.of("hsts.*"), null);
        }
        hsts.put("required", true);
        // The page names no max-age. The policy's default year would demand what the page
        // never promised; 0s let max-age=300 verify "with HSTS" (founder24). "HSTS" unqualified
        // claims a working one: six months is the least MDN Observatory counts without a
        // penalty, short of hstspreload's year. Written as a reading, for the founder to raise.
        if (hsts.putIfAbsent("min_max_age", UNNUMBERED_HSTS) == null) {
          readings.put("hsts/min_max_age", "a reading of \"" + PageClaims.oneLine(f.statement())
              + "\", which names no max-age: HSTS counts as working from six months (MDN"
              + " Observatory's floor; hstspreload asks a year). Write what the site sends if"
              + " more, never less.");
        }
        return new Contribution("hsts.required: true, hsts.min_max_age: " + UNNUMBERED_HSTS
            + " (read)", List.of("hsts.header", "hsts.max_age"), null);
      }
      case "hsts.include_subdomains":
        if (!https) {
          return null;
        }
        section("hsts").put("include_subdomains", true);
        pointers.add("/hsts/include_subdomains");
        return new Contribution("hsts.include_subdomains: true",
            List.of("hsts.include_subdomains"), null);
      case "headers.x_frame_options": {
        // "X-Frame-Options: DENY": the value the page names, else only that it is sent.
        String stated = f.statement().toUpperCase(Locale.ROOT).contains("SAMEORIGIN")
            ? "SAMEORIGIN" : f.statement().toUpperCase(Locale.ROOT).contains("DENY") ? "DENY" : null;
        section("headers").put("X-Frame-Options", stated == null ? map("required", true)
            : map("required", true, "value", stated));
        pointers.add("/headers/X-Frame-Options");
        return new Contribution("headers.X-Frame-Options: " + (stated == null ? "required"
            : stated), List.of("header.rule"), null, List.of("/headers/X-Frame-Options"));
      }
      case "headers.nosniff":
        // Named only ("X-Content-Type-Options"), the header is claimed sent; its value is
        // claimed where the page writes it.
        return f.statement().toLowerCase(Locale.ROOT).contains("nosniff")
            ? header("X-Content-Type-Options", map("value", "nosniff"), "nosniff")
            : header("X-Content-Type-Options", map("required", true), "required");
      case "headers.referrer":
        return header("Referrer-Policy", map("required", true), "required");
      case "headers.permissions":
        return header("Permissions-Policy", map("required", true), "required");
      case "headers.info_leak":
        // "Our server does not reveal its software version": the banner rule, kept when the
        // site sends one, so the scan shows the page's own claim failing.
        tree.put("info_leak", new LinkedHashMap<String, Object>());
        pointers.add("/info_leak");
        return new Contribution("info_leak: no version banners", List.of("header.info_leak"),
            null);
      case "csp":
        // "We use a Content-Security-Policy" claims the header, not a policy free of every
        // weakness csp.* evaluates ('unsafe-inline', wildcards): those stay unclaimed hardening.
        section("csp").put("required", true);
        pointers.add("/csp/required");
        return new Contribution("csp.required: true", List.of("csp.header"), null);
      case "security_headers": {
        List<String> named = HEADER_NAMES.stream().filter(h -> f.statement().toLowerCase(
            Locale.ROOT).contains(h.toLowerCase(Locale.ROOT))).toList();
        if (!named.isEmpty()) {
          // The page names its headers: each must be sent, as it says.
          for (String h : named) {
            section("headers").put(h, map("required", true));
            pointers.add("/headers/" + h);
          }
          // Each header the page names is sent, and nothing more: the claim is checked by those
          // headers' own rules, not by header.rule over the hardening init adds (X-Powered-By)
          // nor by csp.* over a CSP's contents (a blind review: a CSP with 'unsafe-inline'
          // failed a claim that all four headers are sent).
          List<String> pointed = new ArrayList<>(named.stream().map(h -> "/headers/" + h)
              .toList());
          List<String> checks = new ArrayList<>(List.of("header.rule"));
          String lower = f.statement().toLowerCase(Locale.ROOT);
          if (lower.contains("content-security-policy") || lower.contains("content security"
              + " policy")) {
            section("csp").put("required", true);
            pointers.add("/csp/required");
            pointed.add("csp.header");
            checks.add("csp.header");
          }
          return new Contribution("headers: " + String.join(", ", named) + " required"
              + (checks.size() > 1 ? ", csp.required: true" : ""), checks, null, pointed);
        }
        pointers.add("/headers");
        @SuppressWarnings("unchecked")
        List<String> presets = (List<String>) tree.computeIfAbsent("extends",
            k -> new ArrayList<String>());
        if (!presets.contains("owasp-headers")) {
          presets.add("owasp-headers");
        }
        return new Contribution("extends: owasp-headers", List.of("header.*"), null);
      }
      case "cookies.secure":
        return cookie(p, f, "secure", true, "cookie.secure");
      case "cookies.http_only":
        return cookie(p, f, "http_only", true, "cookie.http_only");
      case "cookies.partitioned":
        // What cookie.partitioned tests (a blind review: init called it untested beside the rule
        // it had written), but only of cookies the sentence names: a bare "Partitioned" is no
        // claim that every cookie is.
        return sessionScoped(p, f) ? cookie(p, f, "partitioned", true, "cookie.partitioned")
            : null;
      case "cookies.same_site":
        if (p.value().isEmpty()) {
          return null;
        }
        return cookie(p, f, "same_site", p.value().substring(0, 1).toUpperCase(Locale.ROOT)
            + p.value().substring(1), "cookie.same_site");
      case "security_txt":
        if (!f.statement().toLowerCase(Locale.ROOT).contains("security.txt")) {
          return null; // "responsible disclosure" is a process, not the file
        }
        tree.put("security_txt", map("required", true));
        pointers.add("/security_txt");
        // The file and its contact: an old Expires or no charset is a lapse, not a refutation.
        return new Contribution("security_txt.required: true",
            List.of("security_txt.present", "security_txt.contact"), null);
      case "security_txt.policy":
        // "We run a vulnerability disclosure program": shown by security.txt's Policy: link
        // answering, which the scan follows; no link leaves the claim to a person.
        tree.put("security_txt", map("required", true));
        pointers.add("/security_txt");
        return new Contribution("security_txt.required: true", List.of("security_txt.policy"),
            null);
      case "certificate.issuer": {
        String issuer = PageAmounts.issuerNamed(f.statement());
        if (!https || issuer == null) {
          return null;
        }
        section("tls").computeIfAbsent("certificate", k -> new LinkedHashMap<String, Object>());
        @SuppressWarnings("unchecked")
        Map<String, Object> cert = (Map<String, Object>) section("tls").get("certificate");
        cert.put("issuer", issuer);
        pointers.add("/tls/certificate/issuer");
        return new Contribution("tls.certificate.issuer: " + issuer,
            List.of("tls.certificate.issuer"), null);
      }
      case "rate_limit": {
        if (q == null && PageWording.tooManyRequests(f.statement())
            && !list("rate_limits").isEmpty()) {
          // "Exceeding limits returns a 429 Too Many Requests response": said of the limits the
          // page listed before it, whose rules expect that status (before: left to attest).
          List<String> at = new ArrayList<>();
          for (int i = 0; i < list("rate_limits").size(); i++) {
            at.add("/rate_limits/" + i);
          }
          return new Contribution("rate_limits: refused with 429", List.of("ratelimit.enforced"),
              "rate_limits/*/request/path: the endpoints the limits above protect, then scan"
              + " --active", at);
        }
        boolean nginx = PageWording.byNginx(f.statement());
        if (q == null && nginx) {
          // "Rate limiting on the API via nginx": config.nginx.rate_limit compares the limit_req
          // in effect with a stated limit, and the page states none; a number init made up would
          // be a claim the page never made.
          return Contribution.none("it names nginx but no limit: config.nginx.rate_limit"
              + " compares nginx's limit_req with a rate_limits entry's limit and window, which"
              + " the page does not give (add one with the number you configured, and a configs"
              + " entry of kind nginx)");
        }
        if (q == null || q.unit() != Quantity.Unit.PER_SECOND) {
          return null;
        }
        long[] window = PageAmounts.window(q);
        if (window == null) {
          return Contribution.none(q.amount() + " takes more requests to show than one"
              + " rate-limit probe may send (" + RateLimit.MAX_REQUESTS + ")");
        }
        List<long[]> limits = new ArrayList<>(List.of(window));
        if (f.reading().parts().stream().filter(o -> o.topic().id().equals("rate_limit"))
            .count() == 1) {
          // "(200/hour on the AI endpoint, 30/hour on auth registration)": the reader takes one
          // amount per topic, but each rate the sentence writes is a limit of its own endpoint.
          for (long[] more : PageAmounts.rates(f.statement())) {
            boolean fits = more[0] >= 1 && more[0] + RateLimit.MARGIN <= RateLimit.MAX_REQUESTS;
            if (fits && limits.stream().noneMatch(l -> l[0] * more[1] == more[0] * l[1])) {
              limits.add(more);
            }
          }
        }
        List<String> written = new ArrayList<>();
        List<String> at = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (long[] limit : limits) {
          int index = list("rate_limits").size();
          String name = "page-limit-" + (index + 1);
          Map<String, Object> rule = map("name", name, "target", StarterPolicy.TARGET,
              "request", map("method", PageWording.method(f), "path", PageRules.TODO), "limit",
              limit[0], "window", PageAmounts.duration(limit[1]), "expect_status", 429);
          if (limit[1] <= RateLimit.MAX_OBSERVED_WINDOW.toSeconds()) {
            // The page's "per minute" is shown only by watching a window: a burst refused after
            // 60 is also what 60 a second looks like, and the claim would never verify.
            rule.put("observe_window", true);
          }
          list("rate_limits").add(rule);
          written.add("rate_limits." + name + ": " + limit[0] + " per "
              + PageAmounts.duration(limit[1]));
          at.add("/rate_limits/" + index);
          paths.add("rate_limits/" + name + "/request/path");
        }
        pointers.add("/rate_limits");
        if (nginx) {
          // "... via nginx": the config that enforces it is read too, where it serves the path.
          if (list("configs").stream().noneMatch(c -> "nginx".equals(c.get("kind")))) {
            list("configs").add(map("name", "nginx", "kind", "nginx", "path", PageRules.TODO,
                "target", StarterPolicy.TARGET));
          }
          pointers.add("/configs");
          paths.add("configs/nginx/path: the nginx.conf the page says enforces the limit");
        }
        return new Contribution(String.join(", ", written), nginx
            ? List.of("ratelimit.*", "config.nginx.rate_limit") : List.of("ratelimit.*"),
            String.join(", ", paths) + ": the endpoint the limit protects (and a body), then"
            + " scan --active", at);
      }
      case "rate_limit.retry_after":
        return q == null ? RetryAfterRule.of(list("rate_limits")) : null;
      case "retention": {
        if (q == null || q.unit() != Quantity.Unit.SECONDS) {
          return null;
        }
        String event = PageWording.event(f.statement());
        if (event != null) {
          return Contribution.none("its window starts at an event ('" + event + "') no probe"
              + " sees: a file's age is not the time since it");
        }
        int index = list("retention").size();
        String name = "page-retention-" + (index + 1);
        // Logs are kept as their rotation says ("All requests are logged for 30 days"): the
        // logrotate config is where that is read; other data, by the age of its files.
        boolean logs = p.scope().nouns().contains("log");
        // "kept for 30 days" is both bounds, "deleted after 30 days" a ceiling, "kept at least
        // a year" a floor: only the bounds the sentence states are checked (founder24).
        String window = PageAmounts.duration(q.value());
        Map<String, Object> rule = map("name", name);
        if (q.comparison() != Quantity.Comparison.AT_LEAST) {
          rule.put("max_age", window);
        }
        if (q.comparison() != Quantity.Comparison.AT_MOST) {
          rule.put("min_age", window);
        }
        rule.putAll(map("description", f.statement(), "source", logs
            ? map("logrotate", map("path", PageRules.TODO, "log", PageRules.TODO))
            : map("directory", map("path", PageRules.TODO))));
        list("retention").add(rule);
        pointers.add("/retention");
        String bound = switch (q.comparison()) {
          case AT_LEAST -> "at least ";
          case AT_MOST -> "at most ";
          case EXACTLY -> "at least and at most ";
        };
        // Its own rule only: the backups' window is not the logs' sentence's evidence.
        return new Contribution("retention." + name + ": " + bound + window,
            List.of("retention.*"), "retention/" + name
            + (logs ? "/source/logrotate/path and log: the logrotate configuration and the log"
                + " file it rotates (or journald: docs/retention.md)"
                : "/source/directory/path: the folder where the data is kept (or another source:"
                + " docs/retention.md)"), List.of("/retention/" + index));
      }
      case "ssh.keys_only": {
        if (list("configs").stream().noneMatch(c -> "sshd".equals(c.get("kind")))) {
          list("configs").add(map("name", "sshd", "kind", "sshd", "path", PageRules.TODO));
        }
        section("ssh").put("password_authentication", false);
        pointers.add("/configs");
        pointers.add("/ssh");
        return new Contribution("ssh.password_authentication: false",
            List.of("config.sshd.auth"), "configs/sshd/path: the server's sshd_config");
      }
      case "dependencies.pinned":
        repository().put("lock_files", true);
        return new Contribution("repositories.app.lock_files: true", List.of("repo.lock_files"),
            "repositories/app/path: the product's working tree");
      case "dependencies.updates":
        repository().put("dependency_updates", true);
        return new Contribution("repositories.app.dependency_updates: true",
            List.of("repo.dependency_updates"), "repositories/app/path: the product's working"
                + " tree");
      case "secrets.repository":
        repository().put("secrets", map("history", true));
        return new Contribution("repositories.app.secrets", List.of("repo.secrets"),
            "repositories/app/path: the product's working tree");
      case "logging.sensitive_data":
        if (f.statement().toLowerCase(Locale.ROOT).contains("personal content")) {
          // The hygiene checks find what has a pattern; what users write or upload has none, so
          // a pass over the files read would say more than they show: the page's to attest.
          return Contribution.none("data.personal_data finds personal data by its patterns"
              + " (e-mail addresses, card and account numbers), never the content users write or"
              + " upload");
        }
        if (list("data_hygiene").isEmpty()) {
          list("data_hygiene").add(map("name", "logs", "paths", List.of(PageRules.TODO)));
        }
        pointers.add("/data_hygiene");
        return new Contribution("data_hygiene.logs", List.of("data.secrets",
            "data.personal_data"), "data_hygiene/logs/paths: the log files (globs)");
      case "sessions.lifetime":
        if (q == null || q.unit() != Quantity.Unit.SECONDS) {
          return null; // an idle timeout is a topic of its own, sessions.idle_timeout
        }
        return flowRule(p, flow().sessionCookie(PageAmounts.duration(q.value())));
      case "tokens.lifetime": {
        if (q == null || q.unit() != Quantity.Unit.SECONDS) {
          return null;
        }
        String lower = f.statement().toLowerCase(Locale.ROOT);
        boolean link = lower.contains("link");
        if (!link && (lower.contains("jwt") || lower.contains("json web token"))) {
          return flowRule(p, flow().jwt(q.value()));
        }
        boolean singleUse = f.reading().parts().stream()
            .anyMatch(o -> o.topic().id().equals("tokens.single_use"));
        if (!link) {
          return null;
        }
        String rule = flow().expires(q.value(), singleUse, PageFlow.linkKind(p));
        if (rule != null) {
          // The long probe's wait must fit in the target's time (the validator's own advice:
          // the wait plus five minutes for the requests around it).
          @SuppressWarnings("unchecked")
          Map<String, Object> timeouts = (Map<String, Object>) section("settings")
              .computeIfAbsent("timeouts", k -> new LinkedHashMap<String, Object>());
          timeouts.put("target", PageAmounts.duration(q.value() + 60 + 300));
        }
        return flowRule(p, rule);
      }
      case "tokens.single_use":
        return flowRule(p, flow().oneShot(PageFlow.linkKind(p)));
      case "passwords.min_length":
        return q == null || q.unit() != Quantity.Unit.CHARACTERS ? null
            : flowRule(p, flow().passwordLength(Math.round(q.value())));
      case "csrf":
        return flowRule(p, flow().csrf());
      case "authn.required":
        return flowRule(p, flow().requiresAuth());
      default:
        return null;
    }
  }

  /**
   * A statement about sign-in, tokens or passwords: one rule of the page's sign-in flow, which
   * runs with scan --active once its TODO values are filled in.
   */
  private Contribution flowRule(ClaimPart p, String rule) {
    if (rule == null) {
      return null;
    }
    return new Contribution(rule, p.topic().checks(), "flows/" + PageFlow.NAME + ": the"
        + " sign-in request and the paths marked TODO (docs/policy.md, flows), then scan"
        + " --active", List.of(pageFlow.pointer()));
  }

  private PageFlow flow() {
    if (pageFlow == null) {
      pageFlow = new PageFlow(list("flows").size());
      list("flows").add(pageFlow.written());
    }
    pointers.add("/flows");
    return pageFlow;
  }

  private Contribution cookie(ClaimPart p, PageClaims.Found f, String attribute, Object value,
      String check) {
    // "Session cookies are HttpOnly" names the class cookie.session: the rule is theirs alone,
    // not every cookie's (a blind review: init made it the "*" rule, claiming more than the page).
    // "Session cookies are Secure; SameSite=None": the reader gives the class to the first part
    // only, and the others, naming no cookies of their own, are about the same ones.
    boolean session = sessionScoped(p, f);
    String glob = session ? "*sess*" : "*";
    List<Map<String, Object>> cookies = list("cookies");
    Map<String, Object> rule = cookies.stream().filter(c -> glob.equals(c.get("name")))
        .findFirst().orElse(null);
    if (rule == null) {
      rule = session ? map("name", glob, "ignore_case", true) : map("name", glob);
      cookies.add(rule);
    }
    rule.put(attribute, value);
    if (PARTITIONED.matcher(f.statement()).find()) {
      // The page's "Partitioned" is the rule's too, or the claim is checked without it.
      rule.put("partitioned", true);
    }
    pointers.add("/cookies");
    return new Contribution("cookies[" + glob + "]." + attribute + ": " + value, List.of(check),
        null);
  }

  /** A header the page names, as its own rule: its findings are the claim's, no other's. */
  private Contribution header(String name, Map<String, Object> rule, String said) {
    section("headers").put(name, rule);
    pointers.add("/headers/" + name);
    return new Contribution("headers." + name + ": " + said, List.of("header.rule"), null,
        List.of("/headers/" + name));
  }

  private static final Pattern PARTITIONED = Pattern.compile("(?i)\\bpartitioned\\b");

  private static boolean sessionScoped(ClaimPart p, PageClaims.Found f) {
    return sessionCookies(p) || (!p.scope().universal()
        && f.reading().parts().stream().anyMatch(PagePolicy::sessionCookies));
  }

  private static boolean sessionCookies(ClaimPart p) {
    return p.topic().id().startsWith("cookies.") && (p.scope().nouns().contains("session")
        || p.scope().nouns().contains("cookie.session"));
  }

  private Map<String, Object> repository() {
    List<Map<String, Object>> repos = list("repositories");
    if (repos.isEmpty()) {
      repos.add(map("name", "app", "path", PageRules.TODO));
    }
    pointers.add("/repositories");
    return repos.get(0);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> section(String name) {
    return (Map<String, Object>) tree.computeIfAbsent(name, k -> new LinkedHashMap<>());
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> list(String name) {
    return (List<Map<String, Object>>) tree.computeIfAbsent(name, k -> new ArrayList<>());
  }
}

package dev.secaudit.check.config;

import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.model.Severity;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.OnPopulation;
import dev.secaudit.check.ratelimit.LiveLimit;
import dev.secaudit.probe.SourceObservations;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.RateLimit;
import dev.secaudit.probe.config.NginxConfigObservation;
import dev.secaudit.probe.config.NginxDirective;
import okhttp3.HttpUrl;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * config.nginx.rate_limit: each rate_limits entry of the config's target, looked up where nginx
 * would serve it (server by the target's host, location by the request path) and compared with
 * the limit_req in effect there. nginx's limiter is a leaky bucket: it lets burst + 1 requests
 * through at once and then rate per unit of time, so a claim of N per window W holds when
 * rate x W <= N and burst + rate x W <= N + tolerance (what the probe's window watch would
 * count from the first request: rate=10r/m burst=9 serves 19 in the first minute), and the
 * refusal status (limit_req_status, default 503) is the one the policy expects. The server is
 * the one nginx would pick, as every nginx check picks it: by the target's address:port (its own
 * IP address before a wildcard), then by name.
 */
public final class NginxRateLimitCheck extends NginxCheck implements OnPopulation {
  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("config.nginx.rate_limit",
          "nginx limits the endpoint as"
            + " the policy's rate limit states (limit_req)",
          Severity.MEDIUM,
          "configs",
          ControlAreas.BOUNDARY_CONFIG,
          "Add limit_req zone=NAME burst=B nodelay; to the location serving the path, with"
            + " limit_req_zone rate x window plus burst within the stated limit, and"
            + " limit_req_status 429.",
          "nginx ngx_http_limit_req_module; RFC 6585 §4"));

  @Override
  public List<CheckInfo> reports() {
    return REPORTS;
  }

  static final String ID = "config.nginx.rate_limit";
  private static final Pattern RATE = Pattern.compile("(\\d{1,9})r/([sm])");

  @Override
  List<String> ids() {
    return List.of(ID);
  }

  @Override
  boolean policyAsks(Policy policy) {
    return !policy.rateLimits().isEmpty();
  }

  /**
   * Judged with the targets' observations (evaluatePopulation), so that a path nginx does not
   * limit is told apart from one the live probe saw limited behind it.
   */
  @Override
  public List<Finding> evaluateSources(CheckContext policyContext, SourceObservations sources) {
    return List.of();
  }

  @Override
  public List<Finding> evaluatePopulation(CheckContext policyContext,
      Map<String, TargetObservations> targets, SourceObservations sources) {
    return judgeSources(policyContext, sources, targets);
  }

  @Override
  List<Finding> judge(CheckContext ctx, NginxConfigObservation config, NginxDirective http) {
    return judge(ctx, config, http, Map.of());
  }

  @Override
  List<Finding> judge(CheckContext ctx, NginxConfigObservation config, NginxDirective http,
      Map<String, TargetObservations> live) {
    List<Finding> out = new ArrayList<>();
    if (config.target() == null) {
      return out;
    }
    List<NginxContexts.Level> servers = NginxContexts.servers(http);
    List<RateLimit> limits = ctx.policy().rateLimits();
    for (int i = 0; i < limits.size(); i++) {
      RateLimit r = limits.get(i);
      if (config.target().equals(r.target())) {
        out.add(limit(ctx, config, http, servers, r,
            PolicyPointer.entry(PolicyPointer.RATE_LIMITS, i), liveBurst(live, r, i)));
      }
    }
    return out;
  }

  /** What the rule's live burst showed ("429 at request 11 ..."), or null when it showed no limit. */
  private static String liveBurst(Map<String, TargetObservations> live, RateLimit r, int index) {
    TargetObservations seen = live.get(r.target());
    return seen == null ? null : seen.rateLimits().stream()
        .filter(o -> o.policyIndex() == index).map(o -> LiveLimit.shown(r, o))
        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
  }

  private static Finding limit(CheckContext ctx, NginxConfigObservation config,
      NginxDirective http, List<NginxContexts.Level> servers, RateLimit r,
      String pointer, String liveBurst) {
    List<String> evidence = List.of(config.evidenceId());
    long window = r.window().value().toSeconds();
    String expected = r.limit() + " requests per " + r.window().text() + " on " + r.request().path()
        + ": rate x window <= " + r.limit() + ", burst + rate x window <= "
        + (r.limit() + r.tolerance())
        + ", refused with " + r.expectStatus();
    HttpUrl url = url(ctx, r.target());
    NginxContexts.Level server = NginxContexts.serverFor(servers, url);
    // What is judged is the limit on the policy's path, wherever the config serves it.
    Finding.Builder finding = ctx.finding(ID).about(new Subject(Subject.Kind.URL,
        r.request().path())).expected(expected).evidence(evidence).rule(pointer);
    if (server == null) {
      return finding.subject(http.at()).status(Status.FAIL)
          .observed("no server block in the config").build();
    }
    String path = r.request().path();
    NginxRewritePhase.Route route = NginxRewritePhase.route(server,
        path.contains("?") ? path.substring(0, path.indexOf('?')) : path);
    NginxContexts.Match m = route.match();
    NginxContexts.Level where = m.level();
    String place = moves(route, path) + route.path() + " is served by " + where.label()
        + (where == server ? "" : " in " + server.label());
    // Requests an if answers or moves, and rewrites not evaluated: not certain either way.
    List<String> review = review(route);
    String reviewNote = review.isEmpty() ? "" : "; " + String.join("; ", review);
    List<NginxDirective> limitReqs = where.array("limit_req");
    // Two rules of the policy may be served by one location: the path tells them apart.
    String forPath = " for " + r.request().path();
    String regexNote = m.regexNotEvaluated().isEmpty() ? "" : "; regex locations not evaluated"
        + " (one of them may take the request instead): " + String.join(", ",
            m.regexNotEvaluated().stream().map(d -> d.text().replace(" {", "") + " ("
                + d.at() + ")").toList());
    NginxRewritePhase.Step answered = route.answered();
    if (answered != null) {
      // nginx answers every request itself before limit_req and before any content: nothing
      // is served unlimited, and nothing is refused either. Neither a limit nor a gap.
      return finding.subject(where.subject(answered.at()) + forPath).status(Status.WARN)
          .observed(place + ": " + answered.where() + " answers every request to " + route.path()
              + " itself in the rewrite phase, before limit_req (preaccess phase) and before"
              + " any content: none is served unlimited here, and none is refused by a limit"
              + " either; " + (redirects(answered) ? "a redirect's requests are limited, if at"
              + " all, where it lands, which is the path to name in the policy"
              : "check that the policy names the path the application serves") + reviewNote
              + regexNote, new Value.Setting("limit_req", limitReqs.isEmpty() ? null
                  : String.join(" ", limitReqs.get(0).args()))).build();
    }
    if (limitReqs.isEmpty()) {
      // A limiter behind nginx (the application's own) is no gap in a limit the live burst
      // showed: the claim is of behaviour, which the probe judged, so where the limiter sits is
      // told (INFO), not counted against it. Without a burst, nothing shows a limit: FAIL.
      String upstream = liveBurst == null ? "" : "; not enforced in nginx, but the live probe"
          + " of this rule shows it enforced upstream (ratelimit.enforced: " + liveBurst + ")";
      return finding.subject(where.subject(where.block()) + forPath)
          .status(liveBurst != null ? Status.INFO
              : m.regexNotEvaluated().isEmpty() ? Status.FAIL : Status.WARN)
          .observed(place + ": no limit_req in effect" + upstream + reviewNote + regexNote,
              new Value.Setting("limit_req", null)).build();
    }
    List<String> problems = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    List<String> partial = new ArrayList<>();
    NginxDirective strictest = null;
    double bestRate = Double.MAX_VALUE;
    long bestBurst = 0;
    for (NginxDirective lr : limitReqs) {
      String zoneName = param(lr, "zone");
      long burst = param(lr, "burst").isEmpty() ? 0 : parseInt(param(lr, "burst"));
      NginxDirective zone = zone(http, zoneName);
      Matcher rate = zone == null ? null : RATE.matcher(param(zone, "rate"));
      if (burst < 0) {
        problems.add(lr.text() + " (" + lr.at() + "): unreadable burst");
        continue;
      }
      if (zone == null || !rate.matches()) {
        problems.add(lr.text() + " (" + lr.at() + "): " + (zone == null
            ? "no limit_req_zone named '" + zoneName + "'" : "unreadable rate in " + zone.text()));
        continue;
      }
      String key = zone.arg(0);
      if (mayBeEmpty(key)) {
        // nginx does not account a request whose key is empty: this limit binds only the
        // requests that carry what the key reads, so it bounds no one else.
        partial.add(lr.text() + " (" + lr.at() + "): " + zone.text() + " (" + zone.at()
            + ") is keyed on " + key + ", which is empty for a request without it, and nginx"
            + " does not count requests whose key is empty: the limit applies only to requests"
            + " that carry it");
        continue;
      }
      double perSecond = Long.parseLong(rate.group(1))
          / (rate.group(2).equals("m") ? 60.0 : 1.0);
      seen.add("zone " + zoneName + " " + rate.group() + " burst=" + burst + " ("
          + zone.at() + ", " + lr.at() + ")");
      // Several limit_req apply together: the tightest one decides what gets through.
      if (perSecond * window + burst < bestRate * window + bestBurst || strictest == null) {
        strictest = lr;
        bestRate = perSecond;
        bestBurst = burst;
      }
    }
    if (strictest == null && problems.isEmpty()) {
      return finding.subject(where.subject(limitReqs.get(0)) + forPath).status(Status.WARN)
          .observed(place + ": " + String.join("; ", partial) + reviewNote + regexNote,
              new Value.Setting("limit_req", String.join(" ", limitReqs.get(0).args())))
          .build();
    }
    if (strictest == null) {
      return finding.subject(where.subject(limitReqs.get(0)) + forPath).status(Status.ERROR)
          .observed(place + ": " + String.join("; ", problems)).build();
    }
    seen.addAll(partial);
    double perWindow = bestRate * window;
    if (perWindow > r.limit() + 1e-9) {
      problems.add(String.format(Locale.ROOT, "rate lets %s requests through per %s, above %d",
          number(perWindow), r.window().text(), r.limit()));
    } else if (bestBurst + 1 > r.limit() + r.tolerance()) {
      problems.add("burst=" + bestBurst + " lets " + (bestBurst + 1) + " requests through at"
          + " once, above " + (r.limit() + r.tolerance()));
    } else if (perWindow + bestBurst > r.limit() + r.tolerance() + 1e-9) {
      // The bucket starts empty: burst + 1 at once, then one per 1/rate, so a window that
      // opens the attack lets burst + rate x window through, as the window watch would count.
      problems.add(String.format(Locale.ROOT, "burst=%d and rate let %s requests through in"
          + " the first %s (burst + rate x window), above %d", bestBurst,
          number(perWindow + bestBurst), r.window().text(), r.limit() + r.tolerance()));
    }
    NginxDirective status = where.plain("limit_req_status");
    int refusal = status == null ? 503 : parseInt(status.arg(0));
    if (refusal < 400 || refusal > 599) {
      // nginx -t refuses the file: no limit of it is in effect until it is fixed.
      return finding.subject(where.subject(status) + forPath).status(Status.ERROR)
          .observed(place + ": " + status.text() + " (" + status.at() + "): nginx accepts only"
              + " 400 to 599 here and refuses the config (nginx -t: value must be between 400"
              + " and 599)").build();
    }
    if (refusal != r.expectStatus()) {
      problems.add("refused with " + refusal + (status == null ? " (limit_req_status unset,"
          + " nginx's default)" : " (" + status.at() + ")") + ", the policy expects "
          + r.expectStatus());
    }
    NginxDirective dryRun = where.plain("limit_req_dry_run");
    if (dryRun != null && dryRun.arg(0).equalsIgnoreCase("on")) {
      problems.add(dryRun.text() + " (" + dryRun.at() + ", in effect here): excess requests are"
          + " only logged, nothing is refused");
    }
    String observed = place + ": " + String.join("; ", seen)
        + (problems.isEmpty() ? "" : "; " + String.join("; ", problems)) + reviewNote
        + regexNote + answeredNotes(route);
    Status s = !problems.isEmpty() ? Status.FAIL
        : m.regexNotEvaluated().isEmpty() && review.isEmpty() ? Status.PASS : Status.WARN;
    // The limit_req that decides what gets through; the zone's rate is in the sentence.
    return finding.subject(where.subject(strictest) + forPath).status(s).observed(observed,
        new Value.Setting("limit_req", String.join(" ", strictest.args()))).build();
  }

  /** Variables that are never empty in a request, so a key with one counts every request. */
  private static final Set<String> NEVER_EMPTY = Set.of("binary_remote_addr", "remote_addr",
      "realip_remote_addr", "server_name", "host", "uri", "request_uri", "document_uri",
      "server_addr", "server_port", "scheme", "request_method", "remote_port");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)\\}|\\$(\\w+)");

  /**
   * Whether a limit_req_zone key can be empty: it has no literal text and none of its variables
   * is one every request has ($http_*, $cookie_*, $arg_* and map results can be empty).
   */
  static boolean mayBeEmpty(String key) {
    Matcher m = VARIABLE.matcher(key);
    if (!m.replaceAll("").isEmpty()) {
      return false;
    }
    m.reset();
    while (m.find()) {
      if (NEVER_EMPTY.contains(m.group(1) != null ? m.group(1) : m.group(2))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The requests an if answers with a return or redirect of nginx's own: they are not limited,
   * but they never reach the content the limit protects either (a blind review: "if ($scheme =
   * http) { return 301 https://...; }" was a WARN), so they are a note, not a reason to doubt.
   */
  private static String answeredNotes(NginxRewritePhase.Route route) {
    StringBuilder out = new StringBuilder();
    for (NginxRewritePhase.Step c : route.conditional()) {
      if (c.kind() == NginxRewritePhase.Kind.ANSWERED) {
        out.append("; the requests matching ").append(c.condition().text().replace(" {", ""))
            .append(" (").append(c.condition().at()).append(") are answered by nginx itself")
            .append(" with ").append(c.where()).append(" before limit_req runs: they never")
            .append(" reach the content the limit protects, so none is served unlimited");
      }
    }
    return out.toString();
  }

  /** Whether an answer sends the client elsewhere (a 3xx return or a redirecting rewrite). */
  private static boolean redirects(NginxRewritePhase.Step s) {
    return s.at().name().equals("rewrite") || s.at().arg(0).matches("30[12378]")
        || s.at().args().size() == 1 && s.at().arg(0).matches("(?i)https?://.*|\\$scheme.*");
  }

  /** "/login is rewritten to /auth by rewrite ... last; (nginx.conf:7) before ...; ". */
  private static String moves(NginxRewritePhase.Route route, String path) {
    StringBuilder out = new StringBuilder();
    String from = path;
    for (NginxRewritePhase.Step s : route.certain()) {
      if (s.kind() == NginxRewritePhase.Kind.MOVED) {
        out.append(from).append(" is rewritten to ").append(s.path()).append(" by ")
            .append(s.where()).append(", and nginx chooses the location again; ");
        from = s.path();
      }
    }
    return out.toString();
  }

  /**
   * What some requests meet and others do not (a return or rewrite inside an if), and rewrites
   * not evaluated: each a reason the verdict cannot be certain.
   */
  private static List<String> review(NginxRewritePhase.Route route) {
    List<String> out = new ArrayList<>();
    for (NginxRewritePhase.Step c : route.conditional()) {
      String inside = " inside " + c.condition().text().replace(" {", "") + " ("
          + c.condition().at() + ")";
      switch (c.kind()) {
        case ANSWERED -> { }
        case MOVED -> out.add("some requests: " + c.where() + inside + " moves them to "
            + c.path() + " before limit_req runs, so the requests its condition matches are"
            + " limited, if at all, where " + c.path() + " is served, not here");
        default -> { }
      }
    }
    for (NginxRewritePhase.Step u : route.unknown()) {
      out.add("not evaluated: " + u.where() + (u.condition() == null ? "" : " inside "
          + u.condition().text().replace(" {", "")) + ", because " + u.why()
          + "; it may answer or move requests before limit_req runs");
    }
    return out;
  }

  private static NginxDirective zone(NginxDirective http, String name) {
    for (NginxDirective z : http.children("limit_req_zone")) {
      String spec = param(z, "zone");
      int colon = spec.indexOf(':');
      if ((colon < 0 ? spec : spec.substring(0, colon)).equals(name)) {
        return z;
      }
    }
    return null;
  }

  /** The value of a name=value argument ("" when absent). */
  private static String param(NginxDirective d, String name) {
    for (String a : d.args()) {
      if (a.startsWith(name + "=")) {
        return a.substring(name.length() + 1);
      }
    }
    return "";
  }

  private static int parseInt(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String number(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.1f", d);
  }
}

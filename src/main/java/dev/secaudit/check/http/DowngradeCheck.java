package dev.secaudit.check.http;

import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.DeclaredCheck;
import dev.secaudit.check.WhenObserved;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import dev.secaudit.probe.http.SetCookie;
import dev.secaudit.probe.http.SetCookieParser;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * A redirect from an https:// answer to an http:// URL: the browser follows it in the clear, so
 * the next request (with every cookie of the host not marked Secure) and its answer (with any
 * cookie it sets) cross the network unencrypted, and whoever sits on the path can keep the
 * visitor on http from then on. Judged on every recorded walk of the target's pages (and the
 * plain-HTTP walk when the policy asked for it), whatever sections the policy has: a blind review
 * found https://site/account → 302 http://site/login reported only with an {@code https:}
 * section, and then as a LOW chain finding. testssl.sh reports an https answer redirecting to an
 * http:// URL as HIGH; MDN HTTP Observatory takes as much off a site whose redirects end on http
 * as off one without HSTS.
 */
public final class DowngradeCheck extends DeclaredCheck implements WhenObserved {
  public DowngradeCheck() {
    super(REPORTS, EnumSet.of(Aspect.PAGES));
  }

  static final String ID = "https.downgrade";

  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of(ID,
          "No redirect of a probed page leaves HTTPS for plain HTTP",
          Severity.HIGH,
          "targets",
          ControlAreas.TRANSPORT,
          "Make every redirect of an https:// page point to an https:// URL (absolute https"
            + " Locations, or the app told it runs behind TLS: X-Forwarded-Proto, proxy_redirect),"
            + " and mark cookies Secure so a downgrade cannot carry them.",
          "testssl.sh insecure_redirect (HIGH: an https answer redirecting to http://); MDN HTTP"
            + " Observatory redirection-not-to-https (-20, as much as no HSTS); RFC 6265bis"
            + " §4.1.2.5 (a cookie without Secure is sent on http requests); RFC 9110 §4.2.1."
            + " Judged on every page the scan fetched for the other checks, without an https:"
            + " section; a page that answered without redirecting from https gets no finding"));

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    TargetObservations obs = ctx.observations();
    List<Finding> out = new ArrayList<>();
    if (obs == null) {
      return out;
    }
    Set<String> judged = new LinkedHashSet<>();
    for (HttpFetch page : obs.pages().values()) {
      if (judged.add(page.url())) {
        judge(ctx, page).ifPresent(out::add);
      }
    }
    HttpFetch plain = obs.httpRedirect();
    if (plain != null && judged.add(plain.url())) {
      judge(ctx, plain).ifPresent(out::add);
    }
    return out;
  }

  /** One step of a walk from an https:// answer to an http:// URL. */
  private record Step(HttpExchange from, HttpUrl to) {
    String text() {
      return from.url() + " (" + from.status() + ") → " + to;
    }
  }

  /** A finding for a walk that redirected from https at least once; none for any other walk. */
  private static java.util.Optional<Finding> judge(CheckContext ctx, HttpFetch walk) {
    List<Step> downgrades = new ArrayList<>();
    boolean fromHttps = false;
    for (HttpExchange hop : walk.hops()) {
      if (hop.failed() || !hop.isRedirect() || !hop.isHttps()) {
        continue;
      }
      fromHttps = true;
      HttpUrl here = HttpUrl.parse(hop.url());
      HttpUrl next = here == null ? null : here.resolve(hop.location());
      if (next != null && !next.isHttps()) {
        downgrades.add(new Step(hop, next));
      }
    }
    if (!fromHttps) {
      return java.util.Optional.empty();
    }
    List<String> evidence = walk.hops().stream().map(HttpExchange::id).toList();
    Finding.Builder f = ctx.finding(ID).about(new Subject(Subject.Kind.URL, walk.url()))
        .expected("every redirect from an https:// answer goes to an https:// URL")
        .evidence(evidence).rule(ctx.targetPointer()); // the pages it lists were walked
    if (downgrades.isEmpty()) {
      return java.util.Optional.of(f.status(Status.PASS).observed("every redirect from https"
          + " stays on https: " + walk.redirectChain(), new Value.Count(0, null)).build());
    }
    List<String> steps = downgrades.stream().map(Step::text).toList();
    String observed = "https→http downgrade: " + String.join("; ", steps) + exposed(walk,
        downgrades) + (walk.hops().size() > 1 ? " [" + walk.redirectChain() + "]" : "");
    return java.util.Optional.of(f.status(Status.FAIL).observed(observed,
        Value.Items.of(steps)).build());
  }

  /**
   * What the downgrade carries in the clear, by cookie name only (never a value): cookies an
   * http answer of the walk set, and cookies an https answer before it set without Secure, which
   * the browser sends on the http request to the same host.
   */
  private static String exposed(HttpFetch walk, List<Step> downgrades) {
    Set<String> setOverHttp = new LinkedHashSet<>();
    Set<String> notSecure = new LinkedHashSet<>();
    Set<String> downgradedHosts = new LinkedHashSet<>();
    downgrades.forEach(d -> downgradedHosts.add(d.to().host()));
    for (HttpExchange hop : walk.hops()) {
      if (hop.failed()) {
        continue;
      }
      HttpUrl at = HttpUrl.parse(hop.url());
      for (String header : hop.headers("Set-Cookie")) {
        SetCookie c = SetCookieParser.parse(header, hop.url());
        if (c.ignored()) {
          continue;
        }
        if (!hop.isHttps()) {
          setOverHttp.add(c.displayName());
        } else if (!c.secure() && at != null && downgradedHosts.contains(at.host())) {
          notSecure.add(c.displayName());
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    if (!setOverHttp.isEmpty()) {
      sb.append("; cookies set by an http answer, in the clear: ")
          .append(String.join(", ", setOverHttp));
    }
    if (!notSecure.isEmpty()) {
      sb.append("; cookies set without Secure before it, sent in the clear on the http request: ")
          .append(String.join(", ", notSecure));
    }
    return sb.toString();
  }
}

package dev.secaudit.check.http;

import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.Value;
import dev.secaudit.model.Subject;
import dev.secaudit.policy.PolicyPointer;
import dev.secaudit.check.DeclaredCheck;
import dev.secaudit.model.Severity;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Https;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.Target;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Plain HTTP must hand the visitor to HTTPS on the same host before anything else (so the
 * browser learns that host's HSTS), and every recorded redirect chain must be short, stay on the
 * policy's hosts and never loop. A fall back from https:// to http:// is {@link DowngradeCheck}'s
 * (HIGH, with or without this section), not one more LOW problem of the chain here.
 */
public final class RedirectCheck extends DeclaredCheck {
  public RedirectCheck() {
    super(REPORTS, EnumSet.of(Aspect.HTTP_REDIRECT, Aspect.PAGES));
  }

  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("https.redirect",
          "Plain HTTP redirects to HTTPS on the same host first",
          Severity.HIGH,
          "https",
          ControlAreas.TRANSPORT,
          "Answer every http:// request with a 301/308 to the https:// URL of the same host before"
            + " any other redirect.",
          "RFC 6797 §7.2; hstspreload.org submission rules"),
      CheckInfo.of("https.redirect_chain",
          "Redirect chain is short and stays on policy targets",
          Severity.LOW,
          "https",
          "soc2:CC6.7 iso27001:8.20",
          "Redirect straight to the final URL; keep redirects within the hosts the policy lists.",
          "MDN HTTP Observatory: redirection (an https→http step is judged by https.downgrade)"));


  @Override
  public boolean appliesTo(Policy policy) {
    return policy.https() != null;
  }

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    Https https = ctx.policy().https();
    TargetObservations obs = ctx.observations();
    List<Finding> out = new ArrayList<>();
    out.add(firstHop(ctx, https, obs));
    if (obs != null && obs.httpRedirect() != null) {
      out.add(chain(ctx, https, obs.httpRedirect()));
    }
    if (obs == null || obs.pages().isEmpty()) {
      out.add(ctx.finding("https.redirect_chain").subject("pages")
          .about(new Subject(Subject.Kind.URL, ctx.target().url())).status(Status.ERROR)
          .expected("≤ " + https.maxRedirects() + " redirects per page",
              new Value.Count(https.maxRedirects(), null))
          .observed("no page of the target was fetched")
          .rule(PolicyPointer.member(PolicyPointer.HTTPS, "max_redirects")).build());
    } else {
      for (HttpFetch page : obs.pages().values()) {
        // A target at http:// has its plain-HTTP walk start where its page does: one chain.
        if (obs.httpRedirect() == null || !page.url().equals(obs.httpRedirect().url())) {
          out.add(chain(ctx, https, page));
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- https.redirect

  private static Finding firstHop(CheckContext ctx, Https https, TargetObservations obs) {
    String pointer = PolicyPointer.member(PolicyPointer.HTTPS, "redirect");
    HttpFetch walk = obs == null ? null : obs.httpRedirect();
    String subject = walk != null ? walk.url() : plainHttpUrl(ctx.target());
    Finding.Builder f = ctx.finding("https.redirect").about(new Subject(Subject.Kind.URL,
        subject)).expected("a redirect to https:// on the same host as the first answer (best a"
            + " 301/308, which browsers remember)")
        .rule(pointer);
    if (!https.redirect()) {
      return f.status(Status.SKIPPED)
          .observed(GateVerdict.NOT_REQUIRED_BY_POLICY + " (https.redirect: false)").build();
    }
    if (walk == null) {
      String why = obs == null || obs.httpRedirectSkipped() == null
          ? "no plain-HTTP URL was probed" : obs.httpRedirectSkipped();
      return f.status(Status.SKIPPED).observed(why).build();
    }
    HttpExchange first = walk.first();
    f.evidence(List.of(first.id()));
    if (first.failed()) {
      return f.status(Status.ERROR).observed(first.error()).build();
    }
    // The first answer as data: its status code, and the Location it sent as sent.
    Value status = new Value.Setting("status", String.valueOf(first.status()));
    HttpUrl from = HttpUrl.parse(first.url());
    if (!first.isRedirect()) {
      String observed = first.status() >= 300 && first.status() < 400
          ? first.status() + " without a Location header"
          : "answered " + first.status() + " over plain HTTP without redirecting";
      return f.status(Status.FAIL).observed(observed, status).build();
    }
    String location = first.headers("Location").get(0).trim();
    Value answer = new Value.Items(List.of(status, new Value.Header("Location", location)));
    HttpUrl to = from == null ? null : from.resolve(location);
    if (to == null) {
      return f.status(Status.FAIL).observed(first.status() + " to an unparsable Location '"
          + location + "'", answer).build();
    }
    String hop = first.status() + " → " + to;
    if (!to.isHttps()) {
      return f.status(Status.FAIL).observed(hop + " (still plain HTTP)", answer).build();
    }
    if (!to.host().equals(from.host())) {
      return f.status(Status.FAIL).observed(hop + " (another host first, so browsers never"
          + " learn the HSTS of " + from.host() + ")", answer).build();
    }
    // A 302/307 still takes every visitor to HTTPS before anything else; the finding says it is
    // temporary (and the expected text says "best a 301/308") rather than failing it.
    if (first.status() != 301 && first.status() != 308) {
      hop += " (temporary; a 301 or 308 lets browsers remember it)";
    }
    return f.status(Status.PASS).observed(hop, answer).build();
  }

  /** Where the walk would have started, so a skipped finding names the same subject. */
  private static String plainHttpUrl(Target target) {
    if (target == null) {
      return "http://";
    }
    if (target.httpUrl() != null) {
      return target.httpUrl();
    }
    HttpUrl url = target.url() == null ? null : HttpUrl.parse(target.url());
    return url == null ? "http://" : "http://" + url.host() + "/";
  }

  // ---------------------------------------------------------------- https.redirect_chain

  private static Finding chain(CheckContext ctx, Https https, HttpFetch walk) {
    int max = https.maxRedirects();
    String pointer = PolicyPointer.member(PolicyPointer.HTTPS, "max_redirects");
    List<String> evidence = new ArrayList<>();
    for (HttpExchange ex : walk.hops()) {
      evidence.add(ex.id());
    }
    Finding.Builder f = ctx.finding("https.redirect_chain")
        .about(new Subject(Subject.Kind.URL, walk.url()))
        .expected("≤ " + max + " redirects; no foreign host or loop",
            new Value.Count(max, null)).evidence(evidence).rule(pointer);
    if (walk.first().failed()) {
      return f.status(Status.ERROR).observed(walk.first().error()).build();
    }
    Set<String> problems = new LinkedHashSet<>();
    int redirects = walk.redirects();
    if (redirects > max) {
      problems.add("more than " + max + " redirects (" + redirects + " followed before the probe"
          + " stopped)");
    } else if (walk.stop().startsWith("max redirects")) {
      // The probe's own cap was lower than the policy's: the chain was cut, not judged whole.
      problems.add("the probe gave up (" + walk.stop() + ") before the final page");
    }
    if (walk.stop().startsWith("foreign host")) {
      problems.add("leaves the policy's hosts: " + walk.stop());
    }
    if (walk.stop().startsWith("unparsable Location")) {
      problems.add("a Location header does not parse");
    }
    Set<String> visited = new HashSet<>();
    boolean loop = walk.stop().startsWith("redirect loop");
    for (HttpExchange ex : walk.hops()) {
      HttpUrl here = HttpUrl.parse(ex.url());
      if (here != null) {
        visited.add(here.toString());
      }
      if (here == null || ex.failed() || !ex.isRedirect()) {
        continue;
      }
      HttpUrl next = here.resolve(ex.headers("Location").get(0).trim());
      if (next == null) {
        continue;
      }
      if (visited.contains(next.toString())) {
        loop = true;
      }
    }
    if (loop) {
      problems.add("redirect loop");
    }
    String observed = path(walk);
    // The redirects followed; more may have come after a walk that stopped.
    Value followed = new Value.Count(redirects, null);
    if (!problems.isEmpty()) {
      return f.status(Status.FAIL).observed(String.join("; ", problems) + " [" + observed + "]",
          followed).build();
    }
    if (walk.stop().equals("error")) {
      return f.status(Status.ERROR).observed("stopped after " + redirects + " redirect(s): "
          + walk.last().error()).build();
    }
    String count = redirects + (redirects == 1 ? " redirect" : " redirects");
    return f.status(Status.PASS).observed(count + ": " + observed, followed).build();
  }

  /** "http://a/ (301) → https://a/ (200)", plus where the walk was cut off. */
  private static String path(HttpFetch walk) {
    List<String> parts = new ArrayList<>();
    for (HttpExchange ex : walk.hops()) {
      parts.add(ex.url() + " (" + (ex.failed() ? "failed" : String.valueOf(ex.status())) + ")");
    }
    HttpExchange last = walk.last();
    if (!last.failed() && last.isRedirect()) {
      HttpUrl here = HttpUrl.parse(last.url());
      HttpUrl next = here == null ? null : here.resolve(last.headers("Location").get(0).trim());
      parts.add((next == null ? last.headers("Location").get(0) : next.toString())
          + " (not followed)");
    }
    return String.join(" → ", parts);
  }
}

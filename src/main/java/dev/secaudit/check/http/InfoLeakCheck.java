package dev.secaudit.check.http;

import dev.secaudit.check.DeclaredCheck;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.model.Severity;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.InfoLeak;
import dev.secaudit.policy.Policy;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Response headers that tell an attacker which software (and which version of it) to look up in
 * a vulnerability database. Server is fine without a version; the framework banners are a leak
 * whatever they say. Every answer the scan recorded counts (the pages and their redirects, the
 * plain HTTP redirect, security.txt, the subprocessor page, CORS preflights), and each
 * header name gets one finding so the report shows what was looked for.
 */
public final class InfoLeakCheck extends DeclaredCheck {
  public InfoLeakCheck() {
    super(REPORTS, EnumSet.of(Aspect.PAGES));
  }

  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("header.info_leak",
          "No header discloses software or version",
          Severity.LOW,
          "info_leak",
          "soc2:CC7.1 iso27001:8.9 iso27001:8.8",
          "Remove X-Powered-By and framework banners; send Server without a version (nginx:"
            + " server_tokens off).",
          "OWASP Secure Headers Project: headers to remove"));


  /** Banners that leak by being sent at all, with what they give away. */
  static final Map<String, String> BANNERS = banners();

  /**
   * A version in a Server value: "nginx/1.22.1", "Jetty(9.4.z)", "Microsoft-IIS/10.0",
   * "Python/3.11". Product names that merely end in a digit ("AmazonS3") are not versions.
   */
  private static final Pattern VERSION =
      Pattern.compile("/\\s*v?\\d|\\(\\s*v?\\d|\\bv?\\d+(\\.\\d+)+");

  private static Map<String, String> banners() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("X-Powered-By", "names the framework or language");
    m.put("X-AspNet-Version", "names the ASP.NET version");
    m.put("X-AspNetMvc-Version", "names the ASP.NET MVC version");
    m.put("X-Generator", "names the CMS or site generator");
    m.put("X-Drupal-Cache", "identifies Drupal");
    m.put("X-Drupal-Dynamic-Cache", "identifies Drupal");
    m.put("X-Powered-CMS", "names the CMS");
    m.put("X-Runtime", "identifies Ruby on Rails / Rack");
    m.put("X-Version", "names an application version");
    m.put("X-Backend-Server", "names an internal host");
    m.put("X-Mod-Pagespeed", "names the mod_pagespeed version");
    m.put("X-Page-Speed", "names the PageSpeed version");
    m.put("SourceMap", "publishes source maps of the scripts");
    m.put("X-SourceMap", "publishes source maps of the scripts");
    return java.util.Collections.unmodifiableMap(m);
  }

  @Override
  public boolean appliesTo(Policy policy) {
    return policy.infoLeak() != null && policy.infoLeak().enabled();
  }

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    InfoLeak policy = ctx.policy().infoLeak();
    TargetObservations obs = ctx.observations();
    Map<String, HttpFetch> pages = obs == null ? Map.of() : obs.pages();

    // Header name (as first written) → policy pointer that asked for it.
    Map<String, String> names = new LinkedHashMap<>();
    Set<String> lowerNames = new LinkedHashSet<>();
    names.put("Server", PolicyPointer.INFO_LEAK);
    lowerNames.add("server");
    for (String b : BANNERS.keySet()) {
      names.put(b, PolicyPointer.INFO_LEAK);
      lowerNames.add(b.toLowerCase(Locale.ROOT));
    }
    for (int i = 0; i < policy.headers().size(); i++) {
      String h = policy.headers().get(i).trim();
      if (lowerNames.add(h.toLowerCase(Locale.ROOT))) {
        names.put(h, PolicyPointer.entry(PolicyPointer.member(PolicyPointer.INFO_LEAK,
            "headers"), i));
      }
    }

    List<HttpExchange> answered = new ArrayList<>();
    List<String> unfetched = new ArrayList<>();
    List<String> unfetchedIds = new ArrayList<>();
    // Every response the scan recorded is judged, not only the pages': a banner on the plain
    // HTTP redirect is in the scan's own artifact (a blind review found "Server: BaseHTTP/0.6
    // Python/3.11.7" there beside a PASS).
    List<HttpFetch> fetches = new ArrayList<>(pages.values());
    if (obs != null) {
      for (HttpFetch other : new HttpFetch[] {obs.httpRedirect(), obs.securityTxt(),
          obs.subprocessorsPage()}) {
        if (other != null) {
          fetches.add(other);
        }
      }
      obs.cors().stream().filter(ex -> !ex.failed()).forEach(answered::add);
    }
    for (HttpFetch f : fetches) {
      f.hops().stream().filter(ex -> !ex.failed()).forEach(answered::add);
    }
    for (HttpFetch f : pages.values()) {
      if (f.stop().equals("error")) {
        unfetched.add(f.url() + ": " + f.last().error());
        unfetchedIds.add(f.last().id());
      }
    }

    List<Finding> out = new ArrayList<>();
    for (Map.Entry<String, String> n : names.entrySet()) {
      out.add(judge(ctx, n.getKey(), n.getValue(), answered, unfetched, unfetchedIds,
          pages.isEmpty()));
    }
    return out;
  }

  private static Finding judge(CheckContext ctx, String name, String pointer,
      List<HttpExchange> answered, List<String> unfetched, List<String> unfetchedIds,
      boolean nothingFetched) {
    boolean server = name.equalsIgnoreCase("Server");
    String expected = server ? "Server without a version, or not sent" : "not sent";
    if (nothingFetched) {
      return ctx.error("header.info_leak", name, expected, "no page of the target was fetched",
          List.of(), pointer);
    }
    Set<String> leaked = new LinkedHashSet<>();
    Set<String> harmless = new LinkedHashSet<>();
    List<String> evidence = new ArrayList<>();
    for (HttpExchange ex : answered) {
      boolean leaks = false;
      for (String v : ex.headers(name)) {
        if (!server || VERSION.matcher(v).find()) {
          leaked.add(v.isEmpty() ? "(empty)" : v);
          leaks = true;
        } else {
          harmless.add(v);
        }
      }
      if (leaks) {
        evidence.add(ex.id());
      }
    }
    if (!leaked.isEmpty()) {
      String why = server ? "discloses a version" : BANNERS.getOrDefault(canonical(name),
          "listed by the policy as a banner");
      return ctx.finding("header.info_leak").about(Subject.header(name)).status(Status.FAIL)
          .expected(expected).observed(name + ": " + String.join(" | ", leaked) + " (" + why
              + ")", sent(name, leaked)).evidence(evidence).rule(pointer).build();
    }
    String observed = harmless.isEmpty() ? "not sent"
        : name + ": " + String.join(" | ", harmless) + " (no version)";
    List<String> seen = new ArrayList<>();
    for (HttpExchange ex : answered) {
      seen.add(ex.id());
    }
    if (!unfetched.isEmpty()) {
      // A clean answer from some pages says nothing about the pages that never answered.
      seen.addAll(unfetchedIds);
      return ctx.error("header.info_leak", name, expected,
          observed + " where fetched; could not fetch " + String.join("; ", unfetched), seen,
          pointer);
    }
    return ctx.finding("header.info_leak").about(Subject.header(name)).status(Status.PASS)
        .expected(expected).observed(observed, sent(name, harmless)).evidence(seen)
        .rule(pointer).build();
  }

  /** The header as sent, one value per distinct text; not sent when there is none. */
  private static Value sent(String name, Set<String> values) {
    List<Value> each = new ArrayList<>();
    for (String v : values) {
      each.add(new Value.Header(name, v.equals("(empty)") ? "" : v));
    }
    return each.isEmpty() ? new Value.Header(name, null) : Value.ofAll(each);
  }

  private static String canonical(String name) {
    for (String b : BANNERS.keySet()) {
      if (b.equalsIgnoreCase(name)) {
        return b;
      }
    }
    return name;
  }
}

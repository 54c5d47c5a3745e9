package dev.secaudit.check.http;

import dev.secaudit.model.Value;
import dev.secaudit.model.Subject;
import dev.secaudit.check.DeclaredCheck;
import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Policy;
import dev.secaudit.probe.http.CorsOrigins;
import dev.secaudit.probe.http.Header;
import dev.secaudit.probe.http.HttpExchange;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Judges how each probed path answers a request from a foreign Origin. The dangerous answer is
 * the one that lets any site read a user's data: Access-Control-Allow-Origin echoing whatever
 * Origin came in (or {@code null}, which any sandboxed iframe can send) together with
 * Access-Control-Allow-Credentials: true. Verdicts follow MDN HTTP Observatory's CORS test and
 * PortSwigger's CORS issue definitions.
 */
public final class CorsCheck extends DeclaredCheck {
  public CorsCheck() {
    super(REPORTS, Set.of(Aspect.CORS));
  }

  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("cors.origin",
          "CORS does not trust arbitrary origins",
          Severity.HIGH,
          "cors",
          "soc2:CC6.6 soc2:CC6.1 gdpr:32(1)(b) iso27001:8.26",
          "Allow only a fixed list of origins; never reflect Origin together with"
            + " Access-Control-Allow-Credentials: true, on GET or on the OPTIONS preflight (whose"
            + " Allow-Methods and Allow-Headers let any trusted origin send PUT or DELETE); with"
            + " cors.allow_any_origin: false, send no * either.",
          "MDN HTTP Observatory: CORS; Fetch Standard §3.2.5 (CORS check), §4.8"
            + " (CORS-preflight fetch); PortSwigger: CORS misconfigurations"));

  static final String ID = "cors.origin";
  private static final String POINTER = PolicyPointer.CORS;
  private static final String EXPECTED = "no foreign Origin is trusted";

  static final String ACAO = "Access-Control-Allow-Origin";
  static final String ACAC = "Access-Control-Allow-Credentials";

  /** One path's verdict; a null severity means the check's default. */
  record Verdict(Status status, Severity severity, String observed) {}

  @Override
  public boolean appliesTo(Policy policy) {
    return policy.cors() != null;
  }

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    List<String> paths = ctx.policy().cors().paths();
    List<HttpExchange> probes = ctx.observations().cors();
    boolean anyOrigin = ctx.policy().cors().allowAnyOrigin();
    List<Finding> out = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      String path = paths.get(i);
      List<HttpExchange> asked = exchangesFor(path, i, paths.size(), probes);
      Finding.Builder f = ctx.finding(ID).about(new Subject(Subject.Kind.URL, path)).rule(POINTER);
      if (asked.isEmpty()) {
        out.add(f.status(Status.ERROR).expected(EXPECTED).observed("not observed: no request"
            + " with a foreign Origin was recorded for this path").build());
        continue;
      }
      f.evidence(asked.stream().map(HttpExchange::id).toList());
      java.util.Set<String> origins = new java.util.LinkedHashSet<>();
      int preflights = 0;
      String firstPreflight = null;
      // The worst answer decides; a failed request or one without an Origin judges nothing.
      Verdict worst = null;
      HttpExchange decided = null;
      String errors = null;
      for (HttpExchange ex : asked) {
        String origin = sentOrigin(ex);
        if (ex.failed() || origin == null) {
          errors = errors != null ? errors : ex.failed() ? (CorsPreflight.isPreflight(ex)
              ? "the preflight (OPTIONS) of Origin " + origin + " failed: " : "request failed: ")
              + ex.error()
              : "the recorded request carries no Origin header, so the answer says nothing"
                  + " about CORS";
          continue;
        }
        origins.add(origin);
        boolean preflight = CorsPreflight.isPreflight(ex);
        preflights += preflight ? 1 : 0;
        Verdict v = preflight ? CorsPreflight.judge(origin, ex, anyOrigin)
            : judge(origin, ex, anyOrigin);
        if (preflight && firstPreflight == null) {
          firstPreflight = v.observed(); // a PASS names what the preflights were answered too
        }
        if (worst == null || v.status().ordinal() < worst.status().ordinal()) {
          worst = v;
          decided = ex;
        }
      }
      String expected = (anyOrigin ? EXPECTED : EXPECTED + ", nor any origin (*)")
          + " (Origin: " + String.join(", ", origins) + ")";
      if (worst == null || errors != null && worst.status() == Status.PASS) {
        // Nothing shown trusted, but an origin went unjudged: no PASS on the ones that answered.
        out.add(f.status(Status.ERROR).expected(expected).observed(errors).build());
        continue;
      }
      // A failure stands on the origin that showed it; the origins that went unanswered are
      // named, so the reader does not take the list in "expected" for every origin tried.
      String observed = (worst.status() == Status.PASS && asked.size() > 1
          ? worst.observed() + (firstPreflight == null ? "" : "; " + firstPreflight)
              + "; none of the " + origins.size() + " foreign origins trusted"
              + (preflights == 0 ? "" : " by " + (asked.size() - preflights) + " GETs or "
                  + preflights + " preflights (OPTIONS asking for "
                  + dev.secaudit.probe.http.CorsOrigins.PREFLIGHT_METHOD + " with "
                  + dev.secaudit.probe.http.CorsOrigins.PREFLIGHT_HEADER + ")")
          : worst.observed() + (asked.size() > 1 ? " [" + CorsOrigins.why(decided.id()) + ": "
              + sentOrigin(decided) + "]" : ""))
          + (errors == null ? "" : "; not judged: " + unjudged(asked));
      // The foreign Origin that decided, and the two headers that say what the server trusts.
      out.add(f.status(worst.status()).severity(worst.severity())
          .expected(expected, new Value.Header("Origin", sentOrigin(decided)))
          .observed(observed, new Value.Items(List.of(
              new Value.Header(ACAO, decided.header(ACAO)),
              new Value.Header(ACAC, decided.header(ACAC))))).build());
    }
    return out;
  }

  /**
   * The verdict for one answer to a request that carried {@code origin}. Headers are read on any
   * status: browsers apply CORS to error pages too, and an API's 401 can leak as much as its 200.
   */
  static Verdict judge(String origin, HttpExchange ex, boolean anyOriginAllowed) {
    List<String> allowed = new ArrayList<>();
    for (String v : ex.headers(ACAO)) {
      // Browsers reject a list; it is split here only to see what the server meant to allow.
      for (String item : v.split(",")) {
        if (!item.isBlank()) {
          allowed.add(item.strip());
        }
      }
    }
    // Browsers expose a credentialed response only for the exact value "true"; any casing is
    // still read as credentials here: it states the intent, and "True" is a typo from "true".
    boolean credentials =
        ex.headers(ACAC).stream().anyMatch(v -> v.strip().equalsIgnoreCase("true"));
    String seen = "HTTP " + ex.status() + "; " + describe(ex);
    if (allowed.isEmpty()) {
      return new Verdict(Status.PASS, null, seen + " (cross-origin reads refused)");
    }
    // Browsers compare the whole (combined) value with the Origin, so several values can never
    // match: the header is broken, not permissive. Judged before any single-value branch.
    if (allowed.size() > 1) {
      return new Verdict(Status.WARN, Severity.LOW, seen + ": several Access-Control-Allow-Origin"
          + " values (" + String.join(", ", allowed) + "); browsers reject the header, and the"
          + " server's intent to allow " + (allowed.contains(origin) ? "the probe origin" : "them")
          + " should be fixed");
    }
    // Origins are compared byte for byte, as browsers do.
    if (allowed.contains(origin) && !origin.equals("null")) {
      String vary = varyOrigin(ex) ? "" : "; no Vary: Origin, so shared caches may serve the"
          + " reflected header to other sites";
      if (!credentials && anyOriginAllowed) {
        // Reflecting every Origin without credentials lets any site read no more than * does,
        // and the policy accepts *: flask-cors and others reflect by default (a blind review
        // found this WARN could be cleared only by changing server code). A cache that serves
        // one site's reflected header to another only refuses that other site a read.
        return new Verdict(Status.PASS, null, seen + ": the Origin is reflected without"
            + " credentials, which any site may read as with * (allow_any_origin: true)"
            + (varyOrigin(ex) ? "; Vary: Origin sent" : "; no Vary: Origin, so a shared cache"
                + " may answer another site with this origin, which only refuses it the read"));
      }
      return credentials
          ? new Verdict(Status.FAIL, Severity.HIGH, seen + ": any site can read responses with"
              + " the user's cookies" + vary)
          : new Verdict(Status.WARN, Severity.MEDIUM, seen + ": the Origin is reflected, so any"
              + " site can read responses (no credentials)" + vary);
    }
    if (allowed.contains("null")) {
      if (!credentials && anyOriginAllowed) {
        // Origin: null is any site's sandboxed iframe: without credentials, no more than *.
        return new Verdict(Status.PASS, null, seen + ": trusts Origin: null without credentials,"
            + " which any site may read as with * (allow_any_origin: true)");
      }
      return credentials
          ? new Verdict(Status.FAIL, Severity.HIGH, seen + ": sandboxed iframes and data: URLs"
              + " of any site send Origin: null and can read responses with the user's cookies")
          : new Verdict(Status.WARN, Severity.LOW, seen + ": trusts Origin: null, which any"
              + " sandboxed iframe can send");
    }
    if (allowed.contains("*")) {
      // Fetch's CORS check lets any site read a * answer when it sends no credentials, whatever
      // Allow-Credentials says; only the credentialed read is refused.
      return credentials && anyOriginAllowed
          ? new Verdict(Status.WARN, Severity.LOW, seen + ": browsers refuse * with credentials,"
              + " but the pair shows an intent to share credentialed responses with any site")
          : credentials
          ? new Verdict(Status.FAIL, Severity.MEDIUM, seen + ": any site can read responses"
              + " without credentials (browsers refuse * only for credentialed reads), but the"
              + " policy allows only the site's own origins (allow_any_origin: false)")
          : anyOriginAllowed
              ? new Verdict(Status.PASS, null, seen + ": public resource, readable by any site"
                  + " without credentials")
              : new Verdict(Status.FAIL, Severity.MEDIUM, seen + ": any site can read responses"
                  + " (without credentials), but the policy allows only the site's own origins"
                  + " (allow_any_origin: false)");
    }
    String note = allowed.size() > 1 ? " (several values; browsers reject the header)" : "";
    return new Verdict(Status.PASS, null, seen + ": allows only " + String.join(", ", allowed)
        + note);
  }

  /** Each request that judged nothing, by the origin it carried (when it carried one). */
  private static String unjudged(List<HttpExchange> asked) {
    List<String> out = new ArrayList<>();
    for (HttpExchange ex : asked) {
      String origin = sentOrigin(ex);
      if (origin == null) {
        out.add("a request without an Origin header");
      } else if (ex.failed()) {
        out.add((CorsPreflight.isPreflight(ex) ? "the preflight of Origin " : "Origin ") + origin
            + " (request failed: " + ex.error() + ")");
      }
    }
    return String.join(", ", out);
  }

  private static String describe(HttpExchange ex) {
    String acao = ex.header(ACAO);
    String acac = ex.header(ACAC);
    if (acao == null) {
      return "no " + ACAO;
    }
    return ACAO + ": " + acao + (acac == null ? "" : "; " + ACAC + ": " + acac);
  }

  private static boolean varyOrigin(HttpExchange ex) {
    for (String v : ex.headers("Vary")) {
      for (String item : v.split(",")) {
        String s = item.strip();
        if (s.equals("*") || s.equalsIgnoreCase("Origin")) {
          return true;
        }
      }
    }
    return false;
  }

  private static String sentOrigin(HttpExchange ex) {
    for (Header h : ex.requestHeaders()) {
      if (h.name().equalsIgnoreCase("Origin")) {
        return h.value();
      }
    }
    return null;
  }

  /**
   * The probes of {@code path}: the exchanges whose URL has that path (and query), the policy's
   * origin first; failing that, the one at the same position when the probe recorded one
   * exchange per path, as scans before the several origins did.
   */
  private static List<HttpExchange> exchangesFor(String path, int index, int pathCount,
      List<HttpExchange> probes) {
    List<HttpExchange> out = new ArrayList<>();
    for (HttpExchange ex : probes) {
      if (path.equals(pathOf(ex.url()))) {
        out.add(ex);
      }
    }
    if (out.isEmpty() && probes.size() == pathCount) {
      out.add(probes.get(index));
    }
    return out;
  }

  private static String pathOf(String url) {
    try {
      URI u = new URI(url);
      String p = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
      return u.getRawQuery() == null ? p : p + "?" + u.getRawQuery();
    } catch (URISyntaxException e) {
      return null;
    }
  }
}

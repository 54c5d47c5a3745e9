package dev.secaudit.check.http;

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
 * Clickjacking: each page must refuse to be framed by other sites, through an enforced CSP
 * frame-ancestors (which modern browsers obey over X-Frame-Options) or X-Frame-Options DENY or
 * SAMEORIGIN. One finding per fetched page.
 */
public final class FramingCheck extends DeclaredCheck {
  public FramingCheck() {
    super(REPORTS, EnumSet.of(Aspect.PAGES));
  }

  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("header.framing",
          "Framing by other sites is refused",
          Severity.MEDIUM,
          "framing",
          ControlAreas.BROWSER,
          "Send CSP frame-ancestors 'none' (or 'self') and X-Frame-Options: DENY for old browsers.",
          "MDN HTTP Observatory: X-Frame-Options; judged on the responses a browser renders as a"
            + " page (text/html, application/xhtml+xml, image/svg+xml, or no Content-Type);"
            + " others, PDF included, are not judged (SKIPPED, naming the type)"));

  private static final String EXPECTED = "CSP frame-ancestors 'none', 'self' or specific origins,"
      + " or X-Frame-Options DENY or SAMEORIGIN";
  private static final String POINTER = PolicyPointer.member(PolicyPointer.FRAMING, "required");
  private static final Pattern SCHEME_ONLY = Pattern.compile("[a-z][a-z0-9+.-]*:");

  @Override
  public boolean appliesTo(Policy policy) {
    return policy.framing() != null && policy.framing().required();
  }

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    TargetObservations obs = ctx.observations();
    Map<String, HttpFetch> pages = obs == null ? Map.of() : obs.pages();
    List<Finding> out = new ArrayList<>();
    if (pages.isEmpty()) {
      out.add(ctx.finding("header.framing").subject("pages")
          .about(new Subject(Subject.Kind.URL, ctx.target().url())).status(Status.ERROR)
          .expected(EXPECTED).observed("no page of the target was fetched").rule(POINTER)
          .build());
      return out;
    }
    for (Map.Entry<String, HttpFetch> page : pages.entrySet()) {
      out.add(judge(ctx, page.getKey(), page.getValue()));
    }
    return out;
  }

  private static Finding judge(CheckContext ctx, String subject, HttpFetch fetch) {
    Finding.Builder f = ctx.finding("header.framing").about(new Subject(Subject.Kind.URL,
        subject)).expected(EXPECTED).rule(POINTER);
    HttpExchange response = fetch.lastResponse();
    // A loop or a walk cut at the cap still ended on an answer: it is judged, named by
    // judgedAnswer(), as csp.* and hsts.* judge it; only a walk with no answer is an ERROR.
    String unanswered = fetch.fetchError();
    if (unanswered != null) {
      return f.status(Status.ERROR).observed(unanswered).evidence(List.of(fetch.last().id())).build();
    }
    List<String> evidence = List.of(response.id());
    String type = mediaType(response.header("Content-Type"));
    if (type != null && !FRAMED_DOCUMENTS.contains(type)) {
      // A stylesheet or image shown in another site's frame has nothing to click: no false
      // alarm on the static files a page list names (a blind review: one CSS file made
      // "Do you protect against clickjacking?" No for a site whose every page refuses framing).
      // Not a skip (nothing left untested): framing protection does not apply to it.
      return f.status(Status.NOT_APPLICABLE).observed(fetch.judgedAnswer() + "not judged:"
          + " Content-Type "
          + type + " is not a document a browser renders with the site's controls (framing"
          + " is judged on text/html, application/xhtml+xml and image/svg+xml)",
          new Value.Setting("Content-Type", type)).evidence(evidence).build();
    }
    List<String> notes = new ArrayList<>();
    for (String meta : response.metaCsp()) {
      if (frameAncestorsOf(meta) != null) {
        notes.add("frame-ancestors in a <meta> CSP is ignored by browsers");
        break;
      }
    }
    for (String ro : response.headers("Content-Security-Policy-Report-Only")) {
      if (frameAncestorsOf(ro) != null) {
        notes.add("Content-Security-Policy-Report-Only frame-ancestors only reports, it does not"
            + " block");
        break;
      }
    }

    Verdict verdict = verdict(response.headers("Content-Security-Policy"),
        response.header("X-Frame-Options"));
    Status status = verdict.status();
    String observed = fetch.judgedAnswer() + verdict.observed();
    if (!notes.isEmpty()) {
      observed += "; " + String.join("; ", notes);
    }
    return f.status(status).observed(observed, verdict.decided()).evidence(evidence).build();
  }

  /**
   * The responses framing protection is judged on: documents a browser renders as a page whose
   * links, forms and scripts another site's frame could trick a user into. SVG is one (it can
   * carry links and script). A PDF is drawn by the browser's own viewer, not as the site's page,
   * so it is not judged; neither are stylesheets, scripts, images, fonts or JSON. A response
   * without a Content-Type is judged: browsers sniff it and may render it as HTML.
   */
  static final Set<String> FRAMED_DOCUMENTS = Set.of("text/html", "application/xhtml+xml",
      "image/svg+xml");

  /** "text/html; charset=utf-8" as "text/html"; null when absent or empty. */
  static String mediaType(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semi = contentType.indexOf(';');
    String t = (semi < 0 ? contentType : contentType.substring(0, semi)).strip()
        .toLowerCase(Locale.ROOT);
    return t.isEmpty() ? null : t;
  }

  /**
   * How well framing is refused, and what was seen.
   *
   * @param decided what decided it, as data: the enforced frame-ancestors sources, or the
   *     X-Frame-Options header (with no value when neither was sent)
   */
  record Verdict(Status status, String observed, Value decided) {}

  /**
   * The verdict on the enforced CSP header values and the combined X-Frame-Options value (null
   * when absent) of one response: shared by this check and the config checks, which judge the
   * headers a server is configured to send.
   */
  static Verdict verdict(List<String> csp, String xfoRaw) {
    Ancestors ancestors = enforcedAncestors(csp);
    Xfo xfo = Xfo.of(xfoRaw);

    Status status;
    String observed;
    Value decided = new Value.Header("X-Frame-Options", xfoRaw);
    if (ancestors != null) {
      decided = new Value.Setting("frame-ancestors", ancestors.text());
      observed = "CSP frame-ancestors " + ancestors.text();
      switch (ancestors.kind()) {
        case SAFE -> status = Status.PASS;
        case WILDCARD_HOST -> {
          status = Status.WARN;
          observed += " (allows every subdomain matching " + ancestors.detail() + ")";
        }
        default -> {
          status = Status.FAIL;
          observed += " (" + ancestors.detail() + " lets any site frame the page)";
        }
      }
      if (xfoRaw != null) {
        observed += "; X-Frame-Options: " + xfoRaw + " also sent, but frame-ancestors wins in"
            + " modern browsers";
      }
    } else if (xfo == Xfo.DENY || xfo == Xfo.SAMEORIGIN) {
      status = Status.PASS;
      observed = "X-Frame-Options: " + xfoRaw + " (no CSP frame-ancestors)";
    } else if (xfo == Xfo.ALLOW_FROM) {
      status = Status.FAIL;
      observed = "X-Frame-Options: " + xfoRaw + " (ALLOW-FROM is obsolete; browsers ignore it)";
    } else if (xfo == Xfo.INVALID) {
      status = Status.FAIL;
      observed = "X-Frame-Options: " + xfoRaw + " (not DENY or SAMEORIGIN, or conflicting values;"
          + " browsers ignore it)";
    } else {
      status = Status.FAIL;
      observed = "neither CSP frame-ancestors nor X-Frame-Options sent";
      decided = new Value.Items(List.of(new Value.Setting("frame-ancestors", null), decided));
    }
    return new Verdict(status, observed, decided);
  }

  // ---------------------------------------------------------------- X-Frame-Options

  /** X-Frame-Options as the HTML standard reads it: comma-split, all values must agree. */
  enum Xfo {
    ABSENT,
    DENY,
    SAMEORIGIN,
    ALLOW_FROM,
    INVALID;

    static Xfo of(String combined) {
      if (combined == null) {
        return ABSENT;
      }
      Set<String> values = new LinkedHashSet<>();
      for (String part : combined.split(",")) {
        values.add(part.trim().toLowerCase(Locale.ROOT));
      }
      if (values.size() > 1) {
        // HTML "check a navigation response's adherence to X-Frame-Options": a conflicting set
        // that names deny, sameorigin or allowall blocks every framing, as DENY does.
        return values.contains("deny") || values.contains("sameorigin")
            || values.contains("allowall") ? DENY : INVALID;
      }
      String v = values.iterator().next();
      if (v.equals("deny")) {
        return DENY;
      }
      if (v.equals("sameorigin")) {
        return SAMEORIGIN;
      }
      if (v.startsWith("allow-from")) {
        return ALLOW_FROM;
      }
      return INVALID;
    }
  }

  // ---------------------------------------------------------------- minimal CSP reading

  /** How much framing a frame-ancestors source list allows. Order: most permissive last. */
  enum Kind {
    SAFE,
    WILDCARD_HOST,
    ANY
  }

  record Ancestors(Kind kind, String text, String detail) {}

  /**
   * The effective frame-ancestors of the enforced CSP headers, or null when none has one. Each
   * header may carry several comma-separated policies; a frame must satisfy all of them, so the
   * strictest one decides.
   */
  static Ancestors enforcedAncestors(List<String> headers) {
    Ancestors best = null;
    for (dev.secaudit.check.csp.ContentSecurityPolicy policy
        : dev.secaudit.check.csp.CspParser.parseHeaders(headers)) {
      if (!policy.has("frame-ancestors")) {
        continue;
      }
      Ancestors a = classify(policy.sources("frame-ancestors"));
      if (best == null || a.kind().ordinal() < best.kind().ordinal()) {
        best = a;
      }
    }
    return best;
  }

  /**
   * The source list of the frame-ancestors directive of one serialized policy, or null when it
   * has none, as the CSP parser reads it (the first of duplicate directives wins).
   */
  static List<String> frameAncestorsOf(String policy) {
    dev.secaudit.check.csp.ContentSecurityPolicy p = dev.secaudit.check.csp.CspParser.parse(policy);
    return p.has("frame-ancestors") ? p.sources("frame-ancestors") : null;
  }

  private static Ancestors classify(List<String> sources) {
    // Keywords other than 'self' and 'none' mean nothing in frame-ancestors; 'none' only counts
    // when it stands alone, and an empty list matches nothing, like 'none'.
    List<String> effective = new ArrayList<>();
    for (String s : sources) {
      String l = s.toLowerCase(Locale.ROOT);
      if (l.startsWith("'") && !l.equals("'self'")) {
        continue;
      }
      effective.add(s);
    }
    String text = sources.isEmpty() ? "(empty: same as 'none')" : String.join(" ", sources);
    Map<Kind, String> worst = new LinkedHashMap<>();
    for (String s : effective) {
      String l = s.toLowerCase(Locale.ROOT);
      // "https://*" names every host of a scheme: as open as the bare scheme.
      if (l.equals("*") || SCHEME_ONLY.matcher(l).matches()
          || l.matches("[a-z][a-z0-9+.-]*://\\*(:\\*)?/?")) {
        worst.putIfAbsent(Kind.ANY, s);
      } else if (l.contains("*")) {
        worst.putIfAbsent(Kind.WILDCARD_HOST, s);
      }
    }
    if (worst.containsKey(Kind.ANY)) {
      return new Ancestors(Kind.ANY, text, worst.get(Kind.ANY));
    }
    if (worst.containsKey(Kind.WILDCARD_HOST)) {
      return new Ancestors(Kind.WILDCARD_HOST, text, worst.get(Kind.WILDCARD_HOST));
    }
    return new Ancestors(Kind.SAFE, text, "");
  }
}

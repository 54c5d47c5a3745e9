package dev.secaudit.check.csp;

import static dev.secaudit.check.csp.ContentSecurityPolicy.is;
import static dev.secaudit.check.csp.ContentSecurityPolicy.isHash;
import static dev.secaudit.check.csp.ContentSecurityPolicy.isNonce;
import static dev.secaudit.check.csp.ContentSecurityPolicy.isValidNonceOrHash;
import static dev.secaudit.check.csp.ContentSecurityPolicy.isScheme;

import dev.secaudit.check.csp.CspIssue.Type;
import dev.secaudit.policy.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Judges one policy the way Google's csp-evaluator does, re-derived from its published rules and
 * from CSP Level 3: what the policy lets an attacker who can inject markup do, what it gets wrong
 * syntactically, and how far it is from a strict (nonce or hash based) policy. A pure function:
 * the same policy always gives the same issues in the same order.
 */
public final class CspEvaluator {

  static final List<String> SCRIPT_DIRECTIVES =
      List.of("script-src", "script-src-attr", "script-src-elem");
  static final List<String> STYLE_DIRECTIVES =
      List.of("style-src", "style-src-attr", "style-src-elem");
  /** Where a weak source lets injected markup run script: scripts, plugins and the base URL. */
  static final List<String> XSS_DIRECTIVES =
      List.of("script-src", "script-src-attr", "script-src-elem", "object-src", "base-uri");

  /** Deprecated or removed directives, with what replaces them. */
  private static final Map<String, String> DEPRECATED;

  static {
    Map<String, String> deprecated = new LinkedHashMap<>();
    deprecated.put("reflected-xss", "reflected-xss was dropped after CSP 1.1 and browsers ignore"
        + " it; the XSS filters it controlled no longer exist");
    deprecated.put("referrer", "referrer was dropped from CSP; send a Referrer-Policy header");
    deprecated.put("plugin-types", "plugin-types was removed with plugins; use object-src 'none'");
    deprecated.put("block-all-mixed-content", "block-all-mixed-content is obsolete: browsers block"
        + " mixed scripts anyway; use upgrade-insecure-requests");
    deprecated.put("prefetch-src", "prefetch-src was removed from CSP3 and is ignored");
    deprecated.put("disown-opener", "disown-opener never shipped; send"
        + " Cross-Origin-Opener-Policy instead");
    deprecated.put("navigate-to", "navigate-to was removed from CSP3 and never shipped");
    deprecated.put("require-sri-for", "require-sri-for was removed and never shipped in stable"
        + " browsers");
    DEPRECATED = java.util.Collections.unmodifiableMap(deprecated);
  }

  /** Directive names a browser or a current draft knows. */
  static final Set<String> KNOWN_DIRECTIVES;

  static {
    Set<String> known = new TreeSet<>(ContentSecurityPolicy.FETCH_DIRECTIVES);
    known.addAll(List.of("base-uri", "sandbox", "form-action", "frame-ancestors", "report-uri",
        "report-to", "upgrade-insecure-requests", "require-trusted-types-for", "trusted-types",
        "webrtc"));
    known.addAll(DEPRECATED.keySet());
    KNOWN_DIRECTIVES = java.util.Collections.unmodifiableSet(known);
  }

  /** Keyword sources of CSP3 plus the ones browsers still accept from older drafts. */
  private static final Set<String> SOURCE_KEYWORDS = Set.of(
      "'self'", "'none'", "'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", "'wasm-eval'",
      "'strict-dynamic'", "'unsafe-hashes'", "'unsafe-hashed-attributes'", "'report-sample'",
      "'unsafe-allow-redirects'", "'inline-speculation-rules'");

  /** Directives whose values are source lists, where keyword syntax can be checked. */
  private static final Set<String> SOURCE_LIST_DIRECTIVES;

  static {
    Set<String> s = new java.util.HashSet<>(ContentSecurityPolicy.FETCH_DIRECTIVES);
    s.addAll(List.of("base-uri", "form-action", "frame-ancestors", "navigate-to"));
    SOURCE_LIST_DIRECTIVES = Set.copyOf(s);
  }

  private static final Pattern BASE64_NONCE = Pattern.compile("[A-Za-z0-9+/_-]+={0,2}");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern URL_SCHEME_PREFIX = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");

  private CspEvaluator() {}

  /**
   * The issues of {@code policy}. {@code fromMeta}: the policy came from a {@code <meta>} element,
   * where frame-ancestors, report-uri and sandbox have no effect and are judged as absent.
   */
  public static List<CspIssue> evaluate(ContentSecurityPolicy policy, boolean fromMeta) {
    List<CspIssue> out = new ArrayList<>();
    ContentSecurityPolicy p = policy;
    if (fromMeta) {
      for (String d : policy.directives().keySet()) {
        if (ContentSecurityPolicy.IGNORED_IN_META.contains(d)) {
          out.add(new CspIssue(Type.IGNORED_IN_META, d, "", d + " has no effect in a <meta>"
              + " policy; send it in the Content-Security-Policy header"));
        }
      }
      p = policy.asMeta();
    }
    syntax(p, out);
    scriptKeywords(p, out);
    styleInline(p, out);
    broadSources(p, out);
    gadgetHosts(p, out);
    missingDirectives(p, out);
    nonces(p, out);
    insecureSources(p, out);
    deprecated(p, out);
    strictCsp(p, out);
    return dedupe(out);
  }

  private static List<CspIssue> dedupe(List<CspIssue> issues) {
    return List.copyOf(new LinkedHashSet<>(issues));
  }

  // ---- syntax: what the browser silently ignores ----

  private static void syntax(ContentSecurityPolicy p, List<CspIssue> out) {
    for (String d : new LinkedHashSet<>(p.duplicates())) {
      out.add(new CspIssue(Type.DUPLICATE_DIRECTIVE, d, "", d + " appears more than once; browsers"
          + " apply only the first and ignore the rest"));
    }
    for (String token : p.dropped()) {
      String name = CspParser.splitOnAsciiWhitespace(token)[0];
      out.add(new CspIssue(Type.UNKNOWN_DIRECTIVE, name, "", "the directive contains non-ASCII"
          + " characters; browsers ignore it entirely"));
    }
    for (Map.Entry<String, List<String>> e : p.directives().entrySet()) {
      String d = e.getKey();
      if (!KNOWN_DIRECTIVES.contains(d)) {
        String bare = d.endsWith(":") ? d.substring(0, d.length() - 1) : d;
        String hint = Suggestions.closest(bare, KNOWN_DIRECTIVES);
        String why = d.endsWith(":") && KNOWN_DIRECTIVES.contains(bare)
            ? "directive names take no colon; write " + bare
            : "\"" + d + "\" is not a CSP directive and is ignored"
                + (hint == null ? "" : " (did you mean " + hint + "?)");
        out.add(new CspIssue(Type.UNKNOWN_DIRECTIVE, d, "", why));
        continue;
      }
      for (String v : e.getValue()) {
        if (KNOWN_DIRECTIVES.contains(v.toLowerCase(Locale.ROOT))) {
          out.add(new CspIssue(Type.MISSING_SEMICOLON, d, v, "\"" + v + "\" is a directive name"
              + " inside " + d + "; a ';' is probably missing before it"));
        } else {
          String bad = keywordProblem(d, v);
          if (bad != null) {
            out.add(new CspIssue(Type.INVALID_KEYWORD, d, v, bad));
          }
        }
      }
    }
  }

  /** Why {@code v} is not a valid keyword in {@code directive}, or null when it is fine. */
  private static String keywordProblem(String directive, String v) {
    String lower = v.toLowerCase(Locale.ROOT);
    switch (directive) {
      case "require-trusted-types-for" -> {
        if (lower.equals("script")) {
          return "write 'script' with single quotes";
        }
        return lower.equals("'script'") ? null : v + " is not a Trusted Types sink; only 'script'"
            + " exists";
      }
      case "trusted-types" -> {
        return !v.startsWith("'") || lower.equals("'none'") || lower.equals("'allow-duplicates'")
            ? null : v + " is not a trusted-types keyword";
      }
      default -> {
        if (!SOURCE_LIST_DIRECTIVES.contains(directive)) {
          return null;
        }
      }
    }
    if (!v.startsWith("'")) {
      boolean bareKeyword = SOURCE_KEYWORDS.contains("'" + lower + "'");
      boolean bareNonceOrHash = lower.startsWith("nonce-") || lower.startsWith("sha256-")
          || lower.startsWith("sha384-") || lower.startsWith("sha512-");
      return bareKeyword || bareNonceOrHash
          ? v + " without single quotes is read as a host name; write '" + v + "'" : null;
    }
    if (isHash(v) && !ContentSecurityPolicy.isValidNonceOrHash(v)) {
      return v + " is not a valid hash source (base64 after the algorithm) and is ignored, so it"
          + " does not turn 'unsafe-inline' off";
    }
    if (SOURCE_KEYWORDS.contains(lower) || isNonce(v) || isHash(v)) {
      return null;
    }
    return v + " is not a CSP keyword and is ignored";
  }

  // ---- what injected markup can run ----

  /** The distinct directives that govern {@code wanted}, each with the sources it applies. */
  private static Map<String, List<String>> governing(ContentSecurityPolicy p, List<String> wanted) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String d : wanted) {
      String g = p.effectiveDirective(d);
      if (g != null && !out.containsKey(g)) {
        out.put(g, p.effectiveSources(d));
      }
    }
    return out;
  }

  private static void scriptKeywords(ContentSecurityPolicy p, List<CspIssue> out) {
    governing(p, SCRIPT_DIRECTIVES).forEach((d, values) -> {
      for (String v : values) {
        if (is(v, "'unsafe-inline'")) {
          out.add(new CspIssue(Type.UNSAFE_INLINE, d, v, "'unsafe-inline' in " + d + " lets"
              + " injected inline scripts and event handlers run; use nonces or hashes"));
        } else if (is(v, "'unsafe-eval'")) {
          out.add(new CspIssue(Type.UNSAFE_EVAL, d, v, "'unsafe-eval' in " + d + " lets strings"
              + " reach eval(), new Function() and string timers"));
        } else if (is(v, "'unsafe-hashes'")) {
          out.add(new CspIssue(Type.UNSAFE_HASHES, d, v, "'unsafe-hashes' in " + d + " lets"
              + " hashed inline event handlers run; move them into scripts"));
        }
      }
    });
  }

  private static void styleInline(ContentSecurityPolicy p, List<CspIssue> out) {
    governing(p, STYLE_DIRECTIVES).forEach((d, values) -> {
      if (values.stream().anyMatch(v -> is(v, "'unsafe-inline'"))) {
        out.add(new CspIssue(Type.STYLE_UNSAFE_INLINE, d, "'unsafe-inline'", "'unsafe-inline' in "
            + d + " lets injected styles apply (CSS-based data theft); nonces or hashes avoid it"));
      }
    });
  }

  private static void broadSources(ContentSecurityPolicy p, List<CspIssue> out) {
    Map<String, List<String>> governs = new LinkedHashMap<>();
    for (String wanted : XSS_DIRECTIVES) {
      String g = p.effectiveDirective(wanted);
      if (g != null) {
        governs.computeIfAbsent(g, k -> new ArrayList<>()).add(wanted);
      }
    }
    governing(p, XSS_DIRECTIVES).forEach((d, values) -> {
      // What the directive lets in is what falls back to it: "default-src *; script-src 'self'"
      // leaves scripts to 'self', and default-src * governs plugins only (a blind review).
      List<String> kinds = new ArrayList<>();
      for (String wanted : governs.get(d)) {
        String kind = wanted.equals("object-src") ? "plugins" : wanted.equals("base-uri")
            ? "the base URL" : "scripts";
        if (!kinds.contains(kind)) {
          kinds.add(kind);
        }
      }
      String what = String.join(" and ", kinds);
      List<String> named = governs.get(d).stream().filter(w -> !w.startsWith("script-src-")
          || !governs.get(d).contains("script-src")).toList();
      String via = governs.get(d).contains(d) ? "" : " (" + String.join(", ", named)
          + (named.size() == 1 ? " falls" : " fall") + " back to " + d + ")";
      for (String v : values) {
        if (isWildcard(v)) {
          out.add(new CspIssue(Type.PLAIN_WILDCARD, d, v, d + " allows " + v + ": " + what
              + " from any host" + via));
        } else if (is(v, "data:")) {
          out.add(new CspIssue(Type.PLAIN_URL_SCHEME, d, v, d + " allows data: URLs: " + what
              + " written by whoever can inject markup" + via));
        } else if (is(v, "http:") || is(v, "https:")) {
          out.add(new CspIssue(Type.PLAIN_URL_SCHEME, d, v, d + " allows every " + v + " URL: "
              + what + " from any host" + via));
        }
      }
    });
  }

  /**
   * Hosts in the script allow-list that serve script an attacker can steer (csp-evaluator's
   * allow-list bypass check, re-derived in {@link ScriptGadgetHosts}). Event handlers
   * (script-src-attr) load nothing, so only what governs script elements counts.
   */
  private static void gadgetHosts(ContentSecurityPolicy p, List<CspIssue> out) {
    governing(p, List.of("script-src", "script-src-elem")).forEach((d, values) -> {
      for (String v : values) {
        Map.Entry<String, String> known = ScriptGadgetHosts.admitted(v);
        if (known != null) {
          out.add(new CspIssue(Type.ALLOWLIST_BYPASS, d, v, d + " allows " + v + ", which"
              + " admits " + known.getKey() + ": it " + known.getValue() + ", so injected markup"
              + " can run script; use nonces or hashes with 'strict-dynamic'"));
        }
      }
    });
  }

  /** {@code *}, or {@code *} behind a scheme such as {@code https://*}: any host at all. */
  static boolean isWildcard(String v) {
    String schemeFree = URL_SCHEME_PREFIX.matcher(v).replaceFirst("");
    if (schemeFree.startsWith("//")) {
      schemeFree = schemeFree.substring(2);
    }
    return schemeFree.equals("*");
  }

  private static void missingDirectives(ContentSecurityPolicy p, List<CspIssue> out) {
    // CSP3 §6.1.1: script elements fall back script-src-elem → script-src → default-src, event
    // handlers script-src-attr → script-src → default-src; either left ungoverned lets script in.
    boolean elements = p.effectiveDirective("script-src-elem") != null;
    boolean handlers = p.effectiveDirective("script-src-attr") != null;
    if (!elements && !handlers) {
      out.add(new CspIssue(Type.MISSING_DIRECTIVE, "script-src", "", "neither script-src nor"
          + " default-src is set, so scripts load from anywhere"));
    } else if (!elements) {
      out.add(new CspIssue(Type.MISSING_DIRECTIVE, "script-src-elem", "", "script-src-attr is"
          + " set, but nothing governs script elements (no script-src-elem, script-src or"
          + " default-src), so scripts load from anywhere"));
    } else if (!handlers) {
      out.add(new CspIssue(Type.MISSING_DIRECTIVE, "script-src-attr", "", "script-src-elem is"
          + " set, but nothing governs event handlers (no script-src-attr, script-src or"
          + " default-src), so injected onclick= or onerror= attributes run"));
    }
    if (objectSrcMissing(p)) {
      out.add(new CspIssue(Type.MISSING_DIRECTIVE, "object-src", "", "without object-src (or"
          + " default-src) plugins load from anywhere; set object-src 'none'"));
    }
    if (needsBaseUri(p) && !p.has("base-uri")) {
      out.add(new CspIssue(Type.MISSING_DIRECTIVE, "base-uri", "", "without base-uri an injected"
          + " <base> moves relative script URLs, which nonces and 'strict-dynamic' then trust;"
          + " set base-uri 'none' or 'self'"));
    }
  }

  /**
   * Objects are governed by object-src, else by default-src (CSP3 §6.1.1, the fetch directive
   * fallback list); the sources that apply are judged by the wildcard and scheme checks. Only a
   * policy with neither leaves plugins unrestricted.
   */
  static boolean objectSrcMissing(ContentSecurityPolicy p) {
    return p.effectiveDirective("object-src") == null;
  }

  /** An empty list or one of only 'none' matches nothing (CSP3 §6.7.2.5). */
  static boolean blocksAll(List<String> sources) {
    return sources.stream().allMatch(v -> is(v, "'none'"));
  }

  /**
   * base-uri matters where trust is not tied to the URL: a nonced script, or a hashed one with
   * 'strict-dynamic', keeps running after an injected {@code <base>} redirects its relative src.
   * With a plain host allow-list the moved URL no longer matches, so nothing is gained.
   */
  static boolean needsBaseUri(ContentSecurityPolicy p) {
    String g = p.effectiveDirective("script-src-elem");
    if (g == null) {
      return false;
    }
    List<String> values = p.sources(g);
    boolean nonce = values.stream().anyMatch(v -> isNonce(v) && isValidNonceOrHash(v));
    boolean hash = values.stream().anyMatch(v -> isHash(v) && isValidNonceOrHash(v));
    boolean strictDynamic = values.stream().anyMatch(v -> is(v, "'strict-dynamic'"));
    return nonce || (hash && strictDynamic);
  }

  private static void nonces(ContentSecurityPolicy p, List<CspIssue> out) {
    p.directives().forEach((d, values) -> {
      for (String v : values) {
        if (!isNonce(v)) {
          continue;
        }
        String nonce = v.substring(7, v.length() - 1);
        if (nonce.length() < 8) {
          out.add(new CspIssue(Type.NONCE_LENGTH, d, v, "the nonce has " + nonce.length()
              + " characters; use at least 8 (128 random bits recommended), new per response"));
        }
        if (!BASE64_NONCE.matcher(nonce).matches()) {
          out.add(new CspIssue(Type.NONCE_CHARSET, d, v, "the nonce is not base64; use base64 or"
              + " base64url characters only"));
        }
      }
    });
  }

  private static void insecureSources(ContentSecurityPolicy p, List<CspIssue> out) {
    Set<String> reportedAsScheme = new java.util.HashSet<>();
    for (CspIssue i : out) {
      if (i.type() == Type.PLAIN_URL_SCHEME) {
        reportedAsScheme.add(i.directive() + " " + i.value().toLowerCase(Locale.ROOT));
      }
    }
    p.directives().forEach((d, raw) -> {
      List<String> values = ContentSecurityPolicy.FETCH_DIRECTIVES.contains(d)
          ? p.effectiveSources(d) : raw;
      for (String v : values) {
        String lower = v.toLowerCase(Locale.ROOT);
        boolean plainUrl = lower.startsWith("http://") || lower.startsWith("ws://");
        boolean plainScheme = (lower.equals("http:") || lower.equals("ws:"))
            && !reportedAsScheme.contains(d + " " + lower);
        if (plainUrl || plainScheme) {
          out.add(new CspIssue(Type.SRC_HTTP, d, v, d.equals("report-uri")
              ? "reports go to " + v + " over plain HTTP; use an https:// endpoint"
              : d + " allows " + v + " over plain " + (lower.startsWith("ws") ? "ws" : "HTTP")
                  + ", open to tampering on the network; use " + (lower.startsWith("ws")
                  ? "wss" : "https")));
        }
        String host = hostOf(v);
        if (host != null && (IPV4.matcher(host).matches() || host.startsWith("["))) {
          boolean loopback = host.startsWith("127.") || host.equals("[::1]");
          out.add(new CspIssue(Type.IP_SOURCE, d, v, loopback
              ? d + " allows the loopback address " + v + "; remove it from production"
              : d + " names the IP address " + v + "; use a host name with a certificate"));
        }
      }
    });
  }

  /** The host of a host-source or URL, or null for keywords and scheme-sources. */
  static String hostOf(String v) {
    if (v.startsWith("'") || isScheme(v)) {
      return null;
    }
    String rest = URL_SCHEME_PREFIX.matcher(v).replaceFirst("");
    if (rest.startsWith("//")) {
      rest = rest.substring(2);
    }
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      rest = rest.substring(0, slash);
    }
    if (rest.startsWith("[")) {
      int end = rest.indexOf(']');
      return end > 0 ? rest.substring(0, end + 1) : rest;
    }
    int colon = rest.lastIndexOf(':');
    return colon >= 0 ? rest.substring(0, colon) : rest;
  }

  private static void deprecated(ContentSecurityPolicy p, List<CspIssue> out) {
    for (String d : p.directives().keySet()) {
      if (DEPRECATED.containsKey(d)) {
        out.add(new CspIssue(Type.DEPRECATED_DIRECTIVE, d, "", DEPRECATED.get(d)));
      } else if (d.equals("report-uri")) {
        out.add(new CspIssue(Type.REPORT_URI_DEPRECATED, d, "", "report-uri is deprecated in"
            + " favour of report-to; keep both until every browser you support has report-to"));
      }
    }
  }

  // ---- distance from a strict CSP (csp-evaluator's "strict CSP" advice) ----

  private static void strictCsp(ContentSecurityPolicy p, List<CspIssue> out) {
    String d = p.effectiveDirective("script-src-elem");
    List<String> values = d == null ? List.of() : p.sources(d);
    boolean nonceOrHash = values.stream().anyMatch(ContentSecurityPolicy::isValidNonceOrHash);
    boolean strictDynamic = values.stream().anyMatch(v -> is(v, "'strict-dynamic'"));
    boolean allowList = values.stream().anyMatch(v -> !v.startsWith("'"));
    if (d != null && allowList && !strictDynamic) {
      out.add(new CspIssue(Type.STRICT_DYNAMIC, d, "", "host allow-lists are often bypassable"
          + " (JSONP, old libraries on allowed hosts); prefer nonces or hashes with"
          + " 'strict-dynamic'"));
    }
    if (strictDynamic && !nonceOrHash) {
      out.add(new CspIssue(Type.STRICT_DYNAMIC_NOT_STANDALONE, d, "'strict-dynamic'",
          "'strict-dynamic' without a nonce or hash blocks every script in CSP3 browsers"));
    }
    if (nonceOrHash && values.stream().noneMatch(v -> is(v, "'unsafe-inline'"))) {
      out.add(new CspIssue(Type.UNSAFE_INLINE_FALLBACK, d, "", "browsers without nonce support"
          + " block every inline script; 'unsafe-inline' as a fallback is ignored by the others"));
    }
    if (strictDynamic && values.stream().noneMatch(
        v -> is(v, "https:") || is(v, "http:") || v.equals("*") || hostOf(v) != null)) {
      out.add(new CspIssue(Type.ALLOWLIST_FALLBACK, d, "", "browsers without 'strict-dynamic'"
          + " block external scripts; https: as a fallback is ignored by the others"));
    }
    if (p.sources("require-trusted-types-for").stream().noneMatch(v -> is(v, "'script'"))) {
      out.add(new CspIssue(Type.REQUIRE_TRUSTED_TYPES, "require-trusted-types-for", "",
          "require-trusted-types-for 'script' would lock down DOM XSS sinks such as innerHTML"));
    }
  }
}

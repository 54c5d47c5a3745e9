package dev.secaudit.check.csp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.Map;
import java.util.Set;

/**
 * One Content-Security-Policy as the CSP Level 3 parsing algorithm leaves it: directive names
 * lower-cased, in the order they were written, each with its source list split on ASCII
 * whitespace. Only the first occurrence of a directive counts; the later ones are kept in {@code
 * duplicates} because browsers ignore them silently and the author usually did not mean that.
 *
 * @param text the serialized policy as received
 * @param directives directive name to its values, in the order written
 * @param duplicates names of directives that appeared again and were ignored, in order
 * @param dropped directive tokens ignored because they were not ASCII
 */
public record ContentSecurityPolicy(
    String text, Map<String, List<String>> directives, List<String> duplicates,
    List<String> dropped) {

  /** Directives whose absence makes the browser use default-src (CSP3 §6.1). */
  public static final Set<String> FETCH_DIRECTIVES = Set.of(
      "child-src", "connect-src", "default-src", "fenced-frame-src", "font-src", "frame-src",
      "img-src", "manifest-src", "media-src", "object-src", "prefetch-src", "script-src",
      "script-src-attr", "script-src-elem", "style-src", "style-src-attr", "style-src-elem",
      "worker-src");

  /** Directives that a {@code <meta>} policy may not carry (HTML, CSP3 §3.3). */
  public static final Set<String> IGNORED_IN_META = Set.of("frame-ancestors", "report-uri", "sandbox");

  public ContentSecurityPolicy {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    directives.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    directives = Collections.unmodifiableMap(copy);
    duplicates = List.copyOf(duplicates);
    dropped = dropped == null ? List.of() : List.copyOf(dropped);
  }

  public boolean has(String directive) {
    return directives.containsKey(directive);
  }

  /** The values written for {@code directive}, or an empty list when it is absent. */
  public List<String> sources(String directive) {
    return directives.getOrDefault(directive, List.of());
  }

  /**
   * The directive that governs {@code directive} here, or null when nothing does: the directive
   * itself, else script-src/style-src for their -elem and -attr variants, else default-src for
   * fetch directives.
   */
  public String effectiveDirective(String directive) {
    if (has(directive)) {
      return directive;
    }
    if ((directive.equals("script-src-elem") || directive.equals("script-src-attr"))
        && has("script-src")) {
      return "script-src";
    }
    if ((directive.equals("style-src-elem") || directive.equals("style-src-attr"))
        && has("style-src")) {
      return "style-src";
    }
    if (FETCH_DIRECTIVES.contains(directive) && has("default-src")) {
      return "default-src";
    }
    return null;
  }

  /**
   * The sources a CSP3 browser actually applies to {@code directive}, or null when the policy
   * does not govern it. A nonce, a hash or 'strict-dynamic' switches 'unsafe-inline' off, and
   * 'strict-dynamic' also switches off host and scheme sources and 'self' for scripts (CSP3
   * §8.2-8.3); leaving them in would report weaknesses no current browser has.
   */
  public List<String> effectiveSources(String directive) {
    String governing = effectiveDirective(directive);
    if (governing == null) {
      return null;
    }
    List<String> values = sources(governing);
    boolean nonceOrHash = values.stream().anyMatch(ContentSecurityPolicy::isValidNonceOrHash);
    boolean strictDynamic = values.stream().anyMatch(v -> is(v, "'strict-dynamic'"));
    boolean script = directive.startsWith("script-src");
    List<String> out = new ArrayList<>();
    for (String v : values) {
      if (is(v, "'unsafe-inline'") && (nonceOrHash || (strictDynamic && script))) {
        continue;
      }
      if (strictDynamic && script && (!v.startsWith("'") || is(v, "'self'"))) {
        continue;
      }
      out.add(v);
    }
    return out;
  }

  /** This policy as a {@code <meta>} element applies it: without the directives meta may not set. */
  public ContentSecurityPolicy asMeta() {
    Map<String, List<String>> kept = new LinkedHashMap<>(directives);
    kept.keySet().removeAll(IGNORED_IN_META);
    return new ContentSecurityPolicy(text, kept, duplicates, dropped);
  }

  // Keywords, hashes and schemes are case-insensitive in the CSP grammar; nonce values are not.

  static boolean is(String value, String keyword) {
    return value.equalsIgnoreCase(keyword);
  }

  static boolean isNonce(String value) {
    return value.length() > 8 && value.regionMatches(true, 0, "'nonce-", 0, 7)
        && value.endsWith("'");
  }

  static boolean isHash(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    return (v.startsWith("'sha256-") || v.startsWith("'sha384-") || v.startsWith("'sha512-"))
        && v.length() > 9 && v.endsWith("'");
  }

  /** CSP3 §2.3.1's base64-value, the only text a nonce or hash source may carry. */
  private static final Pattern BASE64_VALUE = Pattern.compile("[A-Za-z0-9+/_-]+={0,2}");

  /**
   * A nonce or hash source as CSP3's grammar writes it. Browsers drop any other as an invalid
   * source, so it neither allows a script nor turns 'unsafe-inline' off ('sha256-not*base64!!'
   * beside 'unsafe-inline' leaves every inline script running, as Chromium shows).
   */
  static boolean isValidNonceOrHash(String value) {
    int from = isNonce(value) ? 7 : isHash(value) ? 8 : -1;
    return from > 0 && BASE64_VALUE.matcher(value.substring(from, value.length() - 1)).matches();
  }

  /** A scheme-source such as {@code https:} or {@code data:}. */
  static boolean isScheme(String value) {
    return value.matches("[A-Za-z][A-Za-z0-9+.-]*:");
  }
}

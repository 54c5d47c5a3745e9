package dev.secaudit.probe.http;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One Set-Cookie header as a browser reads it (RFC 6265bis §5.6), without the cookie's value: the
 * probe has already masked it, and nothing here would need it. Each attribute holds what the
 * last valid occurrence said, so the record answers "what will the browser store" directly.
 *
 * @param name the cookie name, trimmed; empty for a nameless cookie ({@code Set-Cookie: abc})
 * @param sameSite the enforcement the browser applies, from the last SameSite attribute
 * @param sameSiteRaw the value the last SameSite attribute carried, or null when there was none
 * @param domain the last Domain attribute, leading dot removed and lower-cased; the empty string
 *     for an empty {@code Domain=} (which leaves the cookie host-only); null when there was none
 * @param path the path the last Path attribute gives the cookie: its value when it starts with
 *     '/', otherwise the request's default path; null when there was no Path attribute
 * @param pathRaw the value the last Path attribute carried, or null
 * @param maxAge seconds from the last valid Max-Age (saturated at the range of a long), or null
 * @param maxAgeRaw text of that Max-Age, or of the last ignored one when none was valid, or null
 * @param expires the instant from the last Expires that parses as a cookie-date, or null
 * @param expiresRaw text of that Expires, or of the last ignored one when none parsed, or null
 * @param unknownAttributes attributes browsers do not know, as sent ("Priority=High")
 * @param problems what a browser silently ignores or reinterprets, in words a server owner can act
 *     on; empty for a clean header
 * @param ignoredBecause why a browser drops the whole header before storing anything, or null
 */
public record SetCookie(
    String name,
    boolean secure,
    boolean httpOnly,
    SameSite sameSite,
    String sameSiteRaw,
    boolean partitioned,
    String domain,
    String path,
    String pathRaw,
    Long maxAge,
    String maxAgeRaw,
    Instant expires,
    String expiresRaw,
    List<String> unknownAttributes,
    List<String> problems,
    String ignoredBecause) {

  /**
   * The lifetime cap browsers apply to Max-Age and Expires (RFC 6265bis §5.5): 400 days.
   */
  public static final Duration BROWSER_LIFETIME_CAP = Duration.ofDays(400);

  public SetCookie {
    name = name == null ? "" : name;
    sameSite = sameSite == null ? SameSite.ABSENT : sameSite;
    unknownAttributes = unknownAttributes == null ? List.of() : List.copyOf(unknownAttributes);
    problems = problems == null ? List.of() : List.copyOf(problems);
  }

  /** The SameSite enforcement a browser applies. */
  public enum SameSite {
    STRICT,
    LAX,
    NONE,
    /** An attribute with a value other than Strict, Lax or None: the browser default applies. */
    INVALID,
    /** No SameSite attribute: the browser default applies. */
    ABSENT;

    /** "Strict", "Lax", "None", "invalid", "absent". */
    public String label() {
      return switch (this) {
        case STRICT -> "Strict";
        case LAX -> "Lax";
        case NONE -> "None";
        case INVALID -> "invalid";
        case ABSENT -> "absent";
      };
    }
  }

  /** Whether the browser keeps parsing this header into a cookie at all. */
  public boolean ignored() {
    return ignoredBecause != null;
  }

  /** A nameless cookie ({@code Set-Cookie: token}); the RFC keeps it under the empty name. */
  public boolean nameless() {
    return name.isEmpty();
  }

  /** No Domain attribute (or an empty one): only the host that set the cookie receives it. */
  public boolean hostOnly() {
    return domain == null || domain.isEmpty();
  }

  /** Whether the name starts with {@code prefix}, compared case-insensitively as browsers do. */
  public boolean hasPrefix(String prefix) {
    return name.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  /** How long the cookie lives, judged as a browser does when the response arrives. */
  public enum LifetimeKind {
    /** Neither Max-Age nor Expires: gone when the browser session ends. */
    SESSION,
    /** Max-Age of zero or less, or Expires not after the response: the cookie is deleted. */
    EXPIRED,
    PERSISTENT
  }

  /**
   * The lifetime of the cookie.
   *
   * @param source "Max-Age", "Expires", or null for a session cookie
   * @param declared what the header asks for (Expires counted from the response), uncapped; null
   *     for a session cookie
   * @param effective what a browser keeps: the declared lifetime capped at 400 days, zero when
   *     expired, null for a session cookie
   */
  public record Lifetime(LifetimeKind kind, String source, Duration declared, Duration effective) {
    /** Whether browsers shorten the declared lifetime to their 400-day cap. */
    public boolean capped() {
      return declared != null && declared.compareTo(BROWSER_LIFETIME_CAP) > 0;
    }
  }

  /**
   * The lifetime as of {@code received} (the response's Date, else when it was observed). Max-Age
   * wins over Expires wherever each appears; a Max-Age that was not {@code -?DIGIT+} was already
   * dropped by the parser, so an Expires beside it counts.
   */
  public Lifetime effectiveLifetime(Instant received) {
    Duration declared;
    String source;
    if (maxAge != null) {
      declared = Duration.ofSeconds(maxAge);
      source = "Max-Age";
    } else if (expires != null) {
      declared = Duration.between(received, expires);
      source = "Expires";
    } else {
      return new Lifetime(LifetimeKind.SESSION, null, null, null);
    }
    if (declared.isNegative() || declared.isZero()) {
      return new Lifetime(LifetimeKind.EXPIRED, source, declared, Duration.ZERO);
    }
    Duration effective = declared.compareTo(BROWSER_LIFETIME_CAP) > 0 ? BROWSER_LIFETIME_CAP
        : declared;
    return new Lifetime(LifetimeKind.PERSISTENT, source, declared, effective);
  }

  /**
   * The attributes as a short line for findings ("Secure; HttpOnly; SameSite=Lax; Path=/"). It
   * is built from parsed fields only, so it can never carry the cookie's value.
   */
  public String attributeSummary() {
    StringBuilder sb = new StringBuilder();
    if (secure) {
      append(sb, "Secure");
    }
    if (httpOnly) {
      append(sb, "HttpOnly");
    }
    switch (sameSite) {
      case ABSENT -> { }
      case INVALID -> append(sb, "SameSite=" + sameSiteRaw + " (invalid)");
      default -> append(sb, "SameSite=" + sameSite.label());
    }
    if (partitioned) {
      append(sb, "Partitioned");
    }
    if (domain != null) {
      append(sb, "Domain=" + domain);
    }
    if (path != null) {
      append(sb, "Path=" + path);
    }
    if (maxAge != null) {
      append(sb, "Max-Age=" + maxAge);
    }
    if (expiresRaw != null && expires != null) {
      append(sb, "Expires=" + expiresRaw);
    }
    return sb.length() == 0 ? "no attributes" : sb.toString();
  }

  private static void append(StringBuilder sb, String part) {
    if (sb.length() > 0) {
      sb.append("; ");
    }
    sb.append(part);
  }

  /**
   * Why a browser on {@code host} rejects this cookie for its Domain attribute, or null when the
   * Domain is absent or covers the host (RFC 6265bis §5.7 steps 5-6 with domain-match, §5.1.3).
   * A single-label Domain other than the host itself is a public suffix under the Public Suffix
   * List's implicit "*" rule, so it is rejected without the list; longer public suffixes
   * (co.uk) need the list and are not judged here.
   */
  public String domainRejection(String host) {
    if (domain == null || domain.isEmpty() || host == null) {
      return null;
    }
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (h.equals(domain)) {
      return null;
    }
    boolean ip = h.startsWith("[") || h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    if (ip) {
      return "Domain=" + domain + " on the IP address " + h + ", which only an identical Domain"
          + " matches";
    }
    if (!domain.contains(".")) {
      return "Domain=" + domain + " is a public suffix, not the host " + h;
    }
    if (!h.endsWith("." + domain)) {
      return "Domain=" + domain + " does not cover the host " + h + " that set it";
    }
    return null;
  }

  /** Display name for reports: a nameless cookie still needs a subject people can read. */
  public String displayName() {
    return nameless() ? "(nameless)" : name;
  }
}

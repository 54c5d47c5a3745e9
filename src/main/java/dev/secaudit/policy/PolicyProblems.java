package dev.secaudit.policy;

import dev.secaudit.model.Mapping;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the section records' validation found, and the rules several sections share (short ids,
 * URLs, paths, header names, ranges, check-id globs, compliance mappings), so each rule and its
 * message live in one place. It collects every problem so that one run of {@code secaudit
 * validate} lists them all.
 */
final class PolicyProblems {
  static final Set<String> FRAMEWORKS = Set.of("soc2", "gdpr", "iso27001");
  /** A short id: a target, source, rate limit, flow or claim name. */
  static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]*";
  /** An HTTP field name (RFC 9110 token). */
  static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
  static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private final Set<String> knownCheckIds;
  private Set<String> rules = Set.of();
  private final Map<String, Set<String>> knownRequirements;
  private final List<PolicyValidator.Problem> found = new ArrayList<>();
  private java.util.function.Supplier<Set<String>> topics;

  PolicyProblems(Set<String> knownCheckIds, Map<String, Set<String>> knownRequirements) {
    this.knownCheckIds = knownCheckIds;
    this.knownRequirements = knownRequirements;
  }

  void topics(java.util.function.Supplier<Set<String>> known) {
    this.topics = known;
  }

  /** A claim's topic the vocabulary has; unchecked when the loader was given no vocabulary. */
  void topic(String pointer, String topic) {
    Set<String> known = topics == null ? null : topics.get();
    if (known != null && !known.contains(topic)) {
      // "soc2" for certification.soc2: the last part of an id is what people write.
      List<String> ending = known.stream().filter(k -> k.endsWith("." + topic)).sorted().toList();
      add(pointer, "unknown topic '" + topic + "'" + (ending.isEmpty()
          ? Suggestions.didYouMean(topic, known) : " (did you mean '" + ending.get(0) + "'?)")
          + " (the topics are listed in docs/claims.md)");
    }
  }

  void add(String pointer, String message) {
    found.add(new PolicyValidator.Problem(pointer, message));
  }

  List<PolicyValidator.Problem> found() {
    return found;
  }

  /**
   * A short id: true when it is one; otherwise the problem is added at {@code pointer}, or at
   * {@code missingAt} when the value is absent ({@code missing} says what to write there).
   */
  boolean shortId(String pointer, String missingAt, String value, String missing, String noun) {
    if (value == null) {
      add(missingAt, missing);
      return false;
    }
    if (!value.matches(NAME)) {
      add(pointer, "'" + value + "' is not a valid " + noun + ": letters, digits, '.', '_' and '-'");
      return false;
    }
    return true;
  }

  void range(String pointer, long value, long min, long max) {
    if (value < min || value > max) {
      add(pointer, "must be between " + min + " and " + max + ", got " + value);
    }
  }

  void headerNames(String pointer, Set<String> names) {
    for (String h : names) {
      if (!h.matches(TOKEN)) {
        add(pointer + "/" + SourceTree.escape(h), "'" + h + "' is not a valid header name");
      }
    }
  }

  /** Whether the URL is valid; each mistake is added at {@code pointer}. */
  boolean url(String pointer, String value, boolean allowPath) {
    int before = found.size();
    try {
      URI u = new URI(value);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http")) {
        add(pointer, "expected an absolute http:// or https:// URL, got '" + value + "'");
      } else if (u.getHost() == null || u.getHost().isEmpty()) {
        add(pointer, "the URL '" + value + "' has no host");
      } else if (u.getPort() == 0 || u.getPort() > 65535) {
        // OkHttp refuses these with a NullPointerException deep in the scan; say it here.
        add(pointer, "port " + u.getPort() + " is out of range (1-65535) in '" + value + "'");
      } else if (u.getUserInfo() != null) {
        add(pointer, "put credentials in request_headers with ${env:NAME}, not in the URL");
      } else if (!allowPath && u.getPath() != null && !u.getPath().isEmpty()) {
        add(pointer, "an origin has no path, got '" + value + "'");
      }
    } catch (URISyntaxException e) {
      // "127.0.0.1:9080" reads as a scheme with a bad character: the parser's reason misleads.
      add(pointer, value.contains("://") ? "not a valid URL: " + e.getReason() + " ('" + value
          + "')" : "expected an absolute http:// or https:// URL, got '" + value + "'");
    }
    return found.size() == before;
  }

  /**
   * Paths are resolved against the target URL; "//host/x" would resolve to another host and
   * carry the target's request headers there, so only plain absolute paths are accepted.
   */
  void paths(String pointer, List<String> paths) {
    Set<String> seen = new HashSet<>();
    for (int j = 0; j < paths.size(); j++) {
      String p = paths.get(j);
      if (plainPath(pointer + "/" + j, p) && !seen.add(p)) {
        add(pointer + "/" + j, "'" + p + "' is listed twice; each path is fetched once");
      }
    }
  }

  /** "//host/x" would resolve to another host and carry the target's credentials there. */
  static boolean isPlainPath(String path) {
    return path.startsWith("/") && !path.startsWith("//") && !path.contains("\\");
  }

  /** A path on the target's origin: true when it is one. */
  boolean plainPath(String pointer, String path) {
    if (isPlainPath(path)) {
      return true;
    }
    add(pointer, "a path starts with a single '/' (such as /login), got '" + path + "'");
    return false;
  }

  /**
   * The path and method of a request an active probe sends (a flow's, a rate limit's): true when
   * the method is one secaudit sends. The placeholder init writes for a path is let through:
   * validate lists it, and the probe never sends a request that holds one.
   */
  boolean request(String at, String method, String path) {
    if (!LoadedPolicy.isPlaceholder(path)) {
      plainPath(at + "/path", path);
    }
    if (METHODS.contains(method)) {
      return true;
    }
    add(at + "/method", "'" + method + "' is not a method secaudit sends; use one of "
        + String.join(", ", METHODS.stream().sorted().toList()));
    return false;
  }

  /** A duration an entry needs: given, and longer than 0. */
  void requiredDuration(String at, String field, PolicyDuration value, String what) {
    if (value == null) {
      add(at, "missing '" + field + "' (" + what + ")");
    } else {
      positive(at + "/" + field, value);
    }
  }

  /**
   * A lifetime the browser counts in whole seconds (HSTS max-age, a cookie's Max-Age) written in
   * milliseconds: {@code 31536000ms} is under nine hours, where the number is a year of seconds.
   * Surely a slip, so refused with what was likely meant rather than read as written.
   */
  void inSeconds(String pointer, PolicyDuration value, String counted) {
    if (value == null || !value.text().endsWith("ms")) {
      return;
    }
    long n = Long.parseLong(value.text().substring(0, value.text().length() - 2));
    add(pointer, "'" + value.text() + "' is " + PolicyDuration.written(value.value()) + ", and "
        + counted + " counts seconds, not milliseconds; did you mean " + n + " ("
        + PolicyDuration.written(java.time.Duration.ofSeconds(n)) + ")?");
  }

  /** A duration that must be longer than 0: true when it is. */
  boolean positive(String pointer, PolicyDuration value) {
    if (!value.value().isZero()) {
      return true;
    }
    add(pointer, "must be longer than 0");
    return false;
  }

  void checkGlob(String pointer, String glob) {
    if (knownCheckIds.isEmpty()) {
      return;
    }
    String regex = Globs.toRegex(glob);
    for (String id : knownCheckIds) {
      if (id.matches(regex)) {
        return;
      }
    }
    add(pointer, "no check id matches '" + glob + "'" + Suggestions.didYouMean(glob, knownCheckIds)
        + "; see 'secaudit checks' or docs/checks.md");
  }

  /** The rules a claim may name by pointer, set before the claims are read. */
  void rules(Set<String> pointers) {
    this.rules = pointers;
  }

  /** A claim's checks: check-id globs, or the pointer of one rule of this policy. */
  void claimChecks(String pointer, List<String> entries) {
    for (int j = 0; j < entries.size(); j++) {
      String e = entries.get(j);
      if (!ClaimChecks.isRule(e)) {
        checkGlob(pointer + "/" + j, e);
      } else if (!rules.contains(e)) {
        add(pointer + "/" + j, "no rule of this policy is at '" + e + "': name check ids"
            + " (ratelimit.*) or one rule of " + String.join(", ", ClaimChecks.RULE_LISTS)
            + " by its pointer" + (rules.isEmpty() ? "" : " (" + String.join(", ",
                rules.stream().limit(6).toList()) + (rules.size() > 6 ? ", ..." : "") + ")"));
      }
    }
  }

  void checkGlobs(String pointer, List<String> globs) {
    for (int j = 0; j < globs.size(); j++) {
      checkGlob(pointer + "/" + j, globs.get(j));
    }
  }

  /** Requirement ids are checked so a mapping is never a row that silently never fills. */
  void mapsTo(String pointer, List<Mapping> mappings) {
    for (int j = 0; j < mappings.size(); j++) {
      Mapping m = mappings.get(j);
      Set<String> reqs = knownRequirements.get(m.framework());
      if (!FRAMEWORKS.contains(m.framework())) {
        add(pointer + "/" + j, "unknown framework '" + m.framework()
            + "'; use soc2:, gdpr: or iso27001:");
      } else if (reqs != null && !reqs.contains(m.requirement())) {
        add(pointer + "/" + j, "'" + m.requirement() + "' is not a " + m.framework()
            + " requirement id" + suggestRequirement(m.requirement(), reqs)
            + " (ids as in the reports, e.g. soc2:CC6.1, gdpr:32(1)(a), iso27001:8.24)");
      }
    }
  }

  /** "28" is a whole article; the catalogue lists its paragraphs, so offer those first. */
  private static String suggestRequirement(String id, Set<String> known) {
    List<String> parts = known.stream().filter(k -> k.startsWith(id + "(")).sorted().toList();
    if (!parts.isEmpty()) {
      return " (the catalogue lists it by paragraph: " + String.join(", ", parts) + ")";
    }
    return Suggestions.didYouMean(id, known);
  }
}

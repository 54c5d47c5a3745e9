package dev.secaudit.check.csp;

import java.util.Locale;

/**
 * One weakness the evaluator found in one policy.
 *
 * @param directive the directive the weakness sits in, or the one that is missing
 * @param value the source expression at fault, or empty when the directive as a whole is
 * @param description what it allows and what to do, in one sentence
 */
public record CspIssue(Type type, String directive, String value, String description) {

  public CspIssue {
    value = value == null ? "" : value;
  }

  /**
   * The kinds of weakness, after Google's csp-evaluator. {@code informational} marks advice that
   * does not by itself make the policy weaker than the site needs (csp-evaluator's INFO and
   * STRICT_CSP levels).
   */
  public enum Type {
    UNSAFE_INLINE(false),
    STYLE_UNSAFE_INLINE(true),
    UNSAFE_EVAL(false),
    UNSAFE_HASHES(false),
    PLAIN_WILDCARD(false),
    PLAIN_URL_SCHEME(false),
    ALLOWLIST_BYPASS(false),
    MISSING_DIRECTIVE(false),
    NONCE_LENGTH(false),
    NONCE_CHARSET(false),
    SRC_HTTP(false),
    IP_SOURCE(false),
    DEPRECATED_DIRECTIVE(false),
    REPORT_URI_DEPRECATED(true),
    UNKNOWN_DIRECTIVE(false),
    DUPLICATE_DIRECTIVE(false),
    MISSING_SEMICOLON(false),
    INVALID_KEYWORD(false),
    IGNORED_IN_META(false),
    STRICT_DYNAMIC(true),
    STRICT_DYNAMIC_NOT_STANDALONE(false),
    UNSAFE_INLINE_FALLBACK(true),
    ALLOWLIST_FALLBACK(true),
    REQUIRE_TRUSTED_TYPES(true);

    private final boolean informational;

    Type(boolean informational) {
      this.informational = informational;
    }

    public boolean informational() {
      return informational;
    }

    /** The name reports show: {@code unsafe_inline}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}

package dev.secaudit.policy;

import dev.secaudit.model.Severity;

@Doc("Rules for the cookies whose name matches a glob. Every matching rule applies.")
public record CookieRule(
    @Doc(value = "Cookie name glob (* and ?), case-sensitive unless ignore_case.",
            example = "session*", required = true)
        String name,
    @Doc("Match the glob whatever the case, so *sess* finds SESSIONID, JSESSIONID and"
        + " PHPSESSID (cookie names themselves stay case-sensitive).")
        Boolean ignoreCase,
    @Doc("The cookie must be set by some answer the scan received (a page, or a flow's sign-in:"
        + " a cookie set only at sign-in is seen when the flow runs).") Boolean required,
    @Doc("Secure must be set (true); false or unset: not judged.") Boolean secure,
    @Doc("HttpOnly must be set (true); false or unset: not judged.") Boolean httpOnly,
    @Doc("Required SameSite value: Strict, Lax or None (another case is read as these, with a"
        + " note).") SameSite sameSite,
    @Doc("Partitioned (CHIPS) must be set (true); false or unset: not judged.")
        Boolean partitioned,
    @Doc(value = "Longest lifetime allowed (Max-Age, else Expires); session cookies always pass."
            + " Max-Age counts seconds: a value in ms is refused.", example = "30d")
        PolicyDuration maxAge,
    @Doc("Required name prefix: __Host- or __Secure-.") String prefix,
    @Doc(value = "Severity of a failure.", defaultValue = "the check's own") Severity severity) {
  public CookieRule {
    required = Unset.or(required, Boolean.FALSE);
    ignoreCase = Unset.or(ignoreCase, Boolean.FALSE);
  }

  void validate(String pointer, PolicyProblems problems) {
    if (name == null || name.isBlank()) {
      problems.add(pointer, "missing 'name' (a cookie name or glob such as session*)");
    }
    if (prefix != null && !prefix.equals("__Host-") && !prefix.equals("__Secure-")) {
      problems.add(pointer + "/prefix", "expected __Host- or __Secure-, got '" + prefix + "'");
    }
    if (sameSite == SameSite.NONE && Boolean.FALSE.equals(secure)) {
      problems.add(pointer + "/same_site", "SameSite=None needs Secure (browsers reject it"
          + " otherwise); set secure: true");
    }
    problems.inSeconds(pointer + "/max_age", maxAge, "a cookie's Max-Age");
    if (Boolean.TRUE.equals(partitioned) && Boolean.FALSE.equals(secure)) {
      problems.add(pointer + "/partitioned", "Partitioned needs Secure; set secure: true");
    }
  }

  /** Whether this rule is about the cookie named {@code cookieName}. */
  public boolean covers(String cookieName) {
    return name != null && (ignoreCase ? Globs.matchesIgnoringCase(name, cookieName)
        : Globs.matches(name, cookieName));
  }

  /** Cookie SameSite values. */
  public enum SameSite {
    STRICT,
    LAX,
    NONE;

    @com.fasterxml.jackson.annotation.JsonCreator
    public static SameSite parse(String s) {
      return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "strict" -> STRICT;
        case "lax" -> LAX;
        case "none" -> NONE;
        default -> throw new IllegalArgumentException(
            "expected Strict, Lax or None, got '" + s + "'");
      };
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String label() {
      return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }
  }
}

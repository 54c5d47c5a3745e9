package dev.secaudit.check.cookie;

import dev.secaudit.check.Check;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.model.Severity;
import java.util.List;
import java.util.Set;

/**
 * The ids {@link CookieCheck} reports: what each verifies, its severity, policy section and
 * mappings, how to fix a failure and where it comes from. Kept beside the check so the check
 * reads as its logic.
 */
final class CookieCheckReports {
  static final List<CheckInfo> ALL = List.of(
      CheckInfo.of("cookie.secure",
          "Cookie has the Secure attribute",
          Severity.HIGH,
          "cookies",
          ControlAreas.SESSION_IN_TRANSIT,
          "Add Secure to the Set-Cookie header.",
          "RFC 6265bis §4.1.2.5"),
      CheckInfo.of("cookie.http_only",
          "Cookie has the HttpOnly attribute",
          Severity.HIGH,
          "cookies",
          ControlAreas.SESSION,
          "Add HttpOnly so scripts cannot read the cookie.",
          "RFC 6265bis §4.1.2.6"),
      CheckInfo.of("cookie.same_site",
          "Cookie SameSite is as the policy says",
          Severity.MEDIUM,
          "cookies",
          ControlAreas.SESSION,
          "Set SameSite explicitly (Lax or Strict for session cookies; None only with Secure).",
          "RFC 6265bis §4.1.2.7"),
      CheckInfo.of("cookie.partitioned",
          "Cookie Partitioned (CHIPS) is as the policy says",
          Severity.LOW,
          "cookies",
          ControlAreas.SESSION,
          "Add Partitioned (with Secure) to cross-site cookies.",
          "CHIPS"),
      CheckInfo.of("cookie.prefix",
          "Cookie name prefixes are honoured",
          Severity.MEDIUM,
          "cookies",
          ControlAreas.SESSION,
          "__Secure- cookies need Secure; __Host- cookies need Secure, Path=/ and no Domain.",
          "RFC 6265bis §4.1.3"),
      CheckInfo.of("cookie.lifetime",
          "Cookie lifetime is within the policy's maximum",
          Severity.MEDIUM,
          "cookies",
          ControlAreas.SESSION + " gdpr:5(1)(e)",
          "Lower Max-Age/Expires to the policy's maximum (browsers cap"
            + " at 400 days).",
          "RFC 6265bis §4.1.2.1-2, §5.5"),
      CheckInfo.of("cookie.syntax",
          "Set-Cookie is well formed and browsers will keep it",
          Severity.MEDIUM,
          "cookies",
          ControlAreas.SESSION,
          "Fix the attribute the finding names (SameSite=None needs Secure,"
            + " Partitioned needs Secure, SameSite values are Strict, Lax or None, Domain must"
            + " cover the host, a cookie needs a name).",
          "RFC 6265bis-15 §5 (§5.6: a nameless cookie is kept under the empty name, as RFC 6265"
            + " §5.2 did not; §5.7 steps 5-6 and §5.1.3: a Domain that does not domain-match the"
            + " host is rejected, a single-label Domain is a public suffix under the Public Suffix"
            + " List's '*' rule; longer public suffixes are not judged without the list); vectors"
            + " from the http-state parser tests (abarth/http-state)"),
      CheckInfo.of("cookie.over_http",
          "No cookie is set over plain HTTP",
          Severity.HIGH,
          "cookies",
          ControlAreas.SESSION_IN_TRANSIT,
          "Set cookies only on HTTPS answers: drop Set-Cookie from the plain-HTTP redirect (and"
            + " any http page), and mark them Secure.",
          "RFC 6265bis §4.1.2.5 and §5.7 step 8 (a Secure cookie from an http answer is"
            + " ignored); RFC 9110 §4.2.1 (http is not confidential)"),
      CheckInfo.of("cookie.required",
          "A cookie the policy expects is set",
          Severity.MEDIUM,
          "cookies",
          ControlAreas.SESSION,
          "Check the cookie name glob and the paths fetched (targets[].paths).",
          "secaudit policy"));

  private CookieCheckReports() {}
}

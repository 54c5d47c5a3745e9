package dev.secaudit.check.flow;

import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.model.Severity;
import java.util.List;

/** The check ids of request flows, declared beside the check that reports them. */
final class FlowChecks {
  public static final String COMPLETED = "flow.completed";
  public static final String SESSION_LIFETIME = "session.lifetime";
  public static final String JWT_ALGORITHM = "jwt.algorithm";
  public static final String JWT_LIFETIME = "jwt.lifetime";
  public static final String SINGLE_USE = "token.single_use";
  public static final String REJECTED = "request.rejected";
  public static final String REQUIRES_AUTH = "request.requires_auth";
  public static final String IDEMPOTENT = "request.idempotent";
  public static final String CSRF = "request.csrf";
  public static final String CSRF_TOKEN = "request.csrf_token";
  public static final String EXPIRY = "token.expiry";
  public static final String PASSWORD_LENGTH = "password.min_length";

  /** The ids of request flows: what each verifies, how to fix a failure, where it comes from. */
  static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of(COMPLETED,
          "A request flow runs to its end with test"
            + " credentials (active probe)",
          Severity.LOW,
          "flows",
          ControlAreas.ACCESS,
          "Make the flow's requests match the service (paths, credentials, expect_status, capture"
            + " pointers); the finding names the step and capture that failed.",
          "secaudit policy flows[]; RFC 6901 (JSON Pointer)"),
      CheckInfo.of(SESSION_LIFETIME,
          "The session cookie set at sign-in lives"
            + " no longer than stated (active probe)",
          Severity.MEDIUM,
          "flows",
          ControlAreas.ACCESS,
          "Set Max-Age on the session cookie to at most the stated session lifetime, and expire"
            + " the session on the server at the same time.",
          "RFC 6265bis §5.6 (Max-Age, Expires); OWASP Session Management Cheat Sheet"),
      CheckInfo.of(JWT_ALGORITHM,
          "A JWT the service issues is signed (alg is"
            + " not none)",
          Severity.HIGH,
          "flows",
          // A token's signature is cryptography in use (ISO 8.24), besides secure authentication.
          ControlAreas.ACCESS + " iso27001:8.24",
          "Sign tokens (HS256, RS256, ES256 or EdDSA) and reject alg none on verification.",
          "RFC 7519 §6; RFC 8725 §3.1"),
      CheckInfo.of(JWT_LIFETIME,
          "A JWT the service issues expires within the"
            + " stated time (exp - iat)",
          Severity.MEDIUM,
          "flows",
          ControlAreas.ACCESS,
          "Issue tokens with iat and exp, exp no later than the stated lifetime after iat.",
          "RFC 7519 §4.1.4, §4.1.6; RFC 8725 §3.10"),
      CheckInfo.of(SINGLE_USE,
          "A one-shot token (magic link, reset token)"
            + " is refused on its second use",
          Severity.HIGH,
          "flows",
          ControlAreas.ACCESS,
          "Invalidate the token on the server the moment it is used (mark it consumed in the"
            + " same transaction) and answer later uses with 4xx.",
          "OWASP Forgot Password Cheat Sheet; NIST SP 800-63B §5.1.1.2"),
      CheckInfo.of(REJECTED,
          "A request the policy says must be rejected is"
            + " answered with a 4xx",
          Severity.MEDIUM,
          "flows",
          ControlAreas.ACCESS,
          "Validate the input on the server (e.g. the stated minimum password length) and answer"
            + " invalid input with 400 or 422.",
          "NIST SP 800-63B §5.1.1.2; OWASP ASVS V2.1"),
      CheckInfo.of(REQUIRES_AUTH,
          "A protected request without credentials"
            + " is refused with 401 or 403",
          Severity.HIGH,
          "flows",
          ControlAreas.ACCESS,
          "Require a valid session or key on the endpoint (deny by default) and answer 401 without"
            + " one.",
          "RFC 9110 §15.5.2; OWASP API Security Top 10 API2:2023"),
      CheckInfo.of(IDEMPOTENT,
          "A mutation repeated with the same"
            + " Idempotency-Key has one effect and the same answer",
          Severity.MEDIUM,
          "flows",
          // One effect per request is processing integrity (PI1.3) and an application's own
          // security requirement (8.26), not network boundary protection (a blind review).
          "soc2:PI1.3 gdpr:32(1)(b) iso27001:8.26",
          "Store the first answer under the Idempotency-Key and replay it for repeats of the key,"
            + " without performing the mutation again. Without an effect count, a control under"
            + " a different key must get an answer of its own, or the check says idempotency is"
            + " not shown (WARN).",
          "draft-ietf-httpapi-idempotency-key-header-06 §2-3 (a key identifies one request; a"
            + " repeat gets the stored result)"),
      CheckInfo.of(CSRF,
          "A state-changing request without its CSRF token is"
            + " refused",
          Severity.HIGH,
          "flows",
          "soc2:CC6.1 soc2:CC6.6 gdpr:32(1)(b) iso27001:8.5",
          "Require a per-session CSRF token (or check Origin/Sec-Fetch-Site) on every"
            + " state-changing request and answer 403 without it; SameSite cookies alone are not"
            + " enough.",
          "OWASP Cross-Site Request Forgery Prevention Cheat Sheet"),
      CheckInfo.of(CSRF_TOKEN,
          "A state-changing request from the site's"
            + " own origin is refused without its CSRF token and with a wrong one",
          Severity.HIGH,
          "flows",
          "soc2:CC6.1 soc2:CC6.6 gdpr:32(1)(b) iso27001:8.5",
          "Compare the submitted token with the one bound to the session (a constant-time"
            + " comparison) on every state-changing request, and answer 403 when it is missing or"
            + " differs; an Origin check alone does not stop a same-site attacker.",
          "OWASP Cross-Site Request Forgery Prevention Cheat Sheet (synchronizer token, signed"
            + " double-submit cookie)"),
      CheckInfo.of(EXPIRY,
          "A token, link or session stops working once its"
            + " stated lifetime is over (read from its expiry, or waited for: opt-in)",
          Severity.MEDIUM,
          "flows",
          ControlAreas.ACCESS,
          "Expire tokens on the server at the stated time (store the expiry with the token, or"
            + " sign exp into it and check it), and answer later uses with 401.",
          "RFC 7519 §4.1.4; RFC 6749 §5.1 (expires_in); RFC 6265 §5.3 (Max-Age, Expires);"
            + " OWASP Session Management Cheat Sheet (idle and absolute timeouts)"),
      CheckInfo.of(PASSWORD_LENGTH,
          "A password one character shorter than"
            + " the stated minimum is refused, and one of the minimum length accepted",
          Severity.MEDIUM,
          "flows",
          // The password rule is the care of authentication information (ISO 5.17).
          ControlAreas.ACCESS + " iso27001:5.17",
          "Check the length on the server (not only in the form) at sign-up and password change,"
            + " counting characters, and answer shorter passwords with 400 or 422.",
          "NIST SP 800-63B §5.1.1.2; OWASP ASVS V2.1.1"));

  private FlowChecks() {}

  /** The check id an expectation's kind reports under. */
  public static String forKind(String kind) {
    return switch (kind) {
      case "rejected" -> REJECTED;
      case "requires_auth" -> REQUIRES_AUTH;
      case "one_shot" -> SINGLE_USE;
      case "idempotent" -> IDEMPOTENT;
      case "csrf" -> CSRF;
      case "csrf_token" -> CSRF_TOKEN;
      case "expires" -> EXPIRY;
      case "password_length" -> PASSWORD_LENGTH;
      default -> throw new IllegalArgumentException("unknown expectation kind " + kind);
    };
  }
}

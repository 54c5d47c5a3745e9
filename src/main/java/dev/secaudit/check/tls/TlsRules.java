package dev.secaudit.check.tls;

import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.model.Severity;
import dev.secaudit.model.TlsVersion;
import dev.secaudit.policy.Tls;
import dev.secaudit.probe.tls.SuiteTraits;
import java.util.ArrayList;
import java.util.List;

/**
 * The policy's TLS rules as plain functions, shared by the live checks (what a server accepted)
 * and the config checks (what a server is configured to accept), so that a tls: line means the
 * same thing in both places.
 */
public final class TlsRules {
  private TlsRules() {}

  /**
   * The policy line that makes {@code v} forbidden (a forbidden_versions entry, or min_version
   * when {@code v} is older), or null when the version is allowed.
   */
  public static String forbiddenBy(Tls policy, TlsVersion v) {
    for (int i = 0; i < policy.forbiddenVersions().size(); i++) {
      if (TlsVersion.parse(policy.forbiddenVersions().get(i)) == v) {
        return PolicyPointer.entry(PolicyPointer.TLS_FORBIDDEN_VERSIONS, i);
      }
    }
    return v.isBefore(TlsVersion.parse(policy.minVersion())) ? PolicyPointer.TLS_MIN_VERSION : null;
  }

  /**
   * The verdict on one cipher suite (IANA name).
   *
   * @param reasons empty when the suite is acceptable
   * @param severity the worst reason's severity, or null when there is none
   * @param pointer the policy line that decided
   */
  public record SuiteVerdict(List<String> reasons, Severity severity, String pointer) {
    public boolean ok() {
      return reasons.isEmpty();
    }
  }

  /** What every suite must meet, in words, for the findings' "expected". */
  public static String suiteExpectation(Tls policy) {
    return "no weak class (NULL, anonymous, EXPORT, RC4, DES, 3DES, MD5, static RSA, CBC)"
        + (policy.allowedSuites().isEmpty() ? "" : ", in allowed_suites")
        + (policy.forbiddenSuites().isEmpty() ? "" : ", not in forbidden_suites");
  }

  /**
   * A suite fails when it falls in a weak class, matches forbidden_suites, or is outside a
   * non-empty allowed_suites. A suite that allowed_suites names is exempt from the two classes a
   * policy may knowingly accept for old clients (static RSA and CBC); the broken ones never are.
   */
  public static SuiteVerdict suite(Tls policy, String name) {
    int allowedAt = TlsCipherCheck.index(policy.allowedSuites(), name);
    int forbiddenAt = TlsCipherCheck.index(policy.forbiddenSuites(), name);
    List<String> reasons = new ArrayList<>();
    Severity severity = null;
    String pointer = PolicyPointer.TLS;
    for (String c : SuiteTraits.weakClasses(name)) {
      boolean tolerated = allowedAt >= 0 && (c.equals("CBC") || c.equals("static RSA"));
      if (!tolerated) {
        reasons.add(c);
        severity = worse(severity, TlsCipherCheck.severityOf(c));
      }
    }
    if (forbiddenAt >= 0) {
      reasons.add("forbidden by " + policy.forbiddenSuites().get(forbiddenAt));
      severity = worse(severity, Severity.MEDIUM);
      pointer = PolicyPointer.entry(PolicyPointer.TLS_FORBIDDEN_SUITES, forbiddenAt);
    }
    if (!policy.allowedSuites().isEmpty() && allowedAt < 0) {
      reasons.add("not in allowed_suites");
      severity = worse(severity, Severity.MEDIUM);
      pointer = pointer.equals(PolicyPointer.TLS) ? PolicyPointer.TLS_ALLOWED_SUITES : pointer;
    } else if (allowedAt >= 0 && pointer.equals(PolicyPointer.TLS)) {
      pointer = PolicyPointer.entry(PolicyPointer.TLS_ALLOWED_SUITES, allowedAt);
    }
    return new SuiteVerdict(List.copyOf(reasons), severity, pointer);
  }

  public static Severity worse(Severity a, Severity b) {
    return a == null || b.compareTo(a) > 0 ? b : a;
  }
}

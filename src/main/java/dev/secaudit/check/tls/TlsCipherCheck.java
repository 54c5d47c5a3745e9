package dev.secaudit.check.tls;

import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Globs;
import dev.secaudit.policy.Tls;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.tls.SuiteEnumeration;
import dev.secaudit.probe.tls.SuiteTraits;
import dev.secaudit.probe.tls.TlsObservation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Locale;

/**
 * tls.ciphers: one finding per accepted (version, suite), and one per version for the groups when
 * the policy lists allowed groups. A suite fails when it falls in a weak class (NULL, anonymous,
 * EXPORT, RC4, DES, 3DES, MD5, static RSA, CBC), matches forbidden_suites, or is outside a
 * non-empty allowed_suites. A suite that allowed_suites names is exempt from the two classes a
 * policy may knowingly accept for old clients (static RSA and CBC); the broken ones never are.
 */
public final class TlsCipherCheck extends TlsCheck {
  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("tls.ciphers",
          "Every accepted cipher suite is strong and allowed by"
            + " the policy",
          Severity.MEDIUM,
          "tls",
          ControlAreas.CRYPTO,
          "Offer only AEAD suites with (EC)DHE key exchange (Mozilla"
            + " intermediate: ECDHE with AES-GCM or ChaCha20-Poly1305 for TLS 1.2); drop NULL,"
            + " anonymous, EXPORT, RC4, DES, 3DES, static RSA and CBC suites.",
          "RFC 7465; RFC 9325 §4.1; Mozilla server-side TLS 6.0"));

  static final String ID = "tls.ciphers";

  public TlsCipherCheck() {
    super(REPORTS, EnumSet.of(Aspect.TLS, Aspect.TLS_CIPHERS));
  }

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    Optional<Finding> skipped = withoutSuites(ctx, ID, "cipher suites",
        "cipher suites per policy", PolicyPointer.TLS);
    if (skipped.isPresent()) {
      return List.of(skipped.get());
    }
    Tls policy = ctx.policy().tls();
    TargetObservations obs = ctx.observations();
    TlsObservation tls = tls(ctx);
    List<Finding> out = new ArrayList<>();
    for (SuiteEnumeration e : tls.suites()) {
      List<String> evidence = List.of(obs.tlsSuitesArtifact(e));
      String v = e.version().label();
      if (e.incomplete() != null) {
        out.add(ctx.finding(ID).subject(v + " suites").about(Subject.protocol(e.version()))
            .status(Status.ERROR).expected("every accepted suite enumerated")
            .observed("enumeration incomplete on " + tls.endpoint() + ": " + e.incomplete()
                + (e.suites().isEmpty() ? "" : "; judged so far: " + String.join(" ",
                    e.suiteNames()))).evidence(evidence).rule(PolicyPointer.TLS).build());
      }
      for (SuiteEnumeration.AcceptedSuite s : e.suites()) {
        out.add(suite(ctx, policy, e, s.name(), tls.endpoint(), evidence));
      }
      if (!policy.allowedGroups().isEmpty() && !(e.groups().isEmpty()
          && e.groupsRefused().isEmpty() && e.groupsUndetermined().isEmpty())) {
        out.add(groups(ctx, policy, e, tls.endpoint(), evidence));
      }
    }
    return out;
  }

  /**
   * The groups a version accepted against allowed_groups. A group the probes could not show
   * accepted or refused (see {@link SuiteEnumeration#groupsUndetermined}) that the policy does
   * not allow keeps the finding from passing: the server may accept it.
   */
  private static Finding groups(CheckContext ctx, Tls policy, SuiteEnumeration e,
      String endpoint, List<String> evidence) {
    String v = e.version().label();
    List<String> outside = notAllowed(policy, e.groups());
    List<String> unknown = notAllowed(policy, e.groupsUndetermined());
    String observed = v + " groups accepted on " + endpoint + ": "
        + (e.groups().isEmpty() ? "none" : String.join(" ", e.groups()))
        + (outside.isEmpty() ? "" : "; not allowed: " + String.join(" ", outside))
        + (unknown.isEmpty() ? "" : "; not allowed and not determined whether accepted: "
            + String.join(" ", unknown) + " (" + e.groupsUndeterminedWhy() + ")");
    Status status = !outside.isEmpty() ? Status.FAIL : !unknown.isEmpty() ? Status.WARN
        : Status.PASS;
    return ctx.finding(ID).subject(v + " groups").about(Subject.protocol(e.version()))
        .status(status)
        .expected("only " + String.join(", ", policy.allowedGroups()),
            Value.Items.of(policy.allowedGroups()))
        .observed(observed, Value.Items.of(e.groups()))
        .evidence(evidence).rule(PolicyPointer.TLS_ALLOWED_GROUPS).build();
  }

  private static List<String> notAllowed(Tls policy, List<String> groups) {
    return groups.stream()
        .filter(g -> policy.allowedGroups().stream().noneMatch(a -> a.equalsIgnoreCase(g)))
        .toList();
  }

  private static Finding suite(CheckContext ctx, Tls policy, SuiteEnumeration e,
      String name, String endpoint, List<String> evidence) {
    String v = e.version().label();
    TlsRules.SuiteVerdict verdict = TlsRules.suite(policy, name);
    String expected = TlsRules.suiteExpectation(policy);
    String observed = name + " accepted with " + v + " on " + endpoint;
    Finding.Builder f = ctx.finding(ID).subject(v + " " + name)
        .about(new Subject(Subject.Kind.CIPHER_SUITE, name)).expected(expected)
        .evidence(evidence).rule(verdict.pointer());
    if (verdict.ok()) {
      return f.status(Status.PASS).observed(observed).build();
    }
    // Why the suite fails, as the list the sentence ends with.
    return f.status(Status.FAIL).severity(verdict.severity())
        .observed(observed + ": " + String.join(", ", verdict.reasons()),
            Value.Items.of(verdict.reasons())).build();
  }

  /** NULL, anonymous, EXPORT, RC4, DES and MD5 break the channel; 3DES is Sweet32; the rest age. */
  static Severity severityOf(String weakClass) {
    if (SuiteTraits.broken(weakClass)) {
      return Severity.HIGH;
    }
    return weakClass.equals("3DES") ? Severity.MEDIUM : Severity.LOW;
  }

  /** The first pattern (IANA name or glob) that matches, or -1. */
  static int index(List<String> patterns, String name) {
    for (int i = 0; i < patterns.size(); i++) {
      String p = patterns.get(i);
      if (p.equalsIgnoreCase(name) || Globs.matches(p.toUpperCase(Locale.ROOT), name)) {
        return i;
      }
    }
    return -1;
  }
}

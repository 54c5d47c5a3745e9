package dev.secaudit.check.tls;

import dev.secaudit.model.Value;
import dev.secaudit.model.Subject;
import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.model.Severity;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Tls;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.tls.CertificateFacts;
import dev.secaudit.probe.tls.CertificateObservation;
import dev.secaudit.probe.tls.TlsObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * tls.certificate.*: the chain the server sent, judged against the policy's certificate rules.
 * Expiry is judged in days and as the share of the lifetime left, because fixed day counts misfire
 * on short-lived certificates (a 6-day certificate is never 14 days from expiry).
 */
public final class TlsCertificateCheck extends TlsCheck {
  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("tls.certificate.trusted",
          "The certificate chain validates against"
            + " trusted roots",
          Severity.HIGH,
          "tls",
          ControlAreas.CRYPTO,
          "Serve the full chain (leaf then intermediates) from a CA"
            + " browsers trust, or add your private CA with tls.certificate.ca_file.",
          "RFC 5280 §6; CA/Browser Forum Baseline Requirements"),
      CheckInfo.of("tls.certificate.hostname",
          "The certificate names the host",
          Severity.HIGH,
          "tls",
          ControlAreas.CRYPTO,
          "Issue the certificate with the host in its subject alternative names (the CN is not"
            + " used).",
          "RFC 6125 §6; RFC 9525"),
      CheckInfo.of("tls.certificate.expiry",
          "The certificate is valid and far enough from"
            + " expiry",
          Severity.HIGH,
          "tls",
          ControlAreas.CRYPTO,
          "Renew the certificate (automate it with ACME) well before"
            + " notAfter; renew at a third of the lifetime left.",
          "RFC 5280 §4.1.2.5; Let's Encrypt renewal guidance"),
      CheckInfo.of("tls.certificate.lifetime",
          "The certificate's lifetime is within the"
            + " policy's maximum",
          Severity.LOW,
          "tls",
          ControlAreas.CRYPTO,
          "Use shorter-lived certificates (90 days or less)"
            + " issued automatically.",
          "Mozilla server-side TLS 6.0: certificate lifespan"),
      CheckInfo.of("tls.certificate.key",
          "The certificate key is of an allowed type and"
            + " size",
          Severity.HIGH,
          "tls",
          ControlAreas.CRYPTO,
          "Reissue with RSA of 2048 bits or more, or ECDSA P-256/P-384.",
          "NIST SP 800-57 Part 1; Mozilla server-side TLS 6.0"),
      CheckInfo.of("tls.certificate.signature",
          "Neither the leaf (self-signed or not) nor"
            + " any certificate below the root is signed with SHA-1 or MD5",
          Severity.HIGH,
          "tls",
          ControlAreas.CRYPTO,
          "Reissue the certificate (and use intermediates)"
            + " signed with SHA-256 or better.",
          "CA/Browser Forum BR §7.1.3; RFC 9155"),
      CheckInfo.of("tls.certificate.issuer",
          "The certificate comes from the issuer the"
            + " policy names",
          Severity.MEDIUM,
          "tls",
          ControlAreas.CRYPTO,
          "Issue the certificate from the CA the security page"
            + " names, or correct the policy's issuer pattern.",
          "secaudit policy tls.certificate"));

  static final String TRUSTED = "tls.certificate.trusted";
  static final String HOSTNAME = "tls.certificate.hostname";
  static final String EXPIRY = "tls.certificate.expiry";
  static final String LIFETIME = "tls.certificate.lifetime";
  static final String KEY = "tls.certificate.key";
  static final String SIGNATURE = "tls.certificate.signature";
  static final String ISSUER = "tls.certificate.issuer";

  private static final String AT = PolicyPointer.TLS_CERTIFICATE;
  private static final long DAY = 86_400;

  /** What tls.certificate.trusted asks for, and sees, as a value. */
  private static final Value.Presence TRUSTED_CHAIN = new Value.Presence("trusted", true);

  public TlsCertificateCheck() {
    super(REPORTS, EnumSet.of(Aspect.TLS));
  }

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    Tls.TlsCertificate rules = ctx.policy().tls().certificate();
    TargetObservations obs = ctx.observations();
    TlsObservation tls = tls(ctx);
    List<Finding> unjudged = unjudged(ctx, ids(rules));
    if (unjudged != null) {
      return unjudged;
    }
    List<Finding> out = new ArrayList<>();
    for (JudgedChain c : JudgedChain.all(tls)) {
      out.addAll(judge(ctx, rules, c.certificate(), c.subject(tls), List.of(c.artifact(obs))));
    }
    return OtherCertificates.marked(tls, out);
  }

  /** Every certificate finding the rules ask for, of one chain the server sent. */
  private static List<Finding> judge(CheckContext ctx, Tls.TlsCertificate rules,
      CertificateObservation cert, String subject, List<String> evidence) {
    List<Finding> out = new ArrayList<>();
    CertificateFacts leaf = cert.leaf();
    Instant now = ctx.now();

    Subject about = certificate(subject);
    if (rules.requireTrusted()) {
      out.add(ctx.finding(TRUSTED).about(about).status(cert.trusted() ? Status.PASS : Status.FAIL)
          .expected("a chain that validates against the " + cert.trustStore(), TRUSTED_CHAIN)
          .observed(cert.trusted() ? "trusted (" + cert.trustStore() + "), issued by "
              + leaf.issuer() : "not trusted: " + cert.trustError(),
              new Value.Presence(TRUSTED_CHAIN.name(), cert.trusted()))
          .evidence(evidence).rule(AT + "/require_trusted").build());
    }
    if (rules.requireHostnameMatch()) {
      String names = leaf.subjectAltNames().isEmpty() ? "no DNS or IP subject alternative names"
          : "SANs " + String.join(", ", leaf.subjectAltNames());
      out.add(ctx.finding(HOSTNAME).about(about)
          .status(cert.hostnameMatches() ? Status.PASS : Status.FAIL)
          .expected("a subject alternative name matching " + cert.host(),
              new Value.Text(cert.host()))
          .observed((cert.hostnameMatches() ? "matches: " : "does not match " + cert.host()
              + ": ") + names, Value.Items.of(leaf.subjectAltNames()))
          .evidence(evidence).rule(AT + "/require_hostname_match").build());
    }
    out.add(expiry(ctx, rules, cert, leaf, now, subject, evidence));
    if (rules.maxLifetimeDays() != null) {
      long days = leaf.lifetimeSeconds() / DAY;
      // Both in the whole days the sentences state.
      out.add(ctx.finding(LIFETIME).about(about)
          .status(days <= rules.maxLifetimeDays() ? Status.PASS : Status.FAIL)
          .expected("a lifetime of at most " + rules.maxLifetimeDays() + " days",
              new Value.Duration(rules.maxLifetimeDays() * DAY))
          .observed("valid for " + days + " days (" + leaf.notBefore() + " to "
              + leaf.notAfter() + ")", new Value.Duration(days * DAY))
          .evidence(evidence).rule(AT + "/max_lifetime_days").build());
    }
    out.add(key(ctx, rules, leaf, about, evidence));
    if (rules.forbidSha1Signature()) {
      out.add(signature(ctx, cert, about, evidence));
    }
    if (rules.issuer() != null) {
      boolean ok = issuerMatches(rules.issuer(), leaf);
      out.add(ctx.finding(ISSUER).about(about).status(ok ? Status.PASS : Status.FAIL)
          .expected("issuer matching '" + rules.issuer() + "'", new Value.Text(rules.issuer()))
          .observed("issued by " + leaf.issuer(), new Value.Text(leaf.issuer()))
          .evidence(evidence).rule(AT + "/issuer").build());
    }
    return out;
  }

  /**
   * The findings of {@code ids} when there is no certificate to judge (SKIPPED when TLS was not
   * probed, ERROR when the handshake failed), or null when there is one.
   */
  static List<Finding> unjudged(CheckContext ctx, List<String> ids) {
    TargetObservations obs = ctx.observations();
    TlsObservation tls = tls(ctx);
    List<Finding> out = new ArrayList<>();
    if (tls == null || tls.skipped() != null || tls.certificate() == null) {
      String why = tls == null || tls.certificate() == null ? "TLS was not probed" : tls.skipped();
      for (String id : ids) {
        out.add(ctx.finding(id).about(certificate("certificate")).status(Status.SKIPPED)
            .expected("a certificate to judge").observed(why).rule(AT).build());
      }
      return out;
    }
    CertificateObservation cert = tls.certificate();
    if (cert.error() != null || cert.leaf() == null) {
      String why = cert.error() != null ? cert.error() : "the server sent no certificate";
      for (String id : ids) {
        out.add(ctx.finding(id).about(certificate("certificate of " + tls.endpoint()))
            .status(Status.ERROR).expected("a certificate to judge").observed(why).rule(AT)
            .build());
      }
      return out;
    }
    return null;
  }

  /** The certificate a finding judged, by the subject it gives it. */
  static Subject certificate(String subject) {
    return new Subject(Subject.Kind.CERTIFICATE, subject);
  }

  private static List<String> ids(Tls.TlsCertificate rules) {
    List<String> ids = new ArrayList<>();
    if (rules.requireTrusted()) {
      ids.add(TRUSTED);
    }
    if (rules.requireHostnameMatch()) {
      ids.add(HOSTNAME);
    }
    ids.add(EXPIRY);
    if (rules.maxLifetimeDays() != null) {
      ids.add(LIFETIME);
    }
    ids.add(KEY);
    if (rules.forbidSha1Signature()) {
      ids.add(SIGNATURE);
    }
    if (rules.issuer() != null) {
      ids.add(ISSUER);
    }
    return ids;
  }

  private static Finding expiry(CheckContext ctx, Tls.TlsCertificate rules,
      CertificateObservation cert, CertificateFacts leaf, Instant now, String subject,
      List<String> evidence) {
    List<String> expected = new ArrayList<>(List.of("valid now"));
    if (rules.minDaysLeft() != null) {
      expected.add("at least " + rules.minDaysLeft() + " days left");
    }
    if (rules.minLifetimeLeftPercent() != null) {
      expected.add("at least " + rules.minLifetimeLeftPercent() + "% of its lifetime left");
    }
    String exp = String.join(", ", expected);
    for (CertificateFacts c : cert.chain()) {
      if (now.isAfter(c.notAfter())) {
        long ago = Duration.between(c.notAfter(), now).getSeconds() / DAY;
        String who = c == leaf ? "the certificate" : "chain certificate " + c.subject();
        return ctx.finding(EXPIRY).about(certificate(subject)).status(Status.FAIL).expected(exp)
            .observed(who + " expired on " + c.notAfter() + " (" + ago + " days ago)")
            .evidence(evidence).rule(AT).build();
      }
      if (now.isBefore(c.notBefore())) {
        String who = c == leaf ? "the certificate" : "chain certificate " + c.subject();
        return ctx.finding(EXPIRY).about(certificate(subject)).status(Status.FAIL).expected(exp)
            .observed(who + " is not valid before " + c.notBefore()).evidence(evidence).rule(AT)
            .build();
      }
    }
    long left = leaf.notAfter().getEpochSecond() - now.getEpochSecond();
    long daysLeft = left / DAY;
    long lifetime = Math.max(1, leaf.lifetimeSeconds());
    long percentLeft = left * 100 / lifetime;
    String observed = daysLeft + " days left (" + percentLeft + "% of its " + lifetime / DAY
        + "-day lifetime), expires " + leaf.notAfter();
    // The time left, as the whole days the sentence states.
    Finding.Builder f = ctx.finding(EXPIRY).about(certificate(subject)).expected(exp)
        .observed(observed, new Value.Duration(daysLeft * DAY)).evidence(evidence);
    if (rules.minDaysLeft() != null && daysLeft < rules.minDaysLeft()) {
      return f.status(Status.FAIL).rule(AT + "/min_days_left").build();
    }
    if (rules.minLifetimeLeftPercent() != null && percentLeft < rules.minLifetimeLeftPercent()) {
      return f.status(Status.FAIL).rule(AT + "/min_lifetime_left_percent").build();
    }
    return f.status(Status.PASS).rule(AT).build();
  }

  private static Finding key(CheckContext ctx, Tls.TlsCertificate rules, CertificateFacts leaf,
      Subject about, List<String> evidence) {
    String type = normaliseKeyType(leaf.keyType());
    String observed = type + " " + leaf.keyBits() + " bits";
    Finding.Builder f = ctx.finding(KEY).about(about).evidence(evidence);
    if (!rules.keyTypes().isEmpty()
        && rules.keyTypes().stream().map(TlsCertificateCheck::normaliseKeyType).noneMatch(type::equals)) {
      return f.status(Status.FAIL)
          .expected("key type one of " + rules.keyTypes(), Value.Items.of(rules.keyTypes()))
          .observed(observed, new Value.Text(type)).rule(AT + "/key_types").build();
    }
    Integer min = type.equals("RSA") ? rules.rsaMinBits()
        : type.equals("EC") ? rules.ecMinBits() : null;
    if (min == null) {
      return f.status(Status.PASS).expected("a key the policy allows")
          .observed(observed, new Value.Text(type)).rule(AT).build();
    }
    return f.status(leaf.keyBits() >= min ? Status.PASS : Status.FAIL)
        .expected(type + " key of at least " + min + " bits", new Value.Count(min, null))
        .observed(observed, new Value.Count(leaf.keyBits(), null))
        .rule(AT + (type.equals("RSA") ? "/rsa_min_bits" : "/ec_min_bits")).build();
  }

  static String normaliseKeyType(String t) {
    return switch (t.toUpperCase(Locale.ROOT)) {
      case "EC", "ECDSA" -> "EC";
      case "EDDSA", "ED25519", "ED448" -> "EdDSA";
      default -> t.toUpperCase(Locale.ROOT);
    };
  }

  /**
   * A root's own signature is checked by no one, so a self-signed certificate sent above the leaf
   * does not count. A self-signed leaf does: it is the certificate the policy speaks of, and a
   * SHA-1 signature on it shows the process that issues it still signs with SHA-1.
   */
  private static Finding signature(CheckContext ctx, CertificateObservation cert, Subject about,
      List<String> evidence) {
    List<CertificateFacts> judged = signaturesThatCount(cert);
    List<String> weak = new ArrayList<>();
    for (CertificateFacts c : judged) {
      if (weakDigest(c) != null) {
        weak.add(c.subject() + (c.selfSigned() ? " (self-signed)" : "") + " signed with "
            + c.signatureAlgorithm());
      }
    }
    List<String> algs = judged.stream().map(CertificateFacts::signatureAlgorithm).distinct()
        .toList();
    String observed = !weak.isEmpty() ? String.join("; ", weak)
        : "signatures: " + (algs.isEmpty() ? "none" : String.join(", ", algs));
    // The algorithms of every signature that counts, the weak ones among them.
    return ctx.finding(SIGNATURE).about(about).status(weak.isEmpty() ? Status.PASS : Status.FAIL)
        .expected("no SHA-1 or MD5 signature on the leaf or below the root")
        .observed(observed, Value.Items.of(algs)).evidence(evidence)
        .rule(AT + "/forbid_sha1_signature").build();
  }

  /** The leaf, and every certificate sent above it that is not a self-signed root. */
  static List<CertificateFacts> signaturesThatCount(CertificateObservation cert) {
    List<CertificateFacts> out = new ArrayList<>();
    for (int i = 0; i < cert.chain().size(); i++) {
      if (i == 0 || !cert.chain().get(i).selfSigned()) {
        out.add(cert.chain().get(i));
      }
    }
    return out;
  }

  /**
   * "MD5" (MD2 counted with it) or "SHA-1" when the signature's digest has practical or near
   * collisions, so the signature binds nothing; null for a sound digest.
   */
  static String weakDigest(CertificateFacts c) {
    String alg = c.signatureAlgorithm().toUpperCase(Locale.ROOT);
    if (alg.contains("MD5") || alg.contains("MD2")) {
      return "MD5";
    }
    return alg.contains("SHA1") ? "SHA-1" : null;
  }

  /** /regex/ searched in the issuer DN; otherwise a case-insensitive glob on O= or the whole DN. */
  static boolean issuerMatches(String rule, CertificateFacts leaf) {
    if (rule.length() > 1 && rule.startsWith("/") && rule.endsWith("/")) {
      return Pattern.compile(rule.substring(1, rule.length() - 1)).matcher(leaf.issuer()).find();
    }
    String regex = "(?i)" + dev.secaudit.policy.Globs.toRegex(rule);
    return (leaf.issuerOrganization() != null && leaf.issuerOrganization().matches(regex))
        || leaf.issuer().matches(regex);
  }
}

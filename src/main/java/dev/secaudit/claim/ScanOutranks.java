package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A scan outranks a person whatever topic id the claim was filed under: an attestation whose
 * sentence states what a check of this scan failed on ("TLS certificates are issued by Let's
 * Encrypt." filed as certificate.renewal, beside tls.certificate.issuer FAIL; "DDoS / WAF:
 * Cloudflare at the edge." filed as waf, beside subprocessors.edge FAIL) answers nothing and is not
 * published (a blind review, founder19: both were answered Yes and published). Topics the policy's
 * sections judge are weighed there already, scope by scope (a failure on another cookie rule says
 * nothing of the session cookies); this covers the checks no section turns into a claim.
 */
final class ScanOutranks {
  private ScanOutranks() {}

  /** How an attested part the scan outranks begins its reason. */
  static final String OUTRANKED = "the scan's own check of what it says failed, and a scan"
      + " outranks a person's word: ";

  /**
   * The claim's parts, its attested ones made open when the scan failed a check of something
   * its sentence says.
   *
   * @param said every topic the sentence was read as, whatever topic the claim names
   */
  static List<Claim> weigh(List<Claim> parts, List<ClaimPart> said, ClaimEvidence evidence,
      List<Claim> sections) {
    if (parts.stream().noneMatch(p -> p.standing() == Standing.ATTESTED)) {
      return parts;
    }
    Set<String> failed = new LinkedHashSet<>();
    List<ClaimPart> all = new ArrayList<>(said);
    parts.forEach(p -> all.add(p.part()));
    for (ClaimPart p : all) {
      Topic t = p.topic();
      if (t.checks().isEmpty() || p.polarity() != Polarity.IN_PLACE
          || sections.stream().anyMatch(s -> s.part().topic().equals(t))) {
        continue;
      }
      String value = p.value().toLowerCase(Locale.ROOT);
      evidence.findings(t.checks()).stream()
          .filter(f -> f.status() == Status.FAIL)
          // A failure about another vendor says nothing of the one the sentence names.
          .filter(f -> value.isEmpty() || (f.subject() + " " + f.observed())
              .toLowerCase(Locale.ROOT).contains(value))
          .limit(2)
          .forEach(f -> failed.add(describe(f, t)));
    }
    if (failed.isEmpty()) {
      return parts;
    }
    String why = OUTRANKED + String.join("; ", failed);
    return parts.stream().map(c -> c.standing() != Standing.ATTESTED ? c
        : c.unknown(why)).toList();
  }

  private static String describe(Finding f, Topic t) {
    return f.checkId() + " (" + t.title() + ") failed on " + f.target() + ": " + f.observed();
  }
}

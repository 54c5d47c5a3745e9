package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one rule "every listed check ran and passed" read from the subject's side: a section
 * verified by some of its topic's checks is not verified while another check of the same topic
 * failed under the same policy rule, on the same target, and no claim of the book speaks for it. "security.txt
 * published with a contact" rests on the file's presence and contact, but a file whose Expires
 * has passed is stale (RFC 9116 §2.5.5): its contact line shows no current disclosure policy.
 * A failure another claim speaks for (a short HSTS max-age, its own claim) is weighed there, so
 * it does not hide that HSTS is sent.
 */
final class SameSubject {
  private SameSubject() {}

  /**
   * The section claims with each verified one left unknown when an unclaimed check of its topic
   * failed beside it.
   *
   * @param exempt topics whose aspects the questions ask about one by one, so a failure of one
   *     aspect does not leave the others open
   */
  static List<Claim> weigh(List<Claim> sections, ClaimEvidence evidence, Set<String> exempt) {
    List<Claim> out = new ArrayList<>(sections.size());
    for (Claim c : sections) {
      out.add(c.standing() != Standing.VERIFIED || exempt.contains(c.part().topic().id())
          || c.checkIds().isEmpty() ? c : weighOne(c, sections, evidence));
    }
    return out;
  }

  /**
   * A failure judged under the section's own rule (its policy pointer), on a target its checks
   * passed on: HSTS's includeSubDomains and max-age are rules of their own, asked one by one.
   */
  private static boolean sameRule(Finding f, Claim c, Set<String> spoken, Set<String> targets) {
    return !spoken.contains(f.checkId()) && targets.contains(f.target())
        && f.policyPointer().equals(c.id());
  }

  private static Claim weighOne(Claim c, List<Claim> sections, ClaimEvidence evidence) {
    Topic topic = c.part().topic();
    Set<String> spoken = sections.stream().filter(s -> s.part().topic().equals(topic))
        .flatMap(s -> s.checkIds().stream()).collect(Collectors.toSet());
    Set<String> targets = evidence.findings(c.checkIds()).stream().map(Finding::target)
        .collect(Collectors.toSet());
    List<Finding> failing = evidence.findings(topic.checks()).stream()
        .filter(f -> f.status() == Status.FAIL || f.status() == Status.ERROR)
        .filter(f -> sameRule(f, c, spoken, targets)).toList();
    // What the topic names beside it (a Content-Type without charset beside "published with a
    // contact") is no part of the claim: named beside it, the claim stands (founder24 VDP-01).
    List<String> beside = failing.stream()
        .filter(f -> topic.namedBeside().contains(f.checkId())).map(SameSubject::described)
        .distinct().toList();
    List<String> failed = failing.stream()
        .filter(f -> !topic.namedBeside().contains(f.checkId())).map(SameSubject::described)
        .distinct().toList();
    if (failed.isEmpty()) {
      return beside.isEmpty() ? c : c.explained(c.why() + "; beside it: "
          + String.join("; ", beside.subList(0, Math.min(3, beside.size())))
          + ": not part of this claim");
    }
    String why = "its checks (" + String.join(", ", c.checkIds()) + ") passed, but on the same"
        + " subject " + String.join("; ", failed.subList(0, Math.min(3, failed.size())))
        + (failed.size() > 3 ? "; and " + (failed.size() - 3) + " more" : "")
        + ": a person decides";
    List<String> refs = new ArrayList<>(c.evidence());
    failing.stream().filter(f -> !topic.namedBeside().contains(f.checkId()))
        .limit(3).map(ClaimEvidence::describe).forEach(refs::add);
    return c.unknown(refs, why);
  }

  private static String described(Finding f) {
    return f.checkId() + (f.subject().isEmpty() ? "" : " [" + f.subject() + "]") + " on "
        + f.target() + " " + f.status().name().toLowerCase(java.util.Locale.ROOT)
        + (f.observed().isEmpty() ? "" : ": " + f.observed());
  }
}

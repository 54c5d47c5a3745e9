package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import java.util.List;

/**
 * A policy claim's findings as one part of its statement sees them. "Session cookies are
 * HttpOnly, Secure and SameSite=Lax" checked by three cookie checks is three parts: a SameSite
 * failure refutes the SameSite part, not the Secure one, whose own check passed on the same
 * cookies. Within a part's checks, only those its topic is decided by refute it: "We publish a
 * security.txt" is refuted by a missing file or contact, and an expired one leaves it to a person.
 *
 * @param own the findings of the claim's checks that test the part's topic
 * @param deciding the checks among them that decide the topic
 */
record PartChecks(List<Finding> own, List<String> deciding) {

  static PartChecks of(ClaimPart p, List<String> testing, List<Finding> behind,
      Vocabulary vocabulary) {
    List<Finding> own = behind.stream().filter(f -> testing.contains(f.checkId()))
        .filter(f -> !otherHeader(f, p.topic(), vocabulary)).toList();
    List<String> decidedBy = p.topic().decidedBy();
    List<String> deciding = decidedBy.isEmpty() ? testing
        : testing.stream().filter(decidedBy::contains).toList();
    return new PartChecks(own, deciding);
  }

  /**
   * A header finding that speaks of another named header than the part's: "Security response
   * headers (X-Content-Type-Options, ..., Referrer-Policy)" checked by header.rule is one part per
   * header, and a missing Referrer-Policy refutes neither nosniff nor X-Frame-Options, which were
   * sent (founder24: both left to review, "the evidence disagrees"). The framing part is
   * satisfied by either of two headers, so it keeps them all.
   */
  private static boolean otherHeader(Finding f, Topic topic, Vocabulary vocabulary) {
    if (f.about() == null || f.about().kind() != dev.secaudit.model.Subject.Kind.HEADER
        || !topic.id().startsWith("headers.") || topic.id().equals("headers.framing")) {
      return false;
    }
    List<String> stems = Words.of(f.about().name().replace('-', ' ')).stream()
        .map(Words.Word::stem).toList();
    List<Topic> named = vocabulary.topics().stream().filter(t -> t.cues().contains(stems))
        .toList();
    return !named.isEmpty() && !named.contains(topic);
  }

  private static boolean failed(Finding f) {
    return f.status() == Status.FAIL || f.status() == Status.ERROR;
  }

  /** The findings that refute the part: failures of the checks that decide its topic. */
  List<Finding> refuting() {
    return own.stream().filter(f -> failed(f) && deciding.contains(f.checkId())).toList();
  }

  /** Failures of checks that test the topic without deciding it (its hygiene). */
  List<Finding> hygiene() {
    return own.stream().filter(f -> failed(f) && !deciding.contains(f.checkId())).toList();
  }

  /** The deciding checks' findings, for where the control held. */
  List<Finding> decidingFindings() {
    return own.stream().filter(f -> deciding.contains(f.checkId())).toList();
  }

  /**
   * {@code already} when it says something; else, when the checks that decide the part ran and
   * not one of their findings judged anything (an INFO "no Policy field", a NOT_APPLICABLE),
   * what they found instead; else "". "We publish a security.txt with our contact and
   * disclosure policy" was verified, published and answered Yes beside an INFO saying the file
   * links no policy (realapp26): the claim's other checks passed, and this part's said nothing.
   */
  String judgedNothing(String already) {
    List<Finding> deciding = decidingFindings();
    if (!already.isEmpty() || deciding.isEmpty()
        || deciding.stream().anyMatch(f -> f.status().judges())) {
      return already;
    }
    return "no finding of " + String.join(", ", deciding.stream().map(Finding::checkId)
        .distinct().toList()) + " judged it (" + describe(deciding) + ")";
  }

  /**
   * Every one of the part's own checks ran and passed: the claim's other failures speak of its
   * other parts.
   */
  boolean passed() {
    return !own.isEmpty() && own.stream().allMatch(f -> f.status() == Status.PASS);
  }

  static String describe(List<Finding> fs) {
    return String.join("; ", fs.stream().limit(3).map(f -> f.checkId() + " on " + f.target()
        + (f.observed().isEmpty() ? "" : ": " + f.observed())).distinct().toList());
  }
}

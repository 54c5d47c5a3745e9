package dev.secaudit.questionnaire;

import dev.secaudit.claim.ClaimEvidence;
import dev.secaudit.claim.Entailment;
import dev.secaudit.claim.Reading;
import dev.secaudit.claim.SentenceReader;
import dev.secaudit.claim.Verification;
import dev.secaudit.model.ScanResult;
import dev.secaudit.policy.Claim;
import dev.secaudit.policy.Policy;
import java.time.Duration;
import java.time.Instant;

/**
 * Answers a sheet's questions from the policy's claims and the latest scan. The question is read
 * into the structure of a claim (topics, negation, thresholds, scope, parts) and decided by
 * {@link Entailment}: "Yes" only when every part is entailed by current evidence for exactly what
 * was asked, "No" when evidence contradicts it, and a person decides the rest with the reason.
 * Questions on restricted topics (legal, insurance, HR...) go to a person whatever the evidence.
 */
public final class AnswerSource {
  private final ClaimEvidence evidence;
  private final SentenceReader reader;
  private final Entailment entailment;
  private final Verification verification;

  /**
   * @param maxScanAge a scan older than this verifies nothing any more
   */
  public AnswerSource(Policy policy, ScanResult scan, Instant now, Duration maxScanAge) {
    this.evidence = new ClaimEvidence(scan, now, maxScanAge);
    this.verification = new Verification(policy, evidence);
    this.reader = verification.reader();
    this.entailment = verification.entailment();
  }

  /** The answer to one row: matched against the bank, unless too long to be a question. */
  public Answer answer(QuestionMatcher matcher, String id, String text) {
    return text.length() > MAX_QUESTION_CHARS ? tooLong(text)
        : answer(matcher.match(id, text), text);
  }

  /**
   * @param match how the bank matched the question (restricted topics, CAIQ ids)
   * @param text the question as the customer wrote it
   */
  public Answer answer(QuestionMatch match, String text) {
    String bankId = match.question() == null ? "" : match.question().id();
    if (text.length() > MAX_QUESTION_CHARS) {
      return tooLong(text);
    }
    if (match.method() == MatchMethod.RESTRICTED
        || (match.question() != null && !match.reviewReason().isEmpty())) {
      return new Answer(Answer.Value.NONE, bankId, "", "", match.method(), match.confidence(),
          match.reviewReason());
    }
    Reading reading = reader.read(text);
    if (reading.parts().isEmpty()) {
      return new Answer(Answer.Value.NONE, bankId, "asked: (no topic read)", "",
          MatchMethod.UNMATCHED, 0, "no topic of the claim vocabulary was recognised: answer by"
              + " hand");
    }
    if (reading.parts().size() > MAX_PARTS) {
      // Each part is weighed against every claim on its topic and explained: a sheet of such
      // rows took minutes and gigabytes (a hostile review), and no one question asks this much.
      return new Answer(Answer.Value.NONE, bankId, "asked: " + reading.parts().size()
          + " things at once", "", MatchMethod.READING, 0, "the question asks about "
          + reading.parts().size() + " things at once (secaudit decides at most " + MAX_PARTS
          + "): split it, or answer by hand");
    }
    Entailment.Decision d = entailment.decide(reading);
    Answer.Value value = switch (d.outcome()) {
      case YES -> Answer.Value.YES;
      case NO -> Answer.Value.NO;
      case NA -> Answer.Value.NA;
      case REVIEW -> Answer.Value.NONE;
    };
    // A whole reading is the method's own certainty; a partial one is a suggestion at most.
    double confidence = reading.partial() ? 0.3 : 0.9;
    return new Answer(value, bankId, d.explanation(), String.join("; ", d.evidence()),
        MatchMethod.READING, confidence, d.reason());
  }

  /**
   * Longer than any question of CAIQ, SIG Lite or a vendor's own sheet: a cell this long is a
   * policy excerpt or filler, and reading it costs time for no answer anyone can check.
   */
  static final int MAX_QUESTION_CHARS = 2_000;

  /** More topics than a question joins with "and"; more is a paragraph, not a question. */
  static final int MAX_PARTS = 12;

  /** The answer for a question too long to read: none, with why. */
  static Answer tooLong(String text) {
    return new Answer(Answer.Value.NONE, "", "asked: (not read)", "", MatchMethod.UNMATCHED, 0,
        "the question is " + text.length() + " characters long; secaudit reads questions of at"
            + " most " + MAX_QUESTION_CHARS + ": answer by hand");
  }

  /** The parts of one policy claim with their standing; empty when no topic was read. */
  public java.util.List<dev.secaudit.claim.Claim> parts(String claimId) {
    return verification.parts(claimId);
  }

  /** What the scan holds against a policy claim, or "" when nothing (see Verification). */
  public String disputed(String claimId) {
    return verification.disputed(claimId);
  }

  /** Why a claim is not verified by the scan, or "" when it is (see Verification). */
  public String whyNotVerified(Claim c) {
    return verification.whyNotVerified(c);
  }

  public ClaimEvidence.Verdict judge(Claim c) {
    return evidence.judge(c);
  }

  /** Where a claim's checks looked, as a page says it ("our live systems"). */
  public String checkedWhere(Claim c) {
    return evidence.checkedWhere(c.checks());
  }

  /** Why the scan is too old to verify anything, or null while it is recent enough. */
  String scanTooOld() {
    return evidence.scanTooOld();
  }
}

package dev.secaudit.claim;

import dev.secaudit.policy.Policy;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Whether a policy claim is verified by the scan: the one rule behind the scan's claim.verified
 * PASS, the report's Claims table and the page's "verified by an automated check". Its checks
 * passing is not enough: every part of what it says must stand verified (its checks test that
 * topic, the amount it states was observed), every word of it must have been read, and nothing
 * else in the scan may speak against it. An answer weighs the same parts, one by one.
 */
public final class Verification {
  private final SentenceReader reader;
  private final ClaimBook book;
  private final Entailment entailment;

  public Verification(Policy policy, ClaimEvidence evidence) {
    Vocabulary vocabulary = Vocabulary.builtIn();
    this.reader = new SentenceReader(vocabulary);
    this.book = new ClaimBook(policy, evidence, reader, vocabulary);
    this.entailment = new Entailment(book);
  }

  public SentenceReader reader() {
    return reader;
  }

  public ClaimBook book() {
    return book;
  }

  public Entailment entailment() {
    return entailment;
  }

  /** The parts of one policy claim with their standing; empty when no topic was read. */
  public List<Claim> parts(String claimId) {
    return book.claims().stream().filter(c -> c.id().equals(claimId)).toList();
  }

  /**
   * What the scan holds against a policy claim, part by part, or "" when nothing: the reason a
   * page must not publish it although its own evidence stands.
   */
  public String disputed(String claimId) {
    return parts(claimId).stream().map(entailment::disputed).filter(d -> !d.isEmpty())
        .distinct().collect(Collectors.joining("; "));
  }

  /**
   * Why the scan refutes what a person attested, or "" when it does not: a check of this scan
   * failed on what its sentence says ({@link ScanOutranks}), or another claim on its topic
   * contradicts it ({@link #disputed}). Answers and the page weigh an attestation so; the scan's
   * claim.attestation finding says the same, so the report cannot call it current.
   */
  public String refutes(String claimId) {
    String outranked = parts(claimId).stream().map(Claim::why)
        .filter(w -> w.startsWith(ScanOutranks.OUTRANKED))
        .map(w -> w.substring(ScanOutranks.OUTRANKED.length())).distinct()
        .collect(Collectors.joining("; "));
    return outranked.isEmpty() ? disputed(claimId) : outranked;
  }

  /**
   * Why a claim whose checks all passed is still not verified, or "" when it is: a part its
   * checks do not test or did not show, words the reader did not read (the checks verify only
   * the words read: "TLS 1.2+ between frontend, API, workers and DB" is not shown by a probe of
   * the public endpoint), or a finding elsewhere in the scan that contradicts it.
   */
  public String whyNotVerified(dev.secaudit.policy.Claim c) {
    List<Claim> parts = parts(c.id());
    if (parts.isEmpty()) {
      return "its statement was not read as a topic of docs/claims.md (name one with 'topic:'),"
          + " so its checks cannot be shown to test it";
    }
    String open = parts.stream().filter(p -> p.standing() != Standing.VERIFIED)
        .map(p -> p.standing() == Standing.STATED_GAP ? "it states a gap: " + p.why()
            : p.why()).distinct().collect(Collectors.joining("; "));
    if (!open.isEmpty()) {
      return open;
    }
    if (parts.stream().anyMatch(p -> !p.readWhole())) {
      return "its statement was read only in part ("
          + reader.read(c.statement() == null ? "" : c.statement()).whyPartial()
          + "), and its checks verify only the words read: reword it ('secaudit validate'"
          + " names the words not read)";
    }
    String against = disputed(c.id());
    return against.isEmpty() ? "" : "the scan speaks against it: " + against;
  }
}

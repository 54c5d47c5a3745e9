package dev.secaudit.claim;

import java.util.List;

/**
 * One part of what the company says, with where it stands. A policy claim with several parts
 * ("encrypted in transit and at rest") is several of these sharing an id; a policy section
 * (tls.min_version, a retention rule) is one too, verified by the checks that judge it.
 *
 * @param id the policy claim's id, or the section's JSON pointer for a section's claim
 * @param statement the sentence as the policy states it, or a description of the section
 * @param readWhole every word of the statement was understood, or the policy named its topic;
 *     a claim read only in part never entails an answer
 * @param checkIds the checks whose findings decided it, in the scan's order
 * @param evidence finding and attestation references, for the evidence column
 * @param why how the standing was reached, in a reviewer's words
 * @param applies false: the owner says the topic does not apply (questionnaires answer NA)
 * @param refutesAll its refutation holds for every kind of thing it covers; false when a failure
 *     shows only that some kind failed (a credential in a log, not which one), which then
 *     contradicts no question about one kind, though it still outranks an attestation
 */
public record Claim(String id, String statement, ClaimPart part, Standing standing,
    boolean readWhole, List<String> checkIds, List<String> evidence, String why,
    boolean applies, boolean refutesAll) {

  public Claim {
    checkIds = List.copyOf(checkIds);
    evidence = List.copyOf(evidence);
  }

  public Claim(String id, String statement, ClaimPart part, Standing standing, boolean readWhole,
      List<String> checkIds, List<String> evidence, String why, boolean applies) {
    this(id, statement, part, standing, readWhole, checkIds, evidence, why, applies, true);
  }

  /** Backed by a scan rather than by a person's word. */
  public boolean checked() {
    return standing == Standing.VERIFIED || standing == Standing.REFUTED;
  }
}

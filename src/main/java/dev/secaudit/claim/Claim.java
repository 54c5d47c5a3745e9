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
 * @param heldOn for a refuted claim, where the checks that test it passed ("hsts.header on
 *     demo"): the control is in place there, so its failure elsewhere shows it is not in place
 *     everywhere, not that it is missing; empty when it failed wherever it was checked
 * @param valueOnly it records a value the scan saw (the max-age sent), which answers amounts,
 *     not whether or where the control is in place: the claims that weigh every place do that
 */
public record Claim(String id, String statement, ClaimPart part, Standing standing,
    boolean readWhole, List<String> checkIds, List<String> evidence, String why,
    boolean applies, boolean refutesAll, List<String> heldOn, boolean valueOnly) {

  public Claim {
    checkIds = List.copyOf(checkIds);
    evidence = List.copyOf(evidence);
    heldOn = List.copyOf(heldOn);
  }

  public Claim(String id, String statement, ClaimPart part, Standing standing, boolean readWhole,
      List<String> checkIds, List<String> evidence, String why, boolean applies,
      boolean refutesAll) {
    this(id, statement, part, standing, readWhole, checkIds, evidence, why, applies, refutesAll,
        List.of(), false);
  }

  public Claim(String id, String statement, ClaimPart part, Standing standing, boolean readWhole,
      List<String> checkIds, List<String> evidence, String why, boolean applies,
      boolean refutesAll, List<String> heldOn) {
    this(id, statement, part, standing, readWhole, checkIds, evidence, why, applies, refutesAll,
        heldOn, false);
  }

  public Claim(String id, String statement, ClaimPart part, Standing standing, boolean readWhole,
      List<String> checkIds, List<String> evidence, String why, boolean applies) {
    this(id, statement, part, standing, readWhole, checkIds, evidence, why, applies, true);
  }

  /**
   * The same claim left to a person: its checks do not settle what it says, for the reason
   * given. Every rule that withholds a verdict says why in its own words and keeps the rest.
   */
  public Claim unknown(String reason) {
    return unknown(evidence, reason);
  }

  /** As {@link #unknown(String)}, citing other findings as its evidence. */
  public Claim unknown(List<String> cited, String reason) {
    return new Claim(id, statement, part, Standing.UNKNOWN, readWhole, checkIds, cited, reason,
        applies, refutesAll, heldOn, valueOnly);
  }

  /** The same claim, verified by a scan too old to verify anything now. */
  public Claim stale(String reason) {
    return new Claim(id, statement, part, Standing.STALE, readWhole, checkIds, evidence, reason,
        applies, refutesAll, heldOn, valueOnly);
  }

  /** The same claim, neither verified nor refuted, for a reason beside how it stood. */
  public Claim unknownBecause(String reason) {
    return unknown(why + "; but " + reason);
  }

  /** The same claim over other things: the one way a claim is rescoped. */
  public Claim scoped(Scope scope) {
    ClaimPart p = part;
    return new Claim(id, statement, new ClaimPart(p.topic(), p.polarity(), p.quantity(), scope,
        p.value(), p.text(), p.anywhere(), p.some()), standing, readWhole, checkIds, evidence, why, applies, refutesAll,
        heldOn, valueOnly);
  }

  /** The same claim, its standing told in other words (what it was judged on). */
  public Claim explained(String reason) {
    return new Claim(id, statement, part, standing, readWhole, checkIds, evidence, reason, applies,
        refutesAll, heldOn, valueOnly);
  }

  /** The same claim, speaking only of the value observed, not of where it holds. */
  public Claim ofValueOnly() {
    return new Claim(id, statement, part, standing, readWhole, checkIds, evidence, why, applies,
        refutesAll, heldOn, true);
  }

  /** Backed by a scan rather than by a person's word. */
  public boolean checked() {
    return standing == Standing.VERIFIED || standing == Standing.REFUTED;
  }
}

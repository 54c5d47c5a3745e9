package dev.secaudit.claim;

/** Where a claim stands on the current evidence; only the evidence decides it. */
public enum Standing {
  /** Its checks test what it says, ran in a current scan and all passed. */
  VERIFIED,
  /** A check that tests it failed. */
  REFUTED,
  /** Not verifiable from outside; an owner vouches for it and the attestation is current. */
  ATTESTED,
  /** The policy says it is not in place (or only planned): never stated as a claim. */
  STATED_GAP,
  /** Its evidence is too old: a scan or an attestation past its age. */
  STALE,
  /** Nothing current decides it: errors, checks that did not run, checks that test other things. */
  UNKNOWN;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}

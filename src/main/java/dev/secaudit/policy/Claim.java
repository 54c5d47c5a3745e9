package dev.secaudit.policy;

import dev.secaudit.model.Mapping;
import java.util.List;

@Doc("A claim of the security page.")
public record Claim(
    @Doc(value = "Stable id.", example = "passwords.hashing", required = true) String id,
    @Doc(value = "The sentence as the page states it.", required = true) String statement,
    @Doc(value = "Topic, for questionnaires and the security page.", example = "authentication")
        String category,
    @Doc(value = "Compliance requirements the claim supports.", example = "[soc2:CC6.1, iso27001:8.5]")
        List<Mapping> mapsTo,
    @Doc(value = "Check ids or globs whose results verify the claim.", example = "[tls.*]")
        List<String> checks,
    @Doc("Who vouches for the claim, and when.") Attestation attest,
    @Doc(value = "false: what the claim is about does not apply here (no card data is handled,"
            + " there is no office); questionnaires answer NA while the attestation is current.",
            defaultValue = "true")
        Boolean applies,
    @Doc(value = "The claim's topic from the claim vocabulary (docs/claims.md), when its"
            + " statement alone does not say it plainly; the statement is still read for"
            + " amounts and negation.", example = "encryption.at_rest")
        String topic,
    @Doc(value = "in_place (default), not_in_place for a stated gap (\"Automated backups: not"
            + " configured yet\"), or planned. A gap is never stated as a claim: questions on it"
            + " are answered No. A gap needs no attest and takes no checks.",
            example = "not_in_place")
        String polarity) {
  public Claim {
    mapsTo = Unset.orEmpty(mapsTo);
    checks = Unset.orEmpty(checks);
    applies = Unset.or(applies, Boolean.TRUE);
  }

  @Doc("An owner's attestation of a claim.")
  public record Attestation(
      @Doc(value = "Who attests (an email address or role).", example = "cto@example.com",
              required = true)
          String owner,
      @Doc(value = "When, as YYYY-MM-DD.", example = "2026-10-01", required = true) String date,
      @Doc("Links or file paths to the supporting evidence.") List<String> evidence,
      @Doc(value = "How long an attestation stays current.", defaultValue = "365d") PolicyDuration maxAge) {
    public Attestation {
      evidence = Unset.orEmpty(evidence);
      maxAge = Unset.or(maxAge, PolicyDuration.parse("365d"));
    }
  }
}

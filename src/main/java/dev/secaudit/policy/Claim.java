package dev.secaudit.policy;

import dev.secaudit.model.Mapping;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

@Doc("A claim of the security page.")
public record Claim(
    @Doc(value = "Stable id.", example = "passwords.hashing", required = true) String id,
    @Doc(value = "The sentence as the page states it.", required = true) String statement,
    @Doc(value = "Topic, for questionnaires and the security page.", example = "authentication")
        String category,
    @Doc(value = "Compliance requirements the claim supports.", example = "[soc2:CC6.1, iso27001:8.5]")
        List<Mapping> mapsTo,
    @Doc(value = "Check ids or globs whose results verify the claim, or the JSON pointer of one"
            + " rule of rate_limits, retention, cookies, data_hygiene, flows or headers, or of"
            + " one flow's expectation, jwt or session_cookie (/flows/0/expect/1): its findings"
            + " only, so a claim on the login limit is not refuted by the API's, nor one on"
            + " magic links by the reset link's expectation.",
            example = "[tls.*] or [/rate_limits/0]")
        List<String> checks,
    @Doc("Who vouches for the claim, and when.") Attestation attest,
    @Doc("false: what the claim is about does not apply here (no card data is handled,"
            + " there is no office); questionnaires answer NA while the attestation is current.")
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

  /** @param ids the ids of the claims before this one, to which this one's is added */
  void validate(String at, Set<String> ids, PolicyProblems problems) {
    if (problems.shortId(at + "/id", at + "/id", id, "missing 'id' (such as passwords.hashing)",
        "id") && !ids.add(id)) {
      problems.add(at + "/id", "duplicate claim id '" + id + "'");
    }
    if (statement == null || statement.isBlank()) {
      problems.add(at, "missing 'statement' (the sentence as the security page says it)");
    }
    boolean gap = polarity != null && !polarity.equals("in_place");
    // A stated gap claims nothing, so it needs no proof; anything else does.
    if (attest == null && checks.isEmpty() && !gap) {
      problems.add(at, "a claim needs 'attest: {owner, date}' or 'checks: [...]' that verify it"
          + " (or 'polarity: not_in_place' for a stated gap)");
    }
    if (gap && !checks.isEmpty()) {
      problems.add(at + "/checks", "a stated gap has nothing to verify: drop 'checks' (a passing"
          + " check would not make the gap a claim)");
    }
    if (polarity != null && !Set.of("in_place", "not_in_place", "planned").contains(polarity)) {
      problems.add(at + "/polarity", "'" + polarity + "' is not a polarity: in_place,"
          + " not_in_place (a stated gap) or planned");
    }
    if (topic != null && !topic.matches("[a-z0-9_]+(\\.[a-z0-9_]+)*")) {
      problems.add(at + "/topic", "'" + topic + "' is not a topic id (such as encryption.at_rest;"
          + " the list is in docs/claims.md)");
    } else if (topic != null) {
      problems.topic(at + "/topic", topic);
    }
    if (!applies && !checks.isEmpty()) {
      // Nothing can pass a check for a thing that does not exist; only an owner can say so.
      problems.add(at + "/applies", "a claim that does not apply has nothing to check: drop"
          + " 'checks' and attest it ('attest: {owner, date}')");
    }
    problems.claimChecks(at + "/checks", checks);
    problems.mapsTo(at + "/maps_to", mapsTo);
    if (attest != null) {
      attest.validate(at + "/attest", problems);
    }
  }

  @Doc("An owner's attestation of a claim.")
  public record Attestation(
      @Doc(value = "Who attests (an email address or role).", example = "cto@example.com",
              required = true)
          String owner,
      @Doc(value = "When, as YYYY-MM-DD.", example = "2026-10-01", required = true) String date,
      @Doc("Links or file paths to the supporting evidence.") List<String> evidence,
      @Doc("How long an attestation stays current.") PolicyDuration maxAge,
      @Doc(value = "Who attests as customers read it (a role or a name): answered "
          + "questionnaires and the security page name the owner so, never by an e-mail "
          + "address, which stays in scan.json and the evidence.", example = "CTO")
          String role) {
    public Attestation {
      evidence = Unset.orEmpty(evidence);
      maxAge = Unset.or(maxAge, PolicyDuration.parse("365d"));
    }

    /**
     * The owner as a sheet sent to customers may name them: the role, else the owner when it is
     * no e-mail address. An address is a person's contact, not what the customer asked about.
     */
    public String shownAs() {
      if (role != null && !role.isBlank()) {
        return role.strip();
      }
      return owner != null && !owner.contains("@") ? owner.strip()
          : "the owner named in the policy";
    }

    void validate(String at, PolicyProblems problems) {
      if (owner == null || owner.isBlank()) {
        problems.add(at, "missing 'owner' (who vouches for the claim)");
      }
      if (date == null) {
        problems.add(at, "missing 'date' (YYYY-MM-DD of the attestation)");
      } else {
        try {
          LocalDate.parse(date);
        } catch (DateTimeParseException e) {
          problems.add(at + "/date", "expected a date as YYYY-MM-DD, got '" + date + "'");
        }
      }
    }
  }
}

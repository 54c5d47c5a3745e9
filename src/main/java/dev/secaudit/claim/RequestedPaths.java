package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import java.util.List;
import java.util.Set;

/**
 * A requires_auth expectation proves the paths it requested, and nothing of the others: one GET
 * of /api/v1/me refused with 401 says nothing of /api/v1/tasks (a blind review, founder19: "Valid
 * session or API key required on every request" was verified, published and answered Yes to "on
 * all API endpoints?" while /api/v1/tasks answered 200 without credentials). Both the policy's
 * flow rule and a stated claim checked by it say the paths covered, and neither speaks for every
 * request or every endpoint.
 */
final class RequestedPaths {
  private RequestedPaths() {}

  static final String CHECK = "request.requires_auth";

  /** The some-endpoints scope a requires_auth rule speaks for: the paths it requested. */
  static final Scope REQUESTED = new Scope(false, Set.of("endpoint"));

  /** The paths the requires_auth findings requested, in the order found. */
  static List<String> paths(ClaimEvidence evidence) {
    return evidence.findings(List.of(CHECK)).stream()
        .filter(f -> f.status() == Status.PASS || f.status() == Status.FAIL)
        .map(RequestedPaths::path).filter(p -> !p.isBlank()).distinct().toList();
  }

  private static String path(Finding f) {
    // A finding read from an older scan may not name its URL: its expectation stands for it.
    return f.about() != null && f.about().kind() == Subject.Kind.URL ? f.about().name()
        : f.subject();
  }

  /** "the 1 path requested: /api/v1/me", as a reviewer reads it. */
  static String describe(List<String> paths) {
    return "the " + paths.size() + (paths.size() == 1 ? " path" : " paths") + " requested: "
        + String.join(", ", paths.subList(0, Math.min(5, paths.size())))
        + (paths.size() > 5 ? " and " + (paths.size() - 5) + " more" : "");
  }

  /** The flow section's claim: verified on the paths requested, counted as paths, not hosts. */
  static Claim section(Claim c, ClaimEvidence evidence) {
    if (c.standing() != Standing.VERIFIED) {
      return c;
    }
    List<String> paths = paths(evidence);
    // A scan.json that names no path still speaks for the paths requested only.
    String on = paths.isEmpty() ? "the paths its expectations requested" : describe(paths);
    return new Claim(c.id(), c.statement() + " (on " + on + ")", new ClaimPart(
        c.part().topic(), c.part().polarity(), c.part().quantity(), REQUESTED, c.part().value(),
        c.part().text()), c.standing(), c.readWhole(), c.checkIds(), c.evidence(),
        "verified by " + CHECK + " on " + on + " (refused without credentials);"
            + " it speaks for those paths, not for every request or endpoint",
        c.applies(), c.refutesAll(), c.heldOn(), c.valueOnly());
  }

  /**
   * A stated claim its requires_auth checks verified: "on every request", "all API endpoints"
   * ask of paths the scan never requested, which a person decides; a claim naming no such scope
   * stands for the paths requested.
   */
  static Claim stated(Claim c, ClaimEvidence evidence) {
    if (c.standing() != Standing.VERIFIED || !c.checkIds().contains(CHECK)) {
      return c;
    }
    List<String> paths = paths(evidence);
    String on = paths.isEmpty() ? "the paths its expectations requested" : describe(paths);
    Scope said = c.part().scope();
    if (said.universal()) {
      return c.unknown(CHECK + " refused requests without credentials on " + on
          + " only; the statement speaks of " + (said.nouns().isEmpty() ? "every request"
              : said.describe()) + ", which the scan did not request: a person decides"
          + " (list every protected path as a requires_auth expectation, or narrow the"
          + " statement to them)");
    }
    return c.scoped(said.isEmpty() ? REQUESTED : said).explained(c.why() + " on " + on);
  }
}

package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import java.util.List;

/**
 * The claim of a vulnerability disclosure policy that a security_txt section makes: verified when
 * the file's Policy: link answered, left to a person otherwise, with what is missing named ("names
 * a contact but no Policy:"). A contact alone answered "Do you have a vulnerability disclosure
 * policy?" Yes (coA:A33); a person who knows there is one attests it as a claim.
 */
final class DisclosurePolicyClaim {
  private static final String CHECK = "security_txt.policy";
  // Its own id: the contact the page publishes is weighed by the claims under /security_txt, and
  // a file without a policy still shows a current contact.
  private static final String POINTER = "/security_txt/policy";
  private static final String STATEMENT = "security.txt links a vulnerability disclosure policy";

  private DisclosurePolicyClaim() {}

  static void add(List<Claim> out, ClaimEvidence evidence, Vocabulary vocabulary) {
    int before = out.size();
    ClaimBook.section(out, evidence, vocabulary, "security_txt.policy", POINTER, STATEMENT, null,
        Scope.NONE, "", List.of(CHECK), f -> true);
    // Told, not judged: the file names no policy, or its link was not followed.
    List<Finding> told = evidence.findings(List.of(CHECK)).stream()
        .filter(f -> f.status() == Status.INFO).toList();
    if (out.size() > before || told.isEmpty() && evidence.findings(
        List.of("security_txt.present")).stream().noneMatch(f -> f.status() == Status.PASS)) {
      return;
    }
    String why = told.isEmpty()
        ? "no check of security.txt's Policy: field ran (a scan older than that check)"
        : String.join("; ", told.stream().limit(3)
            .map(f -> "security.txt on " + f.target() + ": " + f.observed()).toList());
    ClaimPart part = new ClaimPart(vocabulary.topic("security_txt.policy").orElseThrow(),
        Polarity.IN_PLACE, null, Scope.NONE, "", STATEMENT);
    out.add(new Claim(POINTER, STATEMENT, part, Standing.UNKNOWN, true, List.of(CHECK),
        told.stream().limit(5).map(ClaimEvidence::describe).toList(), why, true));
  }
}

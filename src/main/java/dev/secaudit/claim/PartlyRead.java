package dev.secaudit.claim;

import java.util.ArrayList;
import java.util.List;

/**
 * The policy's claims whose statement the reader understands only in part. No answer rests on
 * such a claim (it is never read as saying more than its words), so a questionnaire's questions on
 * its topic stay for review; `validate` says so before anyone is surprised by it.
 */
public final class PartlyRead {
  /**
   * @param index the claim's place in the policy's claims, for its JSON pointer
   * @param why what was not read, in words a reviewer can act on
   */
  public record Statement(int index, String id, String why) {
    public String pointer() {
      return "/claims/" + index + "/statement";
    }
  }

  private PartlyRead() {}

  public static List<Statement> of(List<dev.secaudit.policy.Claim> claims,
      SentenceReader reader) {
    List<Statement> out = new ArrayList<>();
    for (int i = 0; i < claims.size(); i++) {
      dev.secaudit.policy.Claim c = claims.get(i);
      // A claim marked as not applying is answered from its attestation, not from its words.
      if (!c.applies() || c.statement() == null) {
        continue;
      }
      // A stated gap with its topic named is answered from its polarity and topic, whatever
      // else its words say (ClaimBook): "Disk encryption at rest: Hetzner server disks are not
      // encrypted by default" answers No on encryption at rest, as the page does.
      if (c.polarity() != null && c.topic() != null) {
        continue;
      }
      Reading r = reader.read(c.statement());
      if (r.partial()) {
        out.add(new Statement(i, c.id(), r.whyPartial()));
      }
    }
    return List.copyOf(out);
  }
}

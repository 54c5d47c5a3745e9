package dev.secaudit.claim;

import dev.secaudit.model.TlsVersion;
import dev.secaudit.policy.ClaimChecks;
import dev.secaudit.policy.Globs;
import dev.secaudit.policy.Policy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What a claim's checks cannot show of its statement, known before any scan because it depends
 * on the policy alone: a rule pointer or check of another topic ("Session cookies are HttpOnly"
 * on {@code /rate_limits/0}), a statement over every response on a header rule judged on the
 * paths listed, or an amount beyond the policy's own rule ("TLS 1.3" while tls.min_version is
 * 1.2, which a server accepting TLS 1.2 passes). Each is read as the scan's judge reads it
 * ({@link StatedParts}, {@link Topic#checks()}, {@link Quantity#relationTo}), so validate notes
 * exactly the claims a scan will leave for review however the servers answer.
 */
public final class RuleReach {
  private RuleReach() {}

  /**
   * @param index the claim's place in {@code claims}
   * @param text what its checks cannot show, and what to do
   */
  public record Note(int index, String id, String text) {
    public String pointer() {
      return "/claims/" + index + "/checks";
    }
  }

  /**
   * @param checksOf the check ids one entry of a claim's checks can select: a glob's matches, or
   *     the checks that judge the rules of a pointer's section
   */
  public static List<Note> of(Policy policy, SentenceReader reader, Vocabulary vocabulary,
      Function<String, List<String>> checksOf) {
    String minVersion = policy.tls() == null ? null : policy.tls().minVersion();
    List<Note> out = new ArrayList<>();
    List<dev.secaudit.policy.Claim> claims = policy.claims();
    for (int i = 0; i < claims.size(); i++) {
      dev.secaudit.policy.Claim c = claims.get(i);
      for (String why : of(c, minVersion, reader, vocabulary, checksOf)) {
        out.add(new Note(i, c.id(), why));
      }
    }
    return List.copyOf(out);
  }

  /**
   * What one claim's checks cannot show, in the words validate prints: for a claim not yet in a
   * policy file (init asks before it writes one with checks), so the two cannot disagree.
   *
   * @param minVersion the policy's {@code tls.min_version}, or null when it states none
   */
  public static List<String> of(dev.secaudit.policy.Claim c, String minVersion,
      SentenceReader reader, Vocabulary vocabulary, Function<String, List<String>> checksOf) {
    if (!c.applies() || c.statement() == null || c.checks().isEmpty()
        || c.polarity() != null && !c.polarity().equals("in_place")) {
      return List.of();
    }
    StatedParts stated = StatedParts.of(c, reader, vocabulary);
    if (!stated.whole()) {
      // Read only in part: PartlyRead notes it, and the scan verifies none of it.
      return List.of();
    }
    Set<String> ids = new LinkedHashSet<>();
    c.checks().forEach(e -> ids.addAll(checksOf.apply(e)));
    boolean rules = c.checks().stream().anyMatch(ClaimChecks::isRule);
    Set<String> noted = new LinkedHashSet<>();
    for (ClaimPart p : stated.parts()) {
      if (p.polarity() != Polarity.IN_PLACE) {
        continue;
      }
      List<String> testing = ids.stream()
          .filter(id -> p.topic().checks().stream().anyMatch(g -> Globs.matches(g, id)))
          .toList();
      String why = testing.isEmpty() ? p.topic().notTestedBy(written(c.checks()))
          : rules ? pageByPage(p, testing) : "";
      if (why.isEmpty()) {
        why = beyondMinimum(p, testing, minVersion);
      }
      if (!why.isEmpty()) {
        noted.add(why);
      }
    }
    return List.copyOf(noted);
  }

  /** The entries as written, each pointer with the section whose rule it names. */
  private static String written(List<String> entries) {
    return String.join(", ", entries.stream().map(e -> !ClaimChecks.isRule(e) ? e
        : e + ", a rule of " + e.substring(1).split("/")[0]).toList());
  }

  /**
   * "Every page sends X-Frame-Options: DENY" on {@code /headers/X-Frame-Options}: the header
   * rule is judged on the paths the targets list, and the scan does not verify a sentence over
   * every response by it (ChecksReach says the same of header checks named by id).
   */
  private static String pageByPage(ClaimPart p, List<String> testing) {
    boolean live = testing.stream().allMatch(k -> k.startsWith("header.") || k.startsWith("csp.")
        || k.startsWith("http."));
    return !live || !ObservedResponses.overEveryResponse(p) ? "" : "its statement speaks of "
        + ChecksReach.everyResponse(p) + ", so the scan does not call it verified: narrow the"
        + " statement to the pages the targets list, or attest it";
  }

  /**
   * A version the statement states above the policy's minimum: the checks pass a server that
   * accepts the minimum, so they cannot refute the sentence. The scan verifies it only where it
   * observed every older version refused; the rule is what makes the claim checked.
   */
  private static String beyondMinimum(ClaimPart p, List<String> testing, String minVersion) {
    Quantity q = p.quantity();
    if (q == null || q.unit() != Quantity.Unit.VERSION || testing.isEmpty()
        || minVersion == null) {
      return "";
    }
    TlsVersion min;
    try {
      min = TlsVersion.parse(minVersion);
    } catch (IllegalArgumentException e) {
      return "";
    }
    if (ObservedClaims.atLeast(min).relationTo(q) == Quantity.Relation.INSIDE) {
      return "";
    }
    return "its statement says " + q.describe() + ", while tls.min_version is " + min.label()
        + ": a server that accepts " + min.label() + " passes its checks ("
        + String.join(", ", testing) + "), so they cannot refute the statement, and the scan"
        + " calls it verified only where it sees every older version refused; raise"
        + " tls.min_version to what the statement says, or narrow the statement";
  }
}

package dev.secaudit.claim;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A header rule is judged on the responses of the paths a target lists, while "on all responses"
 * also means redirects, errors and every other path. A header claim verified by the rule speaks
 * for the responses judged only: it answers whether the header is sent, not whether it is sent on
 * every response, and the reason names the responses judged and any other response the scan
 * recorded without the header (the plain-HTTP 301 of the redirect check).
 */
final class ObservedResponses {
  private ObservedResponses() {}

  /**
   * The responses a rule's checks judged: within "endpoint", so "on all endpoints" still reads
   * the rule, while a question over every response ("always", "all responses") is wider.
   */
  static final String JUDGED = "response.judged";

  /** A verified header section's claim narrowed to the responses its checks judged. */
  static Claim narrowed(Claim c, String header, ClaimEvidence evidence) {
    if (c.standing() != Standing.VERIFIED) {
      return c;
    }
    List<Finding> judged = evidence.findings(c.checkIds()).stream()
        .filter(f -> f.status() == Status.PASS).toList();
    Set<String> ids = new LinkedHashSet<>();
    Set<String> targets = new LinkedHashSet<>();
    judged.forEach(f -> {
      ids.addAll(f.evidence());
      targets.add(f.target());
    });
    List<String> seen = new ArrayList<>();
    List<String> without = new ArrayList<>();
    for (Artifact a : evidence.scan().artifacts()) {
      if (a.kind() != ArtifactKind.Known.HTTP_EXCHANGE || !targets.contains(a.target())) {
        continue;
      }
      if (ids.contains(a.id())) {
        seen.add(plain(a.summary()));
      } else if (header != null && !carries(a.content(), header)
          && (!header.equalsIgnoreCase("Strict-Transport-Security")
              || a.summary().contains("https://"))) {
        // HSTS belongs on HTTPS answers only: a plain-HTTP 301 without it is right.
        without.add(plain(a.summary()));
      }
    }
    // Without the recorded exchanges (while the scan is still running) the responses are the
    // findings' evidence, one per page: a finding may fold several pages (hsts.header), and the
    // scan and a later page must give the same count (a blind review: "1" then "2").
    String why = c.why() + "; judged on " + (!seen.isEmpty() ? seen.size()
        : ids.isEmpty() ? judged.size() : ids.size())
        + " response(s)" + (seen.isEmpty() ? "" : " (" + String.join(", ", first(seen)) + ")")
        + (without.isEmpty() ? ", not on every response"
            : "; the scan also recorded " + String.join(", ", first(without)) + " without "
                + header);
    return narrowed(c, why);
  }

  /**
   * Whether a question or statement asks of every response in the words of a part: "ever" and
   * "never" range over all of them, as "always" and "every response" do, and so does "any" in
   * a part that is not asking whether one has it ("Does any page lack a CSP?" asks whether
   * every page has one).
   */
  static boolean overEveryResponse(ClaimPart p) {
    return p.scope().universal() || p.anywhere() || !p.some() && Words.of(p.text() == null ? ""
        : p.text()).stream().anyMatch(w -> EVERY.contains(w.text()));
  }

  private static final Set<String> EVERY = Set.of("never", "ever", "any");

  /**
   * Whether a part asks of every time a thing is done, in the words "ever" and "never" or as a
   * lapse anywhere ("Do you ever serve pages over plain HTTP?"): wider than every endpoint, as
   * an endpoint answers many requests.
   */
  static boolean everOrNever(ClaimPart p) {
    return p.anywhere() || Words.of(p.text() == null ? "" : p.text()).stream()
        .anyMatch(w -> w.text().equals("ever") || w.text().equals("never"));
  }

  private static Claim narrowed(Claim c, String why) {
    ClaimPart p = c.part();
    Set<String> nouns = new LinkedHashSet<>(p.scope().nouns());
    nouns.add(JUDGED);
    return c.scoped(p.scope().over(p.scope().universal(), nouns)).explained(why);
  }

  /** "GET https://a/ → 200 (52 ms)" without the timing, which says nothing of the header. */
  private static String plain(String summary) {
    return summary.replaceFirst("\\s*\\(\\d+ ms\\)$", "");
  }

  private static List<String> first(List<String> items) {
    return items.size() <= 3 ? items : List.of(String.join(", ", items.subList(0, 3)),
        "and " + (items.size() - 3) + " more");
  }

  /** Whether a recorded exchange's answer has the header (the lines after its status line). */
  private static boolean carries(String transcript, String header) {
    boolean inAnswer = false;
    String wanted = header.toLowerCase(Locale.ROOT) + ":";
    for (String line : transcript.split("\n", -1)) {
      if (!inAnswer) {
        inAnswer = line.startsWith("HTTP/");
        continue;
      }
      if (line.isBlank()) {
        return false;
      }
      if (line.toLowerCase(Locale.ROOT).startsWith(wanted)) {
        return true;
      }
    }
    return false;
  }
}

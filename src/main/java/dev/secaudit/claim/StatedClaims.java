package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Value;
import dev.secaudit.policy.ClaimChecks;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a policy claim's own checks show of it: whether they verify what its statement says
 * (its value, its amount, everything it speaks of), and whether their failures lie among the
 * things it speaks of. A check tests the policy's rule, not the statement's words.
 */
final class StatedClaims {
  private StatedClaims() {}

  /**
   * Why a stated claim's passing checks do not verify it, or "" when they do. A check verifies
   * its topic at the policy's own rule: "SameSite=Strict" is not shown by a check of the
   * policy's Lax rule, nor "a max-age of two years" by a check that the header is sent, nor "we
   * never log personal data" while the check of personal data in the same logs failed. A value
   * or an amount is shown by what the checks observed, else by a section the scan verified.
   */
  static String notVerifiedBy(ClaimPart p, List<String> testing, List<String> selected,
      ClaimEvidence evidence, List<Claim> sections) {
    // A claim bound to one rule ("/rate_limits/0") speaks of that rule's things only: another
    // rule's failure or value on the same topic is about other things.
    Predicate<Finding> own = selected.stream().anyMatch(ClaimChecks::isRule)
        ? ClaimChecks.anyOf(selected) : f -> true;
    List<String> failing = evidence.findings(p.topic().checks()).stream()
        .filter(own)
        .filter(f -> f.status() == Status.FAIL)
        // What the topic names beside it (a 429's Retry-After beside "we rate limit") is not
        // what the statement says: named beside its verdict, it leaves nothing unshown.
        .filter(f -> !p.topic().namedBeside().contains(f.checkId()))
        .limit(3)
        .map(f -> f.checkId() + " on " + f.target() + " failed: " + f.observed())
        .toList();
    if (!failing.isEmpty()) {
      return "on the same topic " + String.join("; ", failing);
    }
    String history = RepositoryHistory.notShown(p, sections);
    if (!history.isEmpty()) {
      return history;
    }
    // A policy section judged the topic over some things only (the cookies its rule names): a
    // claim over more ("Cookies are HttpOnly", when only session* is ruled) is not shown by it.
    // "Data" limits nothing here (data in transit is what the endpoints carry) unless the
    // statement says all of it and names nothing it travels through ("HTTPS on the site and API"): "all data to and from our Service" also travels to vendors and
    // backups no endpoint check sees, as an answer to "Is all data encrypted in transit?" weighs
    // it; page and answer must not part ways on the same words.
    Scope over = spokenOf(p);
    if (over.universal() && over.nouns().contains("connection")) {
      // "All connections use TLS 1.2 or higher": the probes reach the public listeners, not the
      // hops behind them (a tenth blind review: nginx proxied to the app over http://).
      return "its checks probe the public listeners only, not every connection (the hops behind"
          + " them, such as a proxy to the application, are not probed)";
    }
    // A claim bound to its rules is judged by theirs alone: another rate limit's login scope
    // beside the AI endpoint's read "judged some endpoint, some endpoint (login) only".
    List<String> rules = selected.stream().filter(ClaimChecks::isRule).toList();
    List<Claim> ruled = sections.stream().filter(s -> s.part().topic().equals(p.topic())
        && (rules.isEmpty() || rules.stream().anyMatch(r -> s.id().equals(r)
            || s.id().startsWith(r + "/")))
        && !s.part().scope().isEmpty() && !s.part().scope().disjoint(over)).toList();
    if (!ruled.isEmpty() && !over.isEmpty() && ruled.stream().noneMatch(s ->
        s.standing() == Standing.VERIFIED && s.part().scope().covers(over))) {
      // A rule over every cookie judged those the fetched responses set (narrowed): said so, as
      // HSTS judged on the listed paths is, with the responses it was judged on.
      Claim fetched = ruled.stream().filter(s -> s.part().scope().nouns()
          .contains(ObservedResponses.JUDGED)).findFirst().orElse(null);
      Claim unverified = ruled.stream().filter(s -> s.part().scope().covers(over))
          .findFirst().orElse(null);
      if (unverified != null) {
        // The rule spoke of the same things and was not verified: its reason is the claim's
        // (said as a scope, it read "judged all cookie.session only, not all cookie.session").
        return "its rule '" + unverified.statement() + "' is " + unverified.standing().label()
            + ": " + unverified.why();
      }
      List<String> sides = ruled.stream().map(s -> withoutJudged(s.part().scope()).describe())
          .filter(d -> !d.isEmpty()).distinct().toList();
      String judged = "its checks judged " + String.join(", ", sides)
          + (fetched == null ? "" : " set by the responses fetched") + " only";
      // What the statement names that no rule judged even in part ("per user" beside the
      // endpoint a burst hit): said by name, as "not some endpoint, user" read as a typo.
      List<String> unjudged = over.nouns().stream().sorted().filter(n -> ruled.stream()
          .flatMap(s -> s.part().scope().nouns().stream())
          .noneMatch(r -> r.equals(n) || r.startsWith(n + "."))).toList();
      // Never the same words on both sides: what differs is then how many, not which.
      String notOver = fetched == null && sides.contains(over.describe())
          ? ", not every one the statement speaks of"
          : ", not " + over.describe();
      // The rule's own reason too (a window not observed): fixing the scope alone would not
      // verify the claim.
      String ownWhy = ruled.stream().filter(s -> s.standing() != Standing.VERIFIED
              && s.part().quantity() != null).findFirst()
          .map(s -> "; and its rule '" + s.statement() + "' is " + s.standing().label() + ": "
              + s.why()).orElse("");
      return judged + (unjudged.isEmpty() ? notOver
          : "; the statement also speaks of " + String.join(", ", unjudged)
              + ", which they do not judge") + (fetched == null ? "" : " (" + fetched.why() + ")")
          + ownWhy;
    }
    // Cookie rules are held to the cookies they judged (above), not to every response.
    List<Claim> judged = sections.stream().filter(s -> s.part().topic().equals(p.topic())
        && !p.topic().id().startsWith("cookies.")
        && s.part().scope().nouns().contains(ObservedResponses.JUDGED)).toList();
    if (!judged.isEmpty() && ObservedResponses.overEveryResponse(p)) {
      // "Responses never include version banners": of every response, where the rule judged
      // the listed paths only (a blind review found a banner on /account, not listed).
      return "its checks judged the responses of the paths listed only, not every response ("
          + judged.get(0).why() + ")";
    }
    if (p.value().isEmpty() && p.quantity() == null) {
      return "";
    }
    String wanted = (p.value().isEmpty() ? "" : p.value() + (p.quantity() == null ? "" : ", "))
        + (p.quantity() == null ? "" : p.quantity().describe());
    List<Value> seen = evidence.findings(testing).stream()
        .filter(own)
        .filter(f -> f.status() == Status.PASS && f.observedValue() != null)
        .map(Finding::observedValue)
        .filter(o -> comparable(o, p) != null)
        .toList();
    if (!seen.isEmpty()) {
      List<String> otherwise = seen.stream().filter(o -> !comparable(o, p))
          .map(Value::prose).distinct().limit(3).toList();
      return otherwise.isEmpty() ? "" : "the scan observed " + String.join(", ", otherwise)
          + ", not " + wanted;
    }
    boolean shown = sections.stream()
        .filter(s -> s.part().topic().equals(p.topic()) && s.standing() == Standing.VERIFIED)
        .anyMatch(s -> (p.value().isEmpty() || p.value().equals(s.part().value()))
            && (p.quantity() == null || (s.part().quantity() != null && s.part().quantity()
                .relationTo(p.quantity()) == Quantity.Relation.INSIDE)));
    if (shown) {
      return "";
    }
    // The policy's own rule states the amount, but the scan did not verify it (a rate limit's
    // window not observed): its reason is the claim's.
    String unshown = sections.stream().filter(s -> s.part().topic().equals(p.topic())
            && s.standing() != Standing.VERIFIED && p.quantity() != null
            && s.part().quantity() != null
            && s.part().quantity().relationTo(p.quantity()) == Quantity.Relation.INSIDE)
        .map(s -> "its rule '" + s.statement() + "' is " + s.standing().label() + ": " + s.why())
        .findFirst().orElse(null);
    return unshown != null ? unshown : "no check verified " + wanted
        + " (a check tests the policy's own rule, not the statement's words)";
  }

  /** What a statement speaks of, as checks must cover it. */
  static Scope spokenOf(ClaimPart p) {
    return new Scope(p.scope().universal(), p.scope().nouns().stream()
        .filter(n -> !n.equals("data") || p.scope().universal() && p.scope().nouns().size() == 1)
        .collect(java.util.stream.Collectors.toSet()));
  }

  /**
   * The targets a claim's failed checks failed on, when every one of them names things the
   * claim's scope does not ("pdf-reports" for a claim on logs); "" when any may be what it
   * speaks of.
   */
  static String failedElsewhere(ClaimPart p, List<String> testing,
      ClaimEvidence evidence, SentenceReader reader, List<Claim> sections, TokenKinds kinds) {
    List<Finding> failed = evidence.findings(testing).stream()
        .filter(f -> f.status() == Status.FAIL || f.status() == Status.ERROR).toList();
    String otherTokens = kinds.failedElsewhere(p, failed);
    if (!otherTokens.isEmpty()) {
      // "Magic links expire after 15 minutes and can only be used once", failed by the access
      // token's lifetime and the reset link's reuse: neither is a magic link.
      return otherTokens;
    }
    String rule = ruleStating(p, sections);
    if (!failed.isEmpty() && rule != null && failed.stream().noneMatch(ClaimChecks.selector(rule)
        .and(f -> AMOUNT_CHECKS.contains(f.checkId())))) {
      // "The API is rate limited to 60 requests per minute" on ratelimit.*: the one rule of
      // 60 a minute is what it speaks of, not the password reset's limit that failed, and of
      // that rule its count and window, not a Retry-After missing from its refusal.
      return String.join(", ", failed.stream().map(f -> f.checkId() + " on "
          + (f.subject().isEmpty() ? f.policyPointer() : f.subject())).distinct().toList());
    }
    if (p.scope().nouns().stream().anyMatch(n -> n.startsWith("cookie"))) {
      // Which cookie failed is the cookie's name, never the target's: "Session cookies are ...
      // Partitioned" failed on the policy's only target, "site", was left to review as if the
      // failure were elsewhere (founder24), and a "prefs" cookie is no session cookie.
      List<Finding> others = failed.stream().filter(f -> p.scope().nouns().contains(
          "cookie.session") && !ClaimBook.cookieScope(f.subject()).nouns()
              .contains("cookie.session")).toList();
      return failed.isEmpty() || others.size() < failed.size() ? ""
          : String.join(", ", others.stream().map(f -> "cookie " + f.subject()).distinct()
              .toList());
    }
    if (p.scope().isEmpty()) {
      return "";
    }
    if (failed.isEmpty() || !failed.stream().allMatch(f -> ClaimBook.scopeOfName(reader, f.target())
        .disjoint(p.scope()))) {
      return "";
    }
    return String.join(", ", failed.stream().map(Finding::target).distinct().toList());
  }

  /**
   * The one rate_limits entry that states the part's amount, same count and window, or null:
   * a claim on a glob over several limits speaks of the one whose number it gives.
   */
  /** What shows a limit's count and window; Retry-After and the headers say nothing of them. */
  private static final java.util.Set<String> AMOUNT_CHECKS =
      java.util.Set.of("ratelimit.enforced", "ratelimit.window");

  private static String ruleStating(ClaimPart p, List<Claim> sections) {
    Quantity q = p.quantity();
    if (q == null || !p.topic().id().equals("rate_limit") || q.window() <= 0) {
      return null;
    }
    List<String> rules = sections.stream().filter(s -> s.id().matches("/rate_limits/\\d+")
        && s.part().quantity() != null && s.part().quantity().window() == q.window()
        && Math.rint(s.part().quantity().value() * q.window())
            == Math.rint(q.value() * q.window())).map(Claim::id).distinct().toList();
    return rules.size() == 1 ? rules.get(0) : null;
  }

  /**
   * Whether one observed value shows a part's value and amount; null when it cannot speak to
   * them (a presence says nothing of a max-age).
   */
  private static Boolean comparable(Value observed, ClaimPart p) {
    Boolean value = null;
    Boolean amount = null;
    if (!p.value().isEmpty()) {
      // A cookie.same_site finding observes the Set-Cookie itself (older scans: a setting).
      String seen = observed instanceof Value.Setting st ? st.value()
          : observed instanceof Value.Cookie c && p.topic().id().equals("cookies.same_site")
          ? c.sameSite()
          : observed instanceof Value.Header h ? h.value()
          : observed instanceof Value.Text t ? t.text() : null;
      // Values are read as stems ("Cloudflare" is cloudflar): compare the observed one so too.
      value = seen == null ? null : seen.strip().equalsIgnoreCase(p.value())
          || String.join(" ", Words.stems(seen)).equals(p.value());
    }
    if (p.quantity() != null && p.quantity().unit() == Quantity.Unit.SECONDS
        && observed instanceof Value.Duration d) {
      amount = new Quantity(d.seconds(), Quantity.Unit.SECONDS, Quantity.Comparison.EXACTLY)
          .relationTo(p.quantity()) == Quantity.Relation.INSIDE;
    }
    if ((!p.value().isEmpty() && value == null) || (p.quantity() != null && amount == null)) {
      return null;
    }
    return (value == null || value) && (amount == null || amount);
  }

  private static Scope withoutJudged(Scope s) {
    java.util.Set<String> nouns = new java.util.LinkedHashSet<>(s.nouns());
    nouns.remove(ObservedResponses.JUDGED);
    return s.over(s.universal(), nouns);
  }
}

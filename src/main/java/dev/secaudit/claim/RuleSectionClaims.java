package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.CookieRule;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a cookie rule's lifetime and prefix, and the CSP's inline-source checks, state, each held
 * to exactly what its check judged: a cookie rule's max_age is the amount the claim carries ("24
 * hours" is at most a day, not some expiry), the prefix its value (__Secure- does not show
 * __Host-), and "inline scripts blocked" is not refuted by a style directive's 'unsafe-inline'.
 */
final class RuleSectionClaims {
  private RuleSectionClaims() {}

  private static final Set<String> STYLE_DIRECTIVES = Set.of("style-src", "style-src-attr",
      "style-src-elem");

  /** The lifetime and prefix of one cookie rule, over the cookies the rule matched. */
  static void cookieRule(List<Claim> out, CookieRule r, String at, Scope cookies,
      Predicate<Finding> ruled, ClaimEvidence evidence, Vocabulary vocabulary) {
    if (r.maxAge() != null) {
      int before = out.size();
      ClaimBook.section(out, evidence, vocabulary, "cookies.lifetime", at, "cookies " + r.name()
          + " live at most " + r.maxAge().text(), new Quantity(r.maxAge().value().toSeconds(),
              Quantity.Unit.SECONDS, Quantity.Comparison.AT_MOST), cookies, "",
          List.of("cookie.lifetime"), ruled);
      if (out.size() > before && out.get(before).standing() == Standing.VERIFIED) {
        // The check passes a cookie without Max-Age or Expires (nothing persists past the
        // browser session), but a browser session may last for weeks: no bound was seen.
        List<String> unbounded = evidence.findings(List.of("cookie.lifetime")).stream()
            .filter(ruled).filter(f -> f.status() == Status.PASS
                && f.observed().contains("no Max-Age or Expires"))
            .map(f -> f.subject() + " on " + f.target()).distinct().toList();
        if (!unbounded.isEmpty()) {
          Claim c = out.get(before);
          out.set(before, c.unknown("no lifetime was seen to bound: "
              + String.join(", ", unbounded.subList(0, Math.min(3, unbounded.size())))
              + " set without Max-Age or Expires, kept until the browser closes"));
        }
      }
    }
    if (r.prefix() != null) {
      String value = Words.of(r.prefix()).stream().findFirst().map(Words.Word::stem).orElse("");
      ClaimBook.section(out, evidence, vocabulary, "cookies.prefix", at, "cookies " + r.name()
          + " carry the " + r.prefix() + " prefix", null, cookies, value,
          List.of("cookie.prefix"), ruled);
    }
  }

  /**
   * 'unsafe-inline' kept out of the enforced CSP, as csp.unsafe_inline judged it (scripts and
   * styles, a nonce or hash making it ignored), and inline scripts blocked, judged on the script
   * directives only, over the responses the CSP check judged.
   */
  static void inlineSources(List<Claim> out, ClaimEvidence evidence, Vocabulary vocabulary,
      Scope everyTarget) {
    int all = out.size();
    ClaimBook.section(out, evidence, vocabulary, "csp.unsafe_inline", "/headers", "no"
        + " 'unsafe-inline' in effect in the enforced CSP, for scripts or styles", null,
        everyTarget, "", List.of("csp.unsafe_inline"), f -> true);
    ClaimBook.narrowLast(out, all, "Content-Security-Policy", evidence);
    // The check names only the directives that hold the source, and passes only when none does:
    // where it failed on styles alone, the script directives were judged and held none. So the
    // enforced CSP (csp.header) stands for the scripts on each target the inline check judged;
    // default-src may hold it for styles alone (script-src set), which its description says.
    Set<String> judged = new java.util.HashSet<>();
    evidence.findings(List.of("csp.unsafe_inline")).stream()
        .filter(f -> f.status() == Status.PASS || f.status() == Status.FAIL)
        .forEach(f -> judged.add(f.target()));
    if (judged.isEmpty()) {
      return;
    }
    int scripts = out.size();
    ClaimBook.section(out, evidence, vocabulary, "csp.inline_scripts", "/headers", "inline"
        + " scripts blocked by the enforced CSP", null, everyTarget, "",
        List.of("csp.header", "csp.unsafe_inline"), f -> f.checkId().equals("csp.header")
            ? judged.contains(f.target()) || f.status() != Status.PASS
            : f.status() != Status.FAIL || (!STYLE_DIRECTIVES.contains(f.subject())
                && f.observed().contains("inline scripts")));
    ClaimBook.narrowLast(out, scripts, "Content-Security-Policy", evidence);
  }
}

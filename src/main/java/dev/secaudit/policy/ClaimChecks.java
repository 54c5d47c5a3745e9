package dev.secaudit.policy;

import dev.secaudit.model.Finding;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What a claim's {@code checks} select: each entry a check-id glob ({@code ratelimit.*}), or the
 * JSON pointer of one policy rule ({@code /rate_limits/0}), which selects the findings that rule
 * asked for. A page saying "10 login attempts a minute" beside "1,000 API calls an hour" makes
 * two claims on one check: by glob, the API limit's failure would refute the login sentence too.
 */
public final class ClaimChecks {
  /** The list sections whose entries share their checks, so a claim may name one entry. */
  public static final List<String> RULE_LISTS = List.of("rate_limits", "retention", "cookies",
      "data_hygiene", "flows", "headers");

  private ClaimChecks() {}

  /** An entry naming a rule of the policy rather than checks by id. */
  public static boolean isRule(String entry) {
    return entry.startsWith("/");
  }

  /** The findings {@code entry} selects; compiled once, as a fleet has many findings. */
  public static Predicate<Finding> selector(String entry) {
    if (isRule(entry)) {
      String under = entry + "/";
      return f -> f.policyPointer().equals(entry) || f.policyPointer().startsWith(under);
    }
    Pattern glob = Pattern.compile(Globs.toRegex(entry));
    return f -> glob.matcher(f.checkId()).matches();
  }

  /** The findings any of {@code entries} selects. */
  public static Predicate<Finding> anyOf(List<String> entries) {
    List<Predicate<Finding>> each = entries.stream().map(ClaimChecks::selector).toList();
    return f -> each.stream().anyMatch(p -> p.test(f));
  }
}

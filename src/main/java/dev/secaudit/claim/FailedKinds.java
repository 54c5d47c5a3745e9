package dev.secaudit.claim;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The targets a refuted claim failed on, and the kinds of endpoint each is of: "Is HSTS on all
 * subdomains?", "Is HTTPS enforced on your API?" are answered No by a failure on a target of that
 * kind, and the failure says nothing of them on any other target.
 */
final class FailedKinds {
  private FailedKinds() {}

  private static final Pattern FAILED_ON = Pattern.compile(
      "^\\S+(?: \\[.*\\])? on (\\S+) at \\S+: (?:FAIL|ERROR|WAIVED)$");

  /** The targets a claim's own findings failed on (from its evidence), each with its kinds. */
  static Map<String, Set<String>> of(Claim c, EndpointKinds kinds) {
    Map<String, Set<String>> out = new TreeMap<>();
    for (String e : c.evidence()) {
      Matcher m = FAILED_ON.matcher(e);
      if (m.matches() && !e.startsWith("claim.")) {
        out.put(m.group(1), kinds.of(m.group(1)));
      }
    }
    return out;
  }

  /**
   * Where a refuted claim failed, when that is no target of the kinds a question asks only of:
   * "" when it failed on one (it answers), null when the question names no kind alone or the
   * claim is itself of that kind ("API requests are limited to 100 a minute", its rule's request
   * an API path), whatever its target is called: its scope decides then.
   */
  static String offKind(Map<String, Set<String>> failed, Scope claim, Scope asked) {
    List<String> kinds = asked.nouns().stream()
        .filter(n -> n.startsWith(Scope.ENDPOINT_KIND)).toList();
    if (kinds.isEmpty() || kinds.size() != asked.nouns().size()) {
      return null;
    }
    if (failed.values().stream().anyMatch(k -> k.stream().anyMatch(kinds::contains))) {
      return "";
    }
    if (claim.nouns().containsAll(kinds)) {
      return null;
    }
    return failed.isEmpty() ? "targets the question does not name"
        : String.join(", ", failed.keySet()) + ", not " + (failed.size() == 1 ? "a target"
            : "targets") + " of the kind asked (" + String.join(", ", kinds.stream()
                .map(k -> k.substring(Scope.ENDPOINT_KIND.length())).toList()) + ")";
  }
}

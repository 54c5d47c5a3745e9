package dev.secaudit.claim;

import dev.secaudit.model.ArtifactKind;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where a refuted claim's own findings failed, and the kinds of endpoint each failing finding
 * shows a lapse in ({@link EndpointKinds#lapsed}): "Is HSTS on all subdomains?", "Is HTTPS
 * enforced on your API?" are answered No by a failure of that kind, and a failure says nothing
 * of any other kind. A finding is of the kinds its target is of, and of a listed path's only
 * when it is about that path ({@link EndpointKinds#judged}) or cites the request for it (a
 * finding that folds every page of its target): the root's redirect failing says nothing of the
 * API path listed beside it. Before, the targets were read back from the evidence text, and a
 * failure gave its target every kind its listed paths name.
 */
final class FailedKinds {
  private FailedKinds() {}

  /**
   * The failing findings among a claim's own, each named "target [subject]", with the kinds it
   * judged. A policy claim's own are every finding of the checks it lists ({@code listed});
   * any other claim's are those of its checks its evidence cites, as those checks' findings may
   * be about other rules (another header's).
   */
  static Map<String, Set<String>> of(Claim c, List<String> listed, ClaimEvidence evidence,
      EndpointKinds kinds) {
    Set<String> cites = new TreeSet<>();
    c.evidence().forEach(e -> cites.add(unjudged(e)));
    Map<String, Set<String>> out = new TreeMap<>();
    for (Finding f : evidence.findings(listed.isEmpty() ? c.checkIds() : listed)) {
      if ((f.status() != Status.FAIL && f.status() != Status.ERROR)
          || (listed.isEmpty() && !cites.contains(unjudged(ClaimEvidence.describe(f))))) {
        continue;
      }
      Set<String> of = out.computeIfAbsent(f.target() + (f.subject().isEmpty() ? ""
          : " [" + f.subject() + "]"), k -> new TreeSet<>());
      of.addAll(kinds.lapsed(f));
      of.addAll(kinds.requested(f.target(), () -> evidence.scan().artifacts().stream()
          .filter(a -> a.kind() == ArtifactKind.Known.HTTP_EXCHANGE
              && f.evidence().contains(a.id()))
          .map(dev.secaudit.model.Artifact::summary).toList()));
    }
    return out;
  }

  /** A finding's reference without its status, which a waiver may have changed. */
  private static String unjudged(String reference) {
    return reference.replaceFirst(": [A-Z]+$", "");
  }

  /**
   * Where a refuted claim failed, when that is nothing of the kinds a question asks only of:
   * "" when a failing finding is of one (it answers), null when the question names no kind alone
   * or the claim is itself of that kind ("API requests are limited to 100 a minute", its rule's
   * request an API path), whatever its target is called: its scope decides then.
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
    List<String> where = List.copyOf(failed.keySet());
    return where.isEmpty() ? "targets the question does not name"
        : String.join(", ", where.subList(0, Math.min(3, where.size())))
            + (where.size() > 3 ? " and " + (where.size() - 3) + " more" : "") + ", "
            + (where.size() == 1 ? "which is not" : "none of them is") + " of the kind asked ("
            + String.join(", ", kinds.stream()
                .map(k -> k.substring(Scope.ENDPOINT_KIND.length())).toList()) + ")";
  }
}

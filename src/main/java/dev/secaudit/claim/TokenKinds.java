package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.policy.Flow;
import dev.secaudit.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which kind of token or link a flow's rule judged: a magic link's one_shot expectation, the
 * password reset link's, the access token the sign-in returned. Its finding speaks for that kind
 * only (a twelfth blind review: the reset link working twice answered "Are magic links
 * single-use?" No while the magic link's own expectation passed). The kind comes from the words
 * of the rule's name, request path and token capture, as the policy's author wrote them.
 */
final class TokenKinds {
  /** Things of a kind not known: some token, which answers for no one kind. */
  static final Scope SOME_TOKEN = new Scope(false, Set.of("token"));

  private final Policy policy;
  private final Map<String, Set<String>> words;

  TokenKinds(Policy policy, Vocabulary vocabulary) {
    this.policy = policy;
    this.words = vocabulary.tokenKinds();
  }

  /**
   * The scope a flow rule speaks for: all of its kind when its words name one kind (the company's
   * magic link, as a cookie rule names its session cookies), some token otherwise.
   */
  Scope scopeOf(String pointer) {
    String kind = kindOf(pointer);
    return kind == null ? SOME_TOKEN : new Scope(true, Set.of(kind));
  }

  /** The kind of token the rule at {@code pointer} judged, or null when its words name none or several. */
  String kindOf(String pointer) {
    List<String> said = wordsOf(pointer);
    if (said == null) {
      return null;
    }
    Set<String> stems = new TreeSet<>();
    for (String w : said) {
      stems.addAll(Words.stems(spaced(w)));
    }
    Set<String> kinds = new TreeSet<>();
    words.forEach((kind, stemsOfKind) -> {
      if (stemsOfKind.stream().anyMatch(stems::contains)) {
        kinds.add(kind);
      }
    });
    return kinds.size() == 1 ? kinds.iterator().next() : null;
  }

  private static final Map<String, String> LABELS = Map.of("token.magic", "magic links",
      "token.reset", "password reset links", "token.invite", "invite links",
      "token.verification", "verification links", "token.access", "access tokens",
      "token.refresh", "refresh tokens");

  /** The kind a scope names, in a reviewer's words ("access tokens"), else "tokens". */
  static String label(Scope scope) {
    return scope.nouns().stream().map(LABELS::get).filter(java.util.Objects::nonNull)
        .findFirst().orElse("tokens");
  }

  /** Whether a finding comes from a flow's token rule whose kind is known. */
  String kindOf(Finding f) {
    return f.policyPointer().startsWith("/flows/") ? kindOf(f.policyPointer()) : null;
  }

  /**
   * The kinds of token a failure lies among, when every failed finding is a flow rule of a known
   * kind none of which the part speaks of ("Magic links can only be used once", failed by the
   * reset link's expectation): "" when any may be what it speaks of.
   */
  String failedElsewhere(ClaimPart p, List<Finding> failed) {
    Set<String> spoken = new TreeSet<>(p.scope().nouns().stream()
        .filter(n -> n.startsWith("token.")).toList());
    if (spoken.isEmpty() || failed.isEmpty()) {
      return "";
    }
    List<String> where = new ArrayList<>();
    for (Finding f : failed) {
      String kind = kindOf(f);
      if (kind == null || spoken.contains(kind)) {
        return "";
      }
      where.add(f.checkId() + " on " + f.subject() + " (" + kind.substring(6) + ")");
    }
    return String.join(", ", where.stream().distinct().toList());
  }

  /** The words a flow rule's author chose for it, or null when the pointer is no token rule. */
  private List<String> wordsOf(String pointer) {
    String[] at = pointer.split("/");
    if (at.length < 4 || !at[1].equals("flows") || !at[2].matches("\\d+")) {
      return null;
    }
    int i = Integer.parseInt(at[2]);
    if (i >= policy.flows().size()) {
      return null;
    }
    Flow flow = policy.flows().get(i);
    List<String> said = new ArrayList<>();
    if (at[3].equals("jwt") && flow.jwt() != null) {
      String capture = flow.jwt().capture();
      said.add(capture == null ? flow.jwt().cookie() : capture);
      // Where the capture reads the token from ("/access_token") names it best.
      for (Flow.FlowStep step : flow.steps()) {
        step.capture().stream().filter(c -> c.name() != null && c.name().equals(capture))
            .forEach(c -> {
              said.add(c.json());
              said.add(c.header());
              said.add(c.cookie());
            });
      }
    } else if (at[3].equals("expect") && at.length >= 5 && at[4].matches("\\d+")
        && Integer.parseInt(at[4]) < flow.expect().size()) {
      Flow.FlowExpectation e = flow.expect().get(Integer.parseInt(at[4]));
      said.add(e.name());
      said.add(e.request() == null ? null : e.request().path());
      said.add(e.token() == null ? null : e.token().capture());
    } else {
      return null;
    }
    said.removeIf(s -> s == null || s.isBlank());
    return said;
  }

  /** "access_token", "magicToken", "/auth/reset?token={{reset}}" as words a stemmer reads. */
  private static String spaced(String name) {
    return name.replaceAll("([a-z])([A-Z])", "$1 $2").replaceAll("[^A-Za-z]+", " ");
  }
}

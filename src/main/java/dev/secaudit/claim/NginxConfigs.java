package dev.secaudit.claim;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A question naming nginx ("Is TLS 1.1 disabled on your edge nginx servers?") asks of the nginx
 * configs the policy lists, which the scan read (config.nginx.*): the live probes of the targets
 * do not show what nginx enables, nor the reverse. A word narrowing them ("edge") is read only
 * when it is in the name of every nginx config listed: where it names some of them, which of the
 * configs' findings answer is a person's call, and the reason names them (auditor21 D46).
 */
final class NginxConfigs {
  static final String NOUN = "config.nginx";

  private NginxConfigs() {}

  static boolean named(ClaimPart p) {
    return p.scope().nouns().contains(NOUN);
  }

  /**
   * Why the configs listed may not be what the question names, or null when they are, when the
   * part does not name nginx, or when a person attested a sentence naming nginx on its topic.
   */
  static String unsure(ClaimPart p, List<String> configs, List<Claim> on) {
    if (!named(p) || on.stream().anyMatch(NginxConfigs::attestedOfNginx)) {
      return null;
    }
    if (configs.isEmpty()) {
      return "the question asks of nginx servers, and the policy lists no nginx config for the"
          + " scan to read (configs: kind nginx)";
    }
    for (String kind : p.scope().kinds()) {
      if (!kind.startsWith(NOUN + ":")) {
        continue;
      }
      String word = kind.substring(NOUN.length() + 1);
      List<String> named = configs.stream()
          .filter(c -> c.toLowerCase(Locale.ROOT).contains(word)).toList();
      if (named.size() < configs.size()) {
        return "'" + word + "' names " + (named.isEmpty() ? "none" : named.size() + " ("
            + String.join(", ", named) + ")") + " of the " + configs.size() + " nginx configs"
            + " the policy lists (" + String.join(", ", configs) + "), and the scan's finding"
            + " speaks of them together: say which configs are '" + word + "', or list only"
            + " those in a policy of their own";
      }
    }
    return null;
  }

  /** Whether a claim speaks from the nginx configs' findings alone. */
  static boolean fromConfigs(Claim c) {
    return !c.checkIds().isEmpty() && c.checkIds().stream()
        .allMatch(id -> id.startsWith("config.nginx."));
  }

  /** The claims that answer a part: where it names the nginx configs, theirs alone. */
  static List<Claim> judging(ClaimPart p, List<Claim> on) {
    return named(p) ? on.stream().filter(c -> fromConfigs(c) || attestedOfNginx(c)).toList()
        : on;
  }

  /**
   * The part as the claims on its topic answer it: of what the configs serve, unless a person
   * attested a sentence naming nginx itself, which speaks of nginx as the question does.
   */
  static ClaimPart asked(ClaimPart p, List<Claim> on) {
    return !named(p) || on.stream().anyMatch(NginxConfigs::attestedOfNginx) ? p : ofTargets(p);
  }

  /** "The API is rate limited via nginx", attested: the person vouched for nginx itself. */
  private static boolean attestedOfNginx(Claim c) {
    return !c.checked() && named(c.part());
  }

  /** The part asked of what the configs serve: the configs' own claims speak of every target. */
  static ClaimPart ofTargets(ClaimPart p) {
    Set<String> rest = new TreeSet<>(p.scope().nouns());
    rest.remove(NOUN);
    Scope s = new Scope(p.scope().universal() || rest.isEmpty(), rest, p.scope().kinds()
        .stream().filter(k -> !k.startsWith(NOUN + ":")).collect(java.util.stream.Collectors
            .toSet()), p.scope().quantified());
    return new ClaimPart(p.topic(), p.polarity(), p.quantity(), s, p.value(), p.text(),
        p.anywhere(), p.some());
  }
}

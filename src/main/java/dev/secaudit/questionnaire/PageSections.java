package dev.secaudit.questionnaire;

import dev.secaudit.policy.Claim;
import java.util.Locale;
import java.util.Map;

/**
 * Where a statement goes on the security page, and what the page is called. Claims written by
 * {@code init} carry a topic but no category, and every one of them landed under "Other"; the
 * topic's family (encryption.in_transit: encryption) now names the section, a category the
 * policy sets still wins, and only a claim with neither is "Other".
 */
final class PageSections {
  private PageSections() {}

  /** Topic families grouped the way security pages group them; others are named as written. */
  private static final Map<String, String> FAMILY = Map.ofEntries(
      Map.entry("encryption", "encryption"), Map.entry("certificate", "encryption"),
      Map.entry("tls", "encryption"), Map.entry("transport", "encryption"),
      Map.entry("https", "encryption"), Map.entry("hsts", "encryption"),
      Map.entry("passwords", "access"), Map.entry("access", "access"),
      Map.entry("mfa", "access"), Map.entry("ssh", "access"), Map.entry("tokens", "access"),
      Map.entry("sessions", "access"), Map.entry("cookies", "access"),
      Map.entry("sso", "access"),
      Map.entry("secrets", "development"), Map.entry("dependencies", "development"),
      Map.entry("code", "development"),
      Map.entry("waf", "infrastructure"), Map.entry("rate_limit", "infrastructure"),
      Map.entry("ddos", "infrastructure"), Map.entry("hosting", "infrastructure"),
      Map.entry("network", "infrastructure"), Map.entry("subprocessors", "infrastructure"),
      Map.entry("data", "data_protection"), Map.entry("retention", "data_protection"),
      Map.entry("backups", "data_protection"), Map.entry("logs", "data_protection"),
      Map.entry("monitoring", "monitoring"), Map.entry("logging", "monitoring"),
      Map.entry("certification", "compliance"), Map.entry("pentest", "compliance"),
      Map.entry("audit", "compliance"));

  /** The category the statement is listed under. */
  static String category(Claim c) {
    if (c.category() != null && !c.category().isBlank()) {
      return c.category();
    }
    String topic = c.topic() != null && !c.topic().isBlank() ? c.topic() : c.id();
    String family = topic.split("[.]", 2)[0].toLowerCase(Locale.ROOT);
    return FAMILY.getOrDefault(family, topic.contains(".") || FAMILY.containsKey(family)
        ? family : "other");
  }

  /**
   * The page's heading. A policy that init named after a loopback or bare-address host
   * ("localhost", "127-0-0-1") names no company: the page is then plainly "Security" rather than
   * "Security at localhost".
   */
  static String heading(String policyName) {
    String n = policyName == null ? "" : policyName.strip().toLowerCase(Locale.ROOT);
    boolean noCompany = n.isEmpty() || n.equals("localhost") || n.endsWith(".localhost")
        || n.matches("[0-9a-f:.-]+") && n.chars().anyMatch(Character::isDigit);
    return noCompany ? "Security" : "Security at " + policyName;
  }
}

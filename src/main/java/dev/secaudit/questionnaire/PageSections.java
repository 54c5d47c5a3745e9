package dev.secaudit.questionnaire;

import dev.secaudit.policy.Claim;
import java.util.ArrayList;
import java.util.List;
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
      Map.entry("audit", "compliance"), Map.entry("soc2", "compliance"),
      Map.entry("iso27001", "compliance"), Map.entry("gdpr", "compliance"),
      Map.entry("dpa", "compliance"), Map.entry("vulnerability_scanning", "compliance"),
      Map.entry("apikeys", "access"), Map.entry("authn", "access"), Map.entry("authz", "access"),
      Map.entry("rbac", "access"), Map.entry("keys", "encryption"),
      Map.entry("change", "development"), Map.entry("code_review", "development"),
      Map.entry("training", "development"), Map.entry("audit_logging", "monitoring"),
      Map.entry("incident", "incident_response"), Map.entry("continuity", "incident_response"),
      Map.entry("ai", "data_protection"), Map.entry("payments", "payments"),
      Map.entry("edge", "infrastructure"), Map.entry("vendors", "infrastructure"),
      Map.entry("csp", "application"), Map.entry("security_headers", "application"),
      Map.entry("headers", "application"), Map.entry("csrf", "application"),
      Map.entry("cors", "application"));

  /**
   * Topics whose family's section is not theirs: what logs hold is data protection, not
   * monitoring ("We never store or log your password in plain text" was listed under
   * "Monitoring"; founder24).
   */
  private static final Map<String, String> TOPICS = Map.of(
      "logging.sensitive_data", "data_protection");

  /** Headings a section's name does not spell by itself. */
  private static final Map<String, String> TITLES = Map.of("application",
      "Application security", "incident_response", "Incident response", "development",
      "Secure development", "other", "Other practices");

  /**
   * The category the statement is listed under: the policy's category, else the family of the
   * claim's topic, else of the topic its statement was read as ("We are SOC 2 Type II compliant":
   * certification.soc2), else of its id. A word no family knows ("apikeys" of an id written
   * without a topic) names no section of its own: such a claim is listed under "Other practices".
   *
   * @param read the topics its statement was read as, first first
   */
  static String category(Claim c, List<String> read) {
    if (c.category() != null && !c.category().isBlank()) {
      return c.category();
    }
    String own = c.topic() == null ? "" : c.topic();
    if (TOPICS.containsKey(own)) {
      return TOPICS.get(own);
    }
    List<String> candidates = new ArrayList<>();
    if (c.topic() != null && !c.topic().isBlank()) {
      candidates.add(c.topic());
    }
    candidates.addAll(read);
    candidates.add(c.id());
    for (String topic : candidates) {
      String family = topic.split("[.]", 2)[0].toLowerCase(Locale.ROOT);
      if (FAMILY.containsKey(family)) {
        return FAMILY.get(family);
      }
    }
    return "other";
  }

  /** The heading of a category: its name as words, capitalised, or the heading written for it. */
  static String title(String category) {
    String known = TITLES.get(category);
    if (known != null) {
      return known;
    }
    String t = category.replace('_', ' ').replace('-', ' ');
    return t.isEmpty() ? t : Character.toUpperCase(t.charAt(0)) + t.substring(1);
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

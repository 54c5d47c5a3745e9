package dev.secaudit.starter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.claim.SentenceReader;
import dev.secaudit.claim.Vocabulary;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a page's vendor lists and tables declare, read as the seed pages write them. */
class PageVendorsTest {
  private static final Map<String, List<String>> KNOWN = Map.of(
      "Cloudflare", List.of("Cloudflare", "Cloudflare Pages", "Cloudflare KV"),
      "Brevo", List.of("Brevo"), "Stripe", List.of("Stripe"), "Sentry", List.of("Sentry"));

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> declared(PageVendors v) {
    return (List<Map<String, Object>>) v.section().get("declared");
  }

  @Test
  void aVendorsUsesAreItsPurposeNotVendorsOfTheirOwn() {
    // Seed 004's "Infrastructure" bullets, then its "Subprocessors" list.
    String html = "<h2>Infrastructure</h2><ul>"
        + "<li>Marketing site on Cloudflare Pages (klemento.com).</li>"
        + "<li>API on a Cloudflare Worker (api.klemento.com), running on Cloudflare's edge.</li>"
        + "<li>Database on Cloudflare D1 (SQLite at the edge), primary location hint Western"
        + " Europe.</li><li>Cache and rate limiting on Cloudflare KV.</li></ul>"
        + "<h2>Subprocessors</h2><ul><li>Cloudflare: hosting, database, DNS.</li>"
        + "<li>Brevo: transactional and marketing email.</li></ul>";
    PageVendors v = new PageVendors(KNOWN, Set.of("Cloudflare"));
    v.listed(Map.of("https://127.0.0.1/security", html));
    List<Map<String, Object>> d = declared(v);
    assertThat(d).extracting(m -> m.get("name")).containsExactly("Cloudflare", "Brevo");
    // The vendor's own item says what it does; the site's parts run on it are no purpose beside
    // it (founder24: "Marketing site; App; API; Database; hosting, ..." read as garbled).
    assertThat(d.get(0).get("purpose")).isEqualTo("hosting, database, DNS");
    assertThat(d.get(1).get("purpose")).isEqualTo("transactional and marketing email");

    // With no item of its own, what runs on it is all the page says it does.
    PageVendors uses = new PageVendors(KNOWN, Set.of("Cloudflare"));
    uses.listed(Map.of("https://127.0.0.1/security", html.substring(0,
        html.indexOf("<h2>Subprocessors</h2>"))));
    assertThat(declared(uses).get(0).get("purpose")).isEqualTo("Marketing site; API; Database");
  }

  @Test
  void aVendorTableKeptAsMarkdownTextGivesItsPurposeColumn() {
    String html = "<h2>Vendor Management</h2><p>| Vendor | Purpose | Compliance |</p>"
        + "<p>|---|---|---|</p><p>| Sentry | Error monitoring | SOC 2 Type II |</p>"
        + "<p>| Stripe | Billing and payments | PCI DSS Level 1 |</p>";
    PageVendors v = new PageVendors(KNOWN, Set.of("Cloudflare"));
    SentenceReader reader = new SentenceReader(Vocabulary.builtIn());
    for (String row : List.of("| Sentry | Error monitoring | SOC 2 Type II |",
        "| Stripe | Billing and payments | PCI DSS Level 1 |")) {
      assertThat(v.collect(new PageClaims.Found("subprocessors", "subprocessors", row,
          "Vendor Management", reader.read(row), List.of("https://127.0.0.1/security"))))
          .isTrue();
    }
    v.listed(Map.of("https://127.0.0.1/security", html));
    List<Map<String, Object>> d = declared(v);
    assertThat(d).extracting(m -> m.get("name")).containsExactly("Sentry", "Stripe");
    assertThat(d.get(0).get("purpose")).isEqualTo("Error monitoring");
    assertThat(d.get(1).get("purpose")).isEqualTo("Billing and payments");
  }
}

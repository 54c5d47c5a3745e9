package dev.secaudit.policy;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckCatalog;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The subprocessors: section: binding, DPA forms, and validation messages with their place. */
class SubprocessorsPolicyTest {
  private final PolicyLoader loader =
      new PolicyLoader(Map.<String, String>of()::get, StandardChecks.catalog().ids());

  private final InlinePolicy inline = new InlinePolicy(loader);

  private LoadedPolicy load(String yaml) {
    return inline.load(yaml);
  }

  private String error(String yaml) {
    return inline.error(yaml);
  }

  @Test
  void everyFieldBinds() {
    Subprocessors s = load("""
        version: 1
        name: acme
        targets: [{name: www, url: "https://acme.example"}]
        subprocessors:
          published_at: https://acme.example/legal/subprocessors
          declared:
            - name: Stripe
              aliases: [Stripe Payments Europe]
              purpose: payments
              data_categories: [name, email, card details]
              location: USA
              transfer_mechanism: EU-US Data Privacy Framework
              dpa: https://stripe.com/legal/dpa
              certifications: [PCI DSS Level 1, SOC 2 Type II]
            - {name: Hetzner, dpa: true, domains: [your-server.de]}
            - {name: Acme Analytics, dpa: false}
        """).policy().subprocessors();
    assertThat(s.publishedAt()).isEqualTo("https://acme.example/legal/subprocessors");
    Subprocessors.Subprocessor stripe = s.declared().get(0);
    assertThat(stripe.dpa()).isEqualTo(new Dpa(true, "https://stripe.com/legal/dpa"));
    assertThat(stripe.dataCategories()).containsExactly("name", "email", "card details");
    assertThat(stripe.certifications()).hasSize(2);
    assertThat(s.declared().get(1).dpa()).isEqualTo(new Dpa(true, null));
    assertThat(s.declared().get(1).domains()).containsExactly("your-server.de");
    assertThat(s.declared().get(2).dpa().inPlace()).isFalse();
  }

  @Test
  void thePublishedPageMustBeOnATargetsHost() {
    String msg = error("""
        version: 1
        name: acme
        targets: [{name: www, url: "https://acme.example"}]
        subprocessors:
          published_at: https://legal.other.example/subprocessors
          declared: [{name: Stripe}]
        """);
    assertThat(msg).contains("p.yaml:5:17: subprocessors.published_at")
        .contains("'legal.other.example' is not the host of any target")
        .contains("add a target with url https://legal.other.example");
  }

  @Test
  void namesAreUniqueAsAReaderComparesThem() {
    String msg = error("""
        version: 1
        name: acme
        targets: [{name: www, url: "https://acme.example"}]
        subprocessors:
          declared:
            - {name: "Stripe, Inc."}
            - {name: Sentry, aliases: [STRIPE]}
            - {name: "  "}
        """);
    assertThat(msg).contains("p.yaml:7:").contains("subprocessors.declared[1].aliases[0]")
        .contains("'STRIPE' is already declared as subprocessors.declared[0]")
        .contains("subprocessors.declared[2]").contains("missing 'name'");
  }

  @Test
  void dpaAndDomainsAreChecked() {
    String msg = error("""
        version: 1
        name: acme
        targets: [{name: www, url: "https://acme.example"}]
        subprocessors:
          declared:
            - {name: Stripe, dpa: "see the contract"}
            - {name: Other, domains: ["https://other.example/x"]}
        """);
    assertThat(msg).contains("p.yaml:6:").contains("subprocessors.declared[0].dpa")
        .contains("expected true, false or the http(s) URL of the signed DPA")
        .contains("p.yaml:7:").contains("subprocessors.declared[1].domains[0]")
        .contains("is not a domain name");
    assertThat(error("""
        version: 1
        name: acme
        targets: [{name: www, url: "https://acme.example"}]
        subprocessors:
          declared: [{name: Stripe, dpa: 3}]
        """)).contains("p.yaml:5:").contains("dpa");
  }

  @Test
  void anEmptySectionSaysWhatToAdd() {
    assertThat(error("""
        version: 1
        name: acme
        targets: [{name: www, url: "https://acme.example"}]
        subprocessors: {}
        """)).contains("p.yaml:4:").contains("subprocessors").contains("add 'declared'");
  }
}

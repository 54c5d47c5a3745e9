package dev.secaudit.claim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.questionnaire.SecurityPage;
import org.junit.jupiter.api.Test;

/**
 * The page sentences a blind review (founder19) found published beyond the evidence, over the
 * corpus's founder19 fixtures: withheld with the reason, or saying only what checked them.
 */
class Founder19PageTest {
  @Test
  void oneRequestedPathDoesNotPublishEveryRequest() throws Exception {
    SecurityPage p = Blind12PageTest.page("founder19auth");
    assertThat(Blind12PageTest.published(p)).doesNotContain("authn.required");
    assertThat(Blind12PageTest.withheld(p).get("claim authn.required"))
        .contains("the 1 path requested: /api/v1/me", "every request");
  }

  @Test
  void anAttestationIsWithheldWhereTheScansCheckOfItsWordsFailed() throws Exception {
    SecurityPage p = Blind12PageTest.page("founder19attested");
    assertThat(Blind12PageTest.published(p)).doesNotContain("waf", "certificate.renewal");
    assertThat(Blind12PageTest.withheld(p).get("claim certificate.renewal"))
        .contains("tls.certificate.issuer", "a scan outranks a person");
    assertThat(Blind12PageTest.withheld(p).get("claim waf")).contains("subprocessors.edge");
    assertThat(Blind12PageTest.published(Blind12PageTest.page("founder19attestedok")))
        .contains("waf", "certificate.renewal");
  }
}

package dev.secaudit.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One builder makes every finding; values carry their own sentence where a check has no words. */
class FindingBuilderTest {
  private static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");

  private static Finding.Builder hsts() {
    return Finding.builder("hsts.max_age").target("app").status(Status.FAIL)
        .severity(Severity.MEDIUM).title("HSTS max-age long enough").time(AT)
        .evidence(List.of("app/page-1")).rule("/hsts/min_max_age", 7);
  }

  @Test
  void aValueWithoutWordsGivesItsSentence() {
    Finding f = hsts().about(Subject.header("Strict-Transport-Security"))
        .expected(new Value.Duration(31_536_000)).observed(new Value.Count(7, 9L)).build();
    assertThat(f.subject()).isEqualTo("Strict-Transport-Security");
    assertThat(f.expected()).isEqualTo("31536000 s");
    assertThat(f.observed()).isEqualTo("7 of 9");
    assertThat(f.expectedValue()).isEqualTo(new Value.Duration(31_536_000));
    assertThat(f.about().kind()).isEqualTo(Subject.Kind.HEADER);
    assertThat(f.policyPointer()).isEqualTo("/hsts/min_max_age");
    assertThat(f.policyLine()).isEqualTo(7);
  }

  /**
   * A line break a server put in a value (a certificate DN, a header with a bare CR) is written
   * as its code, the form every other control character takes: never a line of its own in
   * scan.json read with jq -r, never a CR that hides what came before it, never dropped.
   */
  @Test
  void lineBreaksFromAServerAreWrittenAsCodesNotKeptNorDropped() {
    Finding f = hsts().subject("CN=LF CA\n::error::x")
        .expected("nosniff").observed("is 'nosniff\rInjected: yes'; issuer CN=a\r\n::add-mask::g")
        .build();
    assertThat(f.subject()).isEqualTo("CN=LF CA\\u000A::error::x");
    assertThat(f.observed()).isEqualTo(
        "is 'nosniff\\u000DInjected: yes'; issuer CN=a\\u000D\\u000A::add-mask::g");
    assertThat(f.toBuilder().build()).isEqualTo(f);
  }

  @Test
  void aCheckKeepsItsWordsBesideTheValue() {
    Finding f = hsts().expected("max-age ≥ 31536000 s (365 days)", new Value.Duration(31_536_000))
        .observed("max-age=86400 (1 day)", new Value.Duration(86_400)).build();
    assertThat(f.expected()).isEqualTo("max-age ≥ 31536000 s (365 days)");
    assertThat(f.observed()).isEqualTo("max-age=86400 (1 day)");
    assertThat(((Value.Duration) f.observedValue()).seconds()).isEqualTo(86_400);
  }

  @Test
  void proseOnlyLeavesNoValue() {
    Finding f = hsts().expected("a sentence").observed("another").build();
    assertThat(f.expectedValue()).isNull();
    assertThat(f.observedValue()).isNull();
    assertThat(f.about()).isNull();
    assertThat(f).isEqualTo(new Finding("hsts.max_age", "app", "", Status.FAIL, Severity.MEDIUM,
        "HSTS max-age long enough", "a sentence", "another", List.of("app/page-1"), AT,
        List.of(), "", "/hsts/min_max_age", 7, null));
  }

  @Test
  void toBuilderKeepsEveryField() {
    Finding f = hsts().about(Subject.cookie("session")).subject("session")
        .expected(new Value.Presence("Secure", true))
        .observed(new Value.Presence("Secure", false)).location(new Location("a.conf", 3, ""))
        .baseline(Finding.BaselineState.NEW)
        .waiver(new Finding.Waiver("W1", "why", "me", "2027-01-01")).build();
    assertThat(f.toBuilder().build()).isEqualTo(f);
    assertThat(f.withStatus(Status.PASS).observedValue()).isEqualTo(f.observedValue());
    assertThat(f.waived(null).status()).isEqualTo(Status.WAIVED);
  }

  @Test
  void aNoteMakesTheObservationASentenceOfMoreThanTheValue() {
    Finding f = hsts().observed(new Value.Presence("Secure", false)).build()
        .withNote("waiver W1 expired on 2026-11-01");
    assertThat(f.observed()).isEqualTo("Secure missing (waiver W1 expired on 2026-11-01)");
    assertThat(f.observedValue()).isNull();
  }

  @Test
  void theLastStepRunsOnceOnTheBuiltFinding() {
    Finding f = hsts().finishedBy(x -> x.withPolicyLocation(x.policyPointer(), 42)).build();
    assertThat(f.policyLine()).isEqualTo(42);
    assertThat(f.toBuilder().rule("/hsts", 0).build().policyLine()).isZero();
  }

  @Test
  void valuesSayWhatTheyHold() {
    assertThat(new Value.Count(3, null).prose()).isEqualTo("3");
    assertThat(new Value.Header("Server", "nginx").prose()).isEqualTo("Server: nginx");
    assertThat(new Value.Header("Server", null).prose()).isEqualTo("Server not sent");
    assertThat(new Value.Setting("SameSite", "Lax").prose()).isEqualTo("SameSite=Lax");
    assertThat(new Value.Setting("SameSite", null).prose()).isEqualTo("SameSite missing");
    assertThat(Value.Items.of(List.of("a", "b")).prose()).isEqualTo("a, b");
    assertThat(new Value.Presence("HttpOnly", true).prose()).isEqualTo("HttpOnly");
  }

  @Test
  void aProtocolSubjectNamesItsVersion() {
    assertThat(Subject.protocol(TlsVersion.SSL_3_0).protocol()).isEqualTo(TlsVersion.SSL_3_0);
    assertThat(Subject.header("TLS 1.0").protocol()).isNull();
    assertThat(TlsVersion.ofLabel("TLS 1.2")).isEqualTo(TlsVersion.TLS_1_2);
    assertThat(TlsVersion.ofLabel("TLSv1.2")).isNull();
  }

  @Test
  void anEndpointIsASubjectOfItsOwnKind() throws Exception {
    Finding f = hsts().subject("grade").about(Subject.endpoint("[::1]:8443")).build();
    assertThat(f.subject()).isEqualTo("grade");
    assertThat(f.about()).isEqualTo(new Subject(Subject.Kind.ENDPOINT, "[::1]:8443"));
    assertThat(f.about().protocol()).isNull();
    String json = ContractJson.mapper().writeValueAsString(f.about());
    assertThat(json).contains("\"ENDPOINT\"").contains("[::1]:8443");
    assertThat(ContractJson.mapper().readValue(json, Subject.class)).isEqualTo(f.about());
  }

  @Test
  void anEmptySubjectStaysEmptyThroughToBuilder() {
    Finding f = hsts().about(Subject.header("Content-Security-Policy")).subject("").build();
    assertThat(f.subject()).isEmpty();
    assertThat(f.toBuilder().build()).isEqualTo(f);
    assertThat(f.withStatus(Status.PASS).subject()).isEmpty();
  }
}

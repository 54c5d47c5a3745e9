package dev.secaudit.check.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckContext;
import dev.secaudit.check.StandardChecks;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.TlsVersion;
import dev.secaudit.model.Value;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.tls.CertificateObservation;
import dev.secaudit.probe.tls.SuiteEnumeration;
import dev.secaudit.probe.tls.TestPki;
import dev.secaudit.probe.tls.TlsObservation;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The TLS findings carry what they judged and the values they compared as data, beside the
 * sentences they always had: a certificate served by a JSSE server on loopback, suites from
 * recorded enumerations.
 */
class TlsTypedFindingsTest {

  private static Map<String, Finding> byId(List<Finding> findings) {
    return findings.stream().collect(Collectors.toMap(Finding::checkId, Function.identity()));
  }

  @Test
  void certificateFindingsNameTheCertificateAndTheValuesCompared() throws Exception {
    TlsCertificateOverProbeTest.pki();
    TestPki pki = TlsCertificateOverProbeTest.pki;
    CertificateObservation c = TlsCertificateOverProbeTest.observe(
        pki.issue(TestPki.Spec.good(TlsCertificateOverProbeTest.NOW).key("RSA", 1024)),
        "localhost", true);
    TlsObservation tls = new TlsObservation("localhost", 443, null,
        TlsCertificateOverProbeTest.NOW, List.of(), c, null);
    TargetObservations obs = new TargetObservations("app", null, null, null, null, null, tls);
    LoadedPolicy loaded = TlsCertificateOverProbeTest.policy(
        "{issuer: \"acme*\", max_lifetime_days: 30}");
    CheckContext ctx = new CheckContext(StandardChecks.catalog(), loaded,
        loaded.policy().targets().get(0), obs, TlsCertificateOverProbeTest.NOW);
    Map<String, Finding> f = byId(new TlsCertificateCheck().evaluate(ctx));

    Subject cert = new Subject(Subject.Kind.CERTIFICATE, "certificate of localhost:443");
    assertThat(f.values()).allSatisfy(x -> assertThat(x.about()).isEqualTo(cert));
    Finding key = f.get("tls.certificate.key");
    assertThat(key.status()).isEqualTo(Status.FAIL);
    assertThat(key.expected()).isEqualTo("RSA key of at least 2048 bits");
    assertThat(key.expectedValue()).isEqualTo(new Value.Count(2048, null));
    assertThat(key.observed()).isEqualTo("RSA 1024 bits");
    assertThat(key.observedValue()).isEqualTo(new Value.Count(1024, null));
    Finding lifetime = f.get("tls.certificate.lifetime");
    long days = c.leaf().lifetimeSeconds() / 86_400;
    assertThat(lifetime.observed()).startsWith("valid for " + days + " days");
    assertThat(lifetime.expectedValue()).isEqualTo(new Value.Duration(30 * 86_400L));
    assertThat(lifetime.observedValue()).isEqualTo(new Value.Duration(days * 86_400));
    Finding trusted = f.get("tls.certificate.trusted");
    assertThat(trusted.status()).isEqualTo(Status.PASS);
    assertThat(trusted.observedValue()).isEqualTo(new Value.Presence("trusted", true));
    Finding hostname = f.get("tls.certificate.hostname");
    assertThat(hostname.expectedValue()).isEqualTo(new Value.Text("localhost"));
    assertThat(hostname.observedValue()).isEqualTo(Value.Items.of(c.leaf().subjectAltNames()));
    Finding issuer = f.get("tls.certificate.issuer");
    assertThat(issuer.expectedValue()).isEqualTo(new Value.Text("acme*"));
    assertThat(issuer.observedValue()).isEqualTo(new Value.Text(c.leaf().issuer()));
    assertThat(f.get("tls.certificate.signature").observedValue())
        .isEqualTo(Value.Items.of(List.of(c.leaf().signatureAlgorithm())));
  }

  @Test
  void keyTypesAreAListAndTheKeyTypeAText() {
    Finding key = byId(TlsCipherChecksTest.run(new TlsCertificateCheck(),
        "tls: {certificate: {key_types: [RSA]}}\n", TlsCipherChecksTest.observed(
            TlsCipherChecksTest.GOOD_EC))).get("tls.certificate.key");
    assertThat(key.status()).isEqualTo(Status.FAIL);
    assertThat(key.expected()).isEqualTo("key type one of [RSA]");
    assertThat(key.expectedValue()).isEqualTo(Value.Items.of(List.of("RSA")));
    assertThat(key.observedValue()).isEqualTo(new Value.Text("EC"));
  }

  @Test
  void suitesGroupsAndDhGroupsAreValues() {
    SuiteEnumeration tls12 = new SuiteEnumeration(TlsVersion.TLS_1_2, List.of(
        new SuiteEnumeration.AcceptedSuite("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", true, null),
        new SuiteEnumeration.AcceptedSuite("TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", true, 1024)),
        Boolean.TRUE, List.of("x25519", "x448"), List.of(), null, 3, 3);
    TargetObservations obs = TlsCipherChecksTest.observed(TlsCipherChecksTest.RSA_2048, tls12);
    String policy = "tls: {allowed_groups: [x25519]}\n";

    Map<String, Finding> ciphers = TlsCipherChecksTest.run(new TlsCipherCheck(), policy, obs)
        .stream().collect(Collectors.toMap(Finding::subject, Function.identity()));
    Finding cbc = ciphers.get("TLS 1.2 TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
    assertThat(cbc.observedValue()).isEqualTo(Value.Items.of(List.of("CBC")));
    Finding groups = ciphers.get("TLS 1.2 groups");
    assertThat(groups.about()).isEqualTo(Subject.protocol(TlsVersion.TLS_1_2));
    assertThat(groups.status()).isEqualTo(Status.FAIL);
    assertThat(groups.expectedValue()).isEqualTo(Value.Items.of(List.of("x25519")));
    assertThat(groups.observedValue()).isEqualTo(Value.Items.of(List.of("x25519", "x448")));

    Finding dh = TlsCipherChecksTest.run(new TlsDhParamsCheck(), "tls: {}\n", obs).get(0);
    assertThat(dh.subject()).isEqualTo("TLS 1.2 DHE");
    assertThat(dh.about()).isEqualTo(Subject.protocol(TlsVersion.TLS_1_2));
    assertThat(dh.expectedValue()).isEqualTo(new Value.Count(2048, null));
    assertThat(dh.observedValue()).isEqualTo(new Value.Items(List.of(
        new Value.Setting("TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "1024"))));

    Finding grade = TlsCipherChecksTest.run(new TlsGradeCheck(), "tls: {}\n", obs).get(0);
    assertThat(grade.about()).isEqualTo(Subject.endpoint("app.example.test:443"));
    assertThat(grade.observed()).startsWith(
        ((Value.Text) grade.observedValue()).text() + " (score ");
    Finding profile = TlsCipherChecksTest.run(new MozillaProfileCheck(), "tls: {}\n", obs).get(0);
    assertThat(profile.about()).isEqualTo(Subject.endpoint("app.example.test:443"));
    assertThat(profile.observedValue()).isEqualTo(new Value.Text("none"));
  }

  @Test
  void aVerdictFromPartOfTheSuitesCarriesNoValue() {
    SuiteEnumeration cut = new SuiteEnumeration(TlsVersion.TLS_1_2, List.of(
        new SuiteEnumeration.AcceptedSuite("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", true)), null,
        List.of(), List.of(), "no answer within the read (2000 ms) timeout", 2, 2000);
    TargetObservations obs = TlsCipherChecksTest.observed(TlsCipherChecksTest.RSA_2048, cut);
    for (var check : List.of(new TlsGradeCheck(), new MozillaProfileCheck())) {
      Finding f = TlsCipherChecksTest.run(check, "tls: {}\n", obs).get(0);
      assertThat(f.status()).isEqualTo(Status.ERROR);
      assertThat(f.about()).isEqualTo(Subject.endpoint("app.example.test:443"));
      assertThat(f.observedValue()).isNull();
    }
  }

  @Test
  void everyVersionRefusedCountsNoneOfTheAllowed() {
    TargetObservations none = TlsCipherChecksTest.observed(null);
    Finding allowed = TlsCipherChecksTest.run(new TlsProtocolCheck(), "tls: {}\n", none).stream()
        .filter(f -> f.subject().equals("allowed versions")).findFirst().orElseThrow();
    assertThat(allowed.about()).isEqualTo(Subject.endpoint("app.example.test:443"));
    assertThat(allowed.expectedValue()).isEqualTo(Value.Items.of(List.of("TLS 1.2", "TLS 1.3")));
    assertThat(allowed.observedValue()).isEqualTo(new Value.Count(0, 2L));
    assertThat(TlsCipherChecksTest.run(new TlsCipherCheck(), "tls: {}\n", none).get(0).about())
        .isEqualTo(Subject.endpoint("app.example.test:443"));
  }
}

package dev.secaudit.policy;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckCatalog;
import dev.secaudit.model.TlsVersion;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tls: section, its presets and its validation messages. */
class TlsPolicyTest {
  private final PolicyLoader loader = new PolicyLoader(Map.<String, String>of()::get, StandardChecks.catalog().ids());

  private final InlinePolicy inline = new InlinePolicy(loader);

  private LoadedPolicy load(String yaml) {
    return inline.load(yaml);
  }

  private String error(String yaml) {
    return inline.error(yaml);
  }

  @Test
  void defaultsOfAnEmptySection() {
    Tls tls = load("""
        version: 1
        name: acme
        targets: [{name: app, url: "https://a.test"}]
        tls: {}
        """).policy().tls();
    assertThat(tls.minVersion()).isEqualTo("1.2");
    assertThat(tls.certificate().rsaMinBits()).isEqualTo(2048);
    assertThat(tls.certificate().requireTrusted()).isTrue();
    assertThat(tls.certificate().forbidSha1Signature()).isTrue();
  }

  @Test
  void mozillaIntermediatePreset() {
    Policy p = load("""
        version: 1
        name: acme
        extends: [mozilla-intermediate]
        targets: [{name: app, url: "https://a.test"}]
        tls: {certificate: {issuer: "Let's Encrypt"}}
        """).policy();
    assertThat(TlsVersion.parse(p.tls().minVersion())).isEqualTo(TlsVersion.TLS_1_2);
    assertThat(p.tls().certificate().maxLifetimeDays()).isEqualTo(366);
    assertThat(p.tls().certificate().issuer()).isEqualTo("Let's Encrypt");
    assertThat(p.hsts().minMaxAge().seconds()).isEqualTo(63072000);
  }

  @Test
  void mozillaModernPreset() {
    Policy p = load("""
        version: 1
        name: acme
        extends: [mozilla-modern]
        targets: [{name: app, url: "https://a.test"}]
        """).policy();
    assertThat(TlsVersion.parse(p.tls().minVersion())).isEqualTo(TlsVersion.TLS_1_3);
    assertThat(p.tls().certificate().keyTypes()).containsExactly("EC");
    assertThat(p.tls().certificate().maxLifetimeDays()).isEqualTo(90);
  }

  @Test
  void badVersionNamesTheLineAndTheAcceptedForms() {
    assertThat(error("""
        version: 1
        name: acme
        targets: [{name: app, url: "https://a.test"}]
        tls:
          min_version: "1.4"
        """)).startsWith("p.yaml:5:16: tls.min_version: '1.4' is not a protocol version")
        .contains("SSLv2, SSLv3, 1.0, 1.1, 1.2 or 1.3");
  }

  @Test
  void presetsCarryMozillaSuitesGroupsAndForwardSecrecy() {
    Tls intermediate = load("""
        version: 1
        name: acme
        extends: [mozilla-intermediate]
        targets: [{name: app, url: "https://a.test"}]
        """).policy().tls();
    assertThat(intermediate.allowedSuites()).hasSize(9)
        .contains("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_AES_256_GCM_SHA384");
    assertThat(intermediate.allowedGroups())
        .containsExactly("X25519MLKEM768", "x25519", "secp256r1", "secp384r1");
    assertThat(intermediate.requireForwardSecrecy()).isTrue();
    Tls modern = load("""
        version: 1
        name: acme
        extends: [mozilla-modern]
        targets: [{name: app, url: "https://a.test"}]
        """).policy().tls();
    assertThat(modern.allowedSuites()).containsExactly("TLS_AES_128_GCM_SHA256",
        "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");
    Tls plain = load("""
        version: 1
        name: acme
        targets: [{name: app, url: "https://a.test"}]
        tls: {}
        """).policy().tls();
    assertThat(plain.allowedSuites()).isEmpty();
    assertThat(plain.requireForwardSecrecy()).isFalse();
  }

  @Test
  void badSuiteAndGroupNamesAreRejectedWithTheLine() {
    String msg = error("""
        version: 1
        name: acme
        targets: [{name: app, url: "https://a.test"}]
        tls:
          allowed_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA265, "TLS_*"]
          forbidden_suites: ["*_RC5_*"]
          allowed_groups: [x25519, p256]
        """);
    assertThat(msg).contains("p.yaml:5:20: tls.allowed_suites[0]: unknown cipher suite"
        + " 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA265' (did you mean"
        + " 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'?)");
    assertThat(msg).contains("p.yaml:6:22: tls.forbidden_suites[0]: the glob '*_RC5_*' matches"
        + " no cipher suite secaudit knows");
    assertThat(msg).contains("tls.allowed_groups[1]: unknown group 'p256'");
    assertThat(msg).doesNotContain("allowed_suites[1]");
  }

  @Test
  void badCertificateRules() {
    String msg = error("""
        version: 1
        name: acme
        targets: [{name: app, url: "https://a.test"}]
        tls:
          forbidden_versions: [TLSv1.1, tls9]
          certificate:
            min_lifetime_left_percent: 120
            issuer: "/[unclosed/"
            key_types: [ECDSA]
        """);
    assertThat(msg).contains("p.yaml:5:33: tls.forbidden_versions[1]: 'tls9' is not a protocol"
        + " version");
    assertThat(msg).contains("p.yaml:7:32: tls.certificate.min_lifetime_left_percent: a"
        + " percentage between 0 and 100, got 120");
    assertThat(msg).contains("p.yaml:8:13: tls.certificate.issuer: not a valid regular"
        + " expression");
    assertThat(msg).contains("tls.certificate.key_types[0]: unknown key type 'ECDSA'");
  }

  @Test
  void versionSpellings() {
    assertThat(TlsVersion.parse("TLSv1.2")).isEqualTo(TlsVersion.TLS_1_2);
    assertThat(TlsVersion.parse("TLS 1.0")).isEqualTo(TlsVersion.TLS_1_0);
    assertThat(TlsVersion.parse("sslv3")).isEqualTo(TlsVersion.SSL_3_0);
    assertThat(TlsVersion.parse("1.3")).isEqualTo(TlsVersion.TLS_1_3);
  }
}

package dev.secaudit.check.tls;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.Check;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.TlsVersion;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.tls.CertificateFacts;
import dev.secaudit.probe.tls.CertificateObservation;
import dev.secaudit.probe.tls.SuiteEnumeration;
import dev.secaudit.probe.tls.SuiteTraits;
import dev.secaudit.probe.tls.TlsObservation;
import dev.secaudit.probe.tls.VersionProbe;
import dev.secaudit.probe.tls.VersionProbe.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * tls.ciphers, tls.forward_secrecy, tls.grade and tls.mozilla_profile from recorded enumerations,
 * including the weak classes Debian's OpenSSL can no longer serve (RC4, 3DES, EXPORT).
 */
class TlsCipherChecksTest {
  static final Instant NOW = TlsProtocolCheckTest.NOW;

  static SuiteEnumeration suites(TlsVersion v, List<String> names, String... groups) {
    return new SuiteEnumeration(v, names.stream().map(n -> new SuiteEnumeration.AcceptedSuite(n,
        SuiteTraits.forwardSecrecy(n))).toList(), names.size() > 1 ? Boolean.TRUE : null,
        List.of(groups), List.of(), null, names.size() + 1, 3);
  }

  static CertificateObservation cert(String keyType, int bits, int days, boolean trusted,
      boolean names) {
    CertificateFacts leaf = new CertificateFacts("CN=app", "CN=CA", "CA", NOW.minus(Duration
        .ofDays(1)), NOW.plus(Duration.ofDays(days - 1)), keyType, bits, "SHA256withECDSA",
        List.of("app.example.test"), false, "");
    return new CertificateObservation("app.example.test", "TLSv1.3", "TLS_AES_128_GCM_SHA256",
        List.of(leaf), trusted, trusted ? null : "PKIX path building failed", "JDK trust store",
        names, false, null);
  }

  static TargetObservations observed(CertificateObservation cert, SuiteEnumeration... e) {
    List<VersionProbe> probes = new ArrayList<>();
    for (TlsVersion v : TlsVersion.values()) {
      boolean accepted = List.of(e).stream().anyMatch(s -> s.version() == v);
      probes.add(new VersionProbe(v, accepted ? Outcome.ACCEPTED : Outcome.REFUSED, null,
          accepted ? null : "alert protocol_version", "hello", "answer", 1));
    }
    return new TargetObservations("app", null, null, null, null, null, new TlsObservation(
        "app.example.test", 443, "app.example.test", NOW, probes, cert, null, List.of(e)));
  }

  static List<Finding> run(Check check, String tls, TargetObservations obs) {
    LoadedPolicy loaded = TlsProtocolCheckTest.policy(tls);
    return check.evaluate(new CheckContext(StandardChecks.catalog(), loaded, loaded.policy().targets().get(0), obs, NOW));
  }

  static Map<String, Status> statuses(List<Finding> findings) {
    Map<String, Status> m = new LinkedHashMap<>();
    findings.forEach(f -> m.put(f.subject(), f.status()));
    return m;
  }

  static final CertificateObservation GOOD_EC = cert("EC", 256, 90, true, true);
  static final CertificateObservation RSA_2048 = cert("RSA", 2048, 365, true, true);

  @Test
  void weakClassesFailPerSuiteWithTheirSeverity() {
    TargetObservations obs = observed(RSA_2048, suites(TlsVersion.TLS_1_2, List.of(
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA",
        "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_RSA_WITH_RC4_128_MD5",
        "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", "TLS_DH_anon_WITH_AES_128_CBC_SHA",
        "TLS_RSA_WITH_NULL_SHA")));
    List<Finding> f = run(new TlsCipherCheck(), "tls: {}\n", obs);
    assertThat(statuses(f)).containsExactly(
        Map.entry("TLS 1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", Status.PASS),
        Map.entry("TLS 1.2 TLS_RSA_WITH_AES_128_CBC_SHA", Status.FAIL),
        Map.entry("TLS 1.2 TLS_RSA_WITH_3DES_EDE_CBC_SHA", Status.FAIL),
        Map.entry("TLS 1.2 TLS_RSA_WITH_RC4_128_MD5", Status.FAIL),
        Map.entry("TLS 1.2 TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", Status.FAIL),
        Map.entry("TLS 1.2 TLS_DH_anon_WITH_AES_128_CBC_SHA", Status.FAIL),
        Map.entry("TLS 1.2 TLS_RSA_WITH_NULL_SHA", Status.FAIL));
    assertThat(f).extracting(Finding::severity).containsExactly(Severity.MEDIUM, Severity.LOW,
        Severity.MEDIUM, Severity.HIGH, Severity.HIGH, Severity.HIGH, Severity.HIGH);
    assertThat(f.get(1).observed()).isEqualTo("TLS_RSA_WITH_AES_128_CBC_SHA accepted with TLS 1.2"
        + " on app.example.test:443: static RSA, CBC");
    assertThat(f.get(3).observed()).endsWith(": RC4, MD5, static RSA");
    assertThat(f.get(4).observed()).endsWith(": EXPORT, DES, static RSA, CBC");
    assertThat(f.get(0).evidence()).containsExactly("app/tls-suites-TLS_1_2");
  }

  @Test
  void policyListsAllowAndForbidByNameOrGlob() {
    TargetObservations obs = observed(RSA_2048, suites(TlsVersion.TLS_1_2, List.of(
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
        "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
        "x25519", "secp521r1"));
    List<Finding> f = run(new TlsCipherCheck(), """
        tls:
          allowed_suites: ["TLS_ECDHE_*", TLS_RSA_WITH_AES_128_CBC_SHA]
          forbidden_suites: ["*_CHACHA20_*"]
          allowed_groups: [x25519, secp256r1]
        """, obs);
    assertThat(statuses(f)).containsExactly(
        Map.entry("TLS 1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", Status.PASS),
        // Named by allowed_suites: CBC and static RSA are tolerated, nothing else would be.
        Map.entry("TLS 1.2 TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", Status.PASS),
        Map.entry("TLS 1.2 TLS_RSA_WITH_AES_128_CBC_SHA", Status.PASS),
        Map.entry("TLS 1.2 TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", Status.FAIL),
        Map.entry("TLS 1.2 groups", Status.FAIL));
    assertThat(f.get(3).observed()).endsWith(": forbidden by *_CHACHA20_*");
    assertThat(f.get(3).policyPointer()).isEqualTo("/tls/forbidden_suites/0");
    assertThat(f.get(2).policyPointer()).isEqualTo("/tls/allowed_suites/1");
    assertThat(f.get(4).observed()).isEqualTo("TLS 1.2 groups accepted on app.example.test:443:"
        + " x25519 secp521r1; not allowed: secp521r1");

    List<Finding> strict = run(new TlsCipherCheck(),
        "tls: {allowed_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]}\n", obs);
    assertThat(statuses(strict)).containsExactly(
        Map.entry("TLS 1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", Status.PASS),
        Map.entry("TLS 1.2 TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", Status.FAIL),
        Map.entry("TLS 1.2 TLS_RSA_WITH_AES_128_CBC_SHA", Status.FAIL),
        Map.entry("TLS 1.2 TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", Status.FAIL));
    assertThat(strict.get(1).observed()).endsWith(": CBC, not in allowed_suites");
  }

  /**
   * A server that answers every group offered with its certificate's curve shows none of them
   * accepted or refused: the allowed-groups finding cannot pass while one outside the list may be
   * accepted, the Mozilla profile is not met, and the grade counts it as a possible weakest group.
   * The enumeration is a real one, of openssl s_server preferring its P-256 certificate's curve.
   */
  @Test
  void anUndeterminedGroupOutsideTheAllowedListIsNoPass(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        dev.secaudit.probe.tls.OpenSslServer.available(), "openssl is not installed");
    java.nio.file.Path[] pem = new dev.secaudit.probe.tls.TestPki("Undetermined", NOW)
        .issue(dev.secaudit.probe.tls.TestPki.Spec.good(Instant.now()).key("EC", 256))
        .writePem(dir);
    List<SuiteEnumeration> seen;
    try (dev.secaudit.probe.tls.OpenSslServer s = dev.secaudit.probe.tls.OpenSslServer.start(
        pem, "-tls1_2", "-serverpref", "-groups", "P-256:X25519")) {
      dev.secaudit.probe.tls.ClientHelloProber p = new dev.secaudit.probe.tls.ClientHelloProber(
          new dev.secaudit.probe.tls.ClientHelloProber.Limits(Duration.ofSeconds(2),
              Duration.ofSeconds(5), Duration.ofSeconds(10)), new java.security.SecureRandom());
      seen = new dev.secaudit.probe.tls.CipherSuiteEnumerator(p).enumerate("127.0.0.1", s.port,
          null, p.probeAll("127.0.0.1", s.port, null));
    }
    SuiteEnumeration tls12 = seen.get(0);
    assertThat(tls12.groups()).containsExactly("secp256r1");
    assertThat(tls12.groupsUndetermined()).containsExactly("x25519", "secp384r1", "secp521r1",
        "x448");
    TargetObservations obs = observed(GOOD_EC, tls12);

    List<Finding> f = run(new TlsCipherCheck(), "tls: {allowed_groups: [x25519, secp256r1]}\n",
        obs);
    Finding groups = f.stream().filter(g -> g.subject().equals("TLS 1.2 groups")).findFirst()
        .orElseThrow();
    assertThat(groups.status()).isEqualTo(Status.WARN);
    assertThat(groups.observed()).startsWith("TLS 1.2 groups accepted on app.example.test:443:"
        + " secp256r1; not allowed and not determined whether accepted: secp384r1 secp521r1"
        + " x448 (x25519: offered before secp256r1");
    // Every group the server may accept is allowed: nothing is left to doubt.
    List<Finding> wide = run(new TlsCipherCheck(), "tls: {allowed_groups: [x25519, secp256r1,"
        + " secp384r1, secp521r1, x448]}\n", obs);
    assertThat(wide.stream().filter(g -> g.subject().equals("TLS 1.2 groups")))
        .singleElement().satisfies(g -> assertThat(g.status()).isEqualTo(Status.PASS));

    MozillaProfile profile = MozillaProfile.of(obs.tls());
    assertThat(profile.notIntermediate()).contains("group secp521r1 not determined",
        "group x448 not determined");
  }

  /** The grade's weakest group: one the server may accept counts, so the grade never rises on it. */
  @Test
  void anUndeterminedGroupCountsForTheWeakestGroup() {
    SuiteEnumeration known = suites(TlsVersion.TLS_1_2,
        List.of("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"), "secp384r1");
    assertThat(TlsRating.of(observed(GOOD_EC, known).tls()).keyExchange()).isEqualTo(100);
    SuiteEnumeration unsure = new SuiteEnumeration(TlsVersion.TLS_1_2, known.suites(), null,
        List.of("secp384r1"), List.of(), null, 7, 3, null, List.of("x25519"),
        "x25519: offered before secp384r1 (the certificate's curve), the server chose"
            + " secp384r1");
    assertThat(TlsRating.of(observed(GOOD_EC, unsure).tls()).keyExchange()).isEqualTo(90);
  }

  @Test
  void incompleteEnumerationIsAnErrorAndWhatWasSeenIsStillJudged() {
    SuiteEnumeration cut = new SuiteEnumeration(TlsVersion.TLS_1_2, List.of(
        new SuiteEnumeration.AcceptedSuite("TLS_RSA_WITH_AES_128_GCM_SHA256", false)), null,
        List.of(), List.of(), "no answer within the read (2000 ms) timeout", 2, 2000);
    TargetObservations obs = observed(RSA_2048, cut);
    assertThat(statuses(run(new TlsCipherCheck(), "tls: {}\n", obs))).containsExactly(
        Map.entry("TLS 1.2 suites", Status.ERROR),
        Map.entry("TLS 1.2 TLS_RSA_WITH_AES_128_GCM_SHA256", Status.FAIL));
    assertThat(statuses(run(new TlsForwardSecrecyCheck(), "tls: {}\n", obs)))
        .containsExactly(Map.entry("TLS 1.2", Status.FAIL));
  }

  @Test
  void judgementsOverEverySuiteAreErrorsWhenTheEnumerationWasCutShort() {
    String why = "target time budget of 2s spent after 8 requests and hellos"
        + " (settings.timeouts.target); not sent";
    SuiteEnumeration cut12 = new SuiteEnumeration(TlsVersion.TLS_1_2, List.of(), null, List.of(),
        List.of(), why, 0, 0);
    SuiteEnumeration cut13 = new SuiteEnumeration(TlsVersion.TLS_1_3, List.of(), null, List.of(),
        List.of(), why, 0, 0);
    TargetObservations obs = observed(RSA_2048, cut12, cut13);
    String reason = "TLS 1.2, TLS 1.3 suites not fully enumerated: " + why;

    Finding grade = run(new TlsGradeCheck(), "tls: {}\n", obs).get(0);
    assertThat(grade.status()).isEqualTo(Status.ERROR);
    assertThat(grade.observed()).startsWith("not graded on app.example.test:443: " + reason
        + " (from the suites seen: ");
    Finding profile = run(new MozillaProfileCheck(), "tls: {}\n", obs).get(0);
    assertThat(profile.status()).isEqualTo(Status.ERROR);
    assertThat(profile.observed())
        .isEqualTo("profile not determined on app.example.test:443: " + reason);
    Finding dh = run(new TlsDhParamsCheck(), "tls: {}\n", obs).get(0);
    assertThat(dh.status()).isEqualTo(Status.ERROR);
    assertThat(dh.observed()).isEqualTo("no finite-field DHE suite among those enumerated on"
        + " app.example.test:443; " + reason);
    assertThat(dh.evidence()).containsExactly("app/tls-suites-TLS_1_2", "app/tls-suites-TLS_1_3");

    // A certificate that already misses intermediate decides the profile whatever the suites.
    Finding weakKey = run(new MozillaProfileCheck(), "tls: {}\n",
        observed(cert("RSA", 1024, 90, true, true), cut12, cut13)).get(0);
    assertThat(weakKey.status()).isEqualTo(Status.INFO);
    assertThat(weakKey.observed()).startsWith("meets neither; not intermediate: ")
        .contains("certificate key RSA 1024");
  }

  @Test
  void forwardSecrecyOnePerVersionOrEverySuiteWhenRequired() {
    TargetObservations obs = observed(RSA_2048,
        suites(TlsVersion.TLS_1_2, List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_RSA_WITH_AES_128_GCM_SHA256")),
        suites(TlsVersion.TLS_1_3, List.of("TLS_AES_128_GCM_SHA256")));
    assertThat(statuses(run(new TlsForwardSecrecyCheck(), "tls: {}\n", obs))).containsExactly(
        Map.entry("TLS 1.2", Status.PASS), Map.entry("TLS 1.3", Status.PASS));
    List<Finding> f = run(new TlsForwardSecrecyCheck(), "tls: {require_forward_secrecy: true}\n",
        obs);
    assertThat(statuses(f)).containsExactly(Map.entry("TLS 1.2", Status.FAIL),
        Map.entry("TLS 1.3", Status.PASS));
    assertThat(f.get(0).observed()).isEqualTo("TLS 1.2 on app.example.test:443: 1 of 2 suites"
        + " with forward secrecy; without: TLS_RSA_WITH_AES_128_GCM_SHA256");
    assertThat(f.get(0).policyPointer()).isEqualTo("/tls/require_forward_secrecy");

    TargetObservations none = observed(RSA_2048, suites(TlsVersion.TLS_1_2,
        List.of("TLS_RSA_WITH_AES_128_GCM_SHA256")));
    assertThat(statuses(run(new TlsForwardSecrecyCheck(), "tls: {}\n", none)))
        .containsExactly(Map.entry("TLS 1.2", Status.FAIL));
  }

  @Test
  void gradeOfAModernServerIsA() {
    TargetObservations obs = observed(GOOD_EC,
        suites(TlsVersion.TLS_1_2, List.of("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"), "x25519", "secp256r1"),
        suites(TlsVersion.TLS_1_3, List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"),
            "x25519", "secp256r1"));
    TlsRating r = TlsRating.of(obs.tls());
    // protocol (100+100)/2, key exchange 90 (x25519 ~ RSA 3072), cipher (100+80)/2.
    assertThat(r).isEqualTo(new TlsRating("A", "A", 93, 100, 90, 90, List.of()));
    List<Finding> f = run(new TlsGradeCheck(), "tls: {}\n", obs);
    assertThat(f).singleElement().satisfies(g -> {
      assertThat(g.status()).isEqualTo(Status.INFO);
      assertThat(g.severity()).isEqualTo(Severity.INFO);
      assertThat(g.observed()).isEqualTo("A (score 93: protocol 100, key exchange 90, cipher 90)"
          + " on app.example.test:443");
    });
  }

  @Test
  void versionsThatCouldNotBeTestedAreNamedBesideTheGradeAndTheProfile() {
    TargetObservations full = observed(GOOD_EC,
        suites(TlsVersion.TLS_1_3, List.of("TLS_AES_128_GCM_SHA256"), "x25519"));
    List<VersionProbe> versions = new ArrayList<>(full.tls().versions());
    versions.set(1, new VersionProbe(TlsVersion.SSL_3_0, Outcome.NOT_TESTABLE, null,
        "no answer within the read (5000 ms) timeout", "hello", "nothing received", 5000));
    TlsObservation t = full.tls();
    TargetObservations obs = new TargetObservations("app", null, null, null, null, null,
        new TlsObservation(t.host(), t.port(), t.sni(), t.started(), versions, t.certificate(),
            null, t.suites()));
    for (Check c : List.of(new TlsGradeCheck(), new MozillaProfileCheck())) {
      assertThat(run(c, "tls: {}\n", obs)).singleElement().satisfies(f -> {
        assertThat(f.status()).isEqualTo(c instanceof TlsGradeCheck ? Status.INFO : Status.PASS);
        assertThat(f.observed()).endsWith(
            "; counted as not offered, since they could not be tested: SSLv3");
      });
      assertThat(run(c, "tls: {}\n", full).get(0).observed()).doesNotContain("could not be tested");
    }
  }

  /**
   * A letter is information, not a verdict: an F or a T is never a PASS that a claim or the
   * period report would count as met, and no letter is, as the policy states none to reach.
   */
  @Test
  void aGradeIsRecordedAsInformationWhateverTheLetter() {
    TargetObservations anonymous = observed(RSA_2048,
        suites(TlsVersion.TLS_1_2, List.of("TLS_ECDH_anon_WITH_AES_128_CBC_SHA")));
    TargetObservations untrusted = observed(cert("RSA", 2048, 365, false, true),
        suites(TlsVersion.TLS_1_3, List.of("TLS_AES_128_GCM_SHA256"), "x25519"));
    assertThat(TlsRating.of(anonymous.tls()).letter()).isEqualTo("F");
    assertThat(TlsRating.of(untrusted.tls()).letter()).isEqualTo("T");
    for (TargetObservations obs : List.of(anonymous, untrusted)) {
      assertThat(run(new TlsGradeCheck(), "tls: {}\n", obs)).singleElement()
          .satisfies(g -> assertThat(g.status()).isEqualTo(Status.INFO));
    }
  }

  @Test
  void gradeCapsForOldVersionsNoForwardSecrecyRc4AndTrust() {
    TargetObservations oldRsa = observed(RSA_2048,
        suites(TlsVersion.TLS_1_0, List.of("TLS_RSA_WITH_AES_128_CBC_SHA")),
        suites(TlsVersion.TLS_1_2, List.of("TLS_RSA_WITH_AES_256_GCM_SHA384")));
    TlsRating r = TlsRating.of(oldRsa.tls());
    // protocol (100+90)/2 = 95, key exchange RSA 2048 = 90, cipher (100+80)/2 = 90:
    // 28.5 + 27 + 36 = 91.5, rounded 92 = A, capped to B twice over.
    assertThat(r).isEqualTo(new TlsRating("B", "A", 92, 95, 90, 90, List.of(
        "a version older than TLS 1.2 accepted: at most B",
        "no suite with forward secrecy: at most B")));

    TargetObservations rc4 = observed(cert("RSA", 2048, 365, false, true),
        suites(TlsVersion.TLS_1_1, List.of("TLS_ECDHE_RSA_WITH_RC4_128_SHA")));
    TlsRating t = TlsRating.of(rc4.tls());
    assertThat(t.letter()).isEqualTo("T");
    assertThat(t.caps()).containsExactly("RC4 suite accepted (TLS_ECDHE_RSA_WITH_RC4_128_SHA):"
        + " at most C", "neither TLS 1.2 nor 1.3 accepted: at most C",
        "a version older than TLS 1.2 accepted: at most B", "certificate not trusted (T; C if"
            + " trusted)");

    TargetObservations export = observed(cert("RSA", 1024, 365, true, false),
        suites(TlsVersion.TLS_1_2, List.of("TLS_RSA_EXPORT_WITH_RC4_40_MD5")));
    TlsRating m = TlsRating.of(export.tls());
    // key exchange EXPORT 40, cipher 40-bit 20: 0.3*100 + 0.3*40 + 0.4*20 = 50.
    assertThat(m).isEqualTo(new TlsRating("M", "C", 50, 100, 40, 20, List.of(
        "EXPORT suite accepted (TLS_RSA_EXPORT_WITH_RC4_40_MD5): at most F",
        "RC4 suite accepted (TLS_RSA_EXPORT_WITH_RC4_40_MD5): at most C",
        "no suite with forward secrecy: at most B",
        "certificate key RSA 1024 bits (below 2048): at most B",
        "certificate does not name the host (M; F if it did)")));
  }

  /** The issue 21 server: an RSA-1024 leaf signed with SHA-1, otherwise a modern setup. */
  @Test
  void gradeCapsForKeySizeAndSha1InTheChain() {
    SuiteEnumeration modern = suites(TlsVersion.TLS_1_2, List.of(
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
        "x25519");
    TlsRating sha1 = TlsRating.of(observed(signed("RSA", 1024, "SHA1withRSA", false), modern)
        .tls());
    assertThat(sha1.scoreLetter()).isEqualTo("A");
    assertThat(sha1.letter()).isEqualTo("T");
    assertThat(sha1.caps()).containsExactly("certificate key RSA 1024 bits (below 2048): at most"
        + " B", "CN=app is signed with SHA-1, which browsers no longer trust (T; B otherwise)");

    TlsRating small = TlsRating.of(observed(signed("RSA", 1024, "SHA256withRSA", false), modern)
        .tls());
    assertThat(small.letter()).isEqualTo("B");
    TlsRating tiny = TlsRating.of(observed(signed("RSA", 768, "SHA256withRSA", false), modern)
        .tls());
    assertThat(tiny.letter()).isEqualTo("F");
    TlsRating md5 = TlsRating.of(observed(signed("RSA", 2048, "MD5withRSA", false), modern)
        .tls());
    assertThat(md5.letter()).isEqualTo("F");
    assertThat(md5.caps()).containsExactly("CN=app signed with MD5withRSA: at most F");
    // A root's own signature is checked by nobody: a SHA-1 root caps nothing.
    CertificateObservation withRoot = withSha1Root(signed("RSA", 2048, "SHA256withRSA", false));
    assertThat(TlsRating.of(observed(withRoot, modern).tls()).letter()).isEqualTo("A");
  }

  @Test
  void gradeCapsForDhParameters() {
    TlsRating dhe1024 = TlsRating.of(observed(RSA_2048, dhe(1024)).tls());
    // key exchange is the DH prime's: 1024 bits scores 80.
    assertThat(dhe1024.keyExchange()).isEqualTo(80);
    assertThat(dhe1024.letter()).isEqualTo("B");
    assertThat(dhe1024.caps()).containsExactly("DH parameters of 1024 bits (below 2048): at most"
        + " B");
    assertThat(TlsRating.of(observed(RSA_2048, dhe(512)).tls()).letter()).isEqualTo("F");
    assertThat(TlsRating.of(observed(RSA_2048, dhe(2048)).tls()).letter()).isEqualTo("A");
  }

  private static SuiteEnumeration dhe(int bits) {
    return new SuiteEnumeration(TlsVersion.TLS_1_2, List.of(
        new SuiteEnumeration.AcceptedSuite("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", true, null),
        new SuiteEnumeration.AcceptedSuite("TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", true, bits)),
        Boolean.TRUE, List.of("x25519"), List.of(), null, 3, 3);
  }

  private static CertificateObservation signed(String keyType, int bits, String signature,
      boolean selfSigned) {
    CertificateFacts leaf = new CertificateFacts("CN=app", selfSigned ? "CN=app" : "CN=CA", "CA",
        NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(89)), keyType, bits, signature,
        List.of("app.example.test"), selfSigned, "");
    return new CertificateObservation("app.example.test", "TLSv1.3", "TLS_AES_128_GCM_SHA256",
        List.of(leaf), true, null, "JDK trust store", true, false, null);
  }

  private static CertificateObservation withSha1Root(CertificateObservation c) {
    CertificateFacts root = new CertificateFacts("CN=CA", "CN=CA", "CA", NOW.minus(Duration
        .ofDays(3650)), NOW.plus(Duration.ofDays(3650)), "RSA", 4096, "SHA1withRSA", List.of(),
        true, "");
    return new CertificateObservation(c.host(), "TLSv1.3", "TLS_AES_128_GCM_SHA256",
        List.of(c.leaf(), root), true, null, "JDK trust store", true, false, null);
  }

  @Test
  void mozillaProfiles() {
    SuiteEnumeration tls13 = suites(TlsVersion.TLS_1_3, List.of("TLS_AES_128_GCM_SHA256",
        "TLS_CHACHA20_POLY1305_SHA256"), "x25519", "secp256r1");
    MozillaProfile modern = MozillaProfile.of(observed(GOOD_EC, tls13).tls());
    assertThat(modern.met()).isEqualTo("modern");
    assertThat(modern.summary()).isEqualTo("meets modern (and intermediate)");

    SuiteEnumeration tls12 = suites(TlsVersion.TLS_1_2, List.of(
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
        "x25519", "secp256r1");
    MozillaProfile intermediate = MozillaProfile.of(observed(RSA_2048, tls12, tls13).tls());
    assertThat(intermediate.met()).isEqualTo("intermediate");
    assertThat(intermediate.notModern()).containsExactly("TLS 1.2 accepted",
        "certificate key RSA 2048 (ECDSA P-256 or P-384 required)",
        "certificate lifespan 365 days (at most 90)");

    SuiteEnumeration cbc = suites(TlsVersion.TLS_1_2, List.of(
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
        "x25519", "x448");
    MozillaProfile none = MozillaProfile.of(observed(RSA_2048, cbc).tls());
    assertThat(none.met()).isEqualTo("none");
    assertThat(none.notIntermediate()).containsExactly(
        "TLS 1.2 TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA accepted", "group x448 accepted");
    List<Finding> f = run(new MozillaProfileCheck(), "tls: {}\n", observed(RSA_2048, cbc));
    assertThat(f).singleElement().satisfies(p -> assertThat(p.observed()).isEqualTo(
        "meets neither; not intermediate: TLS 1.2 TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA accepted;"
            + " group x448 accepted on app.example.test:443"));
    // Meeting neither profile is reported, never passed: a PASS would read as a met control.
    assertThat(f.get(0).status()).isEqualTo(Status.INFO);
    assertThat(f.get(0).title()).doesNotContain("profile met");
    assertThat(run(new MozillaProfileCheck(), "tls: {}\n", observed(RSA_2048, tls12, tls13)))
        .singleElement().satisfies(p -> assertThat(p.status()).isEqualTo(Status.PASS));
  }

  /** The same certificate with another key or signature, as its issuer signed it. */
  static CertificateObservation reissued(CertificateObservation c, String keyType, int bits,
      String signature) {
    CertificateFacts l = c.leaf();
    CertificateFacts leaf = new CertificateFacts(l.subject(), l.issuer(), l.issuerOrganization(),
        l.notBefore(), l.notAfter(), keyType, bits, signature, l.subjectAltNames(), false, "");
    return new CertificateObservation(c.host(), c.protocol(), c.cipherSuite(), List.of(leaf),
        c.trusted(), c.trustError(), c.trustStore(), c.hostnameMatches(), false, null);
  }

  @Test
  void mozillaProfilesJudgeTheCurveAndTheSignatureAsTheProfilesListThem() {
    SuiteEnumeration tls13 = suites(TlsVersion.TLS_1_3, List.of("TLS_AES_128_GCM_SHA256"),
        "x25519");
    // 6.0's certificate_curves are prime256v1 and secp384r1 in both profiles.
    MozillaProfile p521 = MozillaProfile.of(observed(
        reissued(GOOD_EC, "EC", 521, "SHA512withECDSA"), tls13).tls());
    assertThat(p521.met()).isEqualTo("none");
    assertThat(p521.notIntermediate()).containsExactly(
        "certificate key EC 521 (RSA >= 2048 or ECDSA P-256 or P-384 required)");
    // certificate_signatures: intermediate takes sha256WithRSAEncryption, modern ECDSA only.
    MozillaProfile rsaSigned = MozillaProfile.of(observed(
        reissued(GOOD_EC, "EC", 256, "SHA256withRSA"), tls13).tls());
    assertThat(rsaSigned.met()).isEqualTo("intermediate");
    assertThat(rsaSigned.notModern()).containsExactly("certificate signed with SHA256withRSA"
        + " (ECDSA with SHA-256, SHA-384 or SHA-512 required)");
    for (String weak : List.of("SHA1withRSA", "SHA384withRSA", "RSASSA-PSS")) {
      MozillaProfile p = MozillaProfile.of(observed(
          reissued(RSA_2048, "RSA", 2048, weak), tls13).tls());
      assertThat(p.met()).as(weak).isEqualTo("none");
      assertThat(p.notIntermediate()).as(weak).containsExactly("certificate signed with " + weak
          + " (sha256WithRSAEncryption or ECDSA with SHA-256, SHA-384 or SHA-512 required)");
    }
  }

  @Test
  void nothingToJudgeIsSkippedWithTheReason() {
    TargetObservations refusedAll = observed(null);
    for (Check c : List.of(new TlsCipherCheck(), new TlsForwardSecrecyCheck(),
        new TlsGradeCheck(), new MozillaProfileCheck())) {
      assertThat(run(c, "tls: {}\n", refusedAll)).singleElement().satisfies(s -> {
        assertThat(s.status()).isEqualTo(Status.SKIPPED);
        assertThat(s.observed()).isEqualTo("no protocol version was accepted on"
            + " app.example.test:443, so no suite to judge");
      });
    }
  }
}

package dev.secaudit.check.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Explicit OpenSSL names become IANA names; exclusions apply; keywords are not guessed. */
class OpenSslCipherStringTest {
  @Test
  void mozillaIntermediateIsFullyResolved() {
    OpenSslCipherString s = OpenSslCipherString.parse("ECDHE-ECDSA-AES128-GCM-SHA256:"
        + "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
        + "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
        + "ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256");
    assertThat(s.enabled()).startsWith("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256").hasSize(7)
        .contains("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");
    assertThat(s.unresolved()).isEmpty();
  }

  @Test
  void exclusionsRemoveNamesAndWeakClassesWhileKeywordsStayUnresolved() {
    OpenSslCipherString s = OpenSslCipherString.parse(
        "RC4-SHA AES128-SHA,DES-CBC3-SHA;ECDHE+AESGCM:!RC4:-AES128-SHA:!aNULL:@STRENGTH:+DES-CBC3-SHA");
    assertThat(s.enabled()).containsExactly("TLS_RSA_WITH_3DES_EDE_CBC_SHA");
    assertThat(s.unresolved()).containsExactly("ECDHE+AESGCM");
    // IANA spellings are read too; an unknown name is reported, not dropped.
    assertThat(OpenSslCipherString.parse("TLS_RSA_WITH_AES_128_CBC_SHA:NOT-A-SUITE").unresolved())
        .containsExactly("NOT-A-SUITE");
  }
}

package dev.secaudit.probe.securitytxt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.probe.securitytxt.SecurityTxtParser.Document;
import dev.secaudit.probe.securitytxt.SecurityTxtParser.Field;
import dev.secaudit.probe.securitytxt.SecurityTxtParser.Problem;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

public class SecurityTxtParserTest {

  /** Shaped like the files large sites publish: comments, several contacts, an extension field. */
  static final String UNSIGNED = """
      # Security contacts for example.com
      # Please report vulnerabilities through our programme.

      Contact: mailto:security@example.com
      Contact: https://example.com/security/report
      Contact: tel:+1-201-555-0123
      Expires: 2030-01-01T00:00:00.000Z
      Encryption: https://example.com/pgp-key.txt
      Acknowledgments: https://example.com/hall-of-fame
      Preferred-Languages: en, fr
      Canonical: https://example.com/.well-known/security.txt
      Policy: https://example.com/security-policy
      Hiring: https://example.com/jobs/security
      CSAF: https://example.com/.well-known/csaf/provider-metadata.json
      """;

  /**
   * Produced by {@code gpg --clearsign --digest-algo SHA512} with a throwaway Ed25519 key; the
   * signature packet is real, which is all the framing check looks at.
   */
  public static final String SIGNED = """
      -----BEGIN PGP SIGNED MESSAGE-----
      Hash: SHA512

      Contact: mailto:security@example.com
      Contact: https://example.com/report
      Expires: 2030-01-01T00:00:00.000Z
      # --- signed section ---
      Canonical: https://example.com/.well-known/security.txt
      Preferred-Languages: en, nl
      -----BEGIN PGP SIGNATURE-----

      iHUEARYKAB0WIQQejKUTCakoDav2miWycoa4FF5TvwUCawNnZQAKCRCycoa4FF5T
      v9ZJAP0SA9nQcEWQjR5w6JKiQhHmmFKYk61dLmfLCr8nfmY/eQEAlvbZi/gSsMeg
      VkYrECYJKKMPre7G9U4Ax47H47/jMQY=
      =6MrK
      -----END PGP SIGNATURE-----
      """;

  /**
   * gpg's output for a CRLF file that has a line starting with '-': gpg dash-escaped it, kept
   * the CRLFs of the signed text and wrote its own lines with LF.
   */
  static final String SIGNED_DASH_ESCAPED_CRLF = """
      -----BEGIN PGP SIGNED MESSAGE-----
      Hash: SHA256

      # Our security contacts\r
      - -----------------------\r
      Contact: mailto:security@example.com\r
      Contact: https://example.com/report\r
      Expires: 2030-01-01T00:00:00.000Z\r
      Encryption: https://example.com/pgp-key.txt\r
      Canonical: https://example.com/.well-known/security.txt\r
      Preferred-Languages: en, nl\r
      -----BEGIN PGP SIGNATURE-----

      iHUEARYIAB0WIQQejKUTCakoDav2miWycoa4FF5TvwUCawNnagAKCRCycoa4FF5T
      v1yGAP46UpodbUW4YnC1e3RdvTvXVbUO59LbfE+ZpSRW+GKq3AD/YGHwMK7V8udn
      SMScMk+RNlU6ydCKV0CuJttsk1Uz1gw=
      =nkyD
      -----END PGP SIGNATURE-----
      """;

  @Test
  void readsFieldsInOrderSkippingCommentsAndBlankLines() {
    Document doc = SecurityTxtParser.parse(UNSIGNED);

    assertThat(doc.values("Contact")).containsExactly("mailto:security@example.com",
        "https://example.com/security/report", "tel:+1-201-555-0123");
    assertThat(doc.values("Expires")).containsExactly("2030-01-01T00:00:00.000Z");
    assertThat(doc.values("Preferred-Languages")).containsExactly("en, fr");
    assertThat(doc.all("Contact").get(0).line()).isEqualTo(4);
    assertThat(doc.fields()).hasSize(11);
    assertThat(doc.problems()).isEmpty();
    assertThat(doc.signed()).isFalse();
    assertThat(doc.hasRfcField()).isTrue();
  }

  @Test
  void keepsUnknownFieldsUnderTheirOwnName() {
    Document doc = SecurityTxtParser.parse(UNSIGNED);

    assertThat(doc.values("CSAF"))
        .containsExactly("https://example.com/.well-known/csaf/provider-metadata.json");
  }

  @Test
  void fieldNamesAreCaseInsensitiveAndReportedInTheRfcSpelling() {
    Document doc = SecurityTxtParser.parse("""
        contact: mailto:a@example.com
        CONTACT: mailto:b@example.com
        eXpIrEs: 2030-01-01T00:00:00Z
        preferred-languages: en
        """);

    assertThat(doc.fields()).extracting(Field::name)
        .containsExactly("Contact", "Contact", "Expires", "Preferred-Languages");
    assertThat(doc.values("contact")).containsExactly("mailto:a@example.com",
        "mailto:b@example.com");
  }

  @Test
  void crlfAndLfFilesParseTheSame() {
    Document lf = SecurityTxtParser.parse(UNSIGNED);
    Document crlf = SecurityTxtParser.parse(UNSIGNED.replace("\n", "\r\n"));

    assertThat(crlf.fields()).isEqualTo(lf.fields());
    assertThat(crlf.problems()).isEmpty();
  }

  @Test
  void mixedLineEndingsAndNoFinalLineBreakAreFine() {
    Document doc = SecurityTxtParser.parse(
        "Contact: mailto:a@example.com\r\nExpires: 2030-01-01T00:00:00Z\nPolicy: https://e.x/p");

    assertThat(doc.fields()).extracting(Field::name, Field::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Contact", 1),
            org.assertj.core.groups.Tuple.tuple("Expires", 2),
            org.assertj.core.groups.Tuple.tuple("Policy", 3));
    assertThat(doc.problems()).isEmpty();
  }

  @Test
  void bareCarriageReturnsAreSplitButReported() {
    Document doc = SecurityTxtParser.parse(
        "Contact: mailto:a@example.com\rExpires: 2030-01-01T00:00:00Z\r");

    assertThat(doc.values("Contact")).containsExactly("mailto:a@example.com");
    assertThat(doc.values("Expires")).hasSize(1);
    assertThat(doc.problems()).extracting(Problem::message).anyMatch(m -> m.contains("bare CR"));
  }

  @Test
  void trailingWhitespaceIsNotPartOfTheValueAndTheSpaceAfterTheColonIsOptional() {
    Document doc = SecurityTxtParser.parse("Contact:mailto:a@example.com \t\nExpires:  x\n");

    assertThat(doc.values("Contact")).containsExactly("mailto:a@example.com");
    assertThat(doc.values("Expires")).containsExactly("x");
  }

  @Test
  void reportsStrayLinesEmptyValuesAndAByteOrderMark() {
    Document doc = SecurityTxtParser.parse("""
        \uFEFFContact: mailto:a@example.com
        Please email us at security@example.com
        Expires:
        Contact <a@example.com>
        """);

    assertThat(doc.values("Contact")).containsExactly("mailto:a@example.com");
    assertThat(doc.values("Expires")).isEmpty();
    assertThat(doc.problems()).extracting(Problem::line).containsExactly(1, 2, 3, 4);
    assertThat(doc.problems().get(0).message()).contains("byte order mark");
    assertThat(doc.problems().get(2).message()).isEqualTo("Expires has no value");
  }

  @Test
  void keepsDuplicateExpiresForTheCheckToJudge() {
    Document doc = SecurityTxtParser.parse("""
        Contact: mailto:a@example.com
        Expires: 2030-01-01T00:00:00Z
        Expires: 2031-01-01T00:00:00Z
        """);

    assertThat(doc.all("Expires")).extracting(Field::line).containsExactly(2, 3);
  }

  @Test
  void aFileWithoutContactHasNoContactValues() {
    Document doc = SecurityTxtParser.parse("Expires: 2030-01-01T00:00:00Z\n");

    assertThat(doc.values("Contact")).isEmpty();
    assertThat(doc.hasRfcField()).isTrue();
  }

  @Test
  void htmlIsNotMistakenForFields() {
    Document doc = SecurityTxtParser.parse("<!doctype html>\n<html><head><title>App</title>\n");

    assertThat(doc.hasRfcField()).isFalse();
    assertThat(doc.fields()).isEmpty();
  }

  @Test
  void readsTheSignedPartOfACleartextSignedFile() {
    Document doc = SecurityTxtParser.parse(SIGNED);

    assertThat(doc.signed()).isTrue();
    assertThat(doc.signature().wellFormed()).isTrue();
    assertThat(doc.signature().hashes()).containsExactly("SHA512");
    assertThat(doc.values("Contact")).containsExactly("mailto:security@example.com",
        "https://example.com/report");
    assertThat(doc.values("Canonical"))
        .containsExactly("https://example.com/.well-known/security.txt");
    assertThat(doc.all("Contact").get(0).line()).isEqualTo(4);
    assertThat(doc.problems()).isEmpty();
  }

  @Test
  void undoesDashEscapingInsideTheSignedText() {
    Document doc = SecurityTxtParser.parse(SIGNED_DASH_ESCAPED_CRLF);

    assertThat(doc.signature().wellFormed()).isTrue();
    assertThat(doc.signature().hashes()).containsExactly("SHA256");
    assertThat(doc.values("Encryption")).containsExactly("https://example.com/pgp-key.txt");
    // The unescaped line is "-----------------------": a stray line, not an armor marker.
    assertThat(doc.problems()).containsExactly(
        new Problem(5, "neither a field ('Name: value') nor a comment ('#')"));
  }

  @Test
  void aDashEscapedFieldIsReadAsTheField() {
    String signed = SIGNED.replace("Contact: https://example.com/report",
        "- Contact: https://example.com/escaped");

    Document doc = SecurityTxtParser.parse(signed);

    assertThat(doc.values("Contact")).contains("https://example.com/escaped");
    assertThat(doc.signature().wellFormed()).isTrue();
  }

  @Test
  void ignoresAndReportsTextOutsideTheSignedMessage() {
    String tampered = "Contact: mailto:attacker@evil.example\n" + SIGNED
        + "Contact: https://evil.example/report\n";

    Document doc = SecurityTxtParser.parse(tampered);

    assertThat(doc.values("Contact")).containsExactly("mailto:security@example.com",
        "https://example.com/report");
    assertThat(doc.problems()).extracting(Problem::line).containsExactly(1, 18);
    assertThat(doc.problems()).extracting(Problem::message)
        .allMatch(m -> m.contains("outside the signed message"));
    assertThat(doc.signature().wellFormed()).isTrue();
  }

  @Test
  void aSignedHeaderWithoutASignatureBlockIsMalformed() {
    String cut = SIGNED.substring(0, SIGNED.indexOf(SecurityTxtParser.BEGIN_SIGNATURE));

    Document doc = SecurityTxtParser.parse(cut);

    assertThat(doc.signed()).isTrue();
    assertThat(doc.signature().wellFormed()).isFalse();
    assertThat(doc.signature().problems()).extracting(Problem::message)
        .anyMatch(m -> m.contains("no '-----BEGIN PGP SIGNATURE-----'"));
    assertThat(doc.values("Contact")).hasSize(2);
  }

  @Test
  void aMissingEndLineIsMalformed() {
    Document doc = SecurityTxtParser.parse(SIGNED.replace("-----END PGP SIGNATURE-----\n", ""));

    assertThat(doc.signature().problems()).extracting(Problem::message)
        .anyMatch(m -> m.contains("no '-----END PGP SIGNATURE-----'"));
  }

  @Test
  void anUnescapedDashLineInTheSignedTextIsMalformed() {
    Document doc = SecurityTxtParser.parse(
        SIGNED.replace("# --- signed section ---", "--- signed section ---"));

    assertThat(doc.signature().problems()).extracting(Problem::line).containsExactly(7);
  }

  @Test
  void armorHeadersOtherThanHashAreReported() {
    Document doc = SecurityTxtParser.parse(SIGNED.replace("Hash: SHA512", "Hash: SHA512\nX: y"));

    assertThat(doc.signature().hashes()).containsExactly("SHA512");
    assertThat(doc.signature().problems()).extracting(Problem::message)
        .anyMatch(m -> m.contains("unexpected armor header 'X: y'"));
  }

  @Test
  void signatureDataMustBeBase64OfASignaturePacket() {
    String data = "iHUEARYKAB0WIQQejKUTCakoDav2miWycoa4FF5TvwUCawNnZQAKCRCycoa4FF5T\n"
        + "v9ZJAP0SA9nQcEWQjR5w6JKiQhHmmFKYk61dLmfLCr8nfmY/eQEAlvbZi/gSsMeg\n"
        + "VkYrECYJKKMPre7G9U4Ax47H47/jMQY=\n";
    // 0x99 opens a legacy-format Public-Key packet (tag 6): armored, but not a signature.
    String publicKey = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x99, 0, 4, 1, 2});

    Document notBase64 = SecurityTxtParser.parse(SIGNED.replace(data, "not*base64!\n"));
    Document wrongPacket = SecurityTxtParser.parse(SIGNED.replace(data, publicKey + "\n"));
    Document empty = SecurityTxtParser.parse(SIGNED.replace(data, ""));

    assertThat(notBase64.signature().problems()).extracting(Problem::message)
        .containsExactly("the signature data is not valid base64");
    assertThat(wrongPacket.signature().problems()).extracting(Problem::message)
        .containsExactly("the armored packet is not a Signature packet (tag 6, expected 2)");
    assertThat(empty.signature().problems()).extracting(Problem::message)
        .containsExactly("the signature block holds no data");
  }

  @Test
  void aSignatureBlockWithoutTheSignedMessageHeaderSignsNothing() {
    String noHeader = SIGNED.substring(SIGNED.indexOf("Contact:"));

    Document doc = SecurityTxtParser.parse(noHeader);

    assertThat(doc.signed()).isTrue();
    assertThat(doc.signature().wellFormed()).isFalse();
    assertThat(doc.values("Contact")).hasSize(2);
  }

  @Test
  void packetTagsInBothHeaderFormats() {
    // Legacy format: tag in bits 5-2 (0x88 = tag 2, 1-octet length); new format: bits 5-0.
    assertThat(SecurityTxtParser.packetTag(new byte[] {(byte) 0x88})).isEqualTo(2);
    assertThat(SecurityTxtParser.packetTag(new byte[] {(byte) 0x89})).isEqualTo(2);
    assertThat(SecurityTxtParser.packetTag(new byte[] {(byte) 0xC2})).isEqualTo(2);
    assertThat(SecurityTxtParser.packetTag(new byte[] {(byte) 0xC6})).isEqualTo(6);
    assertThat(SecurityTxtParser.packetTag(new byte[] {0x42})).isEqualTo(-1);
    assertThat(SecurityTxtParser.packetTag(new byte[0])).isEqualTo(-1);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "2030-01-01T00:00:00Z",
      "2030-01-01T00:00:00.000Z",
      "2030-01-01t00:00:00z",
      "2030-01-01T01:00:00+01:00",
      "2029-12-31T19:00:00-05:00",
      " 2030-01-01T00:00:00.000000000Z "})
  void acceptsRfc3339DateTimes(String text) {
    assertThat(SecurityTxtParser.parseDateTime(text)).get()
        .extracting(OffsetDateTime::toInstant)
        .isEqualTo(java.time.Instant.parse("2030-01-01T00:00:00Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "2030-01-01",
      "2030-01-01T00:00Z",
      "2030-01-01T00:00:00",
      "2030-02-30T00:00:00Z",
      "2030-13-01T00:00:00Z",
      "2030-01-01T24:00:00Z",
      "Tue, 01 Jan 2030 00:00:00 GMT",
      "01/01/2030",
      "2030-01-01T00:00:00+0100",
      ""})
  void rejectsWhatIsNotAnRfc3339DateTime(String text) {
    assertThat(SecurityTxtParser.parseDateTime(text)).isEmpty();
  }

  @Test
  void theRfcFieldListIsTheEightOfSection2_5() {
    assertThat(SecurityTxtParser.RFC_FIELDS).hasSize(8).doesNotHaveDuplicates();
    assertThat(List.copyOf(SecurityTxtParser.RFC_FIELDS)).contains("Contact", "Expires");
  }
}

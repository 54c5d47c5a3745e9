package dev.secaudit.probe.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The detectors on single lines. Secret-shaped values are assembled at run time, so this file
 * holds no string a secret scanner (ours included) would flag.
 */
class DetectorsTest {
  static final String AWS = "AKIA" + "Q7RZ3M5N2W4X6Y8B";
  static final String GITHUB = "ghp" + "_" + "x7Yb2Kq9Lm4Np1Rs8Tv3Wz6Ac5De0Fg2Hj4K";
  static final String STRIPE = "sk" + "_live_" + "51HxQ2eK8vN3mP7rT9wZ4yB6";
  static final String GITLAB = "glpat" + "-" + "Xy7Zq2Lm9Np4Rs1Tv8Wb";
  static final String SLACK = "xox" + "b-" + "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";
  static final String RANDOM = "q8Zr4Lm2Xv9Tn1Bw6Yc3Ks7Hd5Pf0Gj";

  private static List<String> kinds(Detectors d, String line) {
    return d.scan(line, "f", true).stream().map(Hit::kind).toList();
  }

  @Test
  void secretShapesAreFoundMaskedAndFingerprinted() {
    Detectors d = Detectors.secrets(true);
    assertThat(kinds(d, "aws_access_key_id = " + AWS)).containsExactly("aws_access_key");
    assertThat(kinds(d, "token: " + GITHUB)).containsExactly("github_token");
    assertThat(kinds(d, "STRIPE=" + STRIPE)).containsExactly("stripe_live_key");
    assertThat(kinds(d, "gitlab " + GITLAB)).containsExactly("gitlab_token");
    assertThat(kinds(d, "slack " + SLACK)).containsExactly("slack_token");
    assertThat(kinds(d, "-----BEGIN OPENSSH PRIVATE KEY-----")).containsExactly("private_key");
    assertThat(kinds(d, "  \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n" + "MIIEvQIBADAN"
        + "BgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC\\n...")).containsExactly("private_key");
    assertThat(kinds(d, "  \"private_key_id\": \"" + "0123456789abcdef".repeat(2) + "01234567\","))
        .containsExactly("gcp_service_account");
    assertThat(kinds(d, "API_SECRET = \"" + RANDOM + "\"")).containsExactly("high_entropy");

    Hit aws = d.scan("key " + AWS, "f", true).get(0);
    assertThat(aws.masked()).isEqualTo("AKIA…8B (20 chars)").doesNotContain(AWS.substring(4, 18));
    assertThat(aws.fingerprint()).hasSize(12)
        .isEqualTo(d.scan(AWS + " elsewhere", "g", true).get(0).fingerprint());
  }

  @Test
  void lookalikesAreNotSecrets() {
    Detectors d = Detectors.secrets(true);
    assertThat(kinds(d, "AKIA" + "Q7RZ3M5N2W4X6Y8")).isEmpty(); // one character short
    assertThat(kinds(d, "sk" + "_test_51HxQ2eK8vN3mP7rT9wZ4yB6")).isEmpty(); // test keys are fine
    assertThat(kinds(d, "-----BEGIN PUBLIC KEY-----")).isEmpty();
    // Code that writes or parses PEM names the header inside other text; a key file does not.
    assertThat(kinds(d, "out.write(\"-----BEGIN PRIVATE KEY-----\\n\");")).isEmpty();
    // Entropy is judged only after a name that says secret, and not for ids and placeholders.
    assertThat(kinds(d, "commit = \"" + RANDOM + "\"")).isEmpty();
    assertThat(kinds(d, "session_token = \"3f2b8c1e-9a4d-4e7b-8c2f-1d3e5a7b9c0d\"")).isEmpty();
    assertThat(kinds(d, "password = \"your_password_goes_here_123\"")).isEmpty();
    assertThat(kinds(d, "password_reset_handler = \"PasswordResetHandlerFactory\"")).isEmpty();
    assertThat(kinds(d, "token_hash = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1\"")).isEmpty();
    assertThat(Detectors.secrets(false).scan("API_SECRET = \"" + RANDOM + "\"", "f", true))
        .isEmpty();
    assertThat(d.scan("API_SECRET = \"" + RANDOM + "\"", "package-lock.json", false)).isEmpty();
  }

  @Test
  void cardsNeedLuhnAndAnIssuerIbansNeedMod97AndTheirCountryLength() {
    Detectors d = Detectors.data(List.of());
    assertThat(d.scan("paid with 4111 1111 1111 1111 ok", "f", true))
        .extracting(Hit::kind, Hit::masked)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("card", "4111 **** **** 1111"));
    assertThat(kinds(d, "card=4111-1111-1111-1111")).containsExactly("card");
    assertThat(kinds(d, "amex 378282246310005")).containsExactly("card");
    assertThat(kinds(d, "bad luhn 4111 1111 1111 1112")).isEmpty();
    assertThat(kinds(d, "order 1234567812345670")).isEmpty(); // Luhn-valid, no issuer
    assertThat(kinds(d, "mixed 4111 1111-1111 1111")).isEmpty();

    assertThat(d.scan("IBAN DE89 3704 0044 0532 0130 00 EUR", "f", true))
        .extracting(Hit::kind, Hit::masked)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("iban", "DE89 … 00 (22 chars)"));
    assertThat(kinds(d, "to GB82WEST12345698765432.")).containsExactly("iban");
    assertThat(kinds(d, "bad DE89 3704 0044 0532 0130 01")).isEmpty(); // mod-97 fails
    assertThat(kinds(d, "long DE89370400440532013000123")).isEmpty(); // not DE's 22 characters
    assertThat(PersonalDataDetector.mod97("GB82WEST12345698765432")).isEqualTo(1);
  }

  @Test
  void personalDataAndCredentialsInLogs() {
    Detectors d = Detectors.data(List.of());
    String jwt = "eyJhbGciOiJIUzI1NiJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIn0" + ".dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    List<Hit> hits = d.scan("user=jane.doe@example.com phone=+49 30 1234567 auth=Bearer " + jwt
        + " db=postgres://app:" + "s3cretPass" + "@db.internal:5432/app", "f", true);
    assertThat(hits).extracting(Hit::kind)
        .containsExactly("email", "phone", "jwt", "url_password");
    assertThat(hits).extracting(Hit::masked).containsExactly("j***@example.com",
        "+49 … 67 (11 digits)", "eyJh…Xk (" + jwt.length() + " chars)",
        "postgres://a***:****@db.internal:5432");
    assertThat(hits.toString()).doesNotContain("s3cretPass").doesNotContain("jane.doe")
        .doesNotContain(jwt.substring(10));
    assertThat(kinds(d, "Authorization: Bearer abc123def456ghi789")).containsExactly("bearer");
    // Conservative phones: a timezone offset, a year range or a bare number is not one.
    assertThat(kinds(d, "2024-01-01T00:00:00+0100 took 12345678 ms")).isEmpty();
    assertThat(Detectors.data(List.of("card")).scan("a@b.example 4111111111111111", "f", true))
        .extracting(Hit::kind).containsExactly("card");
  }
}

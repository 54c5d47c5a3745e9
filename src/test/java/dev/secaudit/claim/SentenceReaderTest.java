package dev.secaudit.claim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SentenceReaderTest {
  private final SentenceReader reader = new SentenceReader(Vocabulary.builtIn());

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "TLS 1.2+ everywhere | minimum TLS version: at least TLS 1.2 [everywhere]",
      "Data is encrypted in transit with TLS 1.2 or higher. | minimum TLS version: at least TLS 1.2 [all data] AND encryption in transit [all data]",
      "Is TLS 1.0 disabled? | minimum TLS version: above TLS 1.0",
      "Do you allow TLS versions older than 1.2? | minimum TLS version (not in place anywhere): at least TLS 1.2",
      "PDF reports are deleted after 30 days | data retention: at most 30 days [all report]",
      "Application logs are kept for 30 days. | data retention: 30 days [some log (application)]",
      "Are logs retained for 30 days? | data retention: 30 days [all log]",
      "Are logs retained for no more than 30 days? | data retention: at most 30 days [all log]",
      "Logs are kept for up to 30 days. | data retention: at most 30 days [all log]",
      "Can customers request deletion of their data? | deletion on request",
      "Customer data is deleted on request. | deletion on request [all data.customer]",
      "Are logs kept at least one year? | data retention: at least 1 year [all log]",
      "10 login attempts a minute, then 429 | rate limiting: at most 10 per minute [some endpoint (login)]",
      "Login attempts are rate limited to 60 per minute. | rate limiting: at most 60 per minute [some endpoint (login)]",
      "Login attempts are rate limited to 200/hour. | rate limiting: at most 200 per hour [some endpoint (login)]",
      "JWT expires after 24 hours | token and link lifetime: at most 1 day",
      "Passwords must be at least 10 characters | minimum password length: at least 10 characters",
      "Magic links expire after 15 minutes and work once. | token and link lifetime: at most 15 minutes [all token.magic] AND single-use links and tokens [all token.magic]",
      "Are magic links single-use? | single-use links and tokens [all token.magic]",
      "Do access tokens expire within 72 hours? | token and link lifetime: at most 3 days [all token.access]",
      "Password reset tokens can only be used once. | single-use links and tokens [all token.reset]",
      "Automated backups: not configured yet | backups (not in place) = automated",
      "Our pages cannot be framed by other sites. | clickjacking protection (X-Frame-Options or frame-ancestors)",
      "Our pages can be framed by other sites. | clickjacking protection (X-Frame-Options or frame-ancestors) (not in place anywhere)",
      "Our pages are protected from being framed by other sites. | clickjacking protection (X-Frame-Options or frame-ancestors)",
      "Our pages cannot be embedded in iframes on other sites. | clickjacking protection (X-Frame-Options or frame-ancestors)",
      "Can your pages be framed by other sites? | clickjacking protection (X-Frame-Options or frame-ancestors) (not in place anywhere)",
      "Are your pages protected against being framed by other sites? | clickjacking protection (X-Frame-Options or frame-ancestors)",
      "Do you prevent clickjacking? | clickjacking protection (X-Frame-Options or frame-ancestors)",
      "Disk encryption at rest: not encrypted | encryption at rest (not in place) [all disk]",
      "Server disks are not encrypted. | encryption at rest (not in place) [all disk]",
      "Object storage is encrypted at rest. | encryption at rest [all bucket]",
      "Customer data is encrypted on disk. | encryption at rest [all data.customer]",
      "Certificates are issued by Let's Encrypt. | certificate issuer",
      "Are your TLS certificates issued by Let's Encrypt? | certificate issuer",
      "Valid certificates issued by Let's Encrypt. | valid certificates AND certificate issuer",
      "Logs do not contain card numbers or plaintext passwords. | sensitive data kept out of logs = card OR sensitive data kept out of logs = password",
      "Do you log plaintext passwords? | sensitive data kept out of logs (not in place anywhere) = password",
      "Passwords are never stored in plaintext. | password hashing",
      "Have you had an external penetration test in the last 12 months? | penetration testing = external: at most 1 year",
      "Is SSH access restricted to keys only? | SSH key-only login",
      "Do you run a bug bounty program? | bug bounty program",
      "We respond within 48 hours. | response time to security reports: at most 2 days",
      "Security updates to libraries are applied at least monthly. | security updates applied: at most 730 hours [all dependency]",
      "We are not currently SOC 2 or ISO 27001 certified. | SOC 2 certification (not in place) AND ISO 27001 certification (not in place)",
      "Penetration tests are planned for next year. | penetration testing (planned)",
      "Do you ever write card numbers to logs? | sensitive data kept out of logs (not in place anywhere) = card",
      "Are your logs free of personal data? | sensitive data kept out of logs = personal",
      "Session cookies are HttpOnly; Secure; SameSite=Lax | Secure cookie attribute [all cookie.session] AND HttpOnly cookie attribute [all cookie.session] AND SameSite cookie attribute = lax [all cookie.session]",
      "Is all customer data encrypted at rest in every region? | encryption at rest [all data.customer, region]",
      "Do you encrypt data in transit and at rest, and rotate keys yearly? | encryption in transit AND encryption at rest AND key rotation: at most 1 year",
      "Stored data is encrypted at rest with AES-256. | encryption at rest: at least 256 bits [some data]",
      "Do you support SSO or MFA? | single sign-on OR multi-factor authentication",
      "Are session cookies never marked Secure? | Secure cookie attribute (not in place) [all cookie.session]",
      "Is any session cookie set without the Secure flag? | Secure cookie attribute (not in place anywhere) [all cookie.session]",
      "Is the session cookie ever sent without the Secure flag? | Secure cookie attribute (not in place anywhere) [all cookie.session]",
      "Do you never write card numbers to logs? | sensitive data kept out of logs = card",
      "Is HSTS sent without includeSubDomains? | HTTP Strict Transport Security AND HSTS includeSubDomains (not in place)",
  })
  void readsTheStructureOfASentence(String sentence, String expected) {
    Reading r = reader.read(sentence);
    assertThat(r.describe()).isEqualTo(expected);
    assertThat(r.partial()).as(r.whyPartial()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Are passwords required to be changed when sessions expire? | 'changed'",
      "Our subprocessors are Cloudflare, Stripe and Anthropic | 'cloudflare'",
      "Do you encrypt data? | too vague",
      "What is the name of your office cat? | no topic",
      "Are backups encrypted? | too vague",
      "Are passwords salted and hashed with bcrypt, scrypt, Argon2 or PBKDF2? | 'or' between values of password hashing beside salted password hashes",
      "Are passwords hashed with salt using bcrypt, scrypt or PBKDF2? | not as alternatives",
  })
  void whatIsNotUnderstoodMakesTheReadingPartial(String sentence, String why) {
    Reading r = reader.read(sentence);
    assertThat(r.partial()).isTrue();
    assertThat(r.whyPartial()).contains(why);
  }

  /** founder24: both were written under the wrong topic by init. */
  /**
   * A list of a topic's values keeps every item, whatever joins it and however far its first item
   * stands from the topic's word (AUT-03: "hashed with an adaptive algorithm such as bcrypt,
   * scrypt, Argon2 or PBKDF2" lost bcrypt, read as a second naming of the topic in its clause).
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Are passwords hashed with bcrypt or scrypt? | bcrypt OR scrypt",
      "Passwords are hashed with bcrypt and scrypt. | bcrypt AND scrypt",
      "Are passwords hashed with bcrypt, scrypt or Argon2? | bcrypt OR scrypt OR argon2",
      "Are passwords hashed with bcrypt, scrypt, or Argon2? | bcrypt OR scrypt OR argon2",
      "Passwords are hashed with bcrypt, scrypt, and Argon2. | bcrypt AND scrypt AND argon2",
      "Are passwords hashed with bcrypt, scrypt, Argon2 or PBKDF2? | bcrypt OR scrypt OR argon2 OR pbkdf2",
      "Are passwords hashed with bcrypt, scrypt, Argon2, or PBKDF2? | bcrypt OR scrypt OR argon2 OR pbkdf2",
      "Passwords are hashed with bcrypt, scrypt, Argon2 and PBKDF2. | bcrypt AND scrypt AND argon2 AND pbkdf2",
      "Do you hash passwords with bcrypt, scrypt, Argon2 or PBKDF2? | bcrypt OR scrypt OR argon2 OR pbkdf2",
      "Passwords: hashed with bcrypt, scrypt, Argon2 or PBKDF2. | bcrypt OR scrypt OR argon2 OR pbkdf2",
      "Are passwords hashed with an adaptive algorithm such as bcrypt, scrypt, Argon2 or PBKDF2? | bcrypt OR scrypt OR argon2 OR pbkdf2",
      "Passwords are hashed with a slow hash function such as bcrypt or Argon2. | bcrypt OR argon2",
      "Are passwords hashed with salt using bcrypt, scrypt or PBKDF2? | bcrypt OR scrypt OR pbkdf2",
  })
  void aListOfValuesKeepsEveryItem(String sentence, String values) {
    Reading r = reader.read(sentence);
    String joiner = values.contains(" OR ") ? " OR " : " AND ";
    java.util.List<String> named = r.parts().stream()
        .filter(p -> p.topic().id().equals("passwords.hashing")).map(ClaimPart::value).toList();
    assertThat(String.join(joiner, named)).as(r.describe()).isEqualTo(values);
    assertThat(r.anyOf()).as(r.describe()).isEqualTo(joiner.equals(" OR "));
  }

  @Test
  void signingOutOfEverySessionIsNoLifetimeAndALocationHintIsNoEdgeNetwork() {
    assertThat(reader.read("You can sign out of all sessions from your account settings.")
        .parts()).extracting(p -> p.topic().id()).contains("sessions.revocation")
        .doesNotContain("sessions.lifetime");
    assertThat(reader.read("Sessions expire after 12 hours.").parts())
        .extracting(p -> p.topic().id()).containsExactly("sessions.lifetime");
    assertThat(reader.read("Database on Cloudflare D1 (SQLite at the edge), primary location"
        + " hint Western Europe.").parts()).extracting(p -> p.topic().id())
        .contains("data.location").doesNotContain("edge");
  }

  @Test
  void requestsForDocumentsAreMarked() {
    assertThat(reader.read("Please provide your latest SOC 2 Type II report.").documentRequest())
        .isTrue();
    assertThat(reader.read("Can you attach a copy of your penetration test report?")
        .documentRequest()).isTrue();
    assertThat(reader.read("Are you SOC 2 certified?").documentRequest()).isFalse();
  }

  @Test
  void docsListEveryTopic() throws Exception {
    String doc = Files.readString(Path.of("docs/claims.md"));
    for (Topic t : Vocabulary.builtIn().topics()) {
      assertThat(doc).as("docs/claims.md lists " + t.id()).contains("| `" + t.id() + "` |");
    }
  }
}

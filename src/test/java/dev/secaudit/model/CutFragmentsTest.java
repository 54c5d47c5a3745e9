package dev.secaudit.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** What is left of a secret where a text was cut is masked; ordinary text is left alone. */
class CutFragmentsTest {

  @Property(tries = 300)
  void aSecretCutAtALineEndOrAnEllipsisLeavesNothingOfItsBeginning(
      @ForAll @StringLength(min = 5, max = 40) @AlphaChars @NumericChars String secret,
      @ForAll @IntRange(min = 4, max = 39) int kept,
      @ForAll @StringLength(max = 12) @AlphaChars String before) {
    if (kept >= secret.length()) {
      return;
    }
    Redactor r = new Redactor(List.of(secret));
    String part = secret.substring(0, kept);
    for (String cut : List.of("\n# [excerpt ends]", "\r\n", "…", "... (cut)")) {
      String written = r.text(before + part + cut);
      assertThat(written).as(written).endsWith(Redactor.MASK + cut);
    }
    // An excerpt that keeps a secret's end after an ellipsis.
    String end = secret.substring(secret.length() - kept);
    assertThat(r.text("…" + end + " (" + secret.length() + " characters)"))
        .startsWith("…" + Redactor.MASK);
  }

  @Test
  void aShortBeginningInsideALineIsOrdinaryText() {
    Redactor r = new Redactor(List.of("KeyZulu4Ab8Cd2Ef6Gh"));
    assertThat(r.text("the KeyZulu room is open\nand so on")).isEqualTo(
        "the KeyZulu room is open\nand so on");
    assertThat(r.text("tttKeyZulu4A\n# [excerpt ends]")).isEqualTo(
        "ttt" + Redactor.MASK + "\n# [excerpt ends]");
  }

  @Test
  void anAuthorizationSchemeWordIsNotPartOfTheSecret() {
    Redactor r = new Redactor(List.of("Bearer tok-Alpha7Q9zK2mW", "tok-Alpha7Q9zK2mW"));
    assertThat(r.text("WWW-Authenticate: Bearer\n")).isEqualTo("WWW-Authenticate: Bearer\n");
    // The header's whole value is a secret too: its cut beginning goes, scheme and all.
    assertThat(r.text("Authorization: Bearer tok-Alp…")).isEqualTo(
        "Authorization: " + Redactor.MASK + "…");
  }

  @Test
  void eightCharactersOfABeginningAreMaskedWhereverTheyStand() {
    Redactor r = new Redactor(List.of("srv-Hotel2Kp8Ww"));
    // A cookie named after the first twelve characters of the value the server also sets.
    assertThat(r.text("Set-Cookie: Xsrv-Hotel2Kp=1; Path=/")).isEqualTo(
        "Set-Cookie: X" + Redactor.MASK + "=1; Path=/");
    assertThat(r.text("cookie 'Xsrv-hotel2kp' has no Secure")).isEqualTo(
        "cookie 'X" + Redactor.MASK + "' has no Secure");
    assertThat(r.text("srv-Hot and srv-Hotel")).isEqualTo("srv-Hot and " + Redactor.MASK);
  }

  @Property(tries = 200)
  void noBeginningOfEightOrMoreSurvivesAnywhere(
      @ForAll @StringLength(min = 9, max = 40) @AlphaChars @NumericChars String secret,
      @ForAll @IntRange(min = 8, max = 39) int kept,
      @ForAll @StringLength(max = 12) String before,
      @ForAll @StringLength(max = 12) String after) {
    if (kept >= secret.length()) {
      return;
    }
    String written = new Redactor(List.of(secret)).text(before + secret.substring(0, kept) + after);
    assertThat(written.toLowerCase(java.util.Locale.ROOT)).as(written)
        .doesNotContain(secret.substring(0, 8).toLowerCase(java.util.Locale.ROOT));
  }

  @Test
  void aPublicHeadIsNotPartOfTheBeginning() {
    Redactor r = new Redactor(List.of("https://hooks.example.test/T0123/B456/xyzXYZ",
        "Bearer tok-Alpha7Q9zK2mW"));
    assertThat(r.text("see https://example.test/ and Bearer tokens")).isEqualTo(
        "see https://example.test/ and Bearer tokens");
    // The host is where the webhook lives, no part of its secret: it stays in evidence. The
    // path's beginning is the secret's, and goes once eight characters of it stand together.
    assertThat(r.text("Location: https://hooks.example.test/other")).isEqualTo(
        "Location: https://hooks.example.test/other");
    assertThat(r.text("Location: https://hooks.example.test/T0123/B4x")).isEqualTo(
        "Location: https://hooks.example.test/" + Redactor.MASK + "x");
    assertThat(r.text("WWW-Authenticate: Bearer tok-Alpha7Q realm=x")).isEqualTo(
        "WWW-Authenticate: Bearer " + Redactor.MASK + " realm=x");
  }

  @Test
  void aLinkHandedOutAsASecretLeavesTheSitesAddressInEvidence() {
    // realapp26: a reset flow's answer {"token": …, "reset_url": "https://localhost:28943/reset
    // ?token=…"} made the whole link a secret; its beginning masked the site everywhere.
    String link = "https://localhost:28943/reset?token=Zq81mX0pLw7Rk2Vn";
    Redactor r = new Redactor(List.of(link, "Zq81mX0pLw7Rk2Vn"));
    for (String kept : List.of("target https://localhost:28943", "https://localhost:28943/",
        "GET https://localhost:28943/reports/ answered 200", "POST https://localhost:28943/reset",
        "https://localhost:28943/re…", "see https\n")) {
      assertThat(r.text(kept)).isEqualTo(kept);
    }
    assertThat(r.text("Location: https://localhost:28943/reset?token=Zq81m…")).isEqualTo(
        "Location: https://localhost:28943/" + Redactor.MASK + "…");
    assertThat(r.text("link " + link + " sent")).isEqualTo("link " + Redactor.MASK + " sent");
  }

  @Test
  void aPasswordInAUrlIsNoPublicHead() {
    Redactor r = new Redactor(List.of("https://deploy:Pa55-Kilo9x@hooks.example.test/x"));
    assertThat(r.text("https://deploy:Pa55-K…")).isEqualTo("https://" + Redactor.MASK + "…");
  }
}

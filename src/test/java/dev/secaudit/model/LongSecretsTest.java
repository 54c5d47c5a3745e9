package dev.secaudit.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * Secrets of browser-legal cookie size and beyond (a large JWT or SAML session, realapp26's
 * 5,000 to 10,240 characters) are masked in every form, and making or using the redactor does
 * not overflow the stack: a 5,000-character value once ended the scan with exit 70.
 */
class LongSecretsTest {

  @Property(tries = 12)
  void noFormOfALongSecretSurvives(
      @ForAll @StringLength(min = Redactor.MAX_PIECE + 1, max = 3000) @AlphaChars @NumericChars
      @Chars({'-', '_', '.', '~', '+', '/', '=', '%', '"', '\\', 'é', '€', '\n'}) String secret,
      @ForAll @StringLength(max = 12) @AlphaChars String before) {
    Redactor r = new Redactor(List.of(secret));
    StringBuilder text = new StringBuilder();
    for (String form : SecretForms.of(secret)) {
      text.append(before).append(form).append(" tail\n");
    }
    String written = r.text(text.toString());
    assertThat(SecretForms.foundIn(written, secret)).isEmpty();
    assertThat(written).contains(before.isEmpty() ? " tail" : before + Redactor.MASK);
  }

  @Test
  void aTenKilobyteCookieValueIsMaskedWholeInEveryCommonForm() {
    Random random = new Random(26);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
    StringBuilder value = new StringBuilder();
    for (int i = 0; i < 10_240; i++) {
      value.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    String secret = value.toString();
    Redactor r = new Redactor(List.of(secret));
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);

    assertThat(r.text("Set-Cookie: big=" + secret + "; Path=/"))
        .isEqualTo("Set-Cookie: big=" + Redactor.MASK + "; Path=/");
    // The last character and the padding also encode the bits after the secret (as for a short
    // one): at most those are left.
    assertThat(r.text(Base64.getEncoder().encodeToString(bytes))).startsWith(Redactor.MASK)
        .hasSizeLessThanOrEqualTo(Redactor.MASK.length() + 3);
    assertThat(r.text(HexFormat.of().formatHex(bytes))).isEqualTo(Redactor.MASK);
    assertThat(r.text(HexFormat.ofDelimiter(":").formatHex(bytes))).isEqualTo(Redactor.MASK);
    assertThat(r.text(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)))
        .startsWith(Redactor.MASK).hasSizeLessThanOrEqualTo(Redactor.MASK.length() + 1);
    String percent = r.text(java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8));
    assertThat(percent).isEqualTo(Redactor.MASK);
  }

  @Test
  void piecesCoverTheSecretAndNeverSplitACharacter() {
    String emoji = "\uD83D\uDD11"; // one code point, two chars
    String secret = emoji.repeat(Redactor.MAX_PIECE * 3 / 2 + 1);
    List<String> pieces = Redactor.pieces(secret);
    assertThat(String.join("", pieces)).isEqualTo(secret);
    assertThat(pieces).allSatisfy(p -> {
      assertThat(p.length()).isBetween(Redactor.MAX_PIECE / 2, Redactor.MAX_PIECE + 1);
      assertThat(Character.isLowSurrogate(p.charAt(0))).isFalse();
    });
    assertThat(Redactor.pieces("short-secret")).containsExactly("short-secret");
  }

  @Test
  void valuesOfBackslashesOrLineBreaksAreMaskedWithoutTryingEverySplit() {
    // A backslash is one character as is and half of one JSON-escaped, a line break a character
    // or a wrap: the match once tried every split of such a run (28 backslashes half a second,
    // 32 line breaks seven seconds, 60 hours), so a hostile server's value held a scan. The
    // bound is a hang guard, far above the milliseconds it takes.
    for (String secret : List.of("\\".repeat(600), "\n".repeat(64), "\\n".repeat(40))) {
      Redactor r = new Redactor(List.of(secret));
      String written = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
          java.time.Duration.ofSeconds(60),
          () -> r.text("x" + secret.substring(1) + " tail\n" + secret + " end"));
      assertThat(written).contains(Redactor.MASK).doesNotContain(secret.substring(0, 16))
          .endsWith(" end");
    }
  }
}

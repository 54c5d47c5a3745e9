package dev.secaudit.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

/**
 * Any secret, written in any of the forms an output may give it and surrounded by text, leaves
 * none of those forms behind once redacted; text without it is left as it is.
 */
class RedactorPropertiesTest {

  @Property(tries = 300)
  void noFormOfASecretSurvivesRedaction(
      @ForAll @StringLength(min = 4, max = 40) @AlphaChars @NumericChars
      @Chars({' ', '-', '_', '.', '~', '!', '*', '\'', '(', ')', '+', ',', ';', '=', '$', '&',
          '<', '>', '"', '/', '?', '#', '%', '@', ':', '\\', '\t', '\n', '\r', '\u001f', '\u2028',
          'é', '€', '\b', '\f', '\u0001', '\u007f', '\u00a0', '\u0080'}) String secret,
      @ForAll @StringLength(max = 12) @AlphaChars String before,
      @ForAll @StringLength(max = 12) @AlphaChars String after) {
    Redactor r = new Redactor(List.of(secret));
    StringBuilder text = new StringBuilder();
    for (String form : SecretForms.of(secret)) {
      text.append(before).append(form).append(after).append('\n');
    }
    // Inside longer encodings: base64 of a sentence holding it, at each alignment.
    for (String prefix : List.of("", "a", "ab", "Bearer ")) {
      byte[] whole = (prefix + secret + after).getBytes(StandardCharsets.UTF_8);
      text.append(Base64.getEncoder().encodeToString(whole)).append('\n');
      text.append(Base64.getUrlEncoder().withoutPadding().encodeToString(whole)).append('\n');
    }
    String written = r.text(text.toString());
    assertThat(SecretForms.foundIn(written, secret)).as(written).isEmpty();
  }

  @Property(tries = 200)
  void textWithoutTheSecretIsUnchanged(
      @ForAll @StringLength(min = 8, max = 24) @AlphaChars @NumericChars String secret,
      @ForAll @StringLength(max = 200) String text) {
    // A text that merely shares no 8-character run with the secret keeps every byte.
    String clean = text.replace(secret, "");
    if (clean.toLowerCase(java.util.Locale.ROOT)
        .contains(secret.toLowerCase(java.util.Locale.ROOT))) {
      return;
    }
    String written = new Redactor(List.of(secret)).text(clean);
    if (!written.equals(clean)) {
      // Only another form of the secret may be masked (a random text rarely holds one).
      assertThat(written).contains(Redactor.MASK);
      assertThat(SecretForms.of(secret).stream().anyMatch(f -> clean.contains(f))
          || clean.matches("(?s).*[%&\\\\].*")).isTrue();
    }
  }
}

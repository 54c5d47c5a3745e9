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
  void aBeginningInsideALineIsOrdinaryText() {
    Redactor r = new Redactor(List.of("KeyZulu4Ab8Cd2Ef6Gh"));
    assertThat(r.text("the KeyZulu4 room is open\nand so on")).isEqualTo(
        "the KeyZulu4 room is open\nand so on");
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
}

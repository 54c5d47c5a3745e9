package dev.secaudit.claim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A number written as a word near "TLS", "SSL" or "version" counts something; it is no version.
 * Before, each of these sentences stopped the reader with a NumberFormatException ("three"), so
 * init, answer and page ended as an internal error on a page or sheet that said it.
 */
class NumberWordsBesideTlsTest {
  private final SentenceReader reader = new SentenceReader(Vocabulary.builtIn());

  @ParameterizedTest
  @ValueSource(strings = {
      "We serve TLS 1.2 on all three domains.",
      "TLS on all three sites.",
      "Do you use TLS on three targets?",
      "TLS version two",
      "Is TLS one point two required?"})
  void aNumberWordIsNotReadAsAVersion(String sentence) {
    Reading r = reader.read(sentence);

    assertThat(r.parts()).noneMatch(p -> p.quantity() != null
        && p.quantity().unit() == Quantity.Unit.VERSION && p.quantity().value() != 1.2);
    assertThat(r.unread()).anyMatch(u -> u.contains("an amount without a unit"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"We serve TLS 1.2 on all three domains."})
  void theDigitsStillNameTheVersion(String sentence) {
    assertThat(reader.read(sentence).parts()).anyMatch(p -> p.quantity() != null
        && p.quantity().unit() == Quantity.Unit.VERSION && p.quantity().value() == 1.2);
  }
}

package dev.secaudit.starter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A sentence's negations, and the sentence with them taken out, which init reads as its twin. */
class PageNegationTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "Celune never stores plaintext provider keys. | Celune stores plaintext provider keys. |"
          + " never",
      "Logs do not contain card numbers. | Logs do contain card numbers. | not",
      "Celune cannot retrieve your plaintext key. | Celune can retrieve your plaintext key. |"
          + " cannot",
      "We don't log request bodies. | We do log request bodies. | don't",
      "It isn’t stored and won't be. | It is stored and will be. | isn’t;won't",
      "No long-term log retention. | long-term log retention. | no",
      "Stored without any link to your account. | Stored with any link to your account. |"
          + " without",
      "Passwords are hashed before storage. | Passwords are hashed before storage. | "})
  void takesOutEachNegationAndNothingElse(String sentence, String affirmed, String said) {
    assertThat(PageNegation.affirmed(sentence)).isEqualTo(affirmed);
    assertThat(String.join(";", PageNegation.negations(sentence)))
        .isEqualTo(said == null ? "" : said);
  }
}

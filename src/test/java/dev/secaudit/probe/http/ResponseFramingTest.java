package dev.secaudit.probe.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9112 §6.3 as the head's framing is judged before its headers are. */
class ResponseFramingTest {
  private static String problem(String... lengths) {
    return ResponseFraming.problem(java.util.Arrays.stream(lengths)
        .map(v -> new Header("Content-Length", v)).toList());
  }

  @Test
  void aLengthTooLargeForALongIsStillALength() {
    // RFC 9110 §8.6: 1*DIGIT; a recipient must expect large numerals. The body is cut at the
    // read cap, and the head is judged (a hostile review: it was called "no length").
    assertThat(problem("99999999999999999999")).isNull();
  }

  @Test
  void equalValuesAgreeHoweverWrittenAndDifferingOnesAreInvalid() {
    assertThat(problem("42, 42")).isNull();
    assertThat(problem("007", "7")).isNull();
    assertThat(problem("-5", "7")).contains("'Content-Length: -5' is no length")
        .contains("differ (-5, 7)");
    assertThat(problem("5", "7")).contains("Content-Length values differ (5, 7)");
    assertThat(ResponseFraming.problem(List.of(new Header("Content-Length", "1x"),
        new Header("Transfer-Encoding", "chunked, gzip"))))
        .contains("also Transfer-Encoding 'chunked, gzip'");
  }
}

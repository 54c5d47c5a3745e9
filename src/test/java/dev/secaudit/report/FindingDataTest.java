package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FindingDataTest {
  private static String quoted(String s) {
    StringBuilder out = new StringBuilder();
    FindingData.quote(s, out);
    return out.toString();
  }

  @Test
  void aStringIsJsonThatCannotLeaveTheScriptElement() {
    assertThat(quoted("")).isEqualTo("\"\"");
    assertThat(quoted("plain text, kept whole")).isEqualTo("\"plain text, kept whole\"");
    assertThat(quoted("</script><b a='1'>&amp;"))
        .isEqualTo("\"\\u003c/script\\u003e\\u003cb a=\\u00271\\u0027\\u003e\\u0026amp;\"");
    assertThat(quoted("\"q\" \\ line\nnext\ttab\r\u0000\u007f\u0085\u2028\u2029"))
        .isEqualTo("\"\\\"q\\\" \\\\ line\\nnext\\ttab\\u000d\\u0000\\u007f\\u0085\\u2028\\u2029\"");
    assertThat(quoted("caf\u00e9 \u2265 \ud83d\udd12<")).isEqualTo("\"caf\u00e9 \u2265 \ud83d\udd12\\u003c\"");
  }
}

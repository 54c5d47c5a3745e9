package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FindingDataTest {
  @TempDir java.nio.file.Path folder;

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

  /** The numbers a map gives, texts numbered as first met: what the page's string table is. */
  private static List<Integer> numberedByMap(List<String> texts) {
    Map<String, Integer> map = new HashMap<>();
    List<Integer> numbers = new ArrayList<>();
    for (String t : texts) {
      numbers.add(map.computeIfAbsent(t, k -> map.size()));
    }
    return numbers;
  }

  private static List<Integer> numbered(List<String> texts, TextNumbers index) {
    List<Integer> numbers = new ArrayList<>();
    int count = 0;
    try (index) {
      for (String t : texts) {
        int n = index.numberOf(t, count);
        count += n == count ? 1 : 0;
        numbers.add(n);
        assertThat(index.find(t)).isEqualTo(n);
      }
      assertThat(index.size()).isEqualTo(count);
    }
    return numbers;
  }

  @Test
  void textsAreNumberedAsAMapNumbersThemThroughGrowthAndRepeats() {
    Random random = new Random(19);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 60_000; i++) {
      // A fleet's mix: a few texts met again and again, many met a few times, new ones.
      int pick = random.nextInt(10);
      texts.add(pick < 5 ? "title " + random.nextInt(40)
          : pick < 8 ? "host-" + random.nextInt(20_000) + ".example"
          : "evidence " + i + (i % 7 == 0 ? "" : "\u00e9\ud83d\udd12"));
    }
    texts.add("");
    texts.add("");
    assertThat(numbered(texts, new TextNumbers())).isEqualTo(numberedByMap(texts));
    // Every entry in a temporary file from the first: each text met again past the recent ones
    // is compared with what the file holds.
    assertThat(numbered(texts, new TextNumbers(folder, 0, ArtifactDigests::hash)))
        .isEqualTo(numberedByMap(texts));
  }

  @Test
  void textsWhoseHashesCrowdOneRunAreNumberedTheSame() {
    // "Aa" and "BB" have one hash, so every string of n such pairs has the same: 2^n texts that
    // would all probe one run of the table.
    List<String> texts = new ArrayList<>(List.of("before", "AaAa"));
    for (int i = 0; i < 1 << 12; i++) {
      StringBuilder b = new StringBuilder();
      for (int bit = 0; bit < 12; bit++) {
        b.append((i >> bit & 1) == 0 ? "Aa" : "BB");
      }
      texts.add(b.toString());
      texts.add(i % 3 == 0 ? "before" : b.toString());
    }
    texts.add("after");
    texts.add("AaAa");
    assertThat(texts.get(2).hashCode()).isEqualTo(texts.get(4).hashCode());
    assertThat(numbered(texts, new TextNumbers())).isEqualTo(numberedByMap(texts));
    // One 64-bit hash for every text too: they are read back into a map and keep their numbers.
    assertThat(numbered(texts, new TextNumbers(folder, 0, key -> 7)))
        .isEqualTo(numberedByMap(texts));
  }

  @Test
  void textsThatShareAHashKeepTheirOwnNumbers() {
    // Four texts of one String hash (they push each other out of the recent ones) and one 64-bit
    // hash through the seam: each is told from the others by its stored bytes, in memory and in
    // a file; half a surrogate pair is not the '?' UTF-8 would write for it.
    List<String> texts = new ArrayList<>();
    Random random = new Random(23);
    for (int i = 0; i < 400; i++) {
      texts.add(List.of("AaAa", "AaBB", "BBAa", "BBBB", "?x", "\uD800x").get(random.nextInt(6)));
    }
    assertThat(texts.get(0).hashCode()).isEqualTo(texts.get(1).hashCode());
    for (long memory : new long[] {TextNumbers.MEMORY, 0}) {
      TextNumbers index = new TextNumbers(folder, memory, key -> 7);
      assertThat(numbered(texts, index)).isEqualTo(numberedByMap(texts));
    }
    try (TextNumbers index = new TextNumbers(folder, 0, key -> 7)) {
      index.numberOf("AaAa", 0);
      assertThat(index.find("AaBB")).isEqualTo(-1);
      assertThat(index.find("\uD800x")).isEqualTo(-1);
      index.clear();
      assertThat(index.find("AaAa")).isEqualTo(-1);
      assertThat(index.numberOf("AaBB", 0)).isZero();
    }
  }
}

package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The pool of a scan's texts keeps what a fleet repeats as one String across its generations,
 * and forgets what is not met again, so it stays bounded however many targets pass.
 */
class TextPoolTest {
  @Test
  void aRepeatedTextStaysOneStringWhileOnceSeenTextsAreForgotten() {
    TextPool pool = new TextPool();
    String title = pool.of(new String("Cookie has the HttpOnly attribute"));
    String first = pool.of(new String("target-0/page-1"));
    for (int i = 0; i < 5 * TextPool.GENERATION; i++) {
      pool.of("target-" + i + "/page-2");
      if (i % 1000 == 0) {
        // Met in every generation: carried into the next one, never made again.
        assertThat(pool.of(new String("Cookie has the HttpOnly attribute"))).isSameAs(title);
      }
    }
    assertThat(pool.of(new String("Cookie has the HttpOnly attribute"))).isSameAs(title);
    // Not met for several generations: a new String now, equal to the old one.
    String again = pool.of(new String("target-0/page-1"));
    assertThat(again).isEqualTo(first).isNotSameAs(first);
  }
}

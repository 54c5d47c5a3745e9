package dev.secaudit.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/** Text split into words the way configs and headers are read: by separators, quotes kept whole. */
public final class Words {
  private Words() {}

  /**
   * The non-empty runs of {@code text} between separator characters. Between two equal quote
   * characters (any of {@code quotes}) separators belong to the word, and the quotes are dropped.
   */
  public static List<String> split(String text, IntPredicate separator, String quotes) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          cur.append(c);
        }
      } else if (quotes.indexOf(c) >= 0) {
        quote = c;
      } else if (separator.test(c)) {
        end(cur, out);
      } else {
        cur.append(c);
      }
    }
    end(cur, out);
    return out;
  }

  private static void end(StringBuilder word, List<String> out) {
    if (word.length() > 0) {
      out.add(word.toString());
      word.setLength(0);
    }
  }
}

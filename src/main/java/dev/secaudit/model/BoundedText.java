package dev.secaudit.model;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The one bound on what a finding quotes. A server decides how long its values are: a 100 KB
 * Location was quoted whole by every check that named it, in every format, and made one target's
 * scan.json 1.3 MB. A text over the bound keeps its beginning and says how long the whole was and
 * its digest ("… (102,400 bytes, sha256 1a2b3c4d…)"); the whole stays in the raw artifact the
 * finding names. Findings ({@link Finding}) and their values pass through here, so no check
 * can forget it.
 *
 * <p>The secrets are masked in the whole before it is cut and digested: a secret past the cut
 * would otherwise leave only its digest, which a reader who guesses the rest of a value can test
 * guesses against, and the digest would not match the artifact, which is written masked.
 */
public final class BoundedText {
  private BoundedText() {}

  /** The most characters of a finding's subject, expected or observed text, or of a value. */
  public static final int FINDING = 2_000;

  /**
   * Room for the marker after the beginning kept, so that a bounded text is within its bound
   * and bounding it again changes nothing.
   */
  private static final int MARKER = 48;

  /** {@code text} within {@link #FINDING} characters; null stays null. */
  public static String finding(String text) {
    return quoted(text, FINDING, UnaryOperator.identity());
  }

  /**
   * {@code text} whole when it has at most {@code max} characters; else {@code mask} applied to
   * the whole, and, when that is still longer, its beginning and a marker with its length in
   * UTF-8 bytes and the start of its SHA-256, in at most {@code max} characters.
   */
  public static String quoted(String text, int max, UnaryOperator<String> mask) {
    if (text == null || text.length() <= max) {
      return text;
    }
    String whole = mask.apply(text);
    if (whole.length() <= max) {
      return whole;
    }
    byte[] bytes = whole.getBytes(StandardCharsets.UTF_8);
    int keep = Math.max(0, max - MARKER);
    if (keep > 0 && Character.isHighSurrogate(whole.charAt(keep - 1))) {
      keep--;
    }
    return whole.substring(0, keep) + "… (" + String.format(Locale.ROOT, "%,d", bytes.length)
        + " bytes, sha256 " + Artifact.sha256(bytes).substring(0, 8) + "…)";
  }

  /** {@code v} with each of its texts bounded as {@code bound} does; null stays null. */
  public static Value value(Value v, UnaryOperator<String> bound) {
    if (v instanceof Value.Text t) {
      return same(t.text()) ? v : new Value.Text(bound.apply(t.text()));
    }
    if (v instanceof Value.Header h) {
      return same(h.name()) && same(h.value()) ? v
          : new Value.Header(bound.apply(h.name()), bound.apply(h.value()));
    }
    if (v instanceof Value.Setting s) {
      return same(s.name()) && same(s.value()) ? v
          : new Value.Setting(bound.apply(s.name()), bound.apply(s.value()));
    }
    if (v instanceof Value.Presence p) {
      return same(p.name()) ? v : new Value.Presence(bound.apply(p.name()), p.present());
    }
    if (v instanceof Value.Cookie c) {
      return same(c.name()) && same(c.url()) && same(c.domain())
          && same(c.path()) ? v
          : new Value.Cookie(bound.apply(c.name()), bound.apply(c.url()), c.secure(),
              c.httpOnly(), c.sameSite(), bound.apply(c.domain()), bound.apply(c.path()),
              c.maxAge(), c.expires(), c.prefix(), c.partitioned());
    }
    if (v instanceof Value.Items list) {
      java.util.List<Value> items = list.items().stream().map(i -> value(i, bound)).toList();
      return items.equals(list.items()) ? v : new Value.Items(items);
    }
    return v;
  }

  /** Whether {@code text} is within the bound (the usual case: nothing to rebuild). */
  private static boolean same(String text) {
    return text == null || text.length() <= FINDING;
  }

}

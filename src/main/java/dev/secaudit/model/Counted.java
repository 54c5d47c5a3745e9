package dev.secaudit.model;

/**
 * A number with its noun in the right number ("1 finding", "2 findings"): the one place that
 * says how a count is put into words, so no line reads "1 targets".
 */
public final class Counted {
  private Counted() {}

  /** {@code n} and the noun, with an "s" unless {@code n} is one. */
  public static String of(long n, String noun) {
    return n + " " + noun(n, noun);
  }

  /** The noun alone as {@code n} needs it: "finding" for one, "findings" otherwise. */
  public static String noun(long n, String noun) {
    return n == 1 ? noun : noun + "s";
  }
}

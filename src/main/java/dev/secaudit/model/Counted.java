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

  /**
   * {@code n} and the noun as the subject of a verb that agrees with it: "1 file matches", "2
   * files match".
   */
  public static String doing(long n, String noun, String verbForOne, String verbForMany) {
    return of(n, noun) + " " + (n == 1 ? verbForOne : verbForMany);
  }

  /** The noun alone as {@code n} needs it: "finding" for one, "findings" otherwise. */
  public static String noun(long n, String noun) {
    return n == 1 ? noun : noun + "s";
  }
}

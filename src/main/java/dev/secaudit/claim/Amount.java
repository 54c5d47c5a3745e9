package dev.secaudit.claim;

/** An amount read at a word of a sentence: its value in the unit's base, and its bound if stated. */
/**
 * @param inverted the sentence asks about versions below the amount being accepted, which is
 *     the minimum version not being in place
 * @param accepted a version said to be accepted ("TLS 1.3 is supported"): no bound on the
 *     minimum, which a server accepting 1.2 as well still meets
 */
record Amount(int position, double value, Quantity.Unit unit,
    Quantity.Comparison comparison, boolean inverted, double window, boolean accepted) {
  Amount(int position, double value, Quantity.Unit unit, Quantity.Comparison comparison) {
    this(position, value, unit, comparison, false, 0, false);
  }

  Amount(int position, double value, Quantity.Unit unit, Quantity.Comparison comparison,
      boolean inverted) {
    this(position, value, unit, comparison, inverted, 0, false);
  }

  Amount(int position, double value, Quantity.Unit unit, Quantity.Comparison comparison,
      boolean inverted, double window) {
    this(position, value, unit, comparison, inverted, window, false);
  }
}

package dev.secaudit.claim;

/** An amount read at a word of a sentence: its value in the unit's base, and its bound if stated. */
/**
 * @param inverted the sentence asks about versions below the amount being accepted, which is
 *     the minimum version not being in place
 */
record Amount(int position, double value, Quantity.Unit unit,
    Quantity.Comparison comparison, boolean inverted, double window) {
  Amount(int position, double value, Quantity.Unit unit, Quantity.Comparison comparison) {
    this(position, value, unit, comparison, false, 0);
  }

  Amount(int position, double value, Quantity.Unit unit, Quantity.Comparison comparison,
      boolean inverted) {
    this(position, value, unit, comparison, inverted, 0);
  }
}

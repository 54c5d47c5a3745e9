package dev.secaudit.claim;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * An amount a sentence states with its unit and how it bounds the thing: "TLS 1.2 or higher" is
 * at least version 1.2, "deleted after 30 days" at most 30 days, "10 attempts a minute" at most
 * 10 per minute. Seen as an interval, a claim entails a question when its interval lies inside
 * the question's, and contradicts it when the two do not meet.
 *
 * @param value in the unit's base (seconds for durations, per second for rates)
 * @param window for a rate, the window it was stated over in seconds ("10 per minute": 60), or
 *     0 when unknown: a cap over a minute allows all ten within one second, so "10 per minute"
 *     does not bound a second to a sixth of a request, and the comparison needs the window
 */
public record Quantity(double value, Unit unit, Comparison comparison, double window) {

  public Quantity(double value, Unit unit, Comparison comparison) {
    this(value, unit, comparison, 0);
  }

  public enum Unit {
    VERSION,
    SECONDS,
    COUNT,
    CHARACTERS,
    BITS,
    PER_SECOND
  }

  public enum Comparison {
    AT_LEAST,
    AT_MOST,
    EXACTLY
  }

  /** How the interval of this claim sits in the interval a question asks for. */
  public enum Relation {
    INSIDE,
    DISJOINT,
    OVERLAPS,
    INCOMPARABLE
  }

  public double low() {
    return comparison == Comparison.AT_MOST ? Double.NEGATIVE_INFINITY : value;
  }

  public double high() {
    return comparison == Comparison.AT_LEAST ? Double.POSITIVE_INFINITY : value;
  }

  public Relation relationTo(Quantity asked) {
    if (asked.unit != unit) {
      return Relation.INCOMPARABLE;
    }
    if (unit == Unit.PER_SECOND && window > 0 && asked.window > 0
        && comparison == Comparison.AT_MOST && asked.comparison == Comparison.AT_MOST) {
      return capRelation(asked);
    }
    if (unit == Unit.PER_SECOND && window > 0 && asked.window > 0
        && Math.abs(window - asked.window) > 1e-9) {
      return acrossWindows(asked);
    }
    if (low() >= asked.low() && high() <= asked.high()) {
      return Relation.INSIDE;
    }
    if (high() < asked.low() || low() > asked.high()) {
      return Relation.DISJOINT;
    }
    return Relation.OVERLAPS;
  }

  /**
   * A cap of N per window W against an asked cap of M per V. Any V within W holds at most N, so
   * for V no longer than W the claim entails the question only when N ≤ M; a longer V spans at
   * most ⌈V/W⌉ windows, so it holds at most N·⌈V/W⌉. Two caps always meet (no requests at all
   * meets both), so a cap that does not entail the question overlaps it, never contradicts it.
   */
  private Relation capRelation(Quantity asked) {
    double claimed = Math.rint(value * window * 1e6) / 1e6;
    double allowed = Math.rint(asked.value * asked.window * 1e6) / 1e6;
    double spans = asked.window <= window ? 1 : Math.ceil(asked.window / window - 1e-9);
    return claimed * spans <= allowed ? Relation.INSIDE : Relation.OVERLAPS;
  }

  /**
   * Counts over different windows, where a rate per second would compare a burst with an hour:
   * "more than 100 in a minute" (a refuted cap) says nothing of "at most 1,000 an hour", which
   * it contradicts only when 100 already reaches 1,000. More than N in W puts more than N in any
   * longer window holding it, and more than ⌊N/⌈W/V⌉⌋ in one of the shorter windows it spans; a
   * cap of N per W holds at most N·⌈V/W⌉ in a longer V and N in a shorter one. Anything else
   * overlaps: no entailment is drawn across windows but the caps' own (capRelation).
   */
  private Relation acrossWindows(Quantity asked) {
    double n = Math.floor(Math.rint(value * window * 1e6) / 1e6 + 1e-9);
    double m = Math.rint(asked.value * asked.window * 1e6) / 1e6;
    if (comparison == Comparison.AT_LEAST && asked.comparison == Comparison.AT_MOST) {
      double surely = asked.window >= window ? n
          : Math.floor(n / Math.ceil(window / asked.window - 1e-9));
      return surely >= m ? Relation.DISJOINT : Relation.OVERLAPS;
    }
    if (comparison == Comparison.AT_MOST && asked.comparison == Comparison.AT_LEAST) {
      double most = asked.window <= window ? n : n * Math.ceil(asked.window / window - 1e-9);
      return most < m ? Relation.DISJOINT : Relation.OVERLAPS;
    }
    return Relation.OVERLAPS;
  }

  /**
   * What a refuted claim leaves: "at least 1.2" shown false means below 1.2. An exact amount shown
   * false leaves both sides, which bounds nothing, so it is null.
   */
  public Quantity complement() {
    return switch (comparison) {
      case AT_LEAST -> new Quantity(Math.nextDown(value), unit, Comparison.AT_MOST, window);
      case AT_MOST -> new Quantity(Math.nextUp(value), unit, Comparison.AT_LEAST, window);
      case EXACTLY -> null;
    };
  }

  /** "at least TLS 1.2", "at most 30 days", "at most 10 per 1 minute". */
  public String describe() {
    if (unit == Unit.VERSION && comparison == Comparison.AT_LEAST
        && Math.rint(value * 10) / 10 != value) {
      // A refused version bounds the minimum from above it: "above TLS 1.0".
      return "above " + version(Math.rint(value * 10) / 10);
    }
    String bound = switch (comparison) {
      case AT_LEAST -> "at least ";
      case AT_MOST -> "at most ";
      case EXACTLY -> "";
    };
    return bound + amount();
  }

  public String amount() {
    return switch (unit) {
      case VERSION -> version(value);
      case SECONDS -> duration(value);
      case COUNT -> number(value);
      case CHARACTERS -> number(value) + " characters";
      case BITS -> number(value) + " bits";
      case PER_SECOND -> window > 0 ? perWindow(value * window, window) : rate(value);
    };
  }

  static String version(double v) {
    // SSL 2 and 3 sit below TLS 1.0 on one axis: 0.2 and 0.3.
    if (v < 1) {
      return "SSL " + number(v * 10);
    }
    return "TLS " + BigDecimal.valueOf(v).stripTrailingZeros().toPlainString()
        + (v == Math.floor(v) ? ".0" : "");
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    long[] sizes = {365L * 86400, 7L * 86400, 86400, 3600, 60, 1};
    String[] names = {"year", "week", "day", "hour", "minute", "second"};
    for (int i = 0; i < sizes.length; i++) {
      if (s >= sizes[i] && s % sizes[i] == 0) {
        long n = s / sizes[i];
        return n + " " + names[i] + (n == 1 ? "" : "s");
      }
    }
    return number(seconds) + " seconds";
  }

  /** "60 per minute" as stated, not "1 per second": the window is part of the claim. */
  private static String perWindow(double count, double window) {
    String span = duration(window);
    return number(Math.rint(count * 1e6) / 1e6) + " per "
        + (span.startsWith("1 ") ? span.substring(2) : span);
  }

  private static String rate(double perSecond) {
    long[] windows = {1, 60, 3600, 86400};
    String[] names = {"second", "minute", "hour", "day"};
    for (int i = 0; i < windows.length; i++) {
      double n = perSecond * windows[i];
      if (Math.abs(n - Math.rint(n)) < 1e-6 && n >= 1) {
        return number(Math.rint(n)) + " per " + names[i];
      }
    }
    return number(perSecond) + " per second";
  }

  private static String number(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v)
        : String.format(Locale.ROOT, "%s", BigDecimal.valueOf(v).stripTrailingZeros().toPlainString());
  }

  @Override
  public String toString() {
    return describe();
  }

  /**
   * Two amounts for one topic in one question: "Are TLS 1.0 and TLS 1.1 disabled?" asks that
   * both are refused, so the minimum must be above the higher; "Do you support TLS 1.0 or TLS
   * 1.1?" asks whether either is accepted, so whether the minimum is not above the higher.
   * Version bounds combine by "and"/"or"; any other pair is null, and the question goes to a
   * person rather than being answered for its first amount.
   *
   * @param accepted the amounts were read as versions accepted (a lapse), not refused
   */
  static Quantity combined(Quantity first, Quantity second, boolean either,
      boolean accepted) {
    if (first.equals(second)) {
      return first;
    }
    boolean bounds = first.unit() == Quantity.Unit.VERSION
        && second.unit() == Quantity.Unit.VERSION
        && first.comparison() == Quantity.Comparison.AT_LEAST
        && second.comparison() == Quantity.Comparison.AT_LEAST;
    if (!bounds) {
      return null;
    }
    // Refused (a minimum above each): "and" needs the higher, "or" the lower. Accepted: the
    // other way round.
    boolean higher = either == accepted;
    return new Quantity(higher ? Math.max(first.value(), second.value())
        : Math.min(first.value(), second.value()), first.unit(), first.comparison());
  }
}

package dev.secaudit.layers.before.evidence;

/** As OperatingEffectiveness: computes the period result. */
public final class OperatingEffectiveness {
  private OperatingEffectiveness() {}

  public record Report(int runs) {}
}

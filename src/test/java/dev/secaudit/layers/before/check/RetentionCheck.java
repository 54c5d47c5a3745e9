package dev.secaudit.layers.before.check;

import dev.secaudit.layers.before.probe.RetentionObservation;

/** A check reading an observation: with RetentionProbe → Aspect it closed a cycle. */
public final class RetentionCheck {
  public boolean pass(RetentionObservation o, long maxDays) {
    return o.oldestDays() <= maxDays;
  }
}

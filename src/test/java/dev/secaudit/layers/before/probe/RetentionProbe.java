package dev.secaudit.layers.before.probe;

import dev.secaudit.layers.before.check.Aspect;
import java.util.Set;

/** As RetentionProbe was: a probe asking the checks' Aspect whether it is wanted. */
public final class RetentionProbe {
  private RetentionProbe() {}

  public static boolean wanted(Set<Aspect> aspects) {
    return aspects.contains(Aspect.RETENTION);
  }
}

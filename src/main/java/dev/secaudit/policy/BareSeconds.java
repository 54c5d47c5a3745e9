package dev.secaudit.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lifetimes written as a bare number, which a policy reads as seconds: {@code max_age: 30} on a
 * cookie is half a minute, where the page said 30 days (a blind review wrote it so). Valid, so
 * validate notes it rather than refusing it. HSTS's min_max_age is left alone: the header's own
 * max-age is counted in seconds, and people copy it as written.
 */
public final class BareSeconds {
  private static final Set<String> LIFETIMES = Set.of("max_age", "max_ttl", "lifetime");

  private BareSeconds() {}

  /** One note per bare number, in file order, as "file:line:col: field: ...". */
  public static List<String> notes(SourceTree source) {
    List<String> out = new ArrayList<>();
    source.eachField((pointer, key, v) -> {
      if (LIFETIMES.contains(key) && v.isIntegralNumber() && v.longValue() > 0) {
        long n = v.longValue();
        out.add(source.positionOf(pointer) + ": " + SourceTree.display(pointer) + ": " + n
            + " is read as " + n + (n == 1 ? " second" : " seconds") + " (a bare number is"
            + " seconds); write " + n + "d for days, " + n + "h for hours or " + n + "m for"
            + " minutes if that is what is meant");
      }
    });
    return out;
  }
}

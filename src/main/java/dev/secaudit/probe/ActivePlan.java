package dev.secaudit.probe;

import dev.secaudit.model.Counted;
import java.time.Duration;

/**
 * How an active probe states its caps before it sends anything. Read on the console ahead of the
 * requests, "none started after 120s" sounded like a timeout that had already happened; the caps
 * are the plan, so they are worded as one, with the count in the right number.
 */
public final class ActivePlan {
  private ActivePlan() {}

  /** "plan: at most 1 request, each started within 120s of the first". */
  public static String caps(int requestCap, Duration timeCap) {
    return "plan: at most " + Counted.of(requestCap, "request") + ", each started within "
        + timeCap.toSeconds() + "s of the first";
  }
}

package dev.secaudit.starter;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Settles a starter policy against the live site: scan, take back the unclaimed rules the site
 * fails, scan again, until nothing is left to take back. What the pages claim stays, so the last
 * scan's failures are the site's gaps against its own page. The scan is the caller's (a function
 * from policy text to result), so this stays free of probes.
 */
public final class SiteStarter {
  /** Each round takes back at least one rule; five settle any site seen so far in two or three. */
  public static final int MAX_ROUNDS = 5;

  public enum End {
    /** The draft is ready to write. */
    SETTLED,
    /** The site did not answer: nothing to write. */
    UNREACHABLE,
    /** A failure outside the pages' claims that no rule of the draft can take back. */
    STUCK,
    /** Browsers would refuse the site's certificate: the user decides, init does not. */
    UNTRUSTED,
    /** The results kept changing. */
    UNSTABLE
  }

  /**
   * @param shortfalls failing findings of the pages' claims in the last scan: the gaps to fix
   * @param message what to tell the user when it did not settle
   */
  public record Outcome(End end, ScanResult last, int rounds, List<Finding> shortfalls,
      String message) {}

  private SiteStarter() {}

  public static Outcome settle(StarterPolicy starter, Function<String, ScanResult> scan) {
    ScanResult result = null;
    for (int round = 1; round <= MAX_ROUNDS; round++) {
      result = scan.apply(starter.yaml());
      for (TargetState t : result.targets()) {
        if (t.name().equals(StarterPolicy.TARGET) && t.state() == TargetState.State.UNREACHABLE) {
          return new Outcome(End.UNREACHABLE, result, round, List.of(),
              "unreachable: " + t.reason());
        }
      }
      if (starter.learn(result.findings())) {
        continue;
      }
      List<Finding> failing = result.findings().stream()
          .filter(f -> f.status() == Status.FAIL || f.status() == Status.ERROR).toList();
      List<Finding> unclaimed = failing.stream().filter(f -> !starter.isClaimed(f)).toList();
      for (Finding f : unclaimed) {
        if (StarterPolicy.NEVER_TAKEN_BACK.contains(f.checkId())) {
          return new Outcome(End.UNTRUSTED, result, round, List.of(), f.checkId() + " ("
              + f.observed() + ")");
        }
      }
      if (!unclaimed.isEmpty()) {
        Finding f = unclaimed.get(0);
        return new Outcome(End.STUCK, result, round, List.of(), f.checkId() + " on "
            + f.target() + " is " + f.status().name().toLowerCase(Locale.ROOT) + " ("
            + f.observed() + ")");
      }
      return new Outcome(End.SETTLED, result, round, failing, "");
    }
    return new Outcome(End.UNSTABLE, result, MAX_ROUNDS, List.of(),
        "the site's results kept changing over " + MAX_ROUNDS + " scans");
  }
}

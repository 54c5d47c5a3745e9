package dev.secaudit.check;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Value;
import dev.secaudit.probe.local.NoFiles;

/**
 * The one rule for a policy's place where no file was found, for retention and data hygiene
 * alike: nothing there was judged, so it is never a PASS (a typo in a path, or a job that writes
 * somewhere else, would otherwise become a verified promise). A place that could not be read is
 * an ERROR, one read and empty a WARN; both name the place.
 */
public final class NothingJudged {
  private NothingJudged() {}

  /**
   * {@code finding} (its expectation already set by the check) completed for a place where no
   * file was found.
   */
  public static Finding nothingAt(Finding.Builder finding, NoFiles none) {
    return finding.status(none.unreadable() ? Status.ERROR : Status.WARN)
        .observed("nothing judged: " + none.why() + (none.unreadable() ? ""
            : " " + none.place()), new Value.Count(0, null))
        .build();
  }
}

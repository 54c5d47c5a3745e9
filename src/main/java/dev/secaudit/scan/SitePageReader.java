package dev.secaudit.scan;

import dev.secaudit.policy.Settings;
import dev.secaudit.probe.http.HttpProbe;
import dev.secaudit.probe.http.SitePages;
import dev.secaudit.probe.tls.RecordingTrustManager;
import java.time.Clock;
import java.util.List;

/**
 * Reads a site's own pages for {@code init}, with the probe a scan would use: the policy's
 * default timeouts and body cap. Trust is recorded, never enforced: a page's words are read, not
 * vouched for, and the scan judges the certificate. The command asks this; it builds no probe.
 */
public final class SitePageReader {
  private SitePageReader() {}

  /** The pages reached from {@code start}, each with how it was reached and what it says. */
  public static List<SitePages.Page> read(String start, Clock clock, String userAgent) {
    Settings s = Settings.DEFAULTS;
    HttpProbe http = new HttpProbe(new HttpProbe.Limits(s.timeouts().connect().value(),
        s.timeouts().read().value(), s.timeouts().total().value(), s.maxBodyKb() * 1024),
        () -> RecordingTrustManager.forKeyStore(null), clock, userAgent);
    return new SitePages(http).read(start);
  }
}

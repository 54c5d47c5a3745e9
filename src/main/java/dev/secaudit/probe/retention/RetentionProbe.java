package dev.secaudit.probe.retention;

import dev.secaudit.model.Redactor;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.Retention;
import dev.secaudit.probe.SourceObservation;
import dev.secaudit.probe.http.HttpProbe;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads the source of every retention entry, in policy order; never throws for a source. */
public final class RetentionProbe {
  /** Oldest items listed in artifacts and findings; the counts cover every item. */
  public static final int LISTED = 50;

  /** Longest a directory listing may take before it is reported incomplete. */
  static final Duration LISTING_BUDGET = Duration.ofSeconds(60);

  private RetentionProbe() {}

  public static List<SourceObservation> observe(LoadedPolicy loaded, Redactor redactor,
      Clock clock, HttpProbe http) {
    List<SourceObservation> out = new ArrayList<>();
    for (Retention r : loaded.policy().retention()) {
      Retention.RetentionSource s = r.source();
      if (s.directory() != null) {
        out.add(new DirectoryAges(redactor, clock, LISTING_BUDGET)
            .read(r.name(), loaded.resolve(s.directory().path()), s.directory()));
      } else if (s.http() != null) {
        out.add(new HttpListingAges(http, redactor).read(r.name(), s.http()));
      } else if (s.command() != null) {
        out.add(new CommandAges(redactor, clock).read(r.name(), s.command(),
            folderOf(loaded)));
      } else if (s.lifecycle() != null) {
        out.add(new LifecycleDocument(redactor, clock).read(r.name(),
            loaded.resolve(s.lifecycle().path()), s.lifecycle()));
      } else if (s.logrotate() != null) {
        out.add(new LogrotateConfig(redactor, clock).read(r.name(),
            loaded.resolve(s.logrotate().path()), s.logrotate().log()));
      } else if (s.journald() != null) {
        out.add(new JournaldConfig(redactor, clock).read(r.name(),
            loaded.resolve(s.journald().path())));
      }
    }
    return out;
  }

  /** Commands run in the policy's folder, so relative paths in argv mean what they say. */
  private static Path folderOf(LoadedPolicy loaded) {
    return loaded.resolve(".");
  }
}

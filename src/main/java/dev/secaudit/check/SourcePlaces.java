package dev.secaudit.check;

import dev.secaudit.model.Subject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a local source's place names, as a subject: probes name where they read as
 * {@code dir:/srv/reports}, {@code git:/repo}, {@code files:logs/*.log}, {@code
 * logrotate:/etc/logrotate.conf}, a listing's URL or {@code cmd:...}.
 */
public final class SourcePlaces {
  private SourcePlaces() {}

  /** The prefixes of places that are files, folders or patterns of files. */
  private static final Pattern FILES =
      Pattern.compile("(?:dir|git|files|journald|logrotate|lifecycle):(.+)", Pattern.DOTALL);

  /**
   * The file, folder or URL {@code place} names, or null for what is neither (a command's
   * output): a subject is only said where the place says what it is.
   */
  public static Subject subject(String place) {
    if (place == null || place.isEmpty()) {
      return null;
    }
    Matcher m = FILES.matcher(place);
    if (m.matches()) {
      return new Subject(Subject.Kind.FILE, m.group(1));
    }
    if (place.startsWith("https://") || place.startsWith("http://")) {
      return new Subject(Subject.Kind.URL, place);
    }
    return null;
  }
}

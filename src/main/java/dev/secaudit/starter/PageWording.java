package dev.secaudit.starter;

import java.util.regex.Pattern;

/** How a page words a gap, which init may write as one. */
final class PageWording {
  private PageWording() {}

  private static final Pattern GAP_HEADING = Pattern.compile("(?i)\\b(not (yet|in place|have)"
      + "|don'?t have|do not have|yet to|roadmap|planned|coming soon|gaps?|limitations?"
      + "|working on)\\b");
  private static final Pattern LABELLED_GAP = Pattern.compile(
      "(?i)^[^.:]{3,60}:\\s*(not|no|none|never|planned|coming)\\b");

  /**
   * A gap init may write as one: the whole sentence was read, or it stands under a heading that
   * lists what is missing ("What we don't have yet"), or it is a label and its negation
   * ("Automated backups: not configured yet").
   */
  static boolean plainGap(PageClaims.Found f) {
    return !f.reading().partial() || GAP_HEADING.matcher(f.heading()).find()
        || LABELLED_GAP.matcher(f.statement()).find();
  }
}

package dev.secaudit.check;

import java.util.Map;

/**
 * Whether a finding about one page names the page in its subject. The target's first path (its
 * main page, "/" unless the policy lists another first) is never named, the others always: so
 * adding a path to a target changes no key of the findings it already had, and a baseline, a
 * waiver or a code-scanning alert keeps matching them (naming every page once a second one was
 * listed made the first page's failures "new" and their earlier selves "resolved").
 */
public final class PageSubjects {
  private PageSubjects() {}

  /** The path to name in the subject of a finding on this page, or "" for the main page. */
  public static String named(Map<String, ?> pages, String path) {
    return pages.isEmpty() || pages.keySet().iterator().next().equals(path) ? "" : path;
  }
}

package dev.secaudit.starter;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The comments that say whose each part of a starter policy is: a sentence of the site's pages,
 * the site's security.txt, or init's own hardening. A founder reads "claimed by the site's pages"
 * as the page's word, so nothing init adds of its own sits under it unmarked (founder24: an
 * X-Powered-By rule no page names was listed as the page's claim).
 */
final class SectionMarks {
  /** Top-level keys the site's pages set. */
  final Set<String> claimed = new LinkedHashSet<>();
  /** Top-level keys read from the site's security.txt, no sentence naming them. */
  final Set<String> fromSecurityTxt = new LinkedHashSet<>();
  /** Headers init's hardening asks for in a section the pages claim. */
  final Set<String> hardeningHeaders = new LinkedHashSet<>();
  /** Why a value was read as it was ("hsts/min_max_age"), where the page names none. */
  final Map<String, String> readings = new LinkedHashMap<>();

  private static final Pattern TOP_KEY = Pattern.compile("^([a-z_]+):.*");
  private static final Pattern SUB_KEY = Pattern.compile("^  ([A-Za-z0-9_-]+):.*");
  private static final Set<String> UNMARKED = Set.of("version", "name", "targets", "checks");

  /** Each top-level section under a comment saying whose claim it is. */
  String marked(String yaml, String vendorNotes) {
    StringBuilder b = new StringBuilder();
    String section = "";
    boolean hardeningMarked = false;
    for (String line : yaml.split("\n", -1)) {
      Matcher m = TOP_KEY.matcher(line);
      Matcher sub = SUB_KEY.matcher(line);
      if (m.matches()) {
        section = m.group(1);
        b.append(mark(section, vendorNotes));
      } else if (sub.matches()) {
        String key = sub.group(1);
        if (section.equals("headers") && claimed.contains(section) && !hardeningMarked
            && hardeningHeaders.contains(key)) {
          hardeningMarked = true;
          b.append("  # not claimed by the pages: init's hardening, which the site meets today:\n");
        }
        String why = readings.get(section + "/" + key);
        if (why != null) {
          b.append(StarterPolicy.wrapped("  # ", why));
        }
      }
      b.append(line).append('\n');
    }
    return b.substring(0, b.length() - 1);
  }

  private String mark(String key, String vendorNotes) {
    if (key.equals("claims")) {
      return "# Claims of the site's pages: checked ones name their checks, stated gaps are gaps\n"
          + "# (never published as claims, answered No in questionnaires).\n";
    } else if (key.equals("settings")) {
      return "# room for the sign-in flow's long probe (scan --long-probes):\n";
    } else if (fromSecurityTxt.contains(key)) {
      return "# published by the site in its security.txt (no page names it); its contacts are"
          + " listed on\n# the page 'secaudit page' writes once the scan verifies the file:\n";
    } else if (claimed.contains(key)) {
      return "# claimed by the site's pages:\n"
          + (key.equals("subprocessors") ? vendorNotes : "");
    } else if (!UNMARKED.contains(key)) {
      return "# not claimed by the pages; the site meets it today:\n";
    }
    return "";
  }
}

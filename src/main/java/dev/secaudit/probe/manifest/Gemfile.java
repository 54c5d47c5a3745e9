package dev.secaudit.probe.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Gemfile is Ruby; its {@code gem "name"} lines are read as written (a gem named through a
 * variable or a loop is not seen), which is how nearly every Gemfile names its gems.
 */
public final class Gemfile {
  private static final Pattern GEM =
      Pattern.compile("^\\s*gem\\s*\\(?\\s*(['\"])([A-Za-z0-9._-]+)\\1(.*)$");

  private Gemfile() {}

  /** Every gem line (section "gem"), with the rest of the line as its spec. */
  public static List<Declaration> gems(String text) {
    List<Declaration> out = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = GEM.matcher(lines[i]);
      if (m.find()) {
        out.add(new Declaration("gem", m.group(2), m.group(3).strip(), i + 1));
      }
    }
    return out;
  }
}

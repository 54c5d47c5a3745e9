package dev.secaudit.policy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The field a line of a file the parser refused stands on ({@code rate_limits[0].window}), read
 * from the lines' indentation alone, as a person reads them: the parser gives up before it has
 * a tree, and a misindented line or an unclosed quote said without its field left the reader to
 * count blocks. Block style only; a line it cannot place gives null and the message goes
 * without the field.
 */
final class YamlOutline {
  private static final Pattern KEY = Pattern.compile("([A-Za-z_][A-Za-z0-9_-]*|\"[^\"]*\")\\s*:(\\s|$).*");

  private YamlOutline() {}

  /** One step of the path: a key at its indent, or a list at its indent with its item count. */
  private static final class Step {
    final int indent;
    final String key;
    int item = -1;

    Step(int indent, String key) {
      this.indent = indent;
      this.key = key;
    }
  }

  /** The field line {@code line} (0-based) of {@code text} stands on, or null. */
  static String fieldAt(String text, int line) {
    String[] lines = text.split("\n", -1);
    if (line < 0 || line >= lines.length) {
      return null;
    }
    Deque<Step> path = new ArrayDeque<>();
    for (int i = 0; i <= line; i++) {
      String l = lines[i].replace("\r", "");
      String content = l.stripLeading();
      if (content.isEmpty() || content.startsWith("#") || content.startsWith("---")) {
        continue;
      }
      if (content.startsWith("\t") || l.startsWith("\t")) {
        return null;
      }
      int indent = l.length() - content.length();
      if (content.startsWith("- ") || content.equals("-")) {
        while (!path.isEmpty() && (path.peek().indent > indent
            || path.peek().indent == indent && path.peek().key != null)) {
          path.pop();
        }
        if (path.isEmpty() || path.peek().key != null) {
          path.push(new Step(indent, null));
        }
        path.peek().item++;
        content = content.substring(1).stripLeading();
        indent = l.length() - content.length();
        if (content.isEmpty()) {
          continue;
        }
      } else {
        while (!path.isEmpty() && path.peek().indent >= indent) {
          path.pop();
        }
      }
      Matcher m = KEY.matcher(content);
      if (!m.matches()) {
        if (i == line) {
          break;
        }
        continue;
      }
      String key = m.group(1).startsWith("\"") ? m.group(1).substring(1, m.group(1).length() - 1)
          : m.group(1);
      path.push(new Step(indent, key));
    }
    StringBuilder sb = new StringBuilder();
    for (Iterator<Step> it = path.descendingIterator(); it.hasNext(); ) {
      Step s = it.next();
      if (s.key == null) {
        sb.append('[').append(s.item).append(']');
      } else {
        sb.append(sb.length() == 0 ? "" : ".").append(s.key.matches("[A-Za-z_][A-Za-z0-9_]*")
            ? s.key : "[\"" + s.key + "\"]");
      }
    }
    String out = sb.toString().replace(".[\"", "[\"");
    return out.isEmpty() ? null : out;
  }
}

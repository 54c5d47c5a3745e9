package dev.secaudit.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lifetimes written as a bare number, which a policy reads as seconds: {@code max_age: 30} on a
 * cookie is half a minute, where the page said 30 days (a blind review wrote it so). Valid, so
 * validate notes it rather than refusing it. HSTS's min_max_age is left alone: the header's own
 * max-age is counted in seconds, and people copy it as written.
 */
public final class BareSeconds {
  private static final Set<String> LIFETIMES = Set.of("max_age", "max_ttl", "lifetime");

  private BareSeconds() {}

  /** One note per bare number, in file order, as "file:line:col: field: ...". */
  public static List<String> notes(SourceTree source) {
    List<String> out = new ArrayList<>();
    walk(source, source.root(), "", out);
    return out;
  }

  private static void walk(SourceTree source, JsonNode node, String at, List<String> out) {
    if (node == null) {
      return;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(source, node.get(i), at + "/" + i, out);
      }
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      String pointer = at + "/" + SourceTree.escape(e.getKey());
      JsonNode v = e.getValue();
      if (LIFETIMES.contains(e.getKey()) && v.isIntegralNumber() && v.longValue() > 0) {
        long n = v.longValue();
        out.add(source.positionOf(pointer) + ": " + SourceTree.display(pointer) + ": " + n
            + " is read as " + n + (n == 1 ? " second" : " seconds") + " (a bare number is"
            + " seconds); write " + n + "d for days, " + n + "h for hours or " + n + "m for"
            + " minutes if that is what is meant");
      } else {
        walk(source, v, pointer, out);
      }
    }
  }
}

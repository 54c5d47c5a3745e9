package dev.secaudit.probe.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A response head whose message framing HTTP/1.1 calls invalid (RFC 9112 §6.3: a Content-Length
 * that is no number, or several that differ): where its body ends cannot be known, and a user
 * agent must discard such a response (Chrome refuses differing Content-Length values), so its
 * headers protect no one and are not judged. The finding names the framing instead of the
 * timeout the HTTP client would run into reading a body of unknown length.
 */
final class ResponseFraming {
  private ResponseFraming() {}

  /** Why this head's framing is invalid, or null when it is sound. */
  static String problem(List<Header> head) {
    Set<String> lengths = new LinkedHashSet<>();
    List<String> codings = new ArrayList<>();
    for (Header h : head) {
      if (h.name().equalsIgnoreCase("Content-Length")) {
        for (String v : h.value().split(",", -1)) {
          lengths.add(v.trim());
        }
      } else if (h.name().equalsIgnoreCase("Transfer-Encoding")) {
        for (String v : h.value().split(",", -1)) {
          codings.add(v.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    List<String> wrong = new ArrayList<>();
    // Each distinct length, by value where it is a number ("007" and "7" agree).
    Set<Object> values = new LinkedHashSet<>();
    for (String v : lengths) {
      // Any run of digits is a length (RFC 9110 §8.6: 1*DIGIT), however large: a body longer
      // than anyone reads is cut at the read cap like any other, its head judged.
      if (!v.matches("[0-9]+")) {
        wrong.add("'Content-Length: " + Printable.of(cut(v)) + "' is no length");
        values.add(v);
      } else {
        values.add(new java.math.BigInteger(v));
      }
    }
    if (values.size() > 1) {
      wrong.add("Content-Length values differ ("
          + Printable.of(cut(String.join(", ", lengths))) + ")");
    }
    if (wrong.isEmpty()) {
      // A Transfer-Encoding beside one valid Content-Length overrides it (§6.3), and chunked
      // not last means "read to the close": odd, but a response a browser reads.
      return null;
    }
    if (!codings.isEmpty()) {
      String shown = Printable.of(cut(String.join(", ", codings)));
      wrong.add("also Transfer-Encoding '" + shown + "'");
    }
    return "invalid response framing, the head not judged (RFC 9112 §6.3: where the body ends"
        + " cannot be known): " + String.join("; ", wrong);
  }

  private static String cut(String v) {
    return v.length() <= 40 ? v : v.substring(0, 40) + "…";
  }
}

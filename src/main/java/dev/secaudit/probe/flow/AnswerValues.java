package dev.secaudit.probe.flow;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.policy.Flow;
import dev.secaudit.probe.http.Header;
import dev.secaudit.probe.http.HttpProbe;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The values a flow reads out of an answer: a header, a cookie, an HTML attribute, a JSON value
 * and the expires_in beside it. Each reading gives null when the answer does not hold the value,
 * so a hostile or broken answer stops the flow with a reason instead of an exception.
 */
final class AnswerValues {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AnswerValues() {}

  /** The captured value, or null when the answer does not hold it. */
  static String capture(Flow.FlowCapture c, HttpProbe.Answer a) {
    if (c.header() != null) {
      for (Header h : a.rawHeaders()) {
        if (h.name().equalsIgnoreCase(c.header()) && !h.value().isBlank()) {
          return h.value().trim();
        }
      }
      return null;
    }
    if (c.cookie() != null) {
      return cookieValue(a.rawHeaders(), c.cookie());
    }
    if (c.html() != null) {
      return htmlValue(a.rawBody(), c.html(), c.attribute());
    }
    JsonNode at = jsonAt(a.rawBody(), c.json());
    return at != null && (at.isTextual() || at.isNumber()) && !at.asText().isEmpty()
        ? at.asText() : null;
  }

  /**
   * The attribute of the first element the selector finds (a hidden input's value, a meta tag's
   * content), or null when there is none or it is empty.
   */
  static String htmlValue(String body, String selector, String attribute) {
    if (body == null || body.isEmpty()) {
      return null;
    }
    org.jsoup.nodes.Element e = org.jsoup.Jsoup.parse(body).selectFirst(selector);
    if (e == null) {
      return null;
    }
    String attr = attribute != null ? attribute
        : e.normalName().equals("meta") ? "content" : "value";
    String v = e.attr(attr).trim();
    return v.isEmpty() ? null : v;
  }

  /**
   * The expires_in (RFC 6749 §5.1: seconds) beside the value a JSON pointer captured, as an
   * OAuth token answer carries it, or null.
   */
  static Long expiresIn(String body, String pointer) {
    int slash = pointer.lastIndexOf('/');
    if (slash < 0) {
      return null;
    }
    JsonNode at = jsonAt(body, pointer.substring(0, slash) + "/expires_in");
    if (at != null && at.isTextual() && at.asText().matches("[0-9]{1,12}")) {
      return Long.parseLong(at.asText());
    }
    return at != null && at.isIntegralNumber() && at.asLong() >= 0 ? at.asLong() : null;
  }

  /** The value of the last Set-Cookie of that name (case-sensitive), or null. */
  static String cookieValue(List<Header> headers, String name) {
    String value = null;
    for (Header h : headers) {
      Map.Entry<String, String> set =
          h.name().equalsIgnoreCase("Set-Cookie") ? cookieSet(h.value()) : null;
      if (set != null && set.getKey().equals(name)) {
        value = set.getValue().isEmpty() ? null : set.getValue();
      }
    }
    return value;
  }

  /** The name and value a Set-Cookie header sets (the part before the first ';'), or null. */
  static Map.Entry<String, String> cookieSet(String setCookie) {
    String pair = setCookie.split(";", 2)[0];
    int eq = pair.indexOf('=');
    return eq > 0 ? Map.entry(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim()) : null;
  }

  static JsonNode jsonAt(String body, String pointer) {
    try {
      JsonNode root = JSON.readTree(body);
      if (root == null) {
        return null;
      }
      JsonNode at = root.at(JsonPointer.compile(pointer));
      return at.isMissingNode() ? null : at;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }
}

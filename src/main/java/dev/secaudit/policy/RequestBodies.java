package dev.secaudit.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The request bodies of a policy file (a flow's steps, expectations, restores and effects; a rate
 * limit's request) and how each is read, so that {@code ${env:NAME}} values are written into them
 * as {@link BodyPlacement} says when the policy is loaded.
 */
final class RequestBodies {
  private RequestBodies() {}

  /** How a body is read; {@code typeFromValue}: no Content-Type and a reference comes first. */
  record Body(BodyPlacement.Syntax syntax, boolean typeFromValue) {}

  private static final Pattern BODY =
      Pattern.compile("/(flows|rate_limits)/\\d+/(.+/)?(request|restore)/body");

  /**
   * How the field at {@code pointer} of the file as written is read, or null when it is no
   * request body: by the request's Content-Type, else its target's, else as the HTTP probe
   * guesses from the first character.
   */
  static Body syntax(JsonNode written, String pointer) {
    if (!BODY.matcher(pointer).matches()) {
      return null;
    }
    JsonNode request = written.at(pointer.substring(0, pointer.lastIndexOf('/')));
    JsonNode body = written.at(pointer);
    if (!request.isObject() || !body.isTextual()) {
      return null;
    }
    String type = contentType(request.get("headers"));
    if (type == null) {
      type = targetContentType(written, pointer);
    }
    String text = body.asText().stripLeading();
    return new Body(BodyPlacement.of(type, text),
        type == null && text.startsWith("${env:"));
  }

  /** The Content-Type the rule's target sends with every request, or null. */
  private static String targetContentType(JsonNode written, String pointer) {
    String rule = pointer.substring(0, pointer.indexOf('/', pointer.indexOf('/', 1) + 1));
    JsonNode name = written.at(rule + "/target");
    for (JsonNode t : written.path("targets")) {
      if (name.isTextual() && name.asText().equals(t.path("name").asText(null))) {
        return contentType(t.get("request_headers"));
      }
    }
    return null;
  }

  private static String contentType(JsonNode headers) {
    if (headers == null || !headers.isObject()) {
      return null;
    }
    Iterator<Map.Entry<String, JsonNode>> it = headers.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> h = it.next();
      if (h.getKey().equalsIgnoreCase("Content-Type")) {
        return h.getValue().asText();
      }
    }
    return null;
  }

  static String place(Body body, String before, boolean whole, String value)
      throws BodyPlacement.Refused {
    if (body.typeFromValue() && !whole) {
      throw new BodyPlacement.Refused("the body has no Content-Type and starts with the"
          + " reference, so the secret's first character would decide whether it is sent as JSON"
          + " or as a form; set Content-Type in the request's headers");
    }
    return BodyPlacement.place(body.syntax(), before, whole, value);
  }
}

package dev.secaudit.probe.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.hygiene.Detectors;
import dev.secaudit.probe.hygiene.Hit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The credentials a flow's answers hand out, whether or not a step captured them: a sign-in answer
 * carries an access token, a magic link and a reset token together, and a flow that captured only
 * one of them wrote the others in clear into scan.json, the HTML report and the evidence bundle.
 * They go to the run's redactor with the captured values. What counts: a JSON string under a key
 * that names a credential, a JWT anywhere in a body, and the value of a URL query parameter that
 * names one (a magic link in a body or a Location header). Masking a harmless value costs a word
 * of evidence; missing a token hands out a session.
 */
final class HandedOutCredentials {
  private HandedOutCredentials() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Pattern CREDENTIAL_KEY = Pattern.compile(
      "(?i).*(token|secret|passw|pwd|api_?key|apikey|session|csrf|xsrf|otp|nonce|magic|reset"
          + "|code|credential|signature|auth|bearer|link|key).*");

  /** The log scan's own JWT detector: one notion of what a JWT looks like. */
  private static final Detectors JWTS = Detectors.data(List.of("jwt"));

  private static final Pattern QUERY_CREDENTIAL = Pattern.compile(
      "(?i)[?&#](?:[a-z_]*)(?:token|code|key|magic|reset|otp|sig|signature|auth|session)"
          + "[a-z_]*=([^&#\\s\"'<>]+)");

  /** Every credential-shaped value in the answers of these exchanges. */
  static List<String> in(List<HttpExchange> exchanges) {
    List<String> out = new ArrayList<>();
    for (HttpExchange e : exchanges) {
      String location = e.header("Location");
      if (location != null) {
        queryValues(location, out);
      }
      String body = e.body();
      if (body == null || body.isEmpty()) {
        continue;
      }
      for (String line : body.split("\n")) {
        for (Hit jwt : JWTS.scan(line, e.id(), false)) {
          out.add(line.substring(jwt.start(), jwt.end()));
        }
      }
      queryValues(body, out);
      if (body.stripLeading().startsWith("{") || body.stripLeading().startsWith("[")) {
        try {
          jsonValues(JSON.readTree(body), false, out);
        } catch (java.io.IOException | RuntimeException notJson) {
          // A body that only looks like JSON: its JWTs and links were taken above.
        }
      }
    }
    return out;
  }

  private static void queryValues(String text, List<String> out) {
    Matcher m = QUERY_CREDENTIAL.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
  }

  private static void jsonValues(JsonNode node, boolean underCredential, List<String> out) {
    if (node == null) {
      return;
    }
    if (node.isTextual()) {
      String v = node.asText();
      if (underCredential && tokenLike(v)) {
        out.add(v);
      }
    } else if (node.isArray()) {
      node.forEach(n -> jsonValues(n, underCredential, out));
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> f : node.properties()) {
        jsonValues(f.getValue(), underCredential || CREDENTIAL_KEY.matcher(f.getKey()).matches(),
            out);
      }
    }
  }

  /**
   * Not a word: "Bearer" under token_type or "password_reset" under a kind would otherwise be
   * masked wherever it appears in the reports.
   */
  private static boolean tokenLike(String v) {
    return v.length() >= 8 && v.chars().noneMatch(Character::isWhitespace)
        && !v.matches("[a-z_\\-]+");
  }
}

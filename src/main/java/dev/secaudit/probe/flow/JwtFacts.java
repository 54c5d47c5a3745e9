package dev.secaudit.probe.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * What a JWT says about itself, read without verifying its signature (RFC 7519 §7.2 steps 1-8
 * without the cryptography): the header's alg and the payload's iat and exp. Only these are kept;
 * the token itself and every other claim (often an email or a user id) are never recorded.
 *
 * @param source where the token came from, e.g. "capture 'token'"
 * @param obtained when the answer that carried it was received (for a token without iat)
 * @param problem why the token could not be read (absent, not a JWT), or null
 */
public record JwtFacts(String source, String alg, String typ, Long iat, Long exp,
    Instant obtained, String problem) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static JwtFacts missing(String source, String why) {
    return new JwtFacts(source, null, null, null, null, null, why);
  }

  /** Decodes the compact serialization: header.payload.signature (the signature may be empty). */
  static JwtFacts decode(String source, String token, Instant obtained) {
    String t = token.trim();
    if (t.regionMatches(true, 0, "Bearer ", 0, 7)) {
      t = t.substring(7).trim();
    }
    if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
      t = t.substring(1, t.length() - 1);
    }
    String[] parts = t.split("\\.", -1);
    if (parts.length == 5) {
      return missing(source, "an encrypted JWT (JWE): its claims cannot be read without the key");
    }
    if (parts.length != 3) {
      return missing(source, "not a JWT: " + parts.length + " dot-separated part"
          + (parts.length == 1 ? "" : "s") + " where a JWS has 3");
    }
    JsonNode header;
    JsonNode payload;
    try {
      header = JSON.readTree(base64Url(parts[0]));
      payload = JSON.readTree(base64Url(parts[1]));
    } catch (IllegalArgumentException | IOException e) {
      return missing(source, "not a JWT: its header or payload is not base64url-encoded JSON");
    }
    if (header == null || !header.isObject() || payload == null || !payload.isObject()) {
      return missing(source, "not a JWT: its header or payload is not a JSON object");
    }
    return new JwtFacts(source, text(header, "alg"), text(header, "typ"),
        number(payload, "iat"), number(payload, "exp"), obtained, null);
  }

  private static String base64Url(String part) {
    String p = part.replace('+', '-').replace('/', '_');
    while (p.endsWith("=")) {
      p = p.substring(0, p.length() - 1);
    }
    return new String(Base64.getUrlDecoder().decode(p), StandardCharsets.UTF_8);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** NumericDate: seconds since the epoch, possibly with a fraction (RFC 7519 §2). */
  private static Long number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isNumber() ? v.asLong() : null;
  }

  /** exp - iat, or exp - the time received for a token without iat; null without exp. */
  public java.time.Duration lifetime() {
    if (exp == null || problem != null) {
      return null;
    }
    long from = iat != null ? iat : obtained.getEpochSecond();
    return java.time.Duration.ofSeconds(exp - from);
  }

  /** How {@link #lifetime} was counted, for findings. */
  public String lifetimeBasis() {
    return iat != null ? "exp - iat" : "no iat; exp - time received";
  }

  public String describe() {
    if (problem != null) {
      return problem;
    }
    return "alg " + (alg == null ? "(none given)" : alg)
        + ", iat " + (iat == null ? "absent" : Instant.ofEpochSecond(iat))
        + ", exp " + (exp == null ? "absent" : Instant.ofEpochSecond(exp));
  }
}

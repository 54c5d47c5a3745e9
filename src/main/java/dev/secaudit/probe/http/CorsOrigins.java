package dev.secaudit.probe.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The foreign Origins a CORS probe sends to each path, by the suffix of its artifact id: the
 * policy's own probe origin, {@code null} (sandboxed iframes and data: URLs send it), and the two
 * names a careless allow-list check lets through (PortSwigger's "CORS misconfigurations"; a blind
 * cross-check found a server trusting any Origin that ends with its host, which one probe origin
 * never showed): one that begins with the site's host and continues with another domain
 * ({@code startsWith}), one that ends with it without being a subdomain ({@code endsWith}).
 */
public final class CorsOrigins {
  public static final String NULL = "-null";
  public static final String BEGINS = "-begins-with-host";
  public static final String ENDS = "-ends-with-host";

  private CorsOrigins() {}

  public static Map<String, String> of(String probeOrigin, String host) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("", probeOrigin);
    out.put(NULL, "null");
    out.put(BEGINS, "https://" + host + ".cors-probe.secaudit.invalid");
    out.put(ENDS, "https://cors-probe-" + host);
    return out;
  }

  /** The suffix of a preflight's artifact id, after the origin's own. */
  public static final String PREFLIGHT = "-preflight";
  /**
   * What a preflight asks leave for: a method no simple request may use, and a header outside
   * the CORS-safelisted ones (lower case, as browsers list them). Either one alone makes a
   * browser preflight, so the answer is judged on each separately.
   */
  public static final String PREFLIGHT_METHOD = "PUT";
  public static final String PREFLIGHT_HEADER = "x-secaudit-probe";

  /**
   * Whether an answer to {@code origin} already shows that origin trusted with credentials:
   * then a preflight from it could show nothing worse, and is not sent.
   */
  public static boolean trustedWithCredentials(HttpExchange ex, String origin) {
    if (ex.failed()) {
      return false;
    }
    List<String> acao = ex.headers("Access-Control-Allow-Origin");
    return acao.size() == 1 && acao.get(0).strip().equals(origin)
        && ex.headers("Access-Control-Allow-Credentials").stream()
            .anyMatch(v -> v.strip().equalsIgnoreCase("true"));
  }

  /**
   * What a preflight's answer admits of the request it asked for, in a report's words: the
   * method when Access-Control-Allow-Methods lists it exactly (Fetch compares methods byte for
   * byte), the header when Access-Control-Allow-Headers names it in any case; * admits either
   * only without credentials, where Fetch reads it as a wildcard (§4.8). Empty when neither.
   */
  public static List<String> admitted(HttpExchange preflight, boolean credentials) {
    List<String> out = new java.util.ArrayList<>();
    String method = requested(preflight, "Access-Control-Request-Method");
    List<String> methods = values(preflight, "Access-Control-Allow-Methods");
    if (method != null && (methods.contains(method) || !credentials && methods.contains("*"))) {
      out.add(method + " requests");
    }
    String header = requested(preflight, "Access-Control-Request-Headers");
    List<String> headers = values(preflight, "Access-Control-Allow-Headers").stream()
        .map(h -> h.toLowerCase(java.util.Locale.ROOT)).toList();
    if (header != null && (headers.contains(header.toLowerCase(java.util.Locale.ROOT))
        || !credentials && headers.contains("*"))) {
      out.add("the " + header + " header");
    }
    return out;
  }

  /** The value of a request header the exchange sent, or null. */
  public static String requested(HttpExchange ex, String name) {
    for (Header h : ex.requestHeaders()) {
      if (h.name().equalsIgnoreCase(name)) {
        return h.value();
      }
    }
    return null;
  }

  /** The comma-separated items of every field of that name, trimmed, empty ones dropped. */
  public static List<String> values(HttpExchange ex, String name) {
    List<String> out = new java.util.ArrayList<>();
    for (String v : ex.headers(name)) {
      for (String item : v.split(",")) {
        if (!item.isBlank()) {
          out.add(item.strip());
        }
      }
    }
    return out;
  }

  /** How a report names the origin sent under an id's suffix. */
  public static String why(String artifactId) {
    if (artifactId.endsWith(PREFLIGHT)) {
      return why(artifactId.substring(0, artifactId.length() - PREFLIGHT.length()));
    }
    if (artifactId.endsWith(NULL)) {
      return "Origin: null, which sandboxed iframes of any site send";
    }
    if (artifactId.endsWith(BEGINS)) {
      return "an origin that only begins with the site's host";
    }
    if (artifactId.endsWith(ENDS)) {
      return "an origin that only ends with the site's host (not a subdomain)";
    }
    return "the policy's foreign probe origin";
  }
}

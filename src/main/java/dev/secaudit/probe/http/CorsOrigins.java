package dev.secaudit.probe.http;

import java.util.LinkedHashMap;
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

  /** How a report names the origin sent under an id's suffix. */
  public static String why(String artifactId) {
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

package dev.secaudit.check.csp;

import java.util.Locale;
import java.util.Map;

/**
 * Hosts that will serve script an attacker chooses, so allowing one in script-src lets injected
 * markup run code as if the policy allowed everything. Each entry is a documented property of the
 * host, not a list taken from a tool:
 *
 * <ul>
 *   <li>JSONP: the response wraps data in a function named by a request parameter, so {@code
 *       <script src=".../endpoint?callback=alert">} calls any function (Weichselbaum, Spagnuolo,
 *       Lekies, Janc, "CSP Is Dead, Long Live CSP!", ACM CCS 2016, §4.2; Google's JSON APIs
 *       document the {@code callback} parameter).
 *   <li>AngularJS 1.x hosted: loading an old AngularJS from the allowed host and injecting a
 *       template runs expressions without inline script (ibid.; PortSwigger research on AngularJS
 *       sandbox escapes and CSP bypasses).
 *   <li>Anyone's files: CDNs that serve any npm package or GitHub repository, and storage that
 *       anyone can publish a public object to, serve the attacker's own script (jsDelivr, unpkg
 *       and Google Cloud Storage documentation).
 * </ul>
 *
 * A source with a path is not matched: the path narrows what the host may serve, and whether it
 * still reaches a gadget depends on that host's redirects, which a header alone does not show.
 */
final class ScriptGadgetHosts {
  private ScriptGadgetHosts() {}

  private static final String JSONP = "serves JSONP endpoints, whose callback parameter names"
      + " any function to call";
  private static final String ANGULAR = "hosts old AngularJS releases, whose templates run"
      + " injected expressions without inline script";
  private static final String ANYONES = "serves files that anyone can publish";

  static final Map<String, String> HOSTS = Map.of(
      "www.google.com", JSONP,
      "www.googleapis.com", JSONP,
      "ajax.googleapis.com", ANGULAR,
      "cdnjs.cloudflare.com", ANGULAR,
      "code.angularjs.org", ANGULAR,
      "cdn.jsdelivr.net", ANYONES + " (any npm package or GitHub repository)",
      "unpkg.com", ANYONES + " (any npm package)",
      "storage.googleapis.com", ANYONES + " (any public Cloud Storage bucket)");

  /**
   * The known host a host-source admits and why it is a bypass, or null. {@code *.google.com}
   * admits www.google.com; a source with a path admits nothing here.
   */
  static Map.Entry<String, String> admitted(String source) {
    String host = CspEvaluator.hostOf(source);
    if (host == null || hasPath(source)) {
      return null;
    }
    String h = host.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> e : HOSTS.entrySet()) {
      if (h.equals(e.getKey()) || (h.startsWith("*.") && e.getKey().endsWith(h.substring(1)))) {
        return e;
      }
    }
    return null;
  }

  private static boolean hasPath(String source) {
    String rest = source.replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "");
    int slash = rest.indexOf('/');
    return slash >= 0 && slash < rest.length() - 1;
  }
}

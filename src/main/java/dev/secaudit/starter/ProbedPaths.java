package dev.secaudit.starter;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * The paths a starter policy probes for headers, cookies and scripts: the page given, the pages
 * init read its claims from, then the sign-in and account pages those pages link to or name in
 * their text ("/login"), same origin only and at most {@link #MAX}. Other links are not followed:
 * init reads a bounded set of pages, and its scans ask for no page beyond them and those. A claim such as "every page sends a CSP", or a vendor
 * script on the security page, is otherwise judged on the home page alone.
 */
final class ProbedPaths {
  /** Each path is fetched on every scan: a handful covers a small company's site. */
  static final int MAX = 8;
  /** Links to files, not pages: their headers say nothing of the pages'. */
  private static final Pattern FILE = Pattern.compile("(?i)\\.(css|js|mjs|png|jpe?g|gif|svg|ico"
      + "|webp|pdf|zip|gz|txt|xml|json|woff2?|ttf|mp4|webm)$");
  /** Where a session cookie is set and a CSP matters most: the sign-in and account pages. */
  private static final Pattern SIGN_IN = Pattern.compile("(?i)^/(log-?in|sign-?in|sign-?up"
      + "|register|account|auth|app|dashboard|settings)/?$");
  /** A path written in a page's text: "/login", "/api/v1/keys". */
  private static final Pattern NAMED = Pattern.compile("(?<![\\w/.:])/[a-z0-9][a-z0-9_\\-/]*",
      Pattern.CASE_INSENSITIVE);

  private ProbedPaths() {}

  /**
   * @param pages the HTML pages read, by URL, the given one first
   * @return the paths in order, the given page's first; a single path when nothing else is known
   */
  static List<String> of(URI site, Map<String, String> pages) {
    Set<String> out = new LinkedHashSet<>();
    out.add(site.getRawPath() == null || site.getRawPath().isEmpty() ? "/"
        : site.getRawPath() + (site.getRawQuery() == null ? "" : "?" + site.getRawQuery()));
    pages.keySet().forEach(url -> add(out, site, url, false));
    for (Map.Entry<String, String> page : pages.entrySet()) {
      var doc = Jsoup.parse(page.getValue(), page.getKey());
      for (Element a : doc.select("a[href]")) {
        add(out, site, a.absUrl("href"), true);
      }
      Matcher named = NAMED.matcher(doc.text());
      while (named.find()) {
        add(out, site, site.resolve(named.group()).toString(), true);
      }
    }
    return List.copyOf(out).subList(0, Math.min(MAX, out.size()));
  }

  /** @param signInOnly take it only if it is a sign-in or account page */
  private static void add(Set<String> out, URI site, String link, boolean signInOnly) {
    URI u;
    try {
      u = URI.create(link);
    } catch (IllegalArgumentException e) {
      return; // a link the page mistyped is no page of the site
    }
    if (u.getScheme() == null || u.getHost() == null
        || !u.getScheme().equalsIgnoreCase(site.getScheme())
        || !u.getHost().equalsIgnoreCase(site.getHost()) || port(u) != port(site)) {
      return;
    }
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    if (FILE.matcher(path.toLowerCase(Locale.ROOT)).find() || path.startsWith("/.well-known/")
        || signInOnly && !SIGN_IN.matcher(path).matches()) {
      return;
    }
    out.add(path);
  }

  private static int port(URI u) {
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    return u.getPort() != -1 ? u.getPort() : okhttp3.HttpUrl.defaultPort(scheme);
  }
}

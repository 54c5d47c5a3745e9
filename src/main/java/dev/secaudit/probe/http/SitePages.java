package dev.secaudit.probe.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * The pages of a site where its security claims live: the page given, its security.txt, and the
 * pages the first page links to whose path or link text speaks of security, trust, privacy or
 * subprocessors. Only the first page's links are followed (one level), only on its own site
 * (its origin, or the bare domain and its www. form with the same scheme and port, see
 * {@link #sameSite}), each URL at most once and at most {@link #MAX_PAGES} in all: a site whose
 * pages link to each other, or to someone else's, cannot make this wander.
 */
public final class SitePages {
  /** Enough for a home page, security.txt and the handful of trust pages small companies have. */
  public static final int MAX_PAGES = 8;
  /** A moved page is followed this far, on the same origin only. */
  static final int MAX_REDIRECTS = 3;

  private static final Pattern RELEVANT = Pattern.compile(
      "secur|trust|privacy|sub-?processor|gdpr|compliance|disclosure|vulnerab",
      Pattern.CASE_INSENSITIVE);

  /**
   * One page read.
   *
   * @param url the URL asked for
   * @param via why it was read: "given", "security.txt" or the link text that pointed to it
   * @param fetch every hop of the request, the last one with the page
   * @param problem why the page holds nothing to read (HTTP status, error, another origin), or
   *     empty when it was read
   */
  public record Page(String url, String via, HttpFetch fetch, String problem) {
    public boolean read() {
      return problem.isEmpty();
    }

    /** The page as received (already size-capped by the probe), or empty. */
    public String body() {
      return read() ? fetch.last().body() : "";
    }

    /**
     * The status a page answered with instead of its content (a 404, a 500), or 0 when it was
     * read, failed to fetch or left the site: a caller decides on the number, not on the words.
     */
    public int errorStatus() {
      return read() || !fetch.stop().equals("final") || fetch.last().failed() ? 0
          : fetch.last().status();
    }

    public String contentType() {
      String type = read() ? fetch.last().header("Content-Type") : null;
      return type == null ? "" : type.toLowerCase(Locale.ROOT);
    }
  }

  private final HttpProbe http;

  public SitePages(HttpProbe http) {
    this.http = http;
  }

  /** Reads the pages from {@code start}, in a fixed order: the start, security.txt, its links. */
  public List<Page> read(String start) {
    HttpUrl origin = HttpUrl.parse(start);
    if (origin == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + start);
    }
    List<Page> pages = new ArrayList<>();
    // The page given may move within its host (http:// to https://, another port) or its site
    // (example.com to www.example.com); from where it lands, everything stays on that site.
    Page first = page("site-page-1", start, "given", origin, true);
    pages.add(first);
    if (first.read()) {
      origin = HttpUrl.parse(first.fetch().last().url());
    }
    Map<String, String> next = new LinkedHashMap<>();
    next.put(origin.resolve("/.well-known/security.txt").toString(), "security.txt");
    if (first.read() && first.contentType().contains("html")) {
      next.putAll(securityLinks(first.body(), first.fetch().last().url(), origin));
    }
    // A link back to the first page (a loop) is the page already read, whichever of the pair's
    // hosts it names.
    for (HttpUrl read : List.of(origin, HttpUrl.parse(start))) {
      next.keySet().removeIf(url -> onePage(HttpUrl.parse(url), read));
    }
    for (Entry<String, String> link : next.entrySet()) {
      if (pages.size() >= MAX_PAGES) {
        break;
      }
      pages.add(page("site-page-" + (pages.size() + 1), link.getKey(), link.getValue(), origin,
          false));
    }
    return List.copyOf(pages);
  }

  /** Same-origin links whose path or text looks like a trust page, in document order. */
  static Map<String, String> securityLinks(String html, String base, HttpUrl origin) {
    Map<String, String> links = new LinkedHashMap<>();
    for (Element a : Jsoup.parse(html, base).select("a[href]")) {
      HttpUrl url = HttpUrl.parse(a.absUrl("href"));
      if (url == null || !sameSite(url, origin)) {
        continue;
      }
      String text = a.text().strip();
      boolean known = links.keySet().stream().anyMatch(l -> onePage(HttpUrl.parse(l), url));
      if (!known
          && (RELEVANT.matcher(url.encodedPath()).find() || RELEVANT.matcher(text).find())) {
        links.put(canonical(url), text.isEmpty() ? url.encodedPath() : text);
      }
    }
    return links;
  }

  /**
   * Whether {@code url} is on the site of {@code origin}: the same origin, or the other half of
   * the pair a company's home page most often redirects within, the bare domain and its www.
   * form, with the same scheme and port. Any other host, a sibling subdomain included, is another
   * site: its pages are not this site's claims.
   */
  static boolean sameSite(HttpUrl url, HttpUrl origin) {
    return HttpProbe.sameOrigin(url, origin)
        || (url != null && origin != null && url.scheme().equals(origin.scheme())
            && url.port() == origin.port()
            && (wwwOf(url.host(), origin.host()) || wwwOf(origin.host(), url.host())));
  }

  /** Whether {@code www} is "www." + {@code bare}, bare being a domain name, not www. itself. */
  private static boolean wwwOf(String www, String bare) {
    String b = bare.toLowerCase(Locale.ROOT);
    return www.equalsIgnoreCase("www." + b) && b.contains(".") && !b.startsWith("www.")
        && !b.matches("[0-9.]+") && !b.contains(":");
  }

  /** Two links to one page: the same URL but for its fragment and which of the pair it names. */
  private static boolean onePage(HttpUrl a, HttpUrl b) {
    return a != null && b != null && sameSite(a, b)
        && canonical(a.newBuilder().host(b.host()).build()).equals(canonical(b));
  }

  /** A link without its fragment: #section anchors on one page are one page. */
  private static String canonical(HttpUrl url) {
    return url.newBuilder().fragment(null).build().toString();
  }

  private Page page(String id, String url, String via, HttpUrl origin, boolean sameHost) {
    List<HttpExchange> hops = new ArrayList<>();
    String at = url;
    for (int hop = 0; ; hop++) {
      HttpExchange ex = http.exchange(hop == 0 ? id : id + "-hop" + hop, "GET", at, Map.of());
      hops.add(ex);
      if (ex.failed()) {
        return new Page(url, via, new HttpFetch(url, hops, "error"), ex.error());
      }
      if (!ex.isRedirect()) {
        HttpFetch fetch = new HttpFetch(url, hops, "final");
        return new Page(url, via, fetch, ex.status() == 200 ? "" : "HTTP " + ex.status());
      }
      HttpUrl moved = HttpUrl.parse(at).resolve(ex.location() == null ? "" : ex.location());
      // The page given may change scheme or port on its host or onto the other half of its
      // bare/www. pair, as http://example.com to https://www.example.com does in one hop; the
      // pages after it stay on the site it landed on.
      HttpUrl from = HttpUrl.parse(at);
      String stop = moved == null ? "unparsable Location"
          : !(sameHost ? moved.host().equalsIgnoreCase(from.host())
                  || wwwOf(moved.host(), from.host()) || wwwOf(from.host(), moved.host())
              : sameSite(moved, origin))
              ? "redirect to another " + (sameHost ? "host" : "origin") + " (" + moved
                  + "), not followed"
          : hop >= MAX_REDIRECTS ? "more than " + MAX_REDIRECTS + " redirects" : "";
      if (!stop.isEmpty()) {
        return new Page(url, via, new HttpFetch(url, hops, stop), stop);
      }
      at = moved.toString();
    }
  }
}

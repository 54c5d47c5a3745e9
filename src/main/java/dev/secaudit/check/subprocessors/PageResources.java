package dev.secaudit.check.subprocessors;

import dev.secaudit.check.csp.ContentSecurityPolicy;
import dev.secaudit.check.csp.CspParser;
import dev.secaudit.probe.http.HttpExchange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Reads, from a page already fetched, every third-party host it makes the browser contact: the
 * elements that load or pre-connect (script, stylesheet and preconnect/dns-prefetch/preload links,
 * img, iframe, form action) and the hosts its Content-Security-Policy allows. Pure: it parses the
 * recorded body and headers, never fetches.
 *
 * @param resources third-party resources in document order, CSP sources last
 * @param notes why part of the page could not be read (not HTML, truncated, too many hosts)
 */
public record PageResources(List<PageResource> resources, List<String> notes, boolean html) {
  /** Distinct third-party hosts kept per page; a page listing more is noted, not read further. */
  public static final int MAX_HOSTS = 200;

  private static final Set<String> LINK_RELS =
      Set.of("stylesheet", "preconnect", "dns-prefetch", "preload", "modulepreload", "prefetch");

  public PageResources {
    resources = List.copyOf(resources);
    notes = List.copyOf(notes);
  }

  public static PageResources of(HttpExchange page) {
    return of(page, Set.of());
  }

  /**
   * @param ownHosts hosts of the policy's targets: they and their sites are first-party on
   *     every page, whatever host the page itself is on
   */
  public static PageResources of(HttpExchange page, Set<String> ownHosts) {
    List<String> notes = new ArrayList<>();
    if (page == null || page.failed() || page.status() < 200 || page.status() >= 300) {
      return new PageResources(List.of(), List.of(), false);
    }
    if (page.cutShort() != null) {
      // Half a page shows some of its third parties and hides the rest: not read as a page.
      return new PageResources(List.of(), List.of(page.url() + " was not read: "
          + page.bodyShortfall()), false);
    }
    String type = page.header("Content-Type");
    if (!isHtml(type, page.body())) {
      notes.add(page.url() + " is not HTML (Content-Type: " + (type == null ? "none" : type)
          + "): third parties are read from HTML pages only");
      return new PageResources(List.of(), notes, false);
    }
    if (page.truncated()) {
      notes.add(page.url() + " was cut at " + page.bodyBytes() + " bytes (settings.max_body_kb):"
          + " resources after that are not seen");
    }
    HttpUrl base = HttpUrl.parse(page.url());
    String pageHost = base == null ? "" : base.host();
    Document doc = Jsoup.parse(page.body(), page.url());
    Element baseTag = doc.selectFirst("base[href]");
    if (baseTag != null) {
      // A <base> changes what relative URLs mean; jsoup's base URI must follow it.
      doc.setBaseUri(baseTag.absUrl("href").isEmpty() ? page.url() : baseTag.absUrl("href"));
    }
    Collector c = new Collector(page, pageHost, ownHosts);
    for (Element e : doc.select("script[src], link[href], img[src], iframe[src], form[action]")) {
      String tag = e.normalName();
      // Without <base>, a relative URL stays on the page's own origin: skip it before the costly
      // resolving, which most of a large page's elements would otherwise go through.
      // Browsers read a backslash as '/' in http(s) URLs, so "/\host" names another host too.
      String raw = e.attr(tag.equals("link") ? "href" : tag.equals("form") ? "action" : "src")
          .strip().replace('\\', '/');
      if (baseTag == null && !raw.contains(":") && !raw.startsWith("//")) {
        continue;
      }
      switch (tag) {
        case "script" -> c.add("<script src>", e.absUrl("src"), true, e.attr("integrity"));
        case "link" -> {
          Set<String> rels = new LinkedHashSet<>();
          for (String r : e.attr("rel").toLowerCase(Locale.ROOT).split("\\s+")) {
            if (LINK_RELS.contains(r)) {
              rels.add(r);
            }
          }
          if (!rels.isEmpty()) {
            boolean style = rels.contains("stylesheet");
            c.add("<link rel=" + String.join(" ", rels) + ">", e.absUrl("href"), style,
                e.attr("integrity"));
          }
        }
        case "img" -> c.add("<img src>", e.absUrl("src"), false, null);
        case "iframe" -> c.add("<iframe src>", e.absUrl("src"), false, null);
        case "form" -> c.add("<form action>", e.absUrl("action"), false, null);
        default -> { }
      }
    }
    List<ContentSecurityPolicy> csps = new ArrayList<>(
        CspParser.parseHeaders(page.headers("Content-Security-Policy")));
    for (String meta : page.metaCsp()) {
      csps.add(CspParser.parse(meta));
    }
    for (ContentSecurityPolicy p : csps) {
      for (Map.Entry<String, List<String>> d : p.directives().entrySet()) {
        for (String source : d.getValue()) {
          String host = cspHost(source);
          if (host != null) {
            c.add("CSP " + d.getKey(), source, false, null, host);
          }
        }
      }
    }
    if (c.capped) {
      notes.add(page.url() + " refers to more than " + MAX_HOSTS + " third-party hosts; only the"
          + " first " + MAX_HOSTS + " are read");
    }
    return new PageResources(c.out, notes, true);
  }

  private static final class Collector {
    final HttpExchange page;
    final String pageHost;
    final Set<String> ownHosts;
    final List<PageResource> out = new ArrayList<>();
    final Set<String> hosts = new LinkedHashSet<>();
    final Set<String> seen = new LinkedHashSet<>();
    boolean capped;

    Collector(HttpExchange page, String pageHost, Set<String> ownHosts) {
      this.page = page;
      this.pageHost = pageHost;
      this.ownHosts = ownHosts;
    }

    void add(String element, String absolute, boolean subresource, String integrity) {
      HttpUrl u = HttpUrl.parse(absolute);
      if (u != null) {
        add(element, u.toString(), subresource, integrity, u.host());
      }
    }

    void add(String element, String url, boolean subresource, String integrity, String host) {
      String h = host.toLowerCase(Locale.ROOT);
      if (!ThirdParty.isThirdParty(h, pageHost)) {
        return;
      }
      for (String own : ownHosts) {
        if (!ThirdParty.isThirdParty(h, own)) {
          return;
        }
      }
      if (!hosts.contains(h)) {
        if (hosts.size() >= MAX_HOSTS) {
          capped = true;
          return;
        }
        hosts.add(h);
      }
      if (seen.add(element + " " + url)) {
        out.add(new PageResource(page.url(), page.id(), element, url, h, subresource,
            integrity == null || integrity.isBlank() ? null : integrity.trim()));
      }
    }
  }

  /**
   * The host of a CSP source expression (https://cdn.example.com/path, *.example.com,
   * example.com:443), or null for keywords, schemes, nonces and hashes. A wildcard names its
   * parent domain.
   */
  static String cspHost(String source) {
    String s = source.trim();
    if (s.isEmpty() || s.startsWith("'") || s.equals("*") || s.endsWith(":")) {
      return null;
    }
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      s = s.substring(scheme + 3);
    }
    int cut = s.length();
    for (char ch : new char[] {'/', ':', '?', '#'}) {
      int i = s.indexOf(ch);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    s = s.substring(0, cut).toLowerCase(Locale.ROOT);
    if (s.startsWith("*.")) {
      s = s.substring(2);
    }
    // A host source has a dot (a bare word is a keyword written without quotes, or a typo).
    return s.matches("[a-z0-9.-]+") && s.contains(".") ? s : null;
  }

  static boolean isHtml(String contentType, String body) {
    if (contentType != null) {
      String t = contentType.toLowerCase(Locale.ROOT);
      return t.contains("text/html") || t.contains("application/xhtml+xml");
    }
    String start = body.stripLeading().toLowerCase(Locale.ROOT);
    return start.startsWith("<!doctype html") || start.startsWith("<html");
  }
}

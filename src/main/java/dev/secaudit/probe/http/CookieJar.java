package dev.secaudit.probe.http;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * The cookies a flow's answers set, kept and sent back as a browser would (RFC 6265 §5.3 storage,
 * §5.4 the Cookie header): host-only or domain cookies, path-match, Secure only over https (or to
 * a loopback host, which browsers count as a secure context), gone once Max-Age or Expires passes.
 * Attributes are read with the Set-Cookie parser the cookie checks use, so the jar stores what
 * they judge. One flow's (or one rate-limit probe's) state: not shared between them or threads.
 */
public final class CookieJar {
  private record Stored(String name, String value, String domain, boolean hostOnly, String path,
      boolean secure, Instant expires, long order) {
    boolean sameSlot(Stored o) {
      return name.equals(o.name) && domain.equals(o.domain) && path.equals(o.path);
    }
  }

  private final List<Stored> cookies = new ArrayList<>();
  private final Set<String> values = new LinkedHashSet<>();
  private long order;

  /** Stores the cookies of an answer to {@code url}, received at {@code now}. */
  public void store(HttpUrl url, List<Header> headers, Instant now) {
    for (Header h : headers) {
      if (!h.name().equalsIgnoreCase("Set-Cookie")) {
        continue;
      }
      SetCookie c = SetCookieParser.parse(h.value(), url.toString());
      if (c.ignored()) {
        continue;
      }
      String host = url.host().toLowerCase(Locale.ROOT);
      if (!c.hostOnly() && !domainMatches(host, c.domain())) {
        continue;
      }
      if (c.secure() && !secureContext(url)) {
        continue;
      }
      String pair = h.value().split(";", 2)[0];
      int eq = pair.indexOf('=');
      String value = (eq < 0 ? pair : pair.substring(eq + 1)).trim();
      String path = c.path() != null ? c.path() : SetCookieParser.defaultPath(url.toString());
      SetCookie.Lifetime life = c.effectiveLifetime(now);
      Instant expires = life.kind() == SetCookie.LifetimeKind.PERSISTENT
          ? now.plus(life.effective()) : null;
      Stored s = new Stored(c.name(), value, c.hostOnly() ? host : c.domain(), c.hostOnly(), path,
          c.secure(), expires, order++);
      cookies.removeIf(s::sameSlot);
      if (life.kind() != SetCookie.LifetimeKind.EXPIRED) {
        cookies.add(s);
        if (!value.isEmpty()) {
          values.add(value);
        }
      }
    }
  }

  /** The Cookie header for a request to {@code url} at {@code now}, or null when none applies. */
  public String header(HttpUrl url, Instant now) {
    cookies.removeIf(c -> c.expires() != null && !now.isBefore(c.expires()));
    String host = url.host().toLowerCase(Locale.ROOT);
    List<Stored> sent = new ArrayList<>();
    for (Stored c : cookies) {
      boolean domain = c.hostOnly() ? host.equals(c.domain()) : domainMatches(host, c.domain());
      if (domain && pathMatches(url.encodedPath(), c.path())
          && (!c.secure() || secureContext(url))) {
        sent.add(c);
      }
    }
    if (sent.isEmpty()) {
      return null;
    }
    // §5.4 step 2: longer paths first, then the earlier stored.
    sent.sort(Comparator.comparingInt((Stored c) -> -c.path().length())
        .thenComparingLong(Stored::order));
    List<String> pairs = new ArrayList<>();
    sent.forEach(c -> pairs.add(c.name().isEmpty() ? c.value() : c.name() + "=" + c.value()));
    return String.join("; ", pairs);
  }

  /** Every value the jar held: secrets for the run's redactor. */
  public List<String> values() {
    return List.copyOf(values);
  }

  /**
   * Adds {@code cookies} (pairs as {@link #header} gives them, or null: none) to the request's own
   * Cookie header, or puts them there. With {@code replacing}, an own pair of a name the jar
   * also sends is dropped: the jar holds what the server set since, and servers read the first
   * of two pairs of one name, which would be the stale one.
   */
  public static void addTo(Map<String, String> headers, String cookies, boolean replacing) {
    if (cookies == null) {
      return;
    }
    String own = null;
    for (var it = headers.entrySet().iterator(); it.hasNext(); ) {
      var h = it.next();
      if (h.getKey().equalsIgnoreCase("Cookie")) {
        own = h.getValue();
        it.remove();
      }
    }
    if (replacing && own != null) {
      Set<String> names = new java.util.HashSet<>();
      for (String pair : cookies.split(";")) {
        names.add(name(pair));
      }
      List<String> kept = new ArrayList<>();
      for (String pair : own.split(";")) {
        if (!pair.isBlank() && !names.contains(name(pair))) {
          kept.add(pair.trim());
        }
      }
      own = String.join("; ", kept);
    }
    headers.put("Cookie", own == null || own.isBlank() ? cookies : own + "; " + cookies);
  }

  private static String name(String pair) {
    int eq = pair.indexOf('=');
    return (eq < 0 ? "" : pair.substring(0, eq)).trim();
  }

  /** RFC 6265 §5.1.3; an IP address matches only itself. */
  static boolean domainMatches(String host, String domain) {
    if (domain == null || domain.isEmpty()) {
      return false;
    }
    if (host.equals(domain)) {
      return true;
    }
    boolean ip = host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    return !ip && host.endsWith("." + domain);
  }

  /** RFC 6265 §5.1.4. */
  static boolean pathMatches(String requestPath, String cookiePath) {
    String p = requestPath.isEmpty() ? "/" : requestPath;
    if (p.equals(cookiePath)) {
      return true;
    }
    return p.startsWith(cookiePath)
        && (cookiePath.endsWith("/") || p.charAt(cookiePath.length()) == '/');
  }

  private static boolean secureContext(HttpUrl url) {
    String h = url.host();
    return url.isHttps() || h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
  }
}

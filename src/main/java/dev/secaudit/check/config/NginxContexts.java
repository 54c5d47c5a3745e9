package dev.secaudit.check.config;

import dev.secaudit.probe.config.NginxDirective;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * nginx's http → server → location contexts and its two inheritance rules, as pure functions
 * over a parsed config. A plain directive (ssl_protocols, server_tokens) is taken from the
 * innermost level that sets it. An array directive (add_header, limit_req) is inherited only by
 * a level that has none of its own: one add_header in a location drops every add_header of the
 * server and http levels there.
 */
final class NginxContexts {
  private NginxContexts() {}

  /** A chain of blocks, outermost (http) first; the last one is the level judged. */
  record Level(List<NginxDirective> chain) {
    Level {
      chain = List.copyOf(chain);
    }

    NginxDirective block() {
      return chain.get(chain.size() - 1);
    }

    Level inner(NginxDirective child) {
      List<NginxDirective> c = new ArrayList<>(chain);
      c.add(child);
      return new Level(c);
    }

    /** The server block of the chain, or null at http level. */
    NginxDirective server() {
      for (NginxDirective d : chain) {
        if (d.name().equals("server")) {
          return d;
        }
      }
      return null;
    }

    /** The innermost setting of a plain directive, or null when no level sets it. */
    NginxDirective plain(String name) {
      for (int i = chain.size() - 1; i >= 0; i--) {
        NginxDirective d = chain.get(i).child(name);
        if (d != null) {
          return d;
        }
      }
      return null;
    }

    /** The array directive in effect: the innermost level with any of it, whole. */
    List<NginxDirective> array(String name) {
      for (int i = chain.size() - 1; i >= 0; i--) {
        List<NginxDirective> ds = chain.get(i).children(name);
        if (!ds.isEmpty()) {
          return ds;
        }
      }
      return List.of();
    }

    /** The level whose array directive is in effect, or null; for "inherited from" notes. */
    NginxDirective arrayOwner(String name) {
      for (int i = chain.size() - 1; i >= 0; i--) {
        if (!chain.get(i).children(name).isEmpty()) {
          return chain.get(i);
        }
      }
      return null;
    }

    /**
     * What a finding on this level is about: the file:line of {@code at} (the directive in
     * effect, or the block) and the level's place among the blocks, which no edit elsewhere
     * moves: "nginx.conf:4 server app.example location /login".
     */
    String subject(NginxDirective at) {
      List<String> path = new ArrayList<>();
      for (NginxDirective b : chain) {
        if (!b.name().equals("http") || chain.size() == 1) {
          path.add(what(b));
        }
      }
      return at.at() + " " + String.join(" ", path);
    }

    /** "server app.example (conf:3)" / "location = /login (conf:9)". */
    String label() {
      NginxDirective b = block();
      return b.at() + " " + what(b);
    }

    private String what(NginxDirective b) {
      return switch (b.name()) {
        case "server" -> "server " + serverNames(b) + distinct(chain.get(0), b);
        case "http" -> "http";
        default -> b.name() + " " + String.join(" ", b.args());
      };
    }
  }

  /**
   * What tells {@code server} apart from another server of {@code http} with the same names
   * (two "server (no server_name)" blocks, one name on port 80 and 443): " on" and its listen
   * addresses, and its line when even those are the same; "" when its names are its own, so
   * that a subject changes only where two would otherwise read alike.
   */
  private static String distinct(NginxDirective http, NginxDirective server) {
    if (!http.name().equals("http")) {
      return "";
    }
    String names = serverNames(server);
    String listens = listens(server);
    boolean sameNames = false;
    boolean sameListens = false;
    for (NginxDirective other : http.children("server")) {
      if (other != server && other.block() != null && serverNames(other).equals(names)) {
        sameNames = true;
        sameListens |= listens(other).equals(listens);
      }
    }
    return !sameNames ? "" : " on " + listens + (sameListens ? " at line " + server.line() : "");
  }

  /**
   * The server's listen addresses as written, joined by {@code separator}; {@code none} for a
   * server without listen (nginx gives it port 80).
   */
  static String listens(NginxDirective server, String separator, String none) {
    List<String> out = new ArrayList<>();
    for (NginxDirective l : server.children("listen")) {
      out.add(l.arg(0));
    }
    return out.isEmpty() ? none : String.join(separator, out);
  }

  private static String listens(NginxDirective server) {
    return listens(server, ",", "80");
  }

  /** The first http block, or null (a stream-only or events-only file). */
  static NginxDirective http(List<NginxDirective> root) {
    for (NginxDirective d : root) {
      if (d.name().equals("http") && d.block() != null) {
        return d;
      }
    }
    return null;
  }

  static List<Level> servers(NginxDirective http) {
    List<Level> out = new ArrayList<>();
    for (NginxDirective s : http.children("server")) {
      if (s.block() != null) {
        out.add(new Level(List.of(http, s)));
      }
    }
    return out;
  }

  /**
   * The {@code if} blocks directly in {@code level} that set {@code directive} themselves: for
   * the requests they match, that array directive is theirs alone (nginx's if is a nested
   * location-like context).
   */
  static List<Level> ifsWithOwn(Level level, String directive) {
    List<Level> out = new ArrayList<>();
    for (NginxDirective i : level.block().children("if")) {
      if (i.block() != null && !i.children(directive).isEmpty()) {
        out.add(level.inner(i));
      }
    }
    return out;
  }

  /** Regular expressions that find a match in every URI, as nginx's location ~ reads them. */
  private static final java.util.Set<String> MATCH_ALL = java.util.Set.of("", "/", "^/", ".",
      ".*", "^", "^.*", "^/.*");

  /**
   * The location of {@code server} that every request's URI matches ("location /", "^~ /", or
   * a regex that matches anything), or null when some request falls through to the server
   * level itself.
   */
  static NginxDirective catchAll(Level server) {
    for (NginxDirective l : server.block().children("location")) {
      if (l.block() == null || l.args().isEmpty()) {
        continue;
      }
      String mod = l.args().size() > 1 ? l.arg(0) : "";
      String uri = l.args().size() > 1 ? l.arg(1) : l.arg(0);
      if ((mod.isEmpty() || mod.equals("^~")) && uri.equals("/")
          || (mod.equals("~") || mod.equals("~*")) && MATCH_ALL.contains(uri)) {
        return l;
      }
    }
    return null;
  }

  /**
   * A return directly in the server block, or null: it answers every request in the server's
   * rewrite phase, before any location is chosen.
   */
  static NginxDirective answersAll(Level server) {
    return server.block().child("return");
  }

  /** Every location under {@code level}, nested ones after their parent, in file order. */
  static List<Level> locations(Level level) {
    List<Level> out = new ArrayList<>();
    for (NginxDirective l : level.block().children("location")) {
      if (l.block() != null) {
        Level inner = level.inner(l);
        out.add(inner);
        out.addAll(locations(inner));
      }
    }
    return out;
  }

  static String serverNames(NginxDirective server) {
    List<String> names = new ArrayList<>();
    for (NginxDirective n : server.children("server_name")) {
      names.addAll(n.args());
    }
    return names.isEmpty() ? "(no server_name)" : String.join(" ", names);
  }

  /**
   * Whether the server answers TLS: on some address:port it listens on, see
   * {@link #tls(Level, NginxDirective)}; a server without listen (port 80) by its own "ssl on".
   */
  static boolean tls(Level server) {
    List<NginxDirective> listens = server.block().children("listen");
    for (NginxDirective l : listens) {
      if (tls(server, l)) {
        return true;
      }
    }
    return listens.isEmpty() && sslOn(server) != null;
  }

  /**
   * Whether connections to {@code listen}'s address:port get TLS, whichever server says so: a
   * listen there with ssl (or quic) in any server, as nginx makes ssl a property of the
   * address:port ("listen 443;" beside another server's "listen 443 ssl;" is served with TLS),
   * or the old "ssl on" in the default server of that address:port. nginx decides TLS for the
   * connection from the default server, so "ssl on" in a server reached by name does nothing
   * and in the default server turns TLS on for every server there (nginx 1.22.1 on loopback).
   */
  static boolean tls(Level server, NginxDirective listen) {
    if (listen.args().contains("ssl") || listen.args().contains("quic")) {
      return true;
    }
    String key = NginxListen.of(listen).key();
    List<Level> all = servers(server.chain().get(0));
    for (Level s : all) {
      for (NginxDirective l : s.block().children("listen")) {
        if (l.args().contains("ssl") && NginxListen.of(l).key().equals(key)) {
          return true;
        }
      }
    }
    Level first = defaultOf(all, key);
    return sslOn(first == null ? server : first) != null;
  }

  /**
   * The "ssl on" in effect in a server (its own or the http block's), or null. The directive
   * was deprecated in nginx 1.15.0 and removed in 1.25.1, which refuses a config with it.
   */
  static NginxDirective sslOn(Level server) {
    NginxDirective ssl = server.plain("ssl");
    return ssl != null && ssl.arg(0).equalsIgnoreCase("on") ? ssl : null;
  }

  /** The server's listen lines on {@code port} (a server without listen takes port 80). */
  static List<NginxDirective> listensOnPort(Level server, int port) {
    List<NginxDirective> out = new ArrayList<>();
    for (NginxDirective l : server.block().children("listen")) {
      if (NginxListen.of(l).on(port)) {
        out.add(l);
      }
    }
    return out;
  }

  /**
   * The server nginx gives a request for {@code url}, the one choice every nginx check judges:
   * by the address:port the connection arrives on (see {@link #onAddress}), then by the Host
   * name among those servers (see {@link #serverFor(List, String, int)}). When no server
   * listens on the URL's port (nginx behind another proxy, or a config written for other
   * ports), by name among all servers; with no URL, the default server. Null without servers.
   */
  static Level serverFor(List<Level> all, okhttp3.HttpUrl url) {
    if (url == null) {
      return serverFor(all, null, -1);
    }
    Level reached = reached(all, url);
    return reached != null ? reached : serverFor(all, url.host(), url.port());
  }

  /** The server that answers {@code url}, or null when no server listens on its port. */
  static Level reached(List<Level> all, okhttp3.HttpUrl url) {
    List<Level> onAddress = onAddress(all, url);
    return onAddress.isEmpty() ? null : serverFor(onAddress, url.host(), url.port());
  }

  /**
   * The servers a connection to the URL's address:port is given to: those listening on its IP
   * address itself when any do (nginx prefers an exact address over a wildcard one), else those
   * on a wildcard address or, for a host name whose address the config cannot know, any
   * listening on the port.
   */
  static List<Level> onAddress(List<Level> all, okhttp3.HttpUrl url) {
    String host = url.host().toLowerCase(Locale.ROOT);
    boolean literal = host.contains(":") || host.matches("[0-9.]+");
    List<Level> exact = new ArrayList<>();
    List<Level> wildcard = new ArrayList<>();
    for (Level s : all) {
      if (!listensOn(s, url.port())) {
        continue;
      }
      if (!literal || s.block().children("listen").isEmpty()) {
        wildcard.add(s);
        continue;
      }
      for (NginxDirective l : listensOnPort(s, url.port())) {
        NginxListen listen = NginxListen.of(l);
        if (listen.exactly(host) && !exact.contains(s)) {
          exact.add(s);
        } else if (listen.wildcardFor(host) && !wildcard.contains(s)) {
          wildcard.add(s);
        }
      }
    }
    return exact.isEmpty() ? wildcard : exact;
  }

  /**
   * The server that answers {@code host}, in nginx's order (served by nginx 1.22.1 on loopback):
   * an exact server_name, then the longest leading wildcard ("*.acme.test" before "*.test",
   * whatever the file order), then the longest trailing wildcard ("api.*"), then the first
   * regular expression that matches, then the default_server, then the first server. Only the
   * servers listening on {@code port} take part when any does (the config may be written for
   * other ports than the policy's URL).
   */
  private static Level serverFor(List<Level> all, String host, int port) {
    List<Level> listening = port < 0 ? List.of()
        : all.stream().filter(s -> listensOn(s, port)).toList();
    List<Level> servers = listening.isEmpty() ? all : listening;
    String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
    Level leading = null;
    int leadingLength = -1;
    Level trailing = null;
    int trailingLength = -1;
    Level regex = null;
    for (Level s : servers) {
      for (NginxDirective n : s.block().children("server_name")) {
        for (String name : n.args()) {
          String n2 = name.toLowerCase(Locale.ROOT);
          if (n2.equals(h)) {
            return s;
          }
          if (((n2.startsWith("*.") && h.endsWith(n2.substring(1)))
              || (n2.startsWith(".") && (h.endsWith(n2) || h.equals(n2.substring(1)))))
              && n2.length() > leadingLength) {
            leading = s;
            leadingLength = n2.length();
          } else if (n2.endsWith(".*") && h.startsWith(n2.substring(0, n2.length() - 1))
              && n2.length() > trailingLength) {
            trailing = s;
            trailingLength = n2.length();
          } else if (regex == null && name.startsWith("~") && matches(name.substring(1), h)) {
            regex = s;
          }
        }
      }
    }
    Level byName = leading != null ? leading : trailing != null ? trailing : regex;
    if (byName != null) {
      return byName;
    }
    for (Level s : servers) {
      for (NginxDirective l : s.block().children("listen")) {
        if (l.args().contains("default_server") || l.args().contains("default")) {
          return s;
        }
      }
    }
    return servers.isEmpty() ? null : servers.get(0);
  }

  /** Whether a server_name regex (PCRE in nginx, Java's here) finds a match in the host. */
  private static boolean matches(String regex, String host) {
    try {
      return java.util.regex.Pattern.compile(regex).matcher(host).find();
    } catch (java.util.regex.PatternSyntaxException e) {
      return false;
    }
  }

  /**
   * The servers whose TLS context {@code server}'s handshakes use: for each address:port it
   * listens on, the default server there (the one whose listen says default_server, else the
   * first server listening on it). nginx chooses the TLS version from that context before SNI
   * switches to a server by name.
   */
  static List<Level> handshakeServers(List<Level> all, Level server) {
    List<Level> out = new ArrayList<>();
    for (String key : listenKeys(server)) {
      Level found = defaultOf(all, key);
      Level chosen = found != null ? found : server;
      if (!out.contains(chosen)) {
        out.add(chosen);
      }
    }
    return out.isEmpty() ? List.of(server) : out;
  }

  /**
   * The default server of an address:port: the one whose listen there says default_server,
   * else the first listening there; null when none does.
   */
  private static Level defaultOf(List<Level> all, String key) {
    Level first = null;
    for (Level s : all) {
      for (NginxDirective l : s.block().children("listen")) {
        if (NginxListen.of(l).key().equals(key)) {
          first = first == null ? s : first;
          if (l.args().contains("default_server") || l.args().contains("default")) {
            return s;
          }
        }
      }
    }
    return first;
  }

  private static List<String> listenKeys(Level server) {
    List<String> keys = new ArrayList<>();
    for (NginxDirective l : server.block().children("listen")) {
      keys.add(NginxListen.of(l).key());
    }
    return keys;
  }

  /**
   * Whether a server listens on {@code port}: "listen 8443 ssl", "127.0.0.1:8443", "[::]:8443",
   * "*:80"; a server without listen takes port 80, as nginx run as root does.
   */
  static boolean listensOn(Level server, int port) {
    List<NginxDirective> listens = server.block().children("listen");
    if (listens.isEmpty()) {
      return port == 80;
    }
    for (NginxDirective l : listens) {
      if (NginxListen.of(l).on(port)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Where a request path goes, as far as can be told without regular expressions.
   *
   * @param level the location (or the server itself when no location matches)
   * @param regexNotEvaluated regex locations that nginx would try before settling on
   *     {@code level}; empty when an exact or ^~ match makes them irrelevant
   */
  record Match(Level level, List<NginxDirective> regexNotEvaluated) {}

  /** nginx's location selection: exact '=', then the longest prefix ('^~' stops there). */
  static Match locationFor(Level server, String path) {
    Level current = server;
    List<NginxDirective> regex = new ArrayList<>();
    while (true) {
      NginxDirective best = null;
      boolean stop = false;
      for (NginxDirective l : current.block().children("location")) {
        if (l.block() == null || l.args().isEmpty()) {
          continue;
        }
        String mod = l.args().size() > 1 ? l.arg(0) : "";
        String uri = l.args().size() > 1 ? l.arg(1) : l.arg(0);
        if (mod.equals("=")) {
          if (uri.equals(path)) {
            return new Match(current.inner(l), List.of());
          }
        } else if (mod.equals("~") || mod.equals("~*")) {
          regex.add(l);
        } else if ((mod.isEmpty() || mod.equals("^~")) && path.startsWith(uri)) {
          String bestUri = best == null ? "" : best.args().get(best.args().size() - 1);
          if (best == null || uri.length() > bestUri.length()) {
            best = l;
            stop = mod.equals("^~");
          }
        }
      }
      if (best == null) {
        return new Match(current, stop ? List.of() : List.copyOf(regex));
      }
      current = current.inner(best);
      if (stop) {
        return new Match(descend(current, path), List.of());
      }
      if (current.block().children("location").isEmpty()) {
        return new Match(current, List.copyOf(regex));
      }
    }
  }

  /** Below a ^~ match, nested locations still refine the choice (regex ones are not read). */
  private static Level descend(Level level, String path) {
    Match m = locationFor(level, path);
    return m.level();
  }
}

package dev.secaudit.check.config;

import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.probe.config.NginxConfigObservation;
import dev.secaudit.probe.config.NginxDirective;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * The servers of a config that its target's requests reach, as nginx chooses them: by the
 * address:port the connection arrives on (a server listening on the target's own IP address
 * takes it before a wildcard one, as nginx dispatches), then by the Host name among those. A
 * config bound to one target is judged on that server only: another application's server in
 * the same file is not this target's evidence (a blind review judged an Express server on :8443
 * for a Django target on :8444).
 */
final class NginxTargetScope {
  private NginxTargetScope() {}

  /**
   * @param judged the servers to judge
   * @param leftOut each server left out and why; empty when nothing was narrowed
   */
  record Scope(List<NginxContexts.Level> judged, List<String> leftOut) {}

  /**
   * Of {@code candidates} (the servers a check would judge unbound), those the config's target
   * reaches. Unbound (no target, a target without URL, or no server listening on its port, as
   * when nginx sits behind another proxy): all of them.
   */
  static Scope of(CheckContext ctx, NginxConfigObservation config, List<NginxContexts.Level> all,
      List<NginxContexts.Level> candidates) {
    List<HttpUrl> urls = new ArrayList<>();
    for (dev.secaudit.policy.Target t : ctx.policy().targets()) {
      if (t.name().equals(config.target())) {
        // The https URL and the plain-HTTP one its redirect is checked on: both are the
        // target's requests.
        for (String u : java.util.Arrays.asList(t.url(), t.httpUrl())) {
          HttpUrl parsed = u == null ? null : HttpUrl.parse(u);
          if (parsed != null && reached(all, parsed) != null) {
            urls.add(parsed);
          }
        }
      }
    }
    if (urls.isEmpty()) {
      return new Scope(candidates, List.of());
    }
    List<NginxContexts.Level> judged = new ArrayList<>();
    List<String> leftOut = new ArrayList<>();
    for (NginxContexts.Level s : candidates) {
      if (urls.stream().anyMatch(u -> s.equals(reached(all, u)))) {
        judged.add(s);
        continue;
      }
      HttpUrl url = urls.stream().filter(u -> NginxContexts.listensOn(s, u.port())).findFirst()
          .orElse(null);
      if (url == null) {
        leftOut.add(withListens(s) + ": not on port " + String.join(
            " or ", urls.stream().map(u -> String.valueOf(u.port())).toList()));
      } else if (!onAddress(all, url).contains(s)) {
        leftOut.add(withListens(s) + ": nginx gives connections to "
            + url.host() + ":" + url.port() + " to the servers listening on that address"
            + " itself");
      } else {
        leftOut.add(s.label() + ": on port " + url.port() + " too, but nginx answers Host "
            + url.host() + " with " + reached(all, url).label() + " (by server_name, then the"
            + " default server)");
      }
    }
    return new Scope(judged, leftOut);
  }

  /** The server that answers {@code url}, or null when no server listens on its port. */
  static NginxContexts.Level reached(List<NginxContexts.Level> all, HttpUrl url) {
    List<NginxContexts.Level> onAddress = onAddress(all, url);
    return onAddress.isEmpty() ? null
        : NginxContexts.serverFor(onAddress, url.host(), url.port());
  }

  /**
   * The servers a connection to the URL's address:port is given to: those listening on its IP
   * address itself when any do (nginx prefers an exact address over a wildcard one), else those
   * on a wildcard address or, for a host name whose address the config cannot know, any
   * listening on the port.
   */
  private static List<NginxContexts.Level> onAddress(List<NginxContexts.Level> all,
      HttpUrl url) {
    String host = url.host().toLowerCase(Locale.ROOT);
    boolean literal = host.contains(":") || host.matches("[0-9.]+");
    List<NginxContexts.Level> exact = new ArrayList<>();
    List<NginxContexts.Level> wildcard = new ArrayList<>();
    for (NginxContexts.Level s : all) {
      if (!NginxContexts.listensOn(s, url.port())) {
        continue;
      }
      if (!literal) {
        wildcard.add(s);
        continue;
      }
      for (NginxDirective l : NginxContexts.listensOnPort(s, url.port())) {
        String a = address(l);
        if (a.equals(host) && !exact.contains(s)) {
          exact.add(s);
        } else if (wildcardFor(a, host) && !wildcard.contains(s)) {
          wildcard.add(s);
        }
      }
      if (s.block().children("listen").isEmpty()) {
        wildcard.add(s);
      }
    }
    return exact.isEmpty() ? wildcard : exact;
  }

  /** A listen's address without port or brackets; "*" for none. */
  private static String address(NginxDirective listen) {
    String a = listen.arg(0).toLowerCase(Locale.ROOT);
    if (a.startsWith("[")) {
      return a.substring(1, a.indexOf(']') < 0 ? a.length() : a.indexOf(']'));
    }
    if (a.matches("[0-9]+")) {
      return "*";
    }
    int colon = a.lastIndexOf(':');
    String addr = colon < 0 ? a : a.substring(0, colon);
    return addr.equals("0.0.0.0") ? "*" : addr;
  }

  /**
   * Whether a listen on {@code address} takes connections to the IP {@code host}: "*" every
   * IPv4 one, "::" every IPv6 one (nginx sets ipv6only on), a host name in listen possibly any.
   */
  private static boolean wildcardFor(String address, String host) {
    boolean v6 = host.contains(":");
    return address.equals("*") && !v6 || address.equals("::") && v6
        || !address.matches("[0-9.]+") && !address.contains(":") && !address.equals("*");
  }

  /** The server's label, with its listen lines unless the label names them already. */
  private static String withListens(NginxContexts.Level s) {
    return s.label().contains(" on ") ? s.label() : s.label() + " (listen " + listens(s) + ")";
  }

  private static String listens(NginxContexts.Level s) {
    List<String> out = new ArrayList<>();
    for (NginxDirective l : s.block().children("listen")) {
      out.add(l.arg(0));
    }
    return out.isEmpty() ? "unset, port 80" : String.join(", ", out);
  }

  /**
   * The one INFO that names the servers left out for the target, so the scope of the other
   * findings is on record; null when nothing was left out.
   */
  static Finding leftOut(CheckContext ctx, String id, NginxConfigObservation config,
      NginxDirective http, Scope scope) {
    if (scope.leftOut().isEmpty()) {
      return null;
    }
    HttpUrl url = NginxCheck.url(ctx, config.target());
    String target = config.target() + " (" + url.scheme() + "://" + url.host() + ":"
        + url.port() + ")";
    return ctx.finding(id).subject(http.at() + " servers target " + config.target()
            + " does not reach")
        .about(new Subject(Subject.Kind.FILE, http.file())).status(Status.INFO)
        .expected("the servers that the requests of target " + target + " reach")
        .observed((scope.judged().isEmpty() ? "no server judged" : "judged " + String.join(
            ", ", scope.judged().stream().map(NginxContexts.Level::label).toList()))
            + "; left out: "
            + String.join("; ", scope.leftOut()))
        .evidence(List.of(config.evidenceId()))
        .rule(ConfigEntries.pointer(ctx.policy(), config.source())).build();
  }
}

package dev.secaudit.check.config;

import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.probe.config.NginxConfigObservation;
import dev.secaudit.probe.config.NginxDirective;
import java.util.ArrayList;
import java.util.List;
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

  /** One of the target's URLs and the server nginx gives its requests. */
  private record Reached(HttpUrl url, NginxContexts.Level server) {}

  /**
   * Of {@code candidates} (the servers a check would judge unbound), those the config's target
   * reaches. Unbound (no target, a target without URL, or no server listening on its port, as
   * when nginx sits behind another proxy): all of them.
   */
  static Scope of(CheckContext ctx, NginxConfigObservation config, List<NginxContexts.Level> all,
      List<NginxContexts.Level> candidates) {
    // Each of the target's URLs with the server it reaches, chosen once for every candidate.
    List<Reached> reached = new ArrayList<>();
    for (dev.secaudit.policy.Target t : ctx.policy().targets()) {
      if (t.name().equals(config.target())) {
        // The https URL and the plain-HTTP one its redirect is checked on: both are the
        // target's requests.
        for (String u : java.util.Arrays.asList(t.url(), t.httpUrl())) {
          HttpUrl parsed = u == null ? null : HttpUrl.parse(u);
          NginxContexts.Level server = parsed == null ? null
              : NginxContexts.reached(all, parsed);
          if (server != null) {
            reached.add(new Reached(parsed, server));
          }
        }
      }
    }
    if (reached.isEmpty()) {
      return new Scope(candidates, List.of());
    }
    List<NginxContexts.Level> judged = new ArrayList<>();
    List<String> leftOut = new ArrayList<>();
    for (NginxContexts.Level s : candidates) {
      if (reached.stream().anyMatch(r -> r.server().equals(s))) {
        judged.add(s);
        continue;
      }
      Reached onPort = reached.stream().filter(r -> NginxContexts.listensOn(s, r.url().port()))
          .findFirst().orElse(null);
      if (onPort == null) {
        leftOut.add(withListens(s) + ": not on port " + String.join(
            " or ", reached.stream().map(r -> String.valueOf(r.url().port())).toList()));
        continue;
      }
      HttpUrl url = onPort.url();
      if (!NginxContexts.onAddress(all, url).contains(s)) {
        leftOut.add(withListens(s) + ": nginx gives connections to "
            + url.host() + ":" + url.port() + " to the servers listening on that address"
            + " itself");
      } else {
        leftOut.add(s.label() + ": on port " + url.port() + " too, but nginx answers Host "
            + url.host() + " with " + onPort.server().label()
            + " (by server_name, then the default server)");
      }
    }
    return new Scope(judged, leftOut);
  }

  /** The server's label, with its listen lines unless the label names them already. */
  private static String withListens(NginxContexts.Level s) {
    return s.label().contains(" on ") ? s.label() : s.label() + " (listen "
        + NginxContexts.listens(s.block(), ", ", "unset, port 80") + ")";
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

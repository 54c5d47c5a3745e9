package dev.secaudit.check.config;

import dev.secaudit.check.http.HeaderSetJudgement;
import dev.secaudit.probe.config.NginxDirective;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The application behind a location that proxies (proxy_pass, fastcgi_pass, uwsgi_pass,
 * scgi_pass, grpc_pass): nginx passes the upstream's response headers through to the client
 * unless a *_hide_header of the module hides them, and add_header only adds beside them, never
 * replaces (nginx 1.22.1 on loopback: an upstream's Strict-Transport-Security reaches the client
 * with no add_header at all, and an add_header of the same header makes two). So a header the
 * config does not add may still be sent: the config alone cannot say it is missing.
 *
 * @param pass the *_pass directive in effect
 * @param hides the *_hide_header lines in effect (an array directive, inherited whole)
 */
record NginxUpstream(NginxDirective pass, List<NginxDirective> hides) {

  private static final List<String> PASSES = List.of("proxy_pass", "fastcgi_pass",
      "uwsgi_pass", "scgi_pass", "grpc_pass");

  /**
   * The upstream that answers the requests of {@code level}, or null when nginx answers them
   * itself: no *_pass in the location (or the if inside it, which inherits the location's), or
   * a return in the block, which answers in the rewrite phase before any upstream is asked.
   */
  static NginxUpstream of(NginxContexts.Level level) {
    List<NginxDirective> chain = level.chain();
    NginxDirective pass = null;
    for (int i = chain.size() - 1; i >= 0; i--) {
      NginxDirective b = chain.get(i);
      if (!b.name().equals("location") && !b.name().equals("if")) {
        break;
      }
      if (b.child("return") != null) {
        return null;
      }
      for (String name : PASSES) {
        if (pass == null && b.child(name) != null) {
          pass = b.child(name);
        }
      }
      if (b.name().equals("location")) {
        break;
      }
    }
    if (pass == null) {
      return null;
    }
    String module = pass.name().substring(0, pass.name().indexOf('_'));
    return new NginxUpstream(pass, level.array(module + "_hide_header"));
  }

  /** Whether the upstream's own {@code header} reaches clients (not hidden here). */
  boolean passes(String header) {
    return hiding(header) == null;
  }

  /** "proxy_pass http://127.0.0.1:8001; (nginx.conf:37)". */
  String where() {
    return pass.text() + " (" + pass.at() + ")";
  }

  /** The hide line that drops {@code header}, or null. */
  NginxDirective hiding(String header) {
    return hides.stream().filter(h -> h.arg(0).equalsIgnoreCase(header)).findFirst()
        .orElse(null);
  }

  /**
   * Whether the upstream may settle {@code p}: nginx adds none of the rule's headers, and the
   * upstream's are not hidden, so what clients get is the application's to decide.
   */
  boolean maySettle(HeaderSetJudgement.Problem p, Map<String, List<String>> added) {
    List<String> headers = p.headers();
    if (headers.isEmpty() || headers.stream().anyMatch(h -> has(added, h))) {
      return false;
    }
    return headers.stream().anyMatch(this::passes);
  }

  /** The headers of {@code problems} the upstream may send, for the finding's sentence. */
  static Set<String> headers(List<HeaderSetJudgement.Problem> problems) {
    Set<String> out = new LinkedHashSet<>();
    for (HeaderSetJudgement.Problem p : problems) {
      out.addAll(p.headers().subList(0, Math.min(1, p.headers().size())));
    }
    return out;
  }

  /**
   * The headers of the policy's rules that nginx adds here while the upstream's pass too: a
   * client gets both when the application also sends one.
   */
  List<String> doubled(List<String> ruled, Map<String, List<String>> added) {
    List<String> out = new ArrayList<>();
    for (String h : ruled) {
      if (has(added, h) && passes(h)) {
        out.add(h);
      }
    }
    return out;
  }

  private static boolean has(Map<String, List<String>> added, String header) {
    String h = header.toLowerCase(Locale.ROOT);
    return added.keySet().stream().anyMatch(k -> k.toLowerCase(Locale.ROOT).equals(h));
  }
}

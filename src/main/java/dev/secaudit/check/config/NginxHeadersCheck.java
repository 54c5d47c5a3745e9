package dev.secaudit.check.config;

import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.http.HeaderSetJudgement;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.policy.Policy;
import dev.secaudit.probe.config.NginxConfigObservation;
import dev.secaudit.probe.config.NginxDirective;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * config.nginx.headers: the headers each server and location is configured to send, judged by
 * the live rules (headers:, hsts:, csp:, framing:) through HeaderSetJudgement. nginx's trap is
 * modelled exactly: a block with any add_header of its own inherits none from above. Without
 * 'always', add_header only applies to 200, 201, 204, 206, 301, 302, 303, 304, 307 and 308, so
 * a rule that holds on those but not on error responses is a WARN.
 *
 * <p>Only servers that listen with TLS are judged when there are any (plain-HTTP servers
 * normally only redirect); otherwise every server is, and the Strict-Transport-Security a
 * plain-HTTP server adds is not counted, since browsers ignore HSTS there.
 */
public final class NginxHeadersCheck extends NginxCheck {
  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("config.nginx.headers",
          "nginx sends the policy's security"
            + " headers at every server and location (add_header inheritance)",
          Severity.MEDIUM,
          "configs",
          ControlAreas.BOUNDARY_CONFIG,
          "Repeat the security add_header lines in every block that has its own"
            + " add_header (or include one snippet everywhere), and add 'always' so error"
            + " responses carry them too.",
          "nginx ngx_http_headers_module: add_header (inheritance, always); each header judged by"
            + " the live checks' own rules (header.rule, hsts.*, csp.*, header.framing), so a rule"
            + " gets one verdict whatever the header's source; an add_header inside an if in a"
            + " location replaces the location's for the requests the if matches (nginx: 'If is"
            + " evil'): each such branch is judged on its own, its condition not evaluated"));

  @Override
  public List<CheckInfo> reports() {
    return REPORTS;
  }

  static final String ID = "config.nginx.headers";

  @Override
  boolean policyAsks(Policy policy) {
    return !HeaderSetJudgement.ruled(policy).isEmpty();
  }

  @Override
  List<Finding> judge(CheckContext ctx, NginxConfigObservation config, NginxDirective http) {
    List<NginxContexts.Level> servers = NginxContexts.servers(http);
    List<NginxContexts.Level> tls = servers.stream().filter(NginxContexts::tls).toList();
    NginxTargetScope.Scope scope = NginxTargetScope.of(ctx, config, servers,
        tls.isEmpty() ? servers : tls);
    List<Finding> out = new ArrayList<>();
    for (NginxContexts.Level server : scope.judged()) {
      // Judged where requests land: a server-level return answers every request before a
      // location is chosen, and a server whose catch-all location takes every request never
      // answers with its own add_header set, only hands it down.
      boolean answered = NginxContexts.answersAll(server) != null;
      if (answered || NginxContexts.catchAll(server) == null) {
        out.add(level(ctx, config, server));
      }
      if (answered) {
        continue;
      }
      for (NginxContexts.Level location : NginxContexts.locations(server)) {
        out.add(level(ctx, config, location));
        for (NginxContexts.Level branch : NginxContexts.ifsWithOwn(location, "add_header")) {
          out.add(ifBranch(ctx, level(ctx, config, branch), location));
        }
      }
    }
    Finding leftOut = NginxTargetScope.leftOut(ctx, ID, config, http, scope);
    if (leftOut != null) {
      out.add(leftOut);
    }
    return out;
  }

  private static Finding level(CheckContext ctx, NginxConfigObservation config,
      NginxContexts.Level level) {
    List<NginxDirective> adds = level.array("add_header");
    NginxDirective owner = level.arrayOwner("add_header");
    Map<String, List<String>> all = new LinkedHashMap<>();
    Map<String, List<String>> always = new LinkedHashMap<>();
    for (NginxDirective a : adds) {
      if (a.args().size() < 2) {
        continue;
      }
      all.computeIfAbsent(a.arg(0), k -> new ArrayList<>()).add(a.arg(1));
      if (a.args().size() > 2 && a.arg(2).equals("always")) {
        always.computeIfAbsent(a.arg(0), k -> new ArrayList<>()).add(a.arg(1));
      }
    }
    String source = owner == null ? "no add_header in effect"
        : "add_header from " + owner.at() + " (" + owner.name()
            + (owner == level.block() ? "" : ", inherited") + ")";
    List<NginxDirective> dropped = droppedAbove(level, owner);
    if (!dropped.isEmpty()) {
      source += "; not inherited because this block has its own: "
          + String.join(", ", dropped.stream().map(d -> d.arg(0) + " (" + d.at() + ")").toList());
    }
    // Browsers ignore a Strict-Transport-Security header received over plain HTTP (RFC 6797
    // 8.1): on a server without ssl it is not judged as sent.
    if (!NginxContexts.tls(new NginxContexts.Level(level.chain().subList(0,
        Math.min(2, level.chain().size())))) && removeHsts(all, always)) {
      source += "; Strict-Transport-Security not counted: this server does not listen with ssl,"
          + " and browsers ignore HSTS received over plain HTTP (RFC 6797 8.1)";
    }
    NginxUpstream upstream = NginxUpstream.of(level);
    List<HeaderSetJudgement.Problem> open = new ArrayList<>();
    List<HeaderSetJudgement.Problem> ok = decided(HeaderSetJudgement.judge(ctx.policy(), all),
        upstream, all, open);
    source += upstreamNote(ctx, upstream, all, open.isEmpty());
    Status status;
    String observed;
    List<HeaderSetJudgement.Problem> shown = ok;
    if (!ok.isEmpty()) {
      status = worst(ok);
      observed = texts(ok);
    } else {
      List<HeaderSetJudgement.Problem> onErrors = decided(HeaderSetJudgement.judge(ctx.policy(),
          always), upstream, all, new ArrayList<>());
      shown = onErrors;
      // What the upstream may settle is neither met nor missing: not judged, and said why.
      status = !onErrors.isEmpty() ? Status.WARN : open.isEmpty() ? Status.PASS : Status.SKIPPED;
      observed = !onErrors.isEmpty()
          ? "met on 2xx/3xx answers only; error responses (no 'always'): " + texts(onErrors)
          : open.isEmpty() ? "every rule met, error responses included"
          : settledUpstream(open, upstream) + (HeaderSetJudgement.ruled(ctx.policy()).stream().anyMatch(
              h -> all.keySet().stream().anyMatch(h::equalsIgnoreCase))
              ? "; the rules on what nginx adds are met" : "");
    }
    if (!open.isEmpty() && status != Status.SKIPPED) {
      observed += "; " + settledUpstream(open, upstream);
    }
    String pointer = shown.isEmpty() ? open.isEmpty() ? "" : open.get(0).pointer()
        : shown.get(0).pointer();
    Severity severity = null;
    for (HeaderSetJudgement.Problem p : shown) {
      if (p.severity() != null && (severity == null || p.severity().atLeast(severity))) {
        severity = p.severity();
      }
    }
    // The rules the block breaks, as their pointers: answers about one header read them.
    Value broken = shown.isEmpty() ? null : new Value.Items(shown.stream()
        .map(p -> (Value) new Value.Text(p.pointer())).toList());
    boolean verdict = status == Status.FAIL || status == Status.WARN;
    return ctx.finding(ID).subject(level.subject(level.block()))
        .about(Subject.directive("add_header")).status(status)
        .severity(verdict ? severity : null)
        .expected("the policy's header rules met on every response of the block")
        .observed(observed + " [" + source + "]", broken)
        .evidence(List.of(config.evidenceId())).rule(pointer).build();
  }

  /**
   * The problems the config decides; those the upstream may settle (nginx adds none of the
   * rule's headers and the application's pass through) go to {@code open}.
   */
  private static List<HeaderSetJudgement.Problem> decided(List<HeaderSetJudgement.Problem> ps,
      NginxUpstream upstream, Map<String, List<String>> added,
      List<HeaderSetJudgement.Problem> open) {
    if (upstream == null) {
      return ps;
    }
    List<HeaderSetJudgement.Problem> out = new ArrayList<>();
    for (HeaderSetJudgement.Problem p : ps) {
      (upstream.maySettle(p, added) ? open : out).add(p);
    }
    return out;
  }

  /** What the config cannot decide, and which live check does. */
  private static String settledUpstream(List<HeaderSetJudgement.Problem> open,
      NginxUpstream upstream) {
    List<String> live = new ArrayList<>();
    for (HeaderSetJudgement.Problem p : open) {
      if (!live.contains(p.liveCheck())) {
        live.add(p.liveCheck());
      }
    }
    return "not decided by the config: " + String.join(", ", NginxUpstream.headers(open))
        + " not added by nginx here, and passed through from the upstream of "
        + upstream.where() + " if the application sends it; what clients get is for the"
        + " live " + String.join(", ", live) + " to say";
  }

  /**
   * For a proxied block: the upstream ({@code named} unless the sentence already names it), the
   * hides, and the headers nginx adds beside the application's own (nginx 1.22.1 sends both, so
   * a client may get two).
   */
  private static String upstreamNote(CheckContext ctx, NginxUpstream upstream,
      Map<String, List<String>> added, boolean named) {
    if (upstream == null) {
      return "";
    }
    List<String> ruled = HeaderSetJudgement.ruled(ctx.policy());
    StringBuilder out = new StringBuilder(named ? "; answered by the upstream of "
        + upstream.where() : "");
    for (String h : ruled) {
      NginxDirective hide = upstream.hiding(h);
      if (hide != null) {
        out.append("; ").append(hide.text()).append(" (").append(hide.at())
            .append(") drops the application's ").append(h);
      }
    }
    List<String> doubled = upstream.doubled(ruled, added);
    if (!doubled.isEmpty()) {
      out.append("; nginx adds ").append(String.join(", ", doubled)).append(" beside the"
          + " application's own (it does not replace it): if the application sends it too,"
          + " clients get two, which the live checks judge");
    }
    return out.toString();
  }

  /**
   * An {@code if} inside a location is a context of its own: for the requests its condition
   * matches, its add_header lines replace the location's (and everything inherited). The
   * condition is not evaluated, so the branch is judged as if some request matched it: a rule
   * it breaks fails for those requests, whatever the location sends otherwise.
   */
  private static Finding ifBranch(CheckContext ctx, Finding judged, NginxContexts.Level location) {
    return ctx.finding(ID).subject(judged.subject()).about(judged.about())
        .status(judged.status())
        .severity(judged.status() == Status.PASS ? null : judged.severity())
        .expected("the policy's header rules met on every response of the block, if-branches"
            + " included")
        .observed("for requests matching this if (condition not evaluated; judged as if some"
            + " request matches), its add_header lines replace those of " + location.label()
            + ": " + judged.observed(), judged.observedValue())
        .evidence(judged.evidence()).rule(judged.policyPointer()).build();
  }

  /** add_header lines of outer levels that this level's own add_header hides. */
  private static List<NginxDirective> droppedAbove(NginxContexts.Level level,
      NginxDirective owner) {
    List<NginxDirective> out = new ArrayList<>();
    if (owner == null) {
      return out;
    }
    boolean below = false;
    for (int i = level.chain().size() - 1; i >= 0; i--) {
      NginxDirective b = level.chain().get(i);
      if (b == owner) {
        below = true;
        continue;
      }
      if (below) {
        for (NginxDirective a : b.children("add_header")) {
          if (owner.children("add_header").stream()
              .noneMatch(x -> x.arg(0).equalsIgnoreCase(a.arg(0)))) {
            out.add(a);
          }
        }
      }
    }
    return out;
  }

  /** Drops Strict-Transport-Security from both maps; whether it was there. */
  private static boolean removeHsts(Map<String, List<String>> all,
      Map<String, List<String>> always) {
    boolean found = all.keySet().removeIf(k -> k.equalsIgnoreCase("Strict-Transport-Security"));
    always.keySet().removeIf(k -> k.equalsIgnoreCase("Strict-Transport-Security"));
    return found;
  }

  private static Status worst(List<HeaderSetJudgement.Problem> ps) {
    return ps.stream().anyMatch(p -> p.status() == Status.FAIL) ? Status.FAIL : Status.WARN;
  }

  private static String texts(List<HeaderSetJudgement.Problem> ps) {
    return String.join("; ", ps.stream().map(HeaderSetJudgement.Problem::text).toList());
  }
}

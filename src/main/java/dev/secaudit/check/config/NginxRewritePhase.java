package dev.secaudit.check.config;

import dev.secaudit.probe.config.NginxDirective;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What nginx's rewrite module does to a request in one block before limit_req (preaccess phase)
 * sees it: return and rewrite run in the rewrite phases, in file order, so a request they answer
 * is never counted, and one they move to another URI is counted by the location that serves the
 * new URI. Checked against nginx 1.22.1 with bursts on loopback: return, rewrite ... redirect,
 * permanent, or to an http(s) URL answer first; rewrite ... last, and a rewrite without flag
 * whose URI changed, make nginx choose the location again; rewrite ... break stays in the
 * location (its limit_req counts), except at server level, where no location is chosen yet.
 * Regular expressions are PCRE in nginx and Java's here: the common forms mean the same, and one
 * Java cannot compile is reported as not evaluated rather than guessed.
 */
final class NginxRewritePhase {
  private NginxRewritePhase() {}

  enum Kind {
    /** A response is sent in the rewrite phase: limit_req never runs. */
    ANSWERED,
    /** The URI changed and nginx chooses the location again, for {@code path}. */
    MOVED,
    /** The rewrite could not be evaluated (a regex or a replacement with variables). */
    UNKNOWN
  }

  /**
   * One outcome: {@code at} the directive, {@code condition} the if it sits in (null when every
   * request reaches it), {@code path} the URI after it, {@code why} what could not be evaluated.
   */
  record Step(Kind kind, NginxDirective at, NginxDirective condition, String path, String why) {
    /** "rewrite ^ /x redirect; (nginx.conf:7)". */
    String where() {
      return at.text() + " (" + at.at() + ")";
    }
  }

  /**
   * Runs {@code block}'s rewrite directives on {@code path}: the outcome every request gets, or
   * null when requests go on to this block's own phases unchanged (or with a break that keeps
   * them in this location). Outcomes that depend on an if go to {@code conditional}.
   */
  static Step run(NginxDirective block, String path, boolean serverLevel,
      List<Step> conditional) {
    return run(block, null, path, serverLevel, conditional);
  }

  private static Step run(NginxDirective block, NginxDirective condition, String start,
      boolean serverLevel, List<Step> conditional) {
    String path = start;
    NginxDirective changedBy = null;
    for (NginxDirective d : block.block()) {
      switch (d.name()) {
        case "return" -> {
          return new Step(Kind.ANSWERED, d, condition, path, "");
        }
        case "break" -> {
          return moved(changedBy, condition, path, start);
        }
        case "if" -> {
          if (d.block() != null && condition == null) {
            Step inner = run(d, d, path, serverLevel, conditional);
            if (inner != null) {
              conditional.add(inner);
            }
          }
        }
        case "rewrite" -> {
          Step s = rewrite(d, condition, path, serverLevel);
          if (s == null) {
            continue;
          }
          if (s.kind() != Kind.MOVED) {
            return s;
          }
          path = s.path();
          changedBy = d;
          String flag = d.arg(2);
          if (flag.equals("last")) {
            return s;
          }
          if (flag.equals("break")) {
            // In a location, break keeps the request there with the new URI; at server level
            // the location is yet to be chosen, for the new URI.
            return serverLevel ? s : null;
          }
        }
        default -> {
          // Other directives (set, limit_req...) do not answer or move the request.
        }
      }
    }
    return moved(changedBy, condition, path, start);
  }

  /** A changed URI makes nginx choose the location again once the phase ends. */
  private static Step moved(NginxDirective by, NginxDirective condition, String path,
      String start) {
    return by == null || path.equals(start) ? null
        : new Step(Kind.MOVED, by, condition, path, "");
  }

  /** One rewrite on {@code path}: null when its regex does not match. */
  private static Step rewrite(NginxDirective d, NginxDirective condition, String path,
      boolean serverLevel) {
    Matcher m;
    try {
      m = Pattern.compile(d.arg(0)).matcher(path);
    } catch (PatternSyntaxException e) {
      return new Step(Kind.UNKNOWN, d, condition, path, "its regular expression is not one"
          + " this check can evaluate");
    }
    if (!m.find()) {
      return null;
    }
    String replacement = d.arg(1);
    String flag = d.arg(2);
    if (flag.equals("redirect") || flag.equals("permanent") || replacement.startsWith("http://")
        || replacement.startsWith("https://") || replacement.startsWith("$scheme")) {
      return new Step(Kind.ANSWERED, d, condition, path, "");
    }
    // What follows '?' becomes the arguments, which choose no location.
    int q = replacement.indexOf('?');
    String next = expand(q < 0 ? replacement : replacement.substring(0, q), m);
    if (next == null) {
      return new Step(Kind.UNKNOWN, d, condition, path, "its replacement reads variables, so"
          + " the URI it makes is the request's");
    }
    return new Step(Kind.MOVED, d, condition, next, "");
  }

  /** The replacement with $1..$9 filled from the match; null when it reads other variables. */
  private static String expand(String replacement, Matcher m) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < replacement.length(); i++) {
      char c = replacement.charAt(i);
      if (c != '$') {
        out.append(c);
        continue;
      }
      if (i + 1 < replacement.length() && Character.isDigit(replacement.charAt(i + 1))) {
        int g = replacement.charAt(++i) - '0';
        String v = g <= m.groupCount() ? m.group(g) : null;
        out.append(v == null ? "" : v);
      } else {
        return null;
      }
    }
    return out.toString();
  }

  /** The rewrite phases of a request: the steps every request takes, and those some take. */
  record Route(List<Step> certain, List<Step> conditional, NginxContexts.Match match,
      String path) {
    /** The step that answers every request before limit_req, or null. */
    Step answered() {
      Step last = certain.isEmpty() ? null : certain.get(certain.size() - 1);
      return last != null && last.kind() == Kind.ANSWERED ? last : null;
    }

    /** Steps that could not be evaluated, certain or not. */
    List<Step> unknown() {
      List<Step> out = new ArrayList<>();
      for (Step s : certain) {
        if (s.kind() == Kind.UNKNOWN) {
          out.add(s);
        }
      }
      for (Step s : conditional) {
        if (s.kind() == Kind.UNKNOWN) {
          out.add(s);
        }
      }
      return out;
    }
  }

  /**
   * The location nginx serves {@code path} from after the server's and the locations' rewrites:
   * nginx allows ten URI changes before it answers 500, and so does this.
   */
  static Route route(NginxContexts.Level server, String path) {
    List<Step> certain = new ArrayList<>();
    List<Step> conditional = new ArrayList<>();
    String current = path;
    Step s = run(server.block(), current, true, conditional);
    if (s != null) {
      certain.add(s);
      current = s.kind() == Kind.MOVED ? s.path() : current;
    }
    NginxContexts.Match m = NginxContexts.locationFor(server, current);
    for (int cycles = 0; cycles < 10 && (s == null || s.kind() == Kind.MOVED); cycles++) {
      if (m.level() == server) {
        break;
      }
      s = run(m.level().block(), current, false, conditional);
      if (s == null) {
        break;
      }
      certain.add(s);
      if (s.kind() != Kind.MOVED) {
        break;
      }
      current = s.path();
      m = NginxContexts.locationFor(server, current);
    }
    return new Route(certain, conditional, m, current);
  }
}

package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.Target;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which kinds of endpoint (the API, an admin panel, staging...) each target the policy lists is
 * of, from the words of its name, tags, host and paths (topics.yaml `endpoint_kinds`). "All
 * endpoints" a scan verified are those targets: a claim over every endpoint speaks for a kind
 * only when a target of it was judged, and names it then ({@link Scope#speaksFor}).
 */
final class EndpointKinds {
  private final Map<String, Set<String>> byTarget;
  /** The kinds a target is of whatever was judged on it: its name, tags, host and URL. */
  private final Map<String, Set<String>> whole;
  /** The kinds each listed path of a target gives it, for findings that judged that path. */
  private final Map<String, Map<String, Set<String>>> byPath;
  private final Map<String, Set<String>> marks;

  private EndpointKinds(Map<String, Set<String>> byTarget, Map<String, Set<String>> whole,
      Map<String, Map<String, Set<String>>> byPath, Map<String, Set<String>> marks) {
    this.byTarget = byTarget;
    this.whole = whole;
    this.byPath = byPath;
    this.marks = marks;
  }

  static EndpointKinds of(Policy policy, Vocabulary vocabulary) {
    Map<String, Set<String>> byTarget = new TreeMap<>();
    Map<String, Set<String>> whole = new TreeMap<>();
    Map<String, Map<String, Set<String>>> byPath = new TreeMap<>();
    Map<String, Set<String>> marks = vocabulary.endpointKinds();
    for (Target t : policy.targets() == null ? List.<Target>of() : policy.targets()) {
      byTarget.put(t.name(), kinds(words(t, true), marks));
      whole.put(t.name(), kinds(words(t, false), marks));
      Map<String, Set<String>> paths = new TreeMap<>();
      for (String path : t.paths() == null ? List.<String>of() : t.paths()) {
        Set<String> kinds = path == null ? Set.of() : kinds(words(List.of(path)), marks);
        if (!kinds.isEmpty()) {
          paths.put(path, kinds);
        }
      }
      byPath.put(t.name(), paths);
    }
    return new EndpointKinds(byTarget, whole, byPath, marks);
  }

  private static Set<String> kinds(Set<String> words, Map<String, Set<String>> marks) {
    Set<String> kinds = new TreeSet<>();
    marks.forEach((kind, these) -> {
      if (these.stream().anyMatch(words::contains)) {
        kinds.add(kind);
      }
    });
    return Set.copyOf(kinds);
  }

  /**
   * The kinds of endpoint one finding judged: its target's own, and a listed path's only when the
   * finding is about that path. A redirect of the site's root over plain HTTP says nothing of
   * the API paths listed beside it (an auditor's review: "Do all your APIs require TLS?" was Yes
   * from the root's redirect, while the API path was never asked for over plain HTTP).
   */
  Set<String> judged(Finding f) {
    Set<String> kinds = new TreeSet<>(whole.getOrDefault(f.target(), Set.of()));
    String subject = f.subject() == null ? "" : f.subject();
    byPath.getOrDefault(f.target(), Map.of()).forEach((path, these) -> {
      if (subject.contains(path)) {
        kinds.addAll(these);
      }
    });
    return kinds;
  }

  /**
   * The kinds of endpoint a failing finding shows a lapse in: those it judged, and, on a target
   * the policy lists, the hosts, each target being one. A pass on every listed host shows
   * nothing of hosts not listed, so no claim from the scan names them ({@link #named}).
   */
  Set<String> lapsed(Finding f) {
    Set<String> kinds = judged(f);
    if (byTarget.containsKey(f.target())) {
      kinds.add(HOST);
    }
    return kinds;
  }

  static final String HOST = Scope.ENDPOINT_KIND + "host";

  /**
   * The kinds a target's listed paths give to the requests a finding cites (their recorded
   * summaries, "GET https://host/api/v1/items → 200"): a finding that folds every page of its
   * target into one (hsts.header) judged each page it asked for, the API path among them;
   * nothing for a target listing no path of a kind.
   */
  Set<String> requested(String target, java.util.function.Supplier<List<String>> asked) {
    Map<String, Set<String>> paths = byPath.getOrDefault(target, Map.of());
    Set<String> kinds = new TreeSet<>();
    if (!paths.isEmpty()) {
      List<String> summaries = asked.get();
      paths.forEach((path, these) -> {
        if (summaries.stream().anyMatch(s -> s.contains(path))) {
          kinds.addAll(these);
        }
      });
    }
    return kinds;
  }

  /** The kinds the policy's targets are of, together. */
  Set<String> listed() {
    Set<String> all = new TreeSet<>();
    byTarget.values().forEach(all::addAll);
    return all;
  }

  /** The kinds one target is of; none for a target the policy does not list. */
  Set<String> of(String target) {
    return byTarget.getOrDefault(target, Set.of());
  }

  /**
   * Why no claim from the scan speaks for a kind of endpoint a question names, or "" when a
   * probed target is of that kind (then the claims' own standing says why).
   */
  String notProbed(String kind, Set<String> probed) {
    if (probed.stream().anyMatch(t -> of(t).contains(kind))) {
      return "";
    }
    String name = kind.substring(Scope.ENDPOINT_KIND.length());
    Set<String> words = marks.getOrDefault(kind, Set.of());
    return kind.equals(HOST) ? "the question asks about all hosts; the scan probed the hosts"
        + " the policy lists, and nothing shows they are all of them"
        : words.isEmpty()
        ? "the question asks about all " + name + "s; the scan probed the hosts the policy lists,"
            + " which are some of them, not all"
        : "the question asks about " + name + " endpoints; the scan probed none (no target is"
            + " named, tagged, hosted or given a path as " + String.join(" or ",
                new TreeSet<>(words)) + ")";
  }

  /**
   * A claim from the scan over every endpoint, naming the kinds of the targets its checks
   * judged; any other claim as it is. A person's word over "all endpoints" names no kind: what it
   * says of the API is for a person to weigh, as no API was probed.
   */
  Claim named(Claim c, ClaimEvidence evidence) {
    Scope scope = c.part().scope();
    if (!c.checked() || !scope.universal() || !scope.nouns().contains("endpoint")) {
      return c;
    }
    Set<String> kinds = new TreeSet<>();
    for (Finding f : evidence.findings(c.checkIds())) {
      kinds.addAll(judged(f));
    }
    return kinds.isEmpty() ? c : c.scoped(scope.naming(kinds));
  }

  /**
   * A stated claim its live checks verified, less what its sentence names beyond the targets
   * they judged: "Our website, domains, and API are protected by Cloudflare" with only the site
   * listed is verified for the site, and the reason names the API no target was of (before, the
   * edge check's pass on the site verified the API too).
   */
  Claim probedKinds(Claim c, ClaimEvidence evidence) {
    if (c.standing() != Standing.VERIFIED) {
      return c;
    }
    Set<String> judged = new TreeSet<>();
    Set<String> kindsJudged = new TreeSet<>();
    evidence.findings(c.checkIds()).stream().filter(f -> byTarget.containsKey(f.target()))
        .forEach(f -> {
          judged.add(f.target());
          kindsJudged.addAll(judged(f));
        });
    if (judged.isEmpty()) {
      return c; // files and configs read, not targets probed
    }
    List<String> missing = c.part().scope().nouns().stream()
        .filter(n -> n.startsWith(Scope.ENDPOINT_KIND))
        .filter(n -> !kindsJudged.contains(n)).sorted().toList();
    if (missing.isEmpty()) {
      return c;
    }
    List<String> named = missing.stream().map(k -> {
      Set<String> words = marks.getOrDefault(k, Set.of());
      String name = k.substring(Scope.ENDPOINT_KIND.length());
      return words.isEmpty() ? "every " + name : "the " + name + " (no target judged is named,"
          + " tagged, hosted or given a path as " + String.join(" or ", new TreeSet<>(words)) + ")";
    }).toList();
    return c.unknown("its checks (" + String.join(", ", c.checkIds()) + ") passed on "
        + String.join(", ", judged) + " only; the statement also speaks of "
        + String.join(", ", named) + ": list such a target, or narrow the statement to what"
        + " was scanned");
  }

  /**
   * The lower-cased words a target is known by: name, tags, host labels, its URL's path, and with
   * {@code paths} the segments of the paths it lists.
   */
  private static Set<String> words(Target t, boolean paths) {
    List<String> texts = new ArrayList<>();
    texts.add(t.name());
    if (t.tags() != null) {
      texts.addAll(t.tags());
    }
    for (String url : new String[] {t.url(), t.httpUrl()}) {
      if (url == null) {
        continue;
      }
      try {
        URI u = URI.create(url.contains("://") ? url : "tls://" + url);
        if (u.getHost() != null && !u.getHost().matches("[0-9.:\\[\\]]+")) {
          texts.add(u.getHost());
        }
        texts.add(u.getPath());
      } catch (IllegalArgumentException notAUrl) {
        // The policy loader has refused such a URL already; it names no kind.
      }
    }
    if (paths && t.paths() != null) {
      texts.addAll(t.paths());
    }
    return words(texts);
  }

  private static Set<String> words(List<String> texts) {
    Set<String> words = new TreeSet<>();
    for (String text : texts) {
      if (text != null) {
        for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
          if (!w.isEmpty()) {
            words.add(w);
          }
        }
      }
    }
    return words;
  }
}

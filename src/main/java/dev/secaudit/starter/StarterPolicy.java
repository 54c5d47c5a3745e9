package dev.secaudit.starter;

import static dev.secaudit.starter.PageRules.map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.TlsVersion;
import dev.secaudit.model.Value;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A starter policy for a live site in two parts. First what the site's own pages claim, with the
 * pages' parameters ({@link PageRules}): those rules are never taken back, so the first scan shows
 * where the site falls short of its own page. Then hardening the pages do not claim, grown by
 * elimination: it starts from the rules a careful site meets (TLS 1.2+, HSTS for a year, a CSP,
 * the OWASP headers, hardened cookies, security.txt) and each scan's failures take back what the
 * site does not meet today. What it took back is kept as a note. Pure: the scans are run by the
 * caller.
 */
public final class StarterPolicy {
  /** The one target's name, which the pages' rules (rate limits) refer to. */
  public static final String TARGET = "site";
  /** The TLS minimum init starts from over https:// when the pages state none. */
  static final String MIN_VERSION = "1.2";
  /** HSTS max-age claims tried in turn, strongest first. */
  private static final List<String> HSTS_LADDER = List.of("2y", "1y", "180d", "1d");

  private final Map<String, Object> tree = new LinkedHashMap<>();
  private final Map<String, String> notes = new TreeMap<>();
  private final Map<String, Object> disabled = new TreeMap<>();
  /** Whose each written section is; its {@code claimed} are the keys the site's pages set. */
  private final SectionMarks marks = new SectionMarks();
  private final java.util.Set<String> claimed = marks.claimed;
  /** Pointers of the rules the pages set: findings under them are never taken back. */
  private java.util.Set<String> claimedPointers = java.util.Set.of();
  private PageRules page;

  /**
   * @param caFile a CA bundle the site's certificate chains to (a private CA), or null
   */
  public StarterPolicy(String url, String caFile) {
    URI uri = URI.create(url);
    String host = uri.getHost() == null ? "site" : uri.getHost().toLowerCase(Locale.ROOT);
    tree.put("version", 1);
    tree.put("name", host.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", ""));
    tree.put("targets", List.of(map("name", TARGET, "url", url)));
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    if (https) {
      Map<String, Object> tls = map("min_version", MIN_VERSION);
      if (caFile != null) {
        tls.put("certificate", map("ca_file", caFile));
      }
      tree.put("tls", tls);
      tree.put("hsts", map("min_max_age", HSTS_LADDER.get(0), "include_subdomains", true));
    }
    tree.put("csp", map("required", true));
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("X-Content-Type-Options", map("value", "nosniff"));
    headers.put("Referrer-Policy", map("required", true));
    headers.put("Permissions-Policy", map("required", true));
    headers.put("Cross-Origin-Opener-Policy", map("required", true));
    headers.put("X-Powered-By", map("required", false));
    tree.put("headers", headers);
    // Version banners are checked from the pages fetched anyway; a site that sends one sees
    // it among the rules taken back, not silently unchecked.
    tree.put("info_leak", new LinkedHashMap<>());
    tree.put("cookies", new ArrayList<>(List.of(map("name", "*", "secure", https,
        "http_only", true, "same_site", "Lax"))));
    if (https) {
      tree.put("security_txt", map("required", true));
    }
  }

  /**
   * Probes the pages init read and the paths they name, not the given page alone, so a claim on
   * every page, or a vendor's script on the security page, is judged where it is made.
   */
  @SuppressWarnings("unchecked")
  public void probe(PageClaims found) {
    Map<String, Object> target = (Map<String, Object>) ((List<?>) tree.get("targets")).get(0);
    List<String> paths = ProbedPaths.of(URI.create(String.valueOf(target.get("url"))),
        found.htmlPages());
    if (paths.size() > 1) {
      target.put("paths", paths);
    }
  }

  /**
   * Adds what the site's pages claim. Their sections replace the observed ones of the same name
   * (TLS settings merge, the page's minimum winning), and their checks are never taken back.
   */
  @SuppressWarnings("unchecked")
  public void claim(PageRules rules) {
    this.page = rules;
    this.claimedPointers = rules.pointers();
    for (Map.Entry<String, Object> e : rules.sections().entrySet()) {
      Object had = tree.get(e.getKey());
      if (had instanceof Map<?, ?> old && e.getKey().equals("headers")) {
        // A header the page names gets the page's rule alone: "sends X-Content-Type-Options"
        // is its presence, not the value init's hardening asks for. The page's come first,
        // the hardening's after them under a mark of their own: no page named those.
        Map<String, Object> headers = new LinkedHashMap<>((Map<String, Object>) e.getValue());
        ((Map<String, Object>) old).forEach((k, v) -> {
          if (headers.putIfAbsent(k, v) == null) {
            marks.hardeningHeaders.add(k);
          }
        });
        tree.put("headers", headers);
      } else if (had instanceof Map<?, ?> old && e.getKey().equals("tls")) {
        merge((Map<String, Object>) old, (Map<String, Object>) e.getValue());
      } else if (e.getKey().equals("extends") && had instanceof List<?> presets) {
        for (Object p : (List<Object>) e.getValue()) {
          if (!presets.contains(p)) {
            ((List<Object>) presets).add(p);
          }
        }
      } else {
        tree.put(e.getKey(), e.getValue());
      }
      (e.getKey().equals("security_txt") && rules.securityTxtFromFile() ? marks.fromSecurityTxt
          : claimed).add(e.getKey());
    }
    marks.readings.putAll(rules.readings());
    List<Map<String, Object>> claims = new ArrayList<>();
    java.util.Set<String> taken = new java.util.HashSet<>();
    rules.rules().forEach(r -> taken.add(r.claim().id()));
    for (PageRules.Rule r : rules.rules()) {
      PageClaims.Found f = r.claim();
      Map<String, Object> claim = map("id", f.id(), "statement", f.statement());
      if (writtenTopic(f) != null) {
        claim.put("topic", writtenTopic(f));
      }
      if (r.kind() == PageRules.Kind.CHECK || r.kind() == PageRules.Kind.TODO) {
        claim.put("checks", r.checks());
        claims.add(claim);
      } else if (r.kind() == PageRules.Kind.GAP) {
        claim.put("polarity", r.note().equals("planned") ? "planned" : "not_in_place");
        claims.add(claim);
        if (f.reading().parts().stream().filter(p -> !p.topic().isAbstract()).count() > 1) {
          // "SOC 2 / ISO 27001: no formal certification", "not currently SOC 2 or ISO 27001
          // certified": each gap it states is a claim of its own, with its topic, so each is
          // answered No where it is asked (a blind review found one gap with no topic). A claim
          // read in part stands for its named topic only, so the topic is needed there too.
          List<dev.secaudit.claim.ClaimPart> parts = f.reading().parts().stream()
              .filter(p -> !p.topic().isAbstract()).toList();
          claim.put("topic", parts.get(0).topic().id());
          for (dev.secaudit.claim.ClaimPart p : parts.subList(1, parts.size())) {
            Map<String, Object> more = new LinkedHashMap<>(claim);
            more.put("id", PageClaims.unique(p.topic().id(), taken));
            more.put("topic", p.topic().id());
            claims.add(more);
          }
        }
      }
    }
    if (!claims.isEmpty()) {
      tree.put("claims", claims);
    }
  }

  /**
   * Takes back what the failed and erroring findings show the site does not meet, apart from
   * what its pages claim: a failure there is the gap the founder needs to see.
   *
   * @return whether anything changed (false: the findings hold no failure to learn from)
   */
  public boolean learn(List<Finding> findings) {
    boolean changed = !claimed.contains("cookies") && cookiesByName(findings);
    for (Finding f : findings) {
      if ((f.status() == Status.FAIL || f.status() == Status.ERROR) && !isClaimed(f)) {
        changed |= takeBack(f);
      }
    }
    return changed;
  }

  /** Copies {@code from} into {@code into}, maps merged key by key, other values replaced. */
  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> into, Map<String, Object> from) {
    from.forEach((k, v) -> {
      if (into.get(k) instanceof Map<?, ?> old && v instanceof Map<?, ?> more) {
        merge((Map<String, Object>) old, (Map<String, Object>) more);
      } else {
        into.put(k, v);
      }
    });
  }

  /**
   * The topic a claim is written with: its one topic, so a reworded statement keeps it; with
   * several, the statement says them. Read the same way before init writes the claim.
   */
  static String writtenTopic(PageClaims.Found f) {
    return f.reading().parts().size() == 1 ? f.category() : null;
  }

  /**
   * A finding that judges a rule of the pages (its policy pointer lies in a section they set) or
   * a claim itself is never taken back.
   */
  public boolean isClaimed(Finding f) {
    if (f.checkId().startsWith("claim.")) {
      return true;
    }
    String pointer = f.policyPointer() == null ? "" : f.policyPointer();
    for (String p : claimedPointers) {
      if (pointer.equals(p) || pointer.startsWith(p + "/")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks whose failure init never takes back: a certificate browsers refuse is not a weaker
   * claim to write down but a question for the user (a private CA, or a certificate to fix).
   */
  public static final java.util.Set<String> NEVER_TAKEN_BACK = java.util.Set.of(
      "tls.certificate.trusted", "tls.certificate.hostname", "tls.certificate.chain");

  private boolean takeBack(Finding f) {
    if (NEVER_TAKEN_BACK.contains(f.checkId())) {
      return false;
    }
    String why = f.checkId() + (f.subject().isEmpty() ? "" : " [" + f.subject() + "]") + ": "
        + f.status().name().toLowerCase(Locale.ROOT) + ", " + oneLine(f.observed());
    Map<String, Object> hsts = section("hsts");
    switch (f.checkId()) {
      case "tls.protocols": {
        // The site accepts an older version than the draft claims: claim the oldest it accepts,
        // so the policy states what the site meets and the note says what to raise.
        String accepted = draftVersion(f);
        Map<String, Object> tls = section("tls");
        if (tls != null && accepted != null && f.status() == Status.FAIL
            && accepted.compareTo(String.valueOf(tls.getOrDefault("min_version", "9"))) < 0) {
          tls.put("min_version", accepted);
          notes.put("tls.protocols", why);
          return true;
        }
        if (remove(tls, "min_version", why)) {
          return true;
        }
        return switchOff(f.checkId(), why);
      }
      case "hsts.header":
        return removeSection("hsts", why);
      case "hsts.max_age": {
        if (hsts == null) {
          return false;
        }
        int next = HSTS_LADDER.indexOf(String.valueOf(hsts.get("min_max_age"))) + 1;
        if (next > 0 && next < HSTS_LADDER.size()) {
          hsts.put("min_max_age", HSTS_LADDER.get(next));
          notes.put("hsts.max_age", why);
          return true;
        }
        return removeSection("hsts", why);
      }
      case "hsts.include_subdomains":
        return remove(hsts, "include_subdomains", why);
      case "csp.header":
        return removeSection("csp", why);
      case "header.rule": {
        Map<String, Object> headers = section("headers");
        String name = f.about() != null ? f.about().name() : f.subject();
        return remove(headers, name, why);
      }
      case "cookie.secure":
        return removeFromCookie(f.subject(), "secure", why);
      case "cookie.http_only":
        return removeFromCookie(f.subject(), "http_only", why);
      case "cookie.same_site": {
        // A stricter SameSite than Lax is no fault: claim the value the site sends.
        String sent = sameSiteSent(f.observedValue());
        Map<String, Object> rule = cookieRule(f.subject());
        if (sent != null && rule != null && !sent.equals(rule.get("same_site"))) {
          rule.put("same_site", sent);
          return true;
        }
        return removeFromCookie(f.subject(), "same_site", why);
      }
      case "header.info_leak":
        return removeSection("info_leak", why);
      case "security_txt.present":
        return removeSection("security_txt", why);
      default:
        // No rule of ours asked for it (a default-on check): switch it off, visibly.
        return switchOff(f.checkId(), why);
    }
  }

  private boolean switchOff(String checkId, String why) {
    if (disabled.containsKey(checkId)) {
      return false;
    }
    disabled.put(checkId, map("enabled", false));
    notes.put(checkId, why);
    return true;
  }

  /** The policy as YAML, with what was taken back and the claims only a person can attest. */
  public String yaml() {
    Map<String, Object> out = new LinkedHashMap<>(tree);
    if (!disabled.isEmpty()) {
      out.put("checks", new LinkedHashMap<>(disabled));
    }
    StringBuilder b = new StringBuilder();
    b.append("# Starter policy written by 'secaudit init' from ")
        .append(((Map<?, ?>) ((List<?>) tree.get("targets")).get(0)).get("url"))
        .append(" and its own pages.\n");
    if (!claimed.isEmpty()) {
      b.append("# Sections marked 'claimed by the site's pages' hold what the pages say, with"
          + " their numbers:\n# they stay even where the site fails them today, so the scan"
          + " shows where the site\n# falls short of its own page. Values 'TODO' need what no"
          + " site shows (a config path, an\n# endpoint): 'secaudit validate' lists them by"
          + " line; until set, their checks are skipped.\n");
    }
    b.append("# Sections marked 'not claimed by the pages' pass today; raise them as the site"
        + " improves.\n");
    if (!notes.isEmpty()) {
      b.append("#\n# Not claimed, because the site does not meet it today (fix, then add the"
          + " rule back;\n# checks switched off under 'checks:' are listed here too):\n");
      notes.forEach((id, why) -> b.append("#   - ").append(oneLine(why)).append('\n'));
    }
    b.append('\n');
    try {
      ObjectMapper yaml = new ObjectMapper(new YAMLFactory()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
      b.append(marks.marked(yaml.writeValueAsString(out),
          page == null ? "" : page.vendorNotes()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a starter policy is plain maps and lists", e);
    }
    b.append(TODO_CLAIMS);
    return literalEnvironment(b.toString());
  }

  /**
   * Every '${env:' in the policy as the escape for a literal one. Nothing init writes refers to
   * the environment: such text came from the site's pages, and read as a reference it would load
   * a variable the site names (a red-team page did) or stop every later scan when it is unset.
   * Comments too, since a person uncomments an attestation as it stands.
   */
  static String literalEnvironment(String policy) {
    return policy.replace("${env:", "$${env:");
  }

  /**
   * The policy as {@link #yaml()} (comments aside, the same text), with the pages read and the
   * claims of the pages only a person can vouch for as commented attestations, each citing its
   * sentence and page; generic TODOs follow for topics the pages did not mention.
   */
  public String draft(PageClaims found) {
    StringBuilder todo = new StringBuilder();
    java.util.Set<String> stated = new java.util.HashSet<>();
    if (page != null) {
      for (PageRules.Rule r : page.rules()) {
        stated.add(r.claim().category());
        if (r.kind() != PageRules.Kind.ATTEST) {
          continue;
        }
        PageClaims.Found c = r.claim();
        todo.append("#   - id: ").append(c.id()).append('\n')
            .append("#     statement: ").append(PageClaims.quoted(c.statement())).append('\n')
            .append(c.category().isEmpty() ? "" : "#     topic: " + c.category() + "\n")
            .append(wrapped("#     # ", "stated on " + PageClaims.oneLine(String.join(", ",
                c.sources())) + "; " + PageClaims.oneLine(r.note())))
            .append("#     attest: {owner: cto@example.com, date: YYYY-MM-DD, evidence: [")
            .append(String.join(", ", c.sources().stream().map(PageClaims::quoted).toList()))
            .append("]}\n");
      }
    }
    String[] parts = TODO_CLAIMS.split("(?m)(?=^#   - id: )");
    StringBuilder out = new StringBuilder(parts[0]).append(todo);
    for (int i = 1; i < parts.length; i++) {
      String entry = parts[i];
      String id = entry.substring(10, entry.indexOf('\n')).strip();
      int trailer = entry.indexOf("# subprocessors:");
      if (!stated.contains(id)) {
        out.append(entry);
      } else if (trailer >= 0) {
        out.append(entry, trailer, entry.length());
      }
    }
    String policy = yaml();
    String claims = out.toString();
    if (tree.containsKey("subprocessors")) {
      claims = claims.replaceAll("(?s)# subprocessors:\\n.*", ""); // the pages' list is above
    }
    return policy.substring(0, policy.length() - literalEnvironment(TODO_CLAIMS).length())
        + literalEnvironment(found.pagesComment() + claims);
  }

  /**
   * What only a person can vouch for, by topic, with no number or fact filled in: uncomment the
   * true ones, write what you really do, and attest with an owner and a date.
   */
  static final String TODO_CLAIMS = """

      # Claims only a person can attest: uncomment the true ones, write in the statement what
      # you really do (the <...> parts), and set the owner and date. A claim goes stale after
      # max_age (default 365d). Those read from your pages come first, citing the page.
      # claims:
      #   - id: mfa
      #     statement: "<Who> must use two-factor authentication to reach <servers, code, admin tools>."
      #     attest: {owner: cto@example.com, date: YYYY-MM-DD}
      #   - id: passwords.hashing
      #     statement: "User passwords are hashed with <algorithm and cost>."
      #     attest: {owner: cto@example.com, date: YYYY-MM-DD}
      #   - id: encryption.at_rest
      #     statement: "<Which data> is encrypted at rest with <cipher>."
      #     attest: {owner: cto@example.com, date: YYYY-MM-DD}
      #   - id: backups
      #     statement: "<Which data> is backed up every <interval>; a restore was last tested on <date>."
      #     attest: {owner: ops@example.com, date: YYYY-MM-DD, evidence: [<link to the restore test>]}
      #   - id: incident.notification
      #     statement: "Affected customers are told of a breach within <hours> hours."
      #     attest: {owner: cto@example.com, date: YYYY-MM-DD}
      #   - id: access.least_privilege
      #     statement: "Production access is limited to <who> and reviewed every <interval>."
      #     attest: {owner: cto@example.com, date: YYYY-MM-DD, max_age: 90d}
      # subprocessors:
      #   declared:
      #     - {name: <vendor>, purpose: <what it does>, location: <where>}
      """;

  /** What was taken back, by check id, for the command's summary. */
  public Map<String, String> notes() {
    return Map.copyOf(notes);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> section(String name) {
    Object s = tree.get(name);
    return s instanceof Map<?, ?> ? (Map<String, Object>) s : null;
  }

  private boolean removeSection(String name, String why) {
    if (tree.remove(name) == null) {
      return false;
    }
    notes.put(name, why);
    return true;
  }

  private boolean remove(Map<String, Object> section, String key, String why) {
    if (section == null || section.remove(key) == null) {
      return false;
    }
    notes.put(why.substring(0, why.indexOf(':')), why);
    return true;
  }

  /**
   * The first scan names the cookies the site sets: the one rule for every cookie becomes a rule
   * per cookie, so one tracking cookie without HttpOnly does not cost the session cookie its
   * claim.
   */
  private boolean cookiesByName(List<Finding> findings) {
    List<Map<String, Object>> rules = cookieRules();
    if (rules.size() != 1 || !"*".equals(rules.get(0).get("name"))) {
      return false;
    }
    Map<String, Object> template = rules.get(0);
    List<Map<String, Object>> named = new ArrayList<>();
    java.util.Set<String> seen = new java.util.LinkedHashSet<>();
    for (Finding f : findings) {
      if (f.checkId().startsWith("cookie.") && !f.subject().isEmpty() && seen.add(f.subject())) {
        Map<String, Object> rule = new LinkedHashMap<>(template);
        rule.put("name", f.subject());
        named.add(rule);
      }
    }
    if (named.isEmpty()) {
      tree.remove("cookies");
      return true;
    }
    tree.put("cookies", new ArrayList<>(named));
    return true;
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> cookieRules() {
    Object rules = tree.get("cookies");
    return rules instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
  }

  private Map<String, Object> cookieRule(String name) {
    return cookieRules().stream().filter(r -> name.equals(r.get("name"))).findFirst()
        .orElse(null);
  }

  /**
   * The TLS 1.x version a tls.protocols finding is about, as a policy writes it ("1.0"), or null
   * for SSL and anything else.
   */
  private static String draftVersion(Finding f) {
    TlsVersion v = f.about() == null ? null : f.about().protocol();
    return v == null || !v.label().startsWith("TLS ") ? null : v.label().substring(4);
  }

  /** The first valid SameSite value a cookie.same_site finding saw sent, or null. */
  private static String sameSiteSent(Value observed) {
    List<Value> seen = observed instanceof Value.Items items ? items.items()
        : observed == null ? List.of() : List.of(observed);
    for (Value v : seen) {
      String sent = v instanceof Value.Setting s ? s.value()
          : v instanceof Value.Cookie c ? c.sameSite() : null;
      if (sent != null && List.of("Strict", "Lax", "None").contains(sent)) {
        return sent;
      }
    }
    return null;
  }

  private boolean removeFromCookie(String name, String attribute, String why) {
    Map<String, Object> rule = cookieRule(name);
    if (rule == null || rule.remove(attribute) == null) {
      return false;
    }
    if (rule.size() == 1) {
      cookieRules().remove(rule);
    }
    notes.put("cookie." + attribute + " [" + name + "]", why);
    return true;
  }


  /**
   * A comment in lines of at most {@link #COMMENT_WIDTH} characters after the prefix: the reason
   * a claim is left to attest is the part a founder acts on, so it is never cut short.
   */
  static String wrapped(String prefix, String text) {
    StringBuilder out = new StringBuilder();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > COMMENT_WIDTH) {
        out.append(prefix).append(line).append('\n');
        line.setLength(0);
      }
      line.append(line.length() > 0 ? " " : "").append(word);
    }
    return out.append(prefix).append(line).append('\n').toString();
  }

  private static final int COMMENT_WIDTH = 160;

  private static String oneLine(String s) {
    String t = s == null ? "" : s.replaceAll("\\s+", " ").strip();
    return t.length() > 160 ? t.substring(0, 157) + "..." : t;
  }
}

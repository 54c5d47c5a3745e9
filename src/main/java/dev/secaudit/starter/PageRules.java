package dev.secaudit.starter;

import dev.secaudit.claim.ClaimPart;
import dev.secaudit.claim.Polarity;
import dev.secaudit.claim.SentenceReader;
import dev.secaudit.claim.Vocabulary;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What the site's own pages claim, as policy rules with the pages' parameters: "TLS 1.2+" becomes
 * {@code tls.min_version: "1.2"}, "10 login attempts a minute" a rate limit of 10 per 1m, "SSH keys
 * only" an sshd rule whose config path is a {@code TODO} placeholder (no site shows it). A stated
 * gap ("Automated backups: not configured yet") becomes a gap, never a claim; a claim no probe can
 * see becomes an attestation to make, citing its sentence and page. Pure: decides from readings.
 */
public final class PageRules {
  /** The value a path no site shows is written with; validate and scan report it by line. */
  public static final String TODO = "TODO";

  /** What became of one page sentence. */
  public enum Kind {
    /** Checked by the scan with the page's parameters. */
    CHECK,
    /** Checked once a person fills in what no site shows (a config path, a sign-in flow). */
    TODO,
    /** Only a person can vouch for it: written as an attestation to make. */
    ATTEST,
    /** The page says it is not in place, or only planned. */
    GAP
  }

  /**
   * @param checks the check globs that verify it (CHECK and TODO)
   * @param rules the policy rules it set, in words ("tls.min_version: 1.2")
   * @param note why it is not checked, or what to fill in
   */
  public record Rule(Kind kind, PageClaims.Found claim, List<String> checks, List<String> rules,
      String note) {}

  private final List<Rule> rules = new ArrayList<>();
  /** The policy the parts write, with the pointers of the rules they set. */
  private final PagePolicy policy;
  private final PageVendors vendors;
  /** The ids of the pages' claims, and of those init names anew (a context candidate's). */
  private final Set<String> ids = new java.util.HashSet<>();
  private boolean fromSecurityTxt;

  /** How validate reads a claim: init writes none it would call read in part. */
  private final SentenceReader reader;
  /** What validate would note of a claim: init writes none with checks that it would note. */
  private final ValidateReading validate;

  private PageRules(URI site, Map<String, List<String>> vendors, Set<String> edgeVendors,
      SentenceReader reader, Function<String, List<String>> checksOf) {
    this.policy = new PagePolicy(site);
    this.reader = reader;
    this.validate = new ValidateReading(reader, Vocabulary.builtIn(), checksOf);
    this.vendors = new PageVendors(vendors, edgeVendors);
  }

  /**
   * @param site the site's URL: given as https:// TLS rules can be checked, and on port 443
   *     its plain-HTTP redirect
   * @param vendors known vendors: each name as the policy declares it, with every name a page
   *     may call it by
   * @param edgeVendors the vendors whose edge headers are known, as the policy declares them
   * @param checksOf the check ids one entry of a claim's checks selects, as validate takes
   *     them (a glob's matches, the checks behind a rule's pointer)
   */
  public static PageRules of(PageClaims found, URI site,
      Map<String, List<String>> vendors, Set<String> edgeVendors,
      Function<String, List<String>> checksOf) {
    PageRules r = new PageRules(site, vendors, edgeVendors, found.reader(), checksOf);
    found.claims().forEach(f -> r.ids.add(f.id()));
    for (PageClaims.Found f : found.claims()) {
      r.add(f);
    }
    r.vendors.listed(found.htmlPages());
    Map<String, Object> subprocessors = r.vendors.section();
    if (subprocessors != null) {
      r.policy.set("subprocessors", subprocessors);
    }
    if (!found.contacts().isEmpty()) {
      // security.txt is the site's own statement of its disclosure contacts, not a sentence of
      // its pages: the section is kept like the pages' rules but marked apart, and its contacts
      // are rules (a comment alone never let page publish the contact; founder24).
      r.fromSecurityTxt = !r.policy.has("security_txt");
      if (r.fromSecurityTxt) {
        r.policy.set("security_txt", map("required", true));
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> txt = (Map<String, Object>) r.policy.tree().get("security_txt");
      txt.put("contacts", List.copyOf(found.contacts().keySet()));
    }
    return r;
  }

  /**
   * Whether the security_txt section comes from the site's security.txt alone, no page sentence
   * naming it: written apart from what the pages claim.
   */
  public boolean securityTxtFromFile() {
    return fromSecurityTxt;
  }

  /** Why a value was read as it was ("hsts/min_max_age"), where the page names none. */
  public Map<String, String> readings() {
    return Map.copyOf(policy.readings());
  }

  public List<Rule> rules() {
    return List.copyOf(rules);
  }

  /** The policy sections the pages' claims set (top-level key to value). */
  public Map<String, Object> sections() {
    return policy.tree();
  }

  /**
   * JSON pointers of the rules the pages set ("/tls/min_version", "/cookies"): a finding whose
   * policy pointer lies under one judges the pages' claim, and its failure is a gap to keep.
   */
  public Set<String> pointers() {
    return Set.copyOf(policy.pointers());
  }

  /**
   * Where the pages' vendor lists disagree and which sentences certify a vendor, as YAML
   * comments, or "" (PageVendors).
   */
  public String vendorNotes() {
    return vendors.disagreement() + vendors.borrowedComment();
  }

  public long count(Kind kind) {
    return rules.stream().filter(r -> r.kind() == kind).count();
  }

  /**
   * Sentences left to attest although rules they set still run: checks that test only part of
   * them, or that validate would note as not showing them. The summary says how many, so a
   * reader of the counts knows these are not claims no probe can see.
   */
  public long attestedOverRules() {
    return rules.stream().filter(r -> r.kind() == Kind.ATTEST && !r.rules().isEmpty()).count();
  }

  private void add(PageClaims.Found f) {
    Rule before = gapBeforeBut(f);
    if (before != null) {
      rules.add(before);
      int at = rules.size();
      addWhole(f);
      if (rules.size() > at && rules.get(at).kind() == Kind.ATTEST) {
        Rule whole = rules.get(at);
        rules.set(at, new Rule(whole.kind(), whole.claim(), whole.checks(), whole.rules(),
            whole.note() + "; its clause before 'but' is written as the gap '"
            + before.claim().id() + "'"));
      }
      return;
    }
    addWhole(f);
  }

  private void addWhole(PageClaims.Found f) {
    List<ClaimPart> parts = f.reading().parts().stream().filter(p -> !p.topic().isAbstract())
        .toList();
    boolean gaps = parts.stream().anyMatch(p -> p.polarity() != Polarity.IN_PLACE);
    boolean inPlace = parts.stream().anyMatch(p -> p.polarity() == Polarity.IN_PLACE);
    Rule gap = PageGaps.rule(f, parts, gaps, inPlace, reader, ids);
    if (gap != null) {
      rules.add(gap);
      return;
    }
    boolean row = vendors.vendorRow(f);
    boolean namesVendor = vendors.isVendorContext(f) && vendors.collect(f);
    if (namesVendor && (row || parts.stream()
        .allMatch(p -> p.topic().id().equals("subprocessors")))) {
      // A row of the vendor list ("Cloudflare: hosting, DNS, TLS termination") says what the
      // vendor does, not that the site does it: it feeds subprocessors.declared, no claim.
      return;
    }
    if (parts.isEmpty() && !namesVendor && f.category().equals("subprocessors")) {
      // Under "Infrastructure" but naming no vendor ("Isolation: production is separated from
      // dev/staging"): the heading's word is no topic of the sentence, which is attested as
      // the page says it (a blind review found it written as a claim about subprocessors).
      f = f.asContext(PageClaims.unique(PageWording.labelId(f.statement()), ids));
    }
    if (vendors.borrowsCertification(f, parts)) {
      return; // a vendor's certification is the vendor's fact, never the site's attestation
    }
    List<String> set = new ArrayList<>();
    List<String> verifying = new ArrayList<>();
    List<String> todo = new ArrayList<>();
    List<String> unchecked = new ArrayList<>();
    List<String> whyNot = new ArrayList<>();
    for (ClaimPart p : parts) {
      PagePolicy.Contribution c = policy.contribute(p, f);
      if (c != null && c.rule() == null) {
        whyNot.add(c.todo());
        c = null;
      }
      // Only a check its topic lists tests a part: "at rest with AES-256" is not tested by the
      // TLS handshakes the same sentence's "in transit" part set.
      List<String> testing = c == null ? List.of()
          : c.checks().stream().filter(k -> tests(p, k)).toList();
      if (testing.isEmpty()) {
        unchecked.add(p.topic().title());
      }
      if (c == null) {
        continue;
      }
      set.add(c.rule());
      verifying.addAll(c.claimChecks() == null || testing.isEmpty() ? testing : c.claimChecks());
      if (c.todo() != null) {
        todo.add(c.todo());
      }
    }
    if (!verifying.isEmpty() && !unchecked.isEmpty()) {
      // The rules it set still run; the sentence itself says more than they test.
      rules.add(new Rule(Kind.ATTEST, f, List.of(), set, "only part of it is checked ("
          + String.join(", ", set) + "); no check tests " + String.join(", ", unchecked)
          + ": split it, the rest to attest"));
      return;
    }
    if (verifying.isEmpty()) {
      String none = whyNot.isEmpty() ? "no probe checks it"
          : "no probe checks it: " + String.join("; ", whyNot);
      rules.add(new Rule(Kind.ATTEST, f, List.of(), List.of(), f.reading().partial()
          ? none + "; read partially (" + f.reading().whyPartial() + ")" : none));
      return;
    }
    List<String> checks = List.copyOf(new LinkedHashSet<>(verifying));
    // Read as validate reads the claim init would write: its statement, topic and checks as
    // written (a rule's pointer read through the checks that judge it: "/headers/X-Frame-Options"
    // is header.rule on the paths listed, which "every page" says more than) and the policy's
    // TLS minimum. One reading, so init writes no checked claim validate would then note.
    String disagree = validate.disagrees(f, StarterPolicy.writtenTopic(f), checks,
        policy.minVersion());
    if (disagree != null) {
      // Written with checks, validate would note it and page would never publish it: the
      // founder attests it, or rewords it to what its rules test.
      todo.add(0, "its rules run (" + String.join(", ", set) + "), but " + disagree);
      rules.add(new Rule(Kind.ATTEST, f, List.of(), set, String.join("; ", todo)));
      return;
    }
    rules.add(new Rule(todo.isEmpty() ? Kind.CHECK : Kind.TODO, f, checks, set,
        String.join("; ", todo)));
  }

  /**
   * "We don't yet run a paid bug bounty program, but we'll publicly credit researchers ...": the
   * clause before "but" states a gap the reader reads whole, which the rest, read only in part,
   * hid (founder24: the whole was context with no topic, and the gap was lost). The clause is
   * the page's gap in the page's words; the whole sentence stays as it was.
   */
  private Rule gapBeforeBut(PageClaims.Found f) {
    int but = f.statement().indexOf(", but ");
    if (!f.reading().partial() || but < 0) {
      return null;
    }
    String clause = f.statement().substring(0, but).strip() + ".";
    var read = reader.read(clause);
    List<ClaimPart> parts = read.parts().stream().filter(p -> !p.topic().isAbstract()).toList();
    if (read.partial() || parts.isEmpty()
        || parts.stream().anyMatch(p -> p.polarity() == Polarity.IN_PLACE)) {
      return null;
    }
    String topic = parts.get(0).topic().id();
    PageClaims.Found said = new PageClaims.Found(topic, topic, clause, f.heading(), read,
        f.sources());
    Rule rule = PageGaps.rule(said, parts, true, false, reader, new java.util.HashSet<>(ids));
    return rule == null || rule.kind() != Kind.GAP ? null
        : new Rule(Kind.GAP, new PageClaims.Found(PageClaims.unique(topic, ids), topic, clause,
            f.heading(), read, f.sources()), List.of(), List.of(), rule.note());
  }

  /** Whether a check tests a part: its topic lists the check (globs either side). */
  private static boolean tests(ClaimPart p, String check) {
    return p.topic().checks().stream().anyMatch(t -> t.equals(check)
        || dev.secaudit.policy.Globs.matches(t, check)
        || dev.secaudit.policy.Globs.matches(check, t));
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}

package dev.secaudit.claim;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a sentence is about beyond its topic: "every region", "all customer data", "admin
 * accounts". Nouns are the vocabulary's scope classes (region, data, endpoint, user...), so
 * "accounts" and "users" are one class.
 *
 * @param universal the sentence quantifies over all of them ("all", "every", "each", "any"), or
 *     states them generically ("Stored data is encrypted"), which a claim means for all
 * @param nouns the scope classes named, sorted
 * @param kinds words the vocabulary does not know that narrow a class, as "log:access"
 *     ("access logs", "authentication cookies", a rate limit's "login"): of that kind only, which
 *     a failure among other things of the class does not reach
 * @param quantified the sentence said "all", "every" or "each" before the things, rather than
 *     naming them generically ("all customer data", not "customer data")
 */
public record Scope(boolean universal, Set<String> nouns, Set<String> kinds, boolean quantified) {
  public static final Scope NONE = new Scope(false, Set.of());
  /** "on every response", "always": everything the topic covers, no class named. */
  public static final Scope EVERYWHERE = new Scope(true, Set.of());
  /**
   * The prefix of the kinds of endpoints (endpoint.api, endpoint.admin, endpoint.subdomain...): a
   * claim over every endpoint speaks for one only when it names it, which a claim from the scan
   * does when a target of that kind was among those judged (see {@link #speaksFor}).
   */
  public static final String ENDPOINT_KIND = "endpoint.";

  public Scope {
    nouns = Set.copyOf(new TreeSet<>(nouns));
    kinds = Set.copyOf(new TreeSet<>(kinds));
  }

  public Scope(boolean universal, Set<String> nouns) {
    this(universal, nouns, Set.of(), false);
  }

  /**
   * The same reading over other things: the kinds of the classes still named, and whether
   * "all" was said, are kept (a copy that dropped them made "access logs" any logs).
   */
  public Scope over(boolean universal, Set<String> nouns) {
    Set<String> kept = new TreeSet<>();
    kinds.stream().filter(k -> nouns.contains(k.substring(0, k.indexOf(':')))).forEach(kept::add);
    return new Scope(universal, nouns, kept, quantified);
  }

  /**
   * The same scope naming these classes too: a claim over every endpoint its targets show to be
   * of these kinds (the API, an admin panel).
   */
  public Scope naming(Set<String> more) {
    Set<String> all = new TreeSet<>(nouns);
    all.addAll(more);
    return all.equals(nouns) ? this : new Scope(universal, all, kinds, quantified);
  }

  /** The same scope, narrowed to things of these kinds too. */
  public Scope withKinds(Set<String> more) {
    Set<String> all = new TreeSet<>(kinds);
    all.addAll(more);
    return new Scope(universal, nouns, all, quantified);
  }

  /**
   * Whether a claim with this scope speaks of the kinds a question narrows its things to: it
   * names the same kind, or speaks for every one of the class unnarrowed ("all logs" are the
   * access logs too; "application logs" are not).
   */
  boolean coversKinds(Scope asked) {
    return asked.kinds.stream().allMatch(k -> kinds.contains(k) || (universal
        && nouns.stream().anyMatch(c -> within(k.substring(0, k.indexOf(':')), c)
            && kinds.stream().noneMatch(o -> o.startsWith(c + ":")))));
  }

  /**
   * Whether the things a claim failed on are of every kind a question narrows to: only a claim
   * narrowed the same way ("application logs" for "application logs") failed among them.
   */
  boolean failedAmongKinds(Scope asked) {
    return kinds.containsAll(asked.kinds);
  }

  /**
   * One scope for a topic named twice in a sentence. A question asks about everything either
   * naming limits it to, and for all of them if either quantifies; a statement speaks for all only
   * where both of its namings do.
   */
  Scope with(Scope other, boolean question) {
    if (other.unquantified()) {
      return this;
    }
    if (unquantified()) {
      return other;
    }
    Set<String> both = new TreeSet<>(nouns);
    both.addAll(other.nouns);
    Set<String> kindsOfBoth = new TreeSet<>(kinds);
    kindsOfBoth.addAll(other.kinds);
    return new Scope(question ? universal || other.universal : universal && other.universal, both,
        kindsOfBoth, quantified || other.quantified);
  }

  public boolean isEmpty() {
    return nouns.isEmpty();
  }

  /**
   * Names nothing and quantifies nothing ("Is HSTS enabled?"): asks whether the control is in
   * place, not whether it is in place everywhere.
   */
  public boolean unquantified() {
    return nouns.isEmpty() && !universal;
  }

  /**
   * Whether a claim with this scope speaks for every thing a question asks about. A question
   * naming no scope is covered by any claim. One naming classes needs a claim that names each of
   * them (or a class they are within), does not limit itself to some of them, and names no class
   * the question does not: "customer data in production databases" is less than "all customer
   * data".
   */
  public boolean covers(Scope asked) {
    if (asked.universal && nouns.contains(ObservedResponses.JUDGED)) {
      // The responses a header rule judged, on the paths a target lists: the header is sent
      // there, not shown on every response or every endpoint (URL) of the site.
      return false;
    }
    if (asked.nouns.isEmpty() && asked.universal && !universal && !nouns.isEmpty()) {
      // "Is rate limiting in place everywhere?": a claim over some endpoints (the one a limit
      // was probed on) is not everywhere.
      return false;
    }
    if (asked.nouns.isEmpty()) {
      // A question naming nothing asks of the topic's whole domain. A claim over all of one kind
      // of thing ("user passwords", "logs") speaks for it; one whose classes qualify each other
      // ("customer data in our production databases") or that is limited to some of them
      // ("application logs") does not. Data and endpoints are the whole domain of the controls
      // they name.
      List<String> qualifying = broadest().stream()
          .filter(c -> !c.equals("data") && !c.equals("endpoint")).toList();
      if (qualifying.equals(List.of(ObservedResponses.JUDGED))
          || qualifying.equals(List.of(RetentionData.UNNAMED))) {
        return true;
      }
      // "All tokens", "every response" ask of the whole domain: a claim qualified to one kind
      // ("API access tokens") is some of it, and answers only a question that says which.
      return qualifying.isEmpty() || (universal && qualifying.size() == 1 && !asked.universal);
    }
    return missing(asked).isEmpty() && limits(asked).isEmpty()
        && (universal || !asked.universal) && coversKinds(asked);
  }

  /**
   * Whether a claim with this scope speaks of at least one of the things a question asks whether
   * any of has the control: a claim on the API's endpoints is about some endpoints, and one over
   * every cookie about the session cookies too. Unlike {@link #covers}, the claim may name more
   * ("customer data in every region" is some customer data).
   */
  public boolean coversSome(Scope asked) {
    // A claim naming nothing ("All traffic is encrypted") is not a kind of endpoint either: a
    // subdomain or the API is some of it only where a claim names it (before: "Is HTTPS
    // enforced on any subdomain?" Yes from a certificate check of the listed host).
    return asked.nouns.stream().allMatch(a -> (nouns.isEmpty() && !a.startsWith(ENDPOINT_KIND))
        || nouns.stream().anyMatch(c -> within(c, a) || (universal && speaksFor(c, a))));
  }

  /**
   * The classes a question asks about that this claim does not name. A claim over all of a class
   * names the classes within it ("all logs" names audit logs); one over some of it names only
   * the class itself: "application logs" are some logs, which may not be the audit logs.
   */
  public List<String> missing(Scope asked) {
    return asked.nouns.stream().filter(a -> nouns.stream()
            .noneMatch(c -> a.equals(c) || (universal && speaksFor(c, a))))
        .sorted().toList();
  }

  /**
   * Whether every class this scope names lies within one the other names: a failure on the API
   * ("endpoint.api") lies within every endpoint, whether or not a claim over every endpoint
   * could speak for the API.
   */
  public boolean within(Scope broader) {
    return nouns.stream().allMatch(a -> broader.nouns.stream().anyMatch(c -> within(a, c)));
  }

  /**
   * Whether a claim over all of {@code broad} speaks for {@code narrow}. All of a class speaks
   * for what is within it ("all logs" for the audit logs), except the kinds of endpoints: every
   * endpoint a scan judged is every target the policy lists, which shows the API, an admin
   * panel or the subdomains only where a target of that kind was among them, and a claim over
   * them says so by naming the kind (before: "Is HTTPS enforced on your API?" was Yes from the
   * web target's redirect, no API listed).
   */
  private static boolean speaksFor(String broad, String narrow) {
    return within(narrow, broad)
        && !(broad.equals("endpoint") && narrow.startsWith(ENDPOINT_KIND));
  }

  /**
   * The classes this claim limits itself to that the question does not. "Data" limits nothing: a
   * question is about data whether or not it says so, and questions name it only when they
   * quantify it ("all customer data").
   */
  public List<String> limits(Scope asked) {
    return broadest().stream()
        .filter(c -> !c.equals("data") && !c.equals(ObservedResponses.JUDGED))
        .filter(c -> asked.nouns.stream().noneMatch(a -> within(a, c)))
        .sorted().toList();
  }

  /**
   * The classes named that are within no other class named: a class beside one it is within
   * limits nothing (every endpoint, the API's among them, is every endpoint).
   */
  private List<String> broadest() {
    return nouns.stream()
        .filter(c -> nouns.stream().noneMatch(o -> !o.equals(c) && within(c, o))).toList();
  }

  /** Two scopes that name classes and share none speak of different things. */
  public boolean disjoint(Scope other) {
    // Data alone is whatever is stored: backups and reports are data too.
    return !nouns.isEmpty() && !other.nouns.isEmpty()
        && !nouns.equals(Set.of("data")) && !other.nouns.equals(Set.of("data"))
        && nouns.stream().noneMatch(a -> other.nouns.stream()
            .anyMatch(b -> within(a, b) || within(b, a)));
  }

  /** A dotted class is within the class it extends: a session cookie ("cookie.session") is a cookie. */
  private static boolean within(String narrow, String broad) {
    return narrow.equals(broad) || narrow.startsWith(broad + ".");
  }

  public String describe() {
    if (nouns.isEmpty()) {
      return universal ? "everywhere" : "";
    }
    // "some log (access)": the kind a word narrowed the class to.
    return (universal ? "all " : "some ") + String.join(", ", new TreeSet<>(nouns).stream()
        .map(n -> n + kindsOf(n)).toList());
  }

  private String kindsOf(String noun) {
    List<String> of = kinds.stream().filter(k -> k.startsWith(noun + ":"))
        .map(k -> k.substring(noun.length() + 1)).toList();
    return of.isEmpty() ? "" : " (" + String.join(", ", of) + ")";
  }
}

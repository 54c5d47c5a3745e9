package dev.secaudit.claim;

import dev.secaudit.claim.Words.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The scope half of reading a sentence: which words name the things it ranges over (regions,
 * backups, customer data), whether a noun that could name a topic is what the sentence is about
 * instead, and whether the clause speaks of all of them or some.
 */
final class ScopeReader {
  /** Words before a scope noun that do not narrow it. */
  private static final Set<String> LEAD_INS = Set.of("the", "a", "an", "our", "your", "their",
      "its", "all", "every", "each", "any", "of", "for", "in", "on", "to", "at", "by", "with",
      "from", "are", "is", "and", "or", "do", "does", "have", "has", "that", "these", "those",
      "this", "customer", "customers", "user", "users", "we", "you", "them", "into", "across",
      "via", "through", "using", "over",
      // "..., but backups are encrypted": the contrast does not name a kind of backup.
      "but",
      // "Have secrets ever been committed?": the auxiliary before the verb read as history
      // narrows nothing (a blind review, founder19: read as "some history (been)", review).
      "been", "be", "being", "was", "were", "had");
  private final Vocabulary vocabulary;
  private final StemPhrases<String> scope;

  ScopeReader(Vocabulary vocabulary) {
    this.vocabulary = vocabulary;
    StemPhrases.Builder<String> scopes = StemPhrases.builder();
    vocabulary.scope().forEach((cls, list) -> list.forEach(p -> scopes.add(p, cls)));
    this.scope = scopes.build();
  }

  Map<Integer, String> read(List<Word> words, WordRole[] role, boolean question,
      List<Integer> universals) {
    Map<Integer, String> at = new java.util.TreeMap<>();
    scope.read(words, role, WordRole.SCOPE, (cls, from, to) -> {
      // Nearly every question says "data"; it limits the question only when quantified
      // ("all customer data"). A claim that names data speaks for it.
      // "Systems", "servers", "infrastructure" are how pages and questions say "ours"; only
      // "all systems", "every server" limit (or widen) what is asked or claimed.
      // "Do you rotate keys?" asks of keys in general, as "data" does; "all keys" limits.
      // "Connections" likewise: only "all connections" reaches past the listeners.
      // "Customer data", "personal data" name what is asked of; "data" alone does not.
      boolean bare = to - from == 1;
      if (cls.equals("email") && bare && words.get(from).text().equals("emailed")) {
        // "Emailed magic links" are links sent by e-mail, not e-mails kept.
        return false;
      }
      if (cls.equals("file") && words.get(from).text().equals("documented")) {
        // "a documented retention policy" is written down, not about documents kept.
        return false;
      }
      if (cls.equals("connection") && ((to < words.size() && words.get(to).text().equals("to"))
          || (from > 0 && CLIENTS.contains(words.get(from - 1).text())))) {
        // "all connections to the service" and "all client connections" are the clients' own,
        // which the listeners receive (read as a kind of connection, "client" made them some
        // connections, which no probe was said to reach).
        if (from > 0 && CLIENTS.contains(words.get(from - 1).text())) {
          role[from - 1] = WordRole.NEUTRAL;
        }
        return false;
      }
      if (varyingWith(words, from)) {
        // "(7, 14, or 30 days depending on product)" names what an amount varies with, not
        // what the sentence is about: read as scope, a retention rule's description spoke only
        // of "dependency, production" and answered no question on PDF reports (auditor21 B12).
        return false;
      }
      if (clientsEnd(words, role, from, to)) {
        // "between your device and our services": the client's end of the connections the
        // listeners receive, not the company's devices (a laptop fleet no probe sees).
        return false;
      }
      if (((question && ((cls.equals("data") && bare) || cls.equals("key")))
          || cls.equals("system") || cls.equals("connection"))
          && universals.stream().noneMatch(u -> u < from && from - u <= 3)) {
        return false;
      }
      at.put(from, cls);
      return true;
    });
    return at;
  }

  /** Words between "depending on" and the noun it names: "depending on the product". */
  private static final Set<String> VARYING_LEAD = Set.of("the", "a", "an", "your", "our",
      "their", "its", "each", "which");

  /**
   * Whether the word at {@code from} is "depending" (or "depends", "varies") itself, or a noun
   * after "depending on", "depends on", "varies by", "varying with": what an amount varies with.
   */
  private static boolean varyingWith(List<Word> words, int from) {
    if (isVarying(words, from)) {
      return true;
    }
    int k = from - 1;
    while (k >= 0 && VARYING_LEAD.contains(words.get(k).text())) {
      k--;
    }
    return k >= 1 && Set.of("on", "upon", "by", "with").contains(words.get(k).text())
        && isVarying(words, k - 1);
  }

  private static boolean isVarying(List<Word> words, int at) {
    String stem = words.get(at).stem();
    return (stem.equals("depend") || stem.equals("vari")) && at + 1 < words.size()
        && Set.of("on", "upon", "by", "with").contains(words.get(at + 1).text());
  }

  private static final Set<String> CLIENTS = Set.of("device", "devices", "browser", "browsers",
      "client", "clients");
  private static final Set<String> SERVICE = Set.of("service", "services", "servers", "server",
      "platform", "app", "api", "website", "site", "infrastructure", "systems");

  /**
   * Whether words from..to are the client's end of "between your device and our services"; the
   * "between" and "your" before it are then read, as is the service's end.
   */
  private static boolean clientsEnd(List<Word> words, WordRole[] role, int from, int to) {
    if (to - from != 1 || !CLIENTS.contains(words.get(from).text()) || from < 2
        || !words.get(from - 1).text().equals("your")
        || !words.get(from - 2).text().equals("between")) {
      return false;
    }
    if (to + 2 >= words.size() || !words.get(to).text().equals("and")
        || !words.get(to + 1).text().equals("our")
        || !SERVICE.contains(words.get(to + 2).text())) {
      return false;
    }
    role[from - 2] = WordRole.NEUTRAL;
    role[from] = WordRole.NEUTRAL;
    return true;
  }

  /**
   * "Are all backups encrypted at rest?": a quantified noun that could name a topic is what the
   * question ranges over when another topic is asked about.
   */
  List<TopicHit> nounsAsScope(List<Word> words, WordRole[] role, List<TopicHit> found,
      Map<Integer, String> scopeAt) {
    List<TopicHit> out = new ArrayList<>(found);
    for (TopicHit h : found) {
      boolean quantified = h.start() > 0
          && Set.of("all", "every", "each", "any").contains(words.get(h.start() - 1).text());
      boolean other = found.stream().anyMatch(o -> o != h && !o.topic().equals(h.topic())
          && (quantified || !joinedBetween(words, role, scopeAt, h, o)));
      // The noun is what a sentence is about even unquantified: "Are backups encrypted at
      // rest?" asks encryption of backups, not whether there are backups, and "Backups are not
      // yet encrypted" states a gap in the encryption of backups, not a lack of backups (read as
      // its own topic, that gap contradicted every question on encryption at rest). Joined by
      // "and" to the other topic ("encrypted at rest and backed up daily") it is a part of its
      // own; joined to another noun ("backups and customer data are encrypted") it is not.
      if (!other) {
        continue;
      }
      List<String> stems = words.subList(h.start(), h.end()).stream().map(Word::stem).toList();
      vocabulary.scope().forEach((cls, phrases) -> {
        if (phrases.contains(stems) && out.remove(h)) {
          scopeAt.put(h.start(), cls);
        }
      });
    }
    for (TopicHit h : out) {
      // "Do magic links expire within 15 minutes?": the words that name the topic name the kind
      // of token asked of too, which another kind's evidence does not answer.
      List<String> stems = words.subList(h.start(), h.end()).stream().map(Word::stem).toList();
      vocabulary.scope().forEach((cls, phrases) -> {
        if (vocabulary.keepsScope(cls) && phrases.contains(stems)) {
          scopeAt.putIfAbsent(h.start(), cls);
        }
      });
    }
    return out;
  }

  /**
   * Whether a joiner stands between two topics' words as a joiner of clauses. One followed by a
   * scope noun before the other topic lists things ("backups and customer data encrypted at
   * rest"): the nouns are what the other topic is about.
   */
  private static boolean joinedBetween(List<Word> words, WordRole[] role,
      Map<Integer, String> scopeAt, TopicHit a, TopicHit b) {
    int from = Math.min(a.end(), b.end());
    int to = Math.max(a.start(), b.start());
    for (int k = from; k < to; k++) {
      if (role[k] == WordRole.JOINER && !listsNouns(words, role, scopeAt, k, to)) {
        return true;
      }
    }
    return false;
  }

  /** Words after a joiner, up to {@code to}, that are a scope noun and what may lead into it. */
  private static boolean listsNouns(List<Word> words, WordRole[] role,
      Map<Integer, String> scopeAt, int joiner, int to) {
    boolean noun = false;
    for (int k = joiner + 1; k < to; k++) {
      if (scopeAt.containsKey(k)) {
        noun = true;
      } else if (role[k] != WordRole.SCOPE && !LEAD_INS.contains(words.get(k).text())) {
        return false;
      }
    }
    return noun;
  }

  /**
   * The groups of a clause's scope classes that "and" lists ("backups and customer data"), when
   * there are several: a question over them asks of each, so each is a part of its own. Classes
   * that qualify each other ("customer data in every region") are one group.
   */
  static List<Set<String>> listed(List<Word> words, WordRole[] role, Map<Integer, String> scopeAt,
      int[] clause) {
    List<Integer> at = scopeAt.keySet().stream().filter(k -> k >= clause[0] && k < clause[1])
        .sorted().toList();
    List<Set<String>> groups = new ArrayList<>();
    for (int i = 0; i < at.size(); i++) {
      // "backups and customer data", "employees and customers": the joiner may open the noun.
      boolean listedWithPrevious = i > 0 && words.get(at.get(i)).text().equals("and");
      if (i > 0 && !listedWithPrevious) {
        for (int k = at.get(i - 1) + 1; k < at.get(i); k++) {
          String w = words.get(k).text();
          if (role[k] == WordRole.JOINER && w.equals("and")) {
            listedWithPrevious = true;
          } else if (role[k] != WordRole.SCOPE && !LEAD_INS.contains(w)) {
            listedWithPrevious = false;
            break;
          }
        }
      }
      if (i == 0 || listedWithPrevious) {
        groups.add(new TreeSet<>());
      }
      groups.get(groups.size() - 1).add(scopeAt.get(at.get(i)));
    }
    return groups;
  }

  /**
   * A question's part over listed things, one part for each ("Are backups and customer data
   * encrypted at rest?" is two questions, each answered from what covers its things alone).
   */
  static List<ClaimPart> perListedThing(ClaimPart p, List<Set<String>> listed) {
    List<Set<String>> mine = listed.stream().filter(g -> p.scope().nouns().containsAll(g))
        .toList();
    if (mine.size() < 2) {
      return List.of(p);
    }
    Set<String> shared = new TreeSet<>(p.scope().nouns());
    mine.forEach(shared::removeAll);
    List<ClaimPart> out = new ArrayList<>();
    for (Set<String> g : mine) {
      Set<String> nouns = new TreeSet<>(g);
      nouns.addAll(shared);
      out.add(new ClaimPart(p.topic(), p.polarity(), p.quantity(),
          p.scope().over(p.scope().universal(), nouns), p.value(), p.text(), p.anywhere(),
          p.some()));
    }
    return out;
  }

  /**
   * The subject of "are logged" ("All requests are logged for 30 days"), or -1: the logs kept
   * are those of the requests, and "all" counts the requests, as "all request logs" reads. Read
   * as every log, the sentence said more than the page (seeds21: the request log's 30-day rule
   * left it unverified as "some log (request) only, not all log", and a question on all logs
   * could have been answered from it).
   */
  private static int loggedSubject(List<Word> words, WordRole[] role, int at) {
    if (at < 2 || !words.get(at).text().equals("logged")
        || !Set.of("are", "is").contains(words.get(at - 1).text())) {
      return -1;
    }
    int subject = at - 2;
    String w = words.get(subject).text();
    // "Everything is logged for 90 days" is every log.
    boolean noun = (role[subject] == null || role[subject] == WordRole.NEUTRAL)
        && !LEAD_INS.contains(w) && !NOT_KINDS.contains(w) && w.matches("[a-z][a-z-]*")
        && !Set.of("everything", "anything", "something", "nothing", "it", "which", "what")
            .contains(w);
    return noun ? subject : -1;
  }

  /** "requests" as the kind "request", as a rule's name gives it ("request-logs"). */
  private static String singular(String w) {
    return w.endsWith("s") && !w.endsWith("ss") && w.length() > 3
        ? w.substring(0, w.length() - 1) : w;
  }

  /** Words before a noun that say when or how, not which: "ever committed", "only logs". */
  private static final Set<String> NOT_KINDS = Set.of("ever", "never", "always", "also", "still",
      "only", "just", "currently", "even", "both", "other", "same", "own", "new", "more");

  /**
   * Whether the word before a noun names a kind of it ("access logs", "authentication cookies",
   * "tracking cookies"), rather than describing a state ("generated reports", "stored data": of
   * every one, as the corpus has it) or being the verb after a subject ("Do you conduct
   * third-party tests?").
   */
  static boolean namesKind(List<Word> words, int at) {
    String w = words.get(at).text();
    String before = at > 0 ? words.get(at - 1).text() : "";
    return !w.endsWith("ed") && !NOT_KINDS.contains(w) && !w.matches("\\d.*")
        && !Set.of("you", "we", "they", "i", "it").contains(before);
  }

  /**
   * A statement's clause up to a "but" that follows every topic in it: "Bug bounty: no formal
   * program, but vulnerability reports are taken seriously." states a gap in the bug bounty,
   * and the reports of the clause after "but" are what it does instead, not the bounty's scope
   * (auditor21 A32: the gap was "for some report (vulnerability) only", so "Do you have a bug
   * bounty program?" was review). "But only", "but not", "but except" still limit the part.
   */
  static int[] beforeContrast(List<Word> words, List<TopicHit> hits, int[] clause) {
    int last = clause[0];
    for (TopicHit h : hits) {
      if (h.start() >= clause[0] && h.start() < clause[1]) {
        last = Math.max(last, h.end());
      }
    }
    for (int k = last; k + 1 < clause[1]; k++) {
      if (words.get(k).text().equals("but")
          && !Set.of("only", "not", "except", "excluding").contains(words.get(k + 1).text())) {
        return new int[] {clause[0], k};
      }
    }
    return clause;
  }

  static Scope scope(List<Word> words, WordRole[] role, Map<Integer, String> scopeAt,
      List<Integer> somes, List<Integer> universals, int[] clause, boolean question,
      List<String> unread) {
    Set<String> nouns = new TreeSet<>();
    Set<String> kinds = new TreeSet<>();
    boolean limited = false;
    boolean quantified = false;
    for (var e : scopeAt.entrySet()) {
      int at = e.getKey();
      if (at >= clause[0] && at < clause[1]) {
        nouns.add(e.getValue());
        quantified |= universals.stream().anyMatch(u -> u >= clause[0] && u < at
            && at - u <= 3 && !words.get(u).text().equals("any"));
        int subjectAt = loggedSubject(words, role, at);
        boolean subject = subjectAt >= 0;
        // "Application logs", "stored data": a word that narrows the noun makes it some of them.
        if (subject || at > 0 && (role[at - 1] == null || role[at - 1] == WordRole.NEUTRAL)
            && !LEAD_INS.contains(words.get(at - 1).text())) {
          limited = true;
          int narrow = subject ? subjectAt : at - 1;
          // Kept as the kind they are: a failure among application logs is not one among access
          // logs (a tenth blind review: "Are access logs deleted within 30 days?" was No).
          if (subject || namesKind(words, narrow)) {
            // "app logs" are the application logs (a blind review: one of two was No).
            String kind = LogsRead.normal(words.get(narrow).text());
            // "requests logged", "requests are logged": the kind a rule's name gives ("request
            // logs"), so the question and the statement name the same kind.
            boolean logged = words.get(at).text().equals("logged");
            kinds.add(e.getValue() + ":" + (logged ? singular(kind) : kind));
          }
          if (question && role[narrow] == WordRole.NEUTRAL && universals.stream()
              .anyMatch(u -> u < narrow && narrow - u <= 2)) {
            // "Are all authentication endpoints rate limited?" asks of every one of a kind the
            // vocabulary does not know: not some endpoint (a Yes from the login's limit), nor
            // every endpoint (a No from any other's failure).
            unread.add("'" + words.get(narrow).text() + "' (narrows the " + e.getValue()
                + " asked about, all of them, to a kind not known)");
          }
        }
      }
    }
    for (int s : somes) {
      if (s >= clause[0] && s < clause[1]) {
        limited = true;
      }
    }
    if (nouns.isEmpty()) {
      // "Is HSTS sent on every response?", "always": everywhere, though no class is named.
      // "any" without a noun asks whether it happens at all ("Do you use any encryption?").
      boolean everywhere = universals.stream().anyMatch(u -> u >= clause[0] && u < clause[1]
          && !words.get(u).text().equals("any"));
      return everywhere ? Scope.EVERYWHERE : Scope.NONE;
    }
    // Unquantified nouns are meant generically ("Customer data is encrypted"): for all of them.
    return new Scope(!limited, nouns, kinds, quantified);
  }
}

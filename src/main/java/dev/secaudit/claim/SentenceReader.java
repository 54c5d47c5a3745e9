package dev.secaudit.claim;

import dev.secaudit.claim.Words.Word;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one English sentence, a page's or a question, into the structure of a claim: topics from
 * the vocabulary, polarity (negation, plans, violations), amounts with units and bounds, scope
 * words, compound parts and requests for documents. Every word must be accounted for: what was not
 * understood is listed, and makes the reading partial. The rules are plain and deterministic so a
 * reviewer can follow why a sentence was read as it was.
 */
public final class SentenceReader {
  private static final Set<String> QUESTION_STARTS = Set.of("do", "does", "did", "is", "are",
      "was", "were", "have", "has", "can", "could", "will", "would", "should", "shall", "may",
      "please", "describe", "explain", "confirm", "provide", "list", "what", "which", "how", "who",
      "when", "where", "indicate", "specify");
  private static final Set<String> JOINERS = Set.of("and", "or", "nor", "plus");
  private final Vocabulary vocabulary;
  private final AmountReader amountReader;
  // Phrase lists are ordered once here: a sheet of a thousand questions reads them all each time.
  private final StemPhrases<Cue> cues;
  private final StemPhrases<Cue> vagueCues;
  private final ScopeReader scopes;
  private final StemPhrases<Void> negations;
  private final StemPhrases<Void> planned;
  private final StemPhrases<Void> existential;
  private final StemPhrases<Void> universal;
  private final StemPhrases<Void> partialQuantifiers;
  private final StemPhrases<Void> signedIn;
  private final StemPhrases<Void> documentVerbs;
  private final StemPhrases<Void> documentObjects;

  private record Cue(Topic topic, boolean violation) {}

  public SentenceReader(Vocabulary vocabulary) {
    this.vocabulary = vocabulary;
    this.amountReader = new AmountReader(vocabulary);
    this.cues = cues(vocabulary, false);
    this.vagueCues = cues(vocabulary, true);
    this.scopes = new ScopeReader(vocabulary);
    this.negations = StemPhrases.of(vocabulary.negations());
    this.planned = StemPhrases.of(vocabulary.planned());
    this.existential = StemPhrases.of(vocabulary.existential());
    this.universal = StemPhrases.of(vocabulary.universal());
    this.partialQuantifiers = StemPhrases.of(vocabulary.partialQuantifiers());
    this.signedIn = StemPhrases.of(vocabulary.signedIn());
    this.documentVerbs = StemPhrases.of(vocabulary.documentVerbs());
    this.documentObjects = StemPhrases.of(vocabulary.documentObjects());
  }

  private static StemPhrases<Cue> cues(Vocabulary vocabulary, boolean vague) {
    StemPhrases.Builder<Cue> b = StemPhrases.builder();
    for (Topic t : vocabulary.topics()) {
      if (t.isAbstract() == vague) {
        t.cues().forEach(p -> b.add(p, new Cue(t, false)));
        t.violationCues().forEach(p -> b.add(p, new Cue(t, true)));
      }
    }
    return b.build();
  }

  public Reading read(String sentence) {
    String text = sentence == null ? "" : sentence.strip();
    List<Word> words = Words.of(text);
    int n = words.size();
    WordRole[] role = new WordRole[n];
    List<TopicHit> hits = new ArrayList<>();
    List<String> unread = new ArrayList<>();
    if (text.startsWith("=")) {
      // A spreadsheet formula Excel never computed: its words are code, not the question.
      unread.add("the cell is a formula (" + text + "), not the question's text");
    }
    boolean question = text.endsWith("?")
        || (n > 0 && QUESTION_STARTS.contains(words.get(0).text()));

    // "Are session cookies set after sign-in Secure?": the scan's probes are signed out, so
    // what they saw says nothing of signed-in pages; the words are named, never dropped.
    signedIn.read(words, role, WordRole.NEUTRAL, (meaning, start, end) -> {
      if (start > 0 && words.get(start - 1).text().equals("before")) {
        return false; // "set before sign-in" is what the signed-out probes saw
      }
      unread.add("'" + text.substring(words.get(start).start(), words.get(end - 1).end())
          + "' (signed-in pages and sessions, which no signed-out probe shows)");
      return true;
    });
    matchCues(words, role, hits, false);
    BesideCues.read(words, role, hits);
    if (question) {
      AsideWords.statusBesideLimit(words, role, hits, unread);
    }
    List<Amount> amounts = amountReader.read(text, words, role, hits, unread);
    int logged = LogKinds.loggedFor(words, role, hits, amounts, vocabulary);
    List<Integer> sameSiteNone = new ArrayList<>();
    for (int i = 1; i < n; i++) {
      // "SameSite=None" names a value; it negates nothing.
      if (role[i] == null && words.get(i).text().equals("none")
          && words.get(i - 1).text().equals("samesite")) {
        role[i] = WordRole.VALUE;
        sameSiteNone.add(i);
      }
    }
    NegationReach.restatedStates(words, role);
    List<Integer> negations = new ArrayList<>(this.negations.mark(words, role,
        WordRole.NEGATION));
    // "no access to plaintext passwords, not even in the database": "not even" repeats the
    // negation before it; it does not undo it.
    negations.removeIf(i -> i + 1 < n && words.get(i).text().equals("not")
        && words.get(i + 1).text().equals("even") && negations.stream().anyMatch(j -> j < i));
    negations.addAll(ReportOnly.mark(words, role));
    sameSiteNone.forEach(i -> role[i] = null); // free again for the value reader
    // Found, not taken: "any" and "some" still quantify the scope, "ever" stays a frame word.
    List<Integer> existentials = new ArrayList<>();
    existential.read(words, role, null, (meaning, start, end) -> {
      existentials.add(start);
      return false;
    });
    List<Integer> plans = planned.mark(words, role, WordRole.PLANNED);
    List<Integer> universals = universal.mark(words, role, WordRole.QUANTIFIER);
    List<Integer> somes = partialQuantifiers.mark(words, role, WordRole.QUANTIFIER);
    // Scope before vague words: "encryption keys" are keys, not a claim about encryption.
    Map<Integer, String> scopeAt = scopes.read(words, role, question, universals);
    if (logged >= 0) {
      scopeAt.put(logged, "log"); // what is kept is the logs, not everything
    }
    matchCues(words, role, hits, true);
    matchTogether(words, role, hits, scopeAt);
    LogKinds.passwordsInLogs(words, role, hits, scopeAt, vocabulary);
    CertificateNoun.besideIssuer(words, hits);
    StoredAtRest.leaveUnread(words, role, hits);
    PartRules.weakSuitesNamed(words, role, hits);
    if (question) {
      AsideWords.practiceCadence(words, role, unread);
    }
    AsideWords.limitPerAddress(words, role, hits, unread);
    AsideWords.discloseBesideBanner(words, role, hits);
    Topic rateLimit = vocabulary.topic("rate_limit").orElseThrow();
    PartRules.rateBoundByLimit(words, role, hits, amounts, rateLimit);
    RateLimitWords.labelledRate(text, words, hits, amounts, rateLimit);
    RateLimitWords.whichRequests(words, role, hits, scopeAt);
    RateLimitWords.answerAndEnforcer(words, role, hits);
    RateLimitWords.perClient(words, role, hits, scopeAt, unread);
    Map<TopicHit, List<String>> more = new java.util.HashMap<>();
    boolean[] orKinds = {false};
    Map<TopicHit, String> values = NamedValues.read(words, role, hits, more, orKinds,
        scopeAt);
    amountReader.readVersionBounds(words, role, amounts, question, unread);
    boolean document = readDocumentRequest(words, role);
    for (int i = 0; i < n; i++) {
      if (role[i] == null && JOINERS.contains(words.get(i).text())) {
        role[i] = WordRole.JOINER;
      } else if (role[i] == null && vocabulary.neutral(words.get(i).stem())
          && !Words.countryCode(text, words.get(i))) {
        role[i] = WordRole.NEUTRAL;
      }
    }
    for (int i = 0; i < n; i++) {
      if (role[i] == null) {
        unread.add(words.get(i).text());
      }
    }
    return assemble(text, words, role, hits, amounts, negations, existentials, plans, somes,
        universals, scopeAt, values, more, orKinds[0], question, document, unread);
  }

  // --- topics, values, polarity, scope -------------------------------------------------------


  private void matchCues(List<Word> words, WordRole[] role, List<TopicHit> hits, boolean vague) {
    (vague ? vagueCues : cues).read(words, role, WordRole.TOPIC, (cue, start, end) ->
        hits.add(new TopicHit(cue.topic(), start, end, cue.violation())));
  }

  /**
   * Topics named by words apart ("card numbers ... in logs"). Their words may already have been
   * read as scope; they then belong to the topic instead.
   */
  private void matchTogether(List<Word> words, WordRole[] role, List<TopicHit> hits,
      Map<Integer, String> scopeAt) {
    boolean[] vague = new boolean[words.size()];
    for (TopicHit h : hits) {
      for (int k = h.start(); k < h.end() && h.topic().isAbstract(); k++) {
        vague[k] = true;
      }
    }
    for (Topic t : vocabulary.topics()) {
      for (boolean violation : new boolean[] {false, true}) {
        List<List<List<String>>> groups = violation ? t.violationTogether() : t.together();
        if (groups.isEmpty()) {
          continue;
        }
        // A word a superseded topic took is this topic's to take: "API keys: stored as hashes"
        // are the keys' hashes, not a password's, though "hashes" alone names password hashing.
        boolean[] free = vague.clone();
        for (TopicHit h : hits) {
          for (int k = h.start(); k < h.end() && t.supersedes().contains(h.topic().id()); k++) {
            free[k] = true;
          }
        }
        List<int[]> found = new ArrayList<>();
        for (List<List<String>> group : groups) {
          int[] span = GroupPhrases.findAny(words, role, free, group);
          if (span == null) {
            found = null;
            break;
          }
          found.add(GroupPhrases.listedWith(words, role, free, group, span));
        }
        if (found == null) {
          continue;
        }
        int start = Integer.MAX_VALUE;
        int end = 0;
        for (int[] span : found) {
          for (int k = span[0]; k < span[1]; k++) {
            role[k] = WordRole.TOPIC;
            if (scopeAt.containsKey(k) && !vocabulary.keepsScope(scopeAt.get(k))) {
              scopeAt.remove(k);
            }
          }
          start = Math.min(start, span[0]);
          end = Math.max(end, span[1]);
        }
        hits.add(new TopicHit(t, start, end, violation));
      }
    }
  }

  private boolean readDocumentRequest(List<Word> words, WordRole[] role) {
    WordRole[] trial = role.clone();
    List<Integer> verbs = documentVerbs.mark(words, trial, WordRole.DOCUMENT);
    if (verbs.isEmpty()) {
      return false;
    }
    // The object may already be read as scope ("a copy of your reports").
    WordRole[] objects = role.clone();
    for (int i = 0; i < objects.length; i++) {
      if (objects[i] == WordRole.SCOPE) {
        objects[i] = null;
      }
    }
    List<Integer> things = documentObjects.mark(words, objects, WordRole.DOCUMENT);
    if (things.isEmpty()) {
      return false;
    }
    for (int i = 0; i < role.length; i++) {
      if (trial[i] == WordRole.DOCUMENT || (objects[i] == WordRole.DOCUMENT && role[i] == null)) {
        role[i] = WordRole.DOCUMENT;
      }
    }
    return true;
  }

  // --- parts ---------------------------------------------------------------------------------

  private Reading assemble(String text, List<Word> words, WordRole[] role, List<TopicHit> found,
      List<Amount> amounts, List<Integer> negations, List<Integer> existentials,
      List<Integer> plans, List<Integer> somes, List<Integer> universals,
      Map<Integer, String> scopeAt, Map<TopicHit, String> values,
      Map<TopicHit, List<String>> more, boolean orKinds, boolean question, boolean document,
      List<String> unread) {
    Map<TopicHit, Quantity.Comparison> bounds = new java.util.HashMap<>();
    List<TopicHit> hits = concreteHits(scopes.nounsAsScope(words, role, found, scopeAt),
        amounts, bounds);
    Supersession.drop(hits, amounts);
    if (hits.isEmpty()) {
      return new Reading(text, List.of(), false, question, document, unread);
    }
    // Clause boundaries: a joiner, or a ; , : ( between two topics.
    List<Integer> cuts = new ArrayList<>();
    List<String> joinedBy = new ArrayList<>();
    for (int h = 1; h < hits.size(); h++) {
      int from = hits.get(h - 1).end();
      int to = hits.get(h).start();
      int cut = -1;
      String joiner = "";
      for (int k = Math.max(from, 1); k <= to && k < words.size(); k++) {
        if (k < to && role[k] == WordRole.JOINER) {
          cut = k;
          joiner = words.get(k).text();
        } else if (cut < 0 && punctuationBetween(text, words, k)) {
          cut = k;
        }
      }
      if (cut >= 0) {
        cuts.add(cut);
        joinedBy.add(joiner);
      }
    }
    List<int[]> clauses = new ArrayList<>();
    int start = 0;
    for (int c : cuts) {
      clauses.add(new int[] {start, c});
      start = c;
    }
    clauses.add(new int[] {start, words.size()});
    List<ClaimPart> parts = new ArrayList<>();
    List<Set<String>> listed = new ArrayList<>();
    Scope firstScope = null;
    boolean previousNegated = false;
    boolean inherited = false;
    for (int ci = 0; ci < clauses.size(); ci++) {
      int[] clause = clauses.get(ci);
      String joiner = ci == 0 ? "" : joinedBy.get(ci - 1);
      int negated = count(negations, clause);
      // "not SOC 2 or ISO 27001", "neither ... nor": one negation spreads over the alternatives.
      if (negated == 0 && previousNegated && (joiner.equals("or") || joiner.equals("nor"))) {
        negated = 1;
        inherited = true;
      }
      previousNegated = negated % 2 == 1;
      boolean plan = count(plans, clause) > 0;
      Scope scope = ScopeReader.scope(words, role, scopeAt, somes, universals,
          question ? clause : ScopeReader.beforeContrast(words, hits, clause), question, unread);
      listed.addAll(ScopeReader.listed(words, role, scopeAt, clause));
      if (firstScope == null) {
        firstScope = scope;
      } else if (scope.isEmpty() && !firstScope.unquantified()) {
        // A later clause's "every response" is kept over a first clause that quantified nothing.
        scope = firstScope;
      }
      List<Amount> clauseAmounts = new ArrayList<>(amounts.stream()
          .filter(a -> a.position() >= clause[0] && a.position() < clause[1]).toList());
      Map<String, Integer> partOf = new java.util.HashMap<>();
      for (TopicHit h : hits) {
        if (h.start() < clause[0] || h.start() >= clause[1]) {
          continue;
        }
        Topic topic = h.topic();
        Amount amount = null;
        for (Amount a : clauseAmounts) {
          Topic refined = refine(topic, a.unit());
          if (refined != null && !nearerTaker(h, a, hits, clause)) {
            topic = refined;
            amount = a;
            break;
          }
        }
        String value = values.getOrDefault(h, "");
        if (amount != null) {
          clauseAmounts.remove(amount);
          if (amount.accepted() && topic.unit() == Quantity.Unit.VERSION) {
            // A version accepted is its own topic, the version its value: "1.3 supported" and
            // "1.2 supported" are both true of one server, as two minimums cannot be.
            topic = vocabulary.topic("tls.version_accepted").orElseThrow();
            value = Quantity.version(amount.value());
            amount = null;
          }
        }
        Integer earlier = partOf.get(topic.id());
        if (earlier != null && parts.get(earlier).value().isEmpty() && !value.isEmpty()) {
          // "hashed with an adaptive algorithm such as bcrypt, scrypt or Argon2": the topic's
          // word and the list's first item fall in one clause; the item names the value. Kept
          // as a second hit, it was dropped and the list lost its first item.
          ClaimPart named = parts.get(earlier).withValue(value);
          parts.set(earlier, named);
          for (String kind : more.getOrDefault(h, List.of())) {
            parts.add(named.withValue(kind));
          }
          continue;
        }
        if (earlier != null) {
          if (amount != null) {
            unread.add("'" + words.get(amount.position()).text() + "' (a second amount for "
                + topic.title() + " in one clause)");
          }
          continue;
        }
        int against = negated - NegationReach.boundElsewhere(h, text, words, negations, hits, clause);
        Polarity polarity = plan && against % 2 == 0 ? Polarity.PLANNED
            : against % 2 == 1 ? Polarity.NOT_IN_PLACE : Polarity.IN_PLACE;
        boolean lapse = (h.violation() || (amount != null && amount.inverted()))
            && polarity != Polarity.PLANNED;
        if (lapse) {
          polarity = polarity.negated();
        }
        // Asking whether a bad thing happens ("Do you log card numbers?", "Do you allow versions
        // below 1.2?") asks whether it happens anywhere; a negation asks whether the control is
        // absent throughout, unless a word like "any" or "ever" before it asks of a lapse.
        boolean anywhere = polarity == Polarity.NOT_IN_PLACE
            && (lapse || NegationReach.existentialBefore(words, existentials, negations, clause));
        boolean some = question && polarity == Polarity.IN_PLACE
            && existentialAsked(words, existentials, universals, clause);
        Scope asked = some ? scope.over(false, scope.nouns()) : scope;
        Quantity q = amount == null ? null : new Quantity(amount.value(), amount.unit(),
            amount.comparison() != null ? amount.comparison()
                : bounds.getOrDefault(h, topic.comparison()),
            amount.window());
        String said = text.substring(words.get(clause[0]).start(),
            words.get(Math.max(clause[0], clause[1] - 1)).end());
        partOf.put(topic.id(), parts.size());
        parts.add(new ClaimPart(topic, polarity, q, asked, value, said, anywhere, some));
        for (String kind : more.getOrDefault(h, List.of())) {
          parts.add(new ClaimPart(topic, polarity, q, asked, kind, said, anywhere, some));
        }
      }
      for (Amount a : clauseAmounts) {
        unread.add("'" + words.get(a.position()).text() + "' (an amount no topic here takes)");
      }
    }
    // The same topic named twice ("rate limited ... then 429") is one part: keep the one that
    // carries an amount.
    List<ClaimPart> merged = new ArrayList<>();
    for (ClaimPart p : parts) {
      ClaimPart twin = merged.stream().filter(m -> m.topic().equals(p.topic())
          && m.polarity() == p.polarity() && (m.value().isEmpty() || p.value().isEmpty()
              || m.value().equals(p.value()))).findFirst().orElse(null);
      if (twin == null) {
        merged.add(p);
        continue;
      }
      ClaimPart kept = twin.quantity() == null && p.quantity() != null ? p : twin;
      Quantity amount = kept.quantity();
      if (twin.quantity() != null && p.quantity() != null) {
        amount = Quantity.combined(twin.quantity(), p.quantity(), joinedBy.contains("or"),
            twin.anywhere());
        if (amount == null) {
          unread.add("'" + p.quantity().describe() + "' (a second amount for "
              + p.topic().title() + ")");
          amount = kept.quantity();
        }
      }
      // "two-factor authentication (2FA) for all employee accounts": the scope may stand
      // beside either naming, and the part keeps it.
      Scope scope = twin.scope().with(p.scope(), question);
      merged.set(merged.indexOf(twin), new ClaimPart(kept.topic(), kept.polarity(),
          amount, scope, kept.value().isEmpty() ? (kept == p ? twin : p).value()
              : kept.value(), kept.text(), twin.anywhere() || p.anywhere(),
          twin.some() && p.some()));
    }
    parts = RepositoryHistory.withHistory(merged, question);
    if (question) {
      parts = parts.stream().flatMap(p -> ScopeReader.perListedThing(p, listed).stream()).toList();
    } else {
      parts = PartRules.withoutLabels(parts);
    }
    parts = PartRules.loginLimits(words, parts);
    parts = PartRules.httpsOnlyCookies(parts, vocabulary.topic("cookies.secure").orElseThrow());
    parts = PartRules.cookiesOfUsers(parts);
    parts = PartRules.transport(parts, vocabulary);
    parts = StorageLayer.layered(parts, vocabulary);
    boolean anyOf = !inherited && (orKinds || joinedBy.stream().anyMatch(j -> j.equals("or")));
    if (anyOf && !orKinds) {
      PartRules.alternativesBesideAnother(parts, unread);
    }
    if (anyOf && !orKinds && question) {
      AsideWords.parenthesisedAlternatives(text, words, hits.get(0).start(), cuts, joinedBy,
          unread);
    }
    return new Reading(text, parts, anyOf || PartRules.eitherLapse(parts), question, document,
        unread);
  }

  /**
   * Vague words give way to specific ones: "encrypted" beside "at rest" adds nothing, and
   * "password" with an amount in characters is the minimum length. A vague word left alone stays,
   * and keeps the reading partial.
   */
  private List<TopicHit> concreteHits(List<TopicHit> found, List<Amount> amounts,
      Map<TopicHit, Quantity.Comparison> bounds) {
    List<TopicHit> out = new ArrayList<>();
    for (TopicHit h : found) {
      Topic t = h.topic();
      if (!t.isAbstract()) {
        out.add(h);
        continue;
      }
      Topic refined = null;
      for (Amount a : amounts) {
        refined = t.refine().containsKey(a.unit()) ? refine(t, a.unit()) : null;
        if (refined != null) {
          break;
        }
      }
      if (refined != null) {
        TopicHit concrete = new TopicHit(refined, h.start(), h.end(), h.violation());
        if (t.comparison() != null) {
          // "kept for 30 days" bounds both ways, where "deleted after 30 days" is a ceiling.
          bounds.put(concrete, t.comparison());
        }
        out.add(concrete);
        continue;
      }
      boolean family = found.stream().anyMatch(o -> !o.topic().isAbstract()
          && (o.topic().id().startsWith(t.id())
              || (o.start() <= h.start() && h.start() < o.end())));
      if (!family) {
        out.add(h);
      }
    }
    out.sort(Comparator.comparingInt(TopicHit::start));
    return out;
  }

  /**
   * Whether another topic of the clause that takes this amount's unit stands nearer to it: in
   * "database backups are kept for 35 days" the 35 days are how long they are kept, not how often
   * they are taken.
   */
  private boolean nearerTaker(TopicHit h, Amount a, List<TopicHit> hits, int[] clause) {
    int mine = distance(h, a.position());
    return hits.stream().anyMatch(o -> o != h && !o.topic().equals(h.topic())
        && o.start() >= clause[0] && o.start() < clause[1]
        && refine(o.topic(), a.unit()) != null && distance(o, a.position()) < mine);
  }

  static int distance(TopicHit h, int at) {
    return at >= h.end() ? at - h.end() + 1 : at < h.start() ? h.start() - at : 0;
  }

  private Topic refine(Topic topic, Quantity.Unit unit) {
    if (topic.unit() == unit) {
      return topic;
    }
    String id = topic.refine().get(unit);
    return id == null ? null : vocabulary.topic(id).orElse(null);
  }

  private static boolean punctuationBetween(String text, List<Word> words, int k) {
    String gap = text.substring(words.get(k - 1).end(), words.get(k).start());
    return gap.contains(";") || gap.contains(",") || gap.contains(":") || gap.contains("(");
  }


  /**
   * Whether a question asks if the control is in place somewhere: "any endpoint", "is there",
   * "at least one", "some", and no "all" or "every" beside them. "Ever" asks of time, which the
   * evidence does not vary over, so it is left out.
   */
  private static boolean existentialAsked(List<Word> words, List<Integer> existentials,
      List<Integer> universals, int[] clause) {
    Set<String> ofTime = Set.of("ever", "sometimes", "occasionally");
    boolean exists = existentials.stream().anyMatch(i -> i >= clause[0] && i < clause[1]
        && !ofTime.contains(words.get(i).text()) && !(words.get(i).text().equals("at")
            && i + 1 < words.size() && words.get(i + 1).text().equals("times")));
    boolean every = universals.stream().anyMatch(i -> i >= clause[0] && i < clause[1]
        && !Set.of("any", "anywhere").contains(words.get(i).text()));
    return exists && !every;
  }

  private static int count(List<Integer> at, int[] clause) {
    return (int) at.stream().filter(i -> i >= clause[0] && i < clause[1]).count();
  }

}

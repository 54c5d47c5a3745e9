package dev.secaudit.questionnaire;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Ties a sheet's question to the bank without guessing: an exact control id first, then keyword
 * groups over normalised text. Reviewers trust an answer only if they can see why it was chosen,
 * so every step is a plain rule and ties go to the bank's order.
 */
public final class QuestionMatcher {
  private final QuestionBank bank;
  private final List<Fold> synonyms;
  /** Only each family's first phrase and its own name: how the keyword itself is written. */
  private final List<Fold> ownWords;

  /**
   * One phrase folded into its canonical word, both padded with spaces. Its first word lets a
   * text skip it without a search: most of the 200 phrases share no word with a question.
   */
  private record Fold(String phrase, String firstWord, String replacement, List<String> words) {
    static Fold of(String phrase, String canonical) {
      return new Fold(" " + phrase + " ", phrase.split(" ")[0], " " + canonical + " ",
          List.of(canonical.split(" ")));
    }
  }
  private final Map<String, List<QuestionBank.Question>> byId;
  /**
   * Keyed by identity: a question record's hash walks all its lists, and it is looked up once per
   * bank question for every row of the sheet.
   */
  private final Map<QuestionBank.Question, List<List<Keyword>>> keywordGroups;
  private final Map<QuestionBank.Question, List<List<Keyword>>> literalGroups;
  private final List<Map.Entry<QuestionBank.ReviewRule, List<List<Keyword>>>> reviewGroups;

  /**
   * One keyword alternative in folded form. Folded text holds only {@code [a-z0-9]} words between
   * single spaces and is padded with a space at both ends, so a whole-word match is a plain
   * substring search for one of a few needles built once: no regular expression per keyword per
   * row. A prefix keyword's needle is open at its end: whatever follows up to the next space is
   * the word's end.
   */
  private record Keyword(List<String> needles) {
    static Keyword exact(String words) {
      return new Keyword(List.of(" " + words + " "));
    }

    static Keyword prefix(String words) {
      return new Keyword(List.of(" " + words));
    }

    /** A plural is the same word, not a synonym: "backups" matches "backup" literally. */
    static Keyword orPlural(String words) {
      return new Keyword(List.of(" " + words + " ", " " + words + "s ", " " + words + "es "));
    }

    boolean in(String folded) {
      for (String n : needles) {
        if (folded.contains(n)) {
          return true;
        }
      }
      return false;
    }
  }

  public QuestionMatcher(QuestionBank bank) {
    this.bank = bank;
    List<Map.Entry<String, String>> phrases = new ArrayList<>();
    List<Map.Entry<String, String>> own = new ArrayList<>();
    bank.synonyms().forEach((canonical, list) -> {
      for (String p : list) {
        phrases.add(Map.entry(plain(p), canonical));
        if (p.equals(list.get(0)) || plain(p).equals(plain(canonical))) {
          own.add(Map.entry(plain(p), canonical));
        }
      }
    });
    this.synonyms = ordered(phrases);
    this.ownWords = ordered(own);
    this.byId = new LinkedHashMap<>();
    this.keywordGroups = new java.util.IdentityHashMap<>();
    this.literalGroups = new java.util.IdentityHashMap<>();
    for (QuestionBank.Question q : bank.questions()) {
      byId.computeIfAbsent(controlId(q.id()), k -> new ArrayList<>()).add(q);
      for (String id : q.caiq40()) {
        byId.computeIfAbsent(controlId(id), k -> new ArrayList<>()).add(q);
      }
      for (String id : q.caiq41()) {
        byId.computeIfAbsent(controlId(id), k -> new ArrayList<>()).add(q);
      }
      keywordGroups.put(q, compile(q.keywords(), true));
      literalGroups.put(q, compile(q.keywords(), false));
    }
    this.reviewGroups = bank.reviewRules().stream()
        .map(r -> Map.entry(r, compile(r.keywords(), true)))
        .toList();
  }

  public QuestionBank bank() {
    return bank;
  }

  /**
   * @param sheetId the sheet's own id for the row, or empty
   * @param text the question as the customer wrote it
   */
  public QuestionMatch match(String sheetId, String text) {
    String plainText = plain(text);
    String folded = fold(plainText);
    List<QuestionBank.Question> byControl = sheetId == null || sheetId.isBlank() ? List.of()
        : byId.getOrDefault(controlId(sheetId), List.of());
    if (!byControl.isEmpty()) {
      // Several bank questions can share one CAIQ id (at rest and in transit under CEK-03.1):
      // the text decides between them, the bank's order when it cannot.
      QuestionBank.Question best = byControl.get(0);
      int bestScore = -1;
      for (QuestionBank.Question q : byControl) {
        // Share of the question's keyword groups found first, then words in common.
        List<List<Keyword>> groups = keywordGroups.get(q);
        int score = groups.isEmpty() ? 0
            : groupsMatched(groups, folded) * 1000 / groups.size() + alternativesMatched(groups, folded);
        if (score > bestScore) {
          best = q;
          bestScore = score;
        }
      }
      return restrictedOr(best, MatchMethod.ID, 0.95);
    }
    for (Map.Entry<QuestionBank.ReviewRule, List<List<Keyword>>> r : reviewGroups) {
      if (allMatch(r.getValue(), folded)) {
        return new QuestionMatch(null, MatchMethod.RESTRICTED, 0.9,
            "restricted topic (" + r.getKey().reason() + "): a person must answer");
      }
    }
    QuestionBank.Question best = null;
    int bestGroups = 0;
    int bestHits = 0;
    for (QuestionBank.Question q : bank.questions()) {
      List<List<Keyword>> groups = keywordGroups.get(q);
      if (groups.isEmpty() || groups.size() < bestGroups || !allMatch(groups, folded)) {
        continue;
      }
      // More groups is a more specific question; among equals, more words in common wins, and
      // the bank's order settles the rest.
      int hits = alternativesMatched(groups, folded);
      if (groups.size() > bestGroups || hits > bestHits) {
        best = q;
        bestGroups = groups.size();
        bestHits = hits;
      }
    }
    if (best == null) {
      return new QuestionMatch(null, MatchMethod.UNMATCHED, 0,
          "no question in the bank matches; answer by hand");
    }
    boolean literal = allMatch(literalGroups.get(best), fold(plainText, false));
    // More keyword groups agreeing means a more specific match.
    double confidence = Math.min(0.9, 0.5 + 0.1 * bestGroups);
    return literal ? restrictedOr(best, MatchMethod.KEYWORDS, confidence)
        : restrictedOr(best, MatchMethod.SYNONYM, confidence - 0.1);
  }

  /** The bank question an id names exactly, if any. */
  public Optional<QuestionBank.Question> byControlId(String id) {
    List<QuestionBank.Question> qs = byId.getOrDefault(controlId(id), List.of());
    return qs.isEmpty() ? Optional.empty() : Optional.of(qs.get(0));
  }

  private static QuestionMatch restrictedOr(QuestionBank.Question q, MatchMethod method,
      double confidence) {
    double rounded = Math.round(confidence * 100) / 100.0;
    if (q.review() != null && !q.review().isBlank()) {
      return new QuestionMatch(q, method, rounded,
          "restricted topic (" + q.review() + "): a person must answer");
    }
    return new QuestionMatch(q, method, rounded, "");
  }

  /** Ids compare without case or spaces (v4.1's I&S ids are listed beside v4.0's IVS ones). */
  static String controlId(String id) {
    return id.strip().toUpperCase(Locale.ROOT).replace(" ", "");
  }

  /** Lower case, accents and punctuation gone, single spaces: "Two-Factor?" is "two factor". */
  static String plain(String text) {
    String s = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKD)
        .replaceAll("\\p{M}", "")
        .toLowerCase(Locale.ROOT)
        .replace("&", " and ")
        .replaceAll("[^a-z0-9]+", " ")
        .strip();
    return s;
  }

  String fold(String plainText) {
    return fold(plainText, true);
  }

  private String fold(String plainText, boolean withSynonyms) {
    String s = " " + plainText + " ";
    // The words present, grown by each replacement so that a canonical word can be folded on.
    java.util.Set<String> present = new java.util.HashSet<>(List.of(plainText.split(" ")));
    for (Fold f : withSynonyms ? synonyms : ownWords) {
      if (present.contains(f.firstWord()) && s.contains(f.phrase())) {
        s = s.replace(f.phrase(), f.replacement());
        present.addAll(f.words());
      }
    }
    return s.replaceAll(" +", " ");
  }

  private static List<Fold> ordered(List<Map.Entry<String, String>> list) {
    // Longest phrase first, so "role based access control" is folded before "role based".
    return list.stream()
        .sorted(Comparator.comparing((Map.Entry<String, String> e) -> -e.getKey().length())
            .thenComparing(Map.Entry::getKey))
        .map(e -> Fold.of(e.getKey(), e.getValue()))
        .toList();
  }

  private List<List<Keyword>> compile(List<List<String>> groups, boolean withSynonyms) {
    List<List<Keyword>> out = new ArrayList<>();
    for (List<String> group : groups) {
      List<Keyword> alts = new ArrayList<>();
      for (String alt : group) {
        boolean prefix = alt.endsWith("*");
        String words = plain(prefix ? alt.substring(0, alt.length() - 1) : alt);
        // Keywords are written in canonical form, so fold them like the text they meet.
        String canonical = fold(words, withSynonyms).strip();
        alts.add(prefix ? Keyword.prefix(canonical)
            : withSynonyms ? Keyword.exact(canonical) : Keyword.orPlural(canonical));
      }
      out.add(alts);
    }
    return out;
  }

  private static boolean allMatch(List<List<Keyword>> groups, String text) {
    return !groups.isEmpty() && groupsMatched(groups, text) == groups.size();
  }

  /** Every alternative found in the text, counted across the groups. */
  private static int alternativesMatched(List<List<Keyword>> groups, String text) {
    return (int) groups.stream().flatMap(List::stream).filter(k -> k.in(text)).count();
  }

  /** The groups with at least one alternative found in the text. */
  private static int groupsMatched(List<List<Keyword>> groups, String text) {
    return (int) groups.stream().filter(alts -> alts.stream().anyMatch(k -> k.in(text)))
        .count();
  }
}

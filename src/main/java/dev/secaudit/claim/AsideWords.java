package dev.secaudit.claim;

import dev.secaudit.claim.Words.Word;
import java.util.List;

/**
 * Words a question adds beside its topic that no claim weighs, which must be named unread
 * rather than merged into the topic or read as alternatives: the status a rate limit answers
 * with, alternatives in parentheses that explain the words before them.
 */
final class AsideWords {
  private AsideWords() {}

  /**
   * "Are all rate limits enforced with HTTP 429 responses?" asks which status a limit answers
   * with, which no claim states (a limiter may answer 503): beside another rate-limit word, "429"
   * is named unread rather than merged into "rate limited".
   */
  static void statusBesideLimit(List<Word> words, WordRole[] role, List<TopicHit> hits,
      List<String> unread) {
    for (TopicHit h : List.copyOf(hits)) {
      boolean status = h.end() - h.start() == 1 && words.get(h.start()).text().equals("429");
      if (status && hits.stream().anyMatch(o -> o != h && o.topic().equals(h.topic()))) {
        hits.remove(h);
        role[h.start()] = WordRole.NEUTRAL;
        unread.add("'429' (the status a limit answers with, which no claim states)");
      }
    }
  }

  /**
   * "Do you rate limit requests at the edge (CDN or WAF)?": alternatives in parentheses explain
   * a word before them; they do not make the rate limit one alternative of three, nor each a
   * condition (a WAF gap would answer No beside a CDN that limits): named unread.
   *
   * @param first where the sentence's first topic starts
   * @param cuts where its clauses are joined, with {@code joinedBy} the joiner of each
   */
  static void parenthesisedAlternatives(String text, List<Word> words, int first,
      List<Integer> cuts, List<String> joinedBy, List<String> unread) {
    if (first >= words.size() || inParentheses(text, words, first)) {
      return;
    }
    for (int k = 0; k < cuts.size(); k++) {
      if (joinedBy.get(k).equals("or") && !inParentheses(text, words, cuts.get(k))) {
        return;
      }
    }
    int open = text.indexOf('(');
    int close = text.indexOf(')', open);
    unread.add("'" + text.substring(open, close < 0 ? text.length() : close + 1)
        + "' (alternatives that explain the words before them, not weighed)");
  }

  /**
   * "Does any response disclose the server software version?": beside a banner the question
   * names, "disclose" is the verb of sending it, as "reveal" and "expose" are (auditor21 E06,
   * N09: review, 'disclose' unread, while the scan recorded "Server: nginx/1.22.1"). Elsewhere
   * it stays unread: "Do you disclose every subprocessor?" asks of a published list, which the
   * vendors a site loads do not settle.
   */
  static void discloseBesideBanner(List<Word> words, WordRole[] role, List<TopicHit> hits) {
    if (hits.stream().noneMatch(h -> h.topic().id().equals("headers.info_leak"))) {
      return;
    }
    for (int i = 0; i < words.size(); i++) {
      if (role[i] == null && words.get(i).stem().equals("disclos")) {
        role[i] = WordRole.NEUTRAL;
      }
    }
  }

  /** Words that may stand between "per" and "IP": "per client IP address". */
  private static final java.util.Set<String> ADDRESS_OF = java.util.Set.of("client", "source",
      "remote", "caller", "originating");

  /**
   * "Login is rate limited to 10 attempts per minute per IP address." keys the limit by the
   * client's address, which a probe sending from one address cannot tell from a limit over all
   * clients together: the words are named with that reason, never dropped (before: "not read:
   * 'ip', 'address'"), so the claim is not verified and the question is for a person.
   */
  static void limitPerAddress(List<Word> words, WordRole[] role, List<TopicHit> hits,
      List<String> unread) {
    if (hits.stream().noneMatch(h -> h.topic().id().equals("rate_limit"))) {
      return;
    }
    for (int i = 0; i + 1 < words.size(); i++) {
      String at = words.get(i).text();
      if (!at.equals("per") && !at.equals("by") && !at.equals("each")) {
        continue;
      }
      int k = i + 1;
      while (k < words.size() && ADDRESS_OF.contains(words.get(k).text())) {
        k++;
      }
      if (k >= words.size() || !java.util.Set.of("ip", "ips", "ipv4", "ipv6")
          .contains(words.get(k).text())) {
        continue;
      }
      int end = k + 1;
      if (end < words.size() && java.util.Set.of("address", "addresses")
          .contains(words.get(end).text())) {
        end++;
      }
      StringBuilder said = new StringBuilder();
      for (int j = i; j < end; j++) {
        if (role[j] == null) {
          role[j] = WordRole.NEUTRAL;
        }
        said.append(j == i ? "" : " ").append(words.get(j).text());
      }
      unread.add("'" + said + "' (a limit per client address: the probe sends from one address,"
          + " so a per-IP limit was not told apart from one over all clients)");
      return;
    }
  }

  /** What a practice may be said to run on, each time: "on every commit", "before each merge". */
  private static final java.util.Set<String> OCCASIONS = java.util.Set.of("commit", "commits",
      "push", "pushes", "merge", "merges", "build", "builds", "deploy", "deploys", "deployment",
      "deployments", "release", "releases", "change", "changes", "pull");

  /**
   * "Are all code repositories scanned for secrets on every commit?" asks how often a practice
   * runs, which no finding shows: what secaudit's own search found says nothing of a scanner
   * running on each commit (a twelfth blind review: No from secrets found in the history). The
   * occasion is named unread, as other words no claim weighs are.
   */
  static void practiceCadence(List<Word> words, WordRole[] role, List<String> unread) {
    boolean scanned = false;
    for (int i = 0; i < words.size(); i++) {
      scanned |= role[i] == WordRole.TOPIC && words.get(i).stem().equals("scan");
    }
    for (int i = 0; scanned && i + 2 < words.size(); i++) {
      String at = words.get(i).text();
      String each = words.get(i + 1).text();
      if (java.util.Set.of("on", "at", "with", "before", "after", "for", "per").contains(at)
          && java.util.Set.of("every", "each").contains(each)
          && OCCASIONS.contains(words.get(i + 2).text())) {
        unread.add("'" + at + " " + each + " " + words.get(i + 2).text() + "' (how often a"
            + " practice runs, which no finding of the scan shows)");
        return;
      }
    }
  }

  /** Whether a word stands inside an open parenthesis of the sentence. */
  private static boolean inParentheses(String text, List<Word> words, int at) {
    String before = text.substring(0, words.get(at).start());
    return before.chars().filter(ch -> ch == '(').count()
        > before.chars().filter(ch -> ch == ')').count();
  }
}

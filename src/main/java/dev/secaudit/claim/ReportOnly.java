package dev.secaudit.claim;

import dev.secaudit.claim.Words.Word;
import java.util.ArrayList;
import java.util.List;

/**
 * "Report-only" beside a Content Security Policy: the policy is reported, not enforced, so the
 * words deny the topic (an enforced CSP) as "not" would. Read as the scope word "report" (PDF
 * reports), "Is the CSP report-only on any page?" was Yes from an enforced CSP, and "Our CSP is
 * never report-only." a stated gap (a twelfth blind review).
 */
final class ReportOnly {
  private ReportOnly() {}

  /** Marks "report only" as a negation where the sentence names a CSP; its positions. */
  static List<Integer> mark(List<Word> words, WordRole[] role) {
    List<Integer> out = new ArrayList<>();
    if (!namesCsp(words)) {
      return out;
    }
    for (int i = 0; i + 1 < words.size(); i++) {
      if (role[i] == null && role[i + 1] == null && words.get(i).stem().equals("report")
          && words.get(i + 1).text().equals("only")) {
        role[i] = WordRole.NEGATION;
        role[i + 1] = WordRole.NEGATION;
        out.add(i);
      }
    }
    return out;
  }

  private static boolean namesCsp(List<Word> words) {
    for (int i = 0; i < words.size(); i++) {
      if (words.get(i).text().equals("csp") || i + 2 < words.size()
          && words.get(i).text().equals("content") && words.get(i + 1).text().equals("security")
          && words.get(i + 2).stem().equals("polici")) {
        return true;
      }
    }
    return false;
  }
}

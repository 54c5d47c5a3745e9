package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A repository is its history as well as today's files: a secret deleted from the working tree
 * is still in every clone. A search of the working tree speaks for "source code", never for
 * "repositories" or "source control" (a twelfth blind review: with one repository's history
 * not read, "Is source control free of secrets?" was Yes and a page published "No secrets have
 * ever been committed to our repositories." while a commit held an AWS key).
 */
final class RepositoryHistory {
  private RepositoryHistory() {}

  static final String HISTORY = "history";
  private static final String TOPIC = "secrets.repository";
  private static final Set<String> REPOSITORY = Set.of("repository", "repositories", "repo",
      "repos", "git", "github", "gitlab", "bitbucket");

  /**
   * A part on secrets in repositories that names the repository ("source control", "our
   * repositories", "git") speaks of its history too; "source code" alone keeps to the files.
   */
  static List<ClaimPart> withHistory(List<ClaimPart> parts, boolean question) {
    // "the current working tree of your repositories" keeps to today's files; "Do you scan
    // repositories for secrets?" asks of the practice, which no search of a history shows.
    return parts.stream().map(p -> !p.topic().id().equals(TOPIC)
        || p.scope().nouns().contains(HISTORY) || p.scope().nouns().contains("tree")
        || !namesRepository(p.text()) ? p
        : new ClaimPart(p.topic(), p.polarity(), p.quantity(), p.scope().over(
            p.scope().universal() || !question, plus(p.scope().nouns())), p.value(), p.text(),
            p.anywhere(), p.some())).toList();
  }

  private static Set<String> plus(Set<String> nouns) {
    Set<String> out = new TreeSet<>(nouns);
    out.add(HISTORY);
    return out;
  }

  private static boolean namesRepository(String text) {
    List<Words.Word> words = Words.of(text);
    if (words.stream().anyMatch(w -> w.stem().equals("scan"))) {
      return false;
    }
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i).text();
      if (REPOSITORY.contains(w) || w.equals("control") && i > 0
          && Set.of("source", "version").contains(words.get(i - 1).text())) {
        return true;
      }
    }
    return false;
  }

  /**
   * What the secret search covered: every commit when each repository's history was read to its
   * first commit (or a secret found was committed), else the working tree only, which does not
   * answer "Have secrets ever been committed?".
   */
  static Scope searched(ClaimEvidence evidence) {
    List<Finding> found = judged(evidence);
    boolean committed = found.stream().anyMatch(f -> f.status() == Status.FAIL
        && (f.observed().contains("added in commit") || f.observed().contains("; committed in")));
    boolean failed = found.stream().anyMatch(f -> f.status() == Status.FAIL);
    boolean wholeHistory = !found.isEmpty() && found.stream()
        .allMatch(f -> f.status() == Status.FAIL || readToFirstCommit(f));
    return new Scope(true, Set.of(committed || (wholeHistory && !failed) ? HISTORY : "tree"));
  }

  /** The repositories whose history the search did not read to its first commit. */
  static List<String> unread(ClaimEvidence evidence) {
    return judged(evidence).stream().filter(f -> f.status() == Status.PASS
        && !readToFirstCommit(f)).map(Finding::target).distinct().toList();
  }

  /** The section's claim, its reason naming the repositories read as working trees only. */
  static Claim named(Claim c, ClaimEvidence evidence) {
    List<String> tree = unread(evidence);
    if (c.standing() != Standing.VERIFIED || tree.isEmpty()) {
      return c;
    }
    return new Claim(c.id(), c.statement(), c.part(), c.standing(), c.readWhole(), c.checkIds(),
        c.evidence(), c.why() + "; of the working tree only on " + String.join(", ", tree)
            + " (its history was not read to its first commit)", c.applies(), c.refutesAll(),
        c.heldOn(), c.valueOnly());
  }

  /**
   * Why a statement on the repositories (their history) is not shown by a search of working
   * trees, or "": "Our repositories contain no secrets" stands only where every commit was read.
   */
  static String notShown(ClaimPart p, List<Claim> sections) {
    if (!p.topic().id().equals(TOPIC) || !p.scope().nouns().contains(HISTORY)) {
      return "";
    }
    List<Claim> searched = sections.stream().filter(s -> s.part().topic().equals(p.topic()))
        .toList();
    if (searched.isEmpty() || searched.stream()
        .anyMatch(s -> s.part().scope().nouns().contains(HISTORY))) {
      return "";
    }
    return "it speaks of the repositories, their history too, and the search read the working"
        + " tree only (" + searched.get(0).why() + ")";
  }

  private static List<Finding> judged(ClaimEvidence evidence) {
    return new ArrayList<>(evidence.findings(List.of("repo.secrets")).stream()
        .filter(f -> f.status() == Status.PASS || f.status() == Status.FAIL).toList());
  }

  private static boolean readToFirstCommit(Finding f) {
    return f.observed().matches(".* \\d+ commits?\\b.*") && !f.observed().contains("up to a cap");
  }
}

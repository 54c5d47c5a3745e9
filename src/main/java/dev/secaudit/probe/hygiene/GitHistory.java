package dev.secaudit.probe.hygiene;

import dev.secaudit.probe.local.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every line ever added on any branch, read from {@code git log -p --all} as a stream and passed
 * through the detectors, so a secret committed and deleted later is still found with the commit
 * that added it, its path and its line. Only added lines are read: a secret enters history once,
 * in the commit that adds it.
 */
final class GitHistory {
  /**
   * @param commits commits read
   * @param truncated the commit, byte or time cap stopped the read early
   * @param failure why history could not be read, or null
   */
  record Result(List<Sighting> sightings, int commits, boolean truncated, String failure) {}

  /** Starts each commit's header: a byte no diff line starts with, then the commit id. */
  private static final char MARK = '\u0001';
  private static final Pattern HUNK = Pattern.compile("^@@ -\\d+(?:,\\d+)? \\+(\\d+)(?:,\\d+)? @@");

  private GitHistory() {}

  static Result scan(Git git, int maxCommits, long maxBytes, Duration timeout, Detectors detectors,
      java.util.function.Predicate<String> entropyHere) {
    List<Sighting> found = new ArrayList<>();
    Parser parser = new Parser(detectors, entropyHere, found);
    TextReader.Outcome[] outcome = new TextReader.Outcome[1];
    Git.Run run = git.run(List.of("log", "--all", "-p", "-M", "--no-color", "--no-ext-diff",
        "--no-textconv", "--unified=0", "--format=format:%x01%H", "--max-count=" + maxCommits),
        timeout, in -> outcome[0] = TextReader.lines(in,
            new TextReader.Limits(maxBytes, 64 * 1024, Deadline.in(timeout)), parser::line));
    boolean capped = outcome[0] != null && outcome[0].truncated();
    if (run.timedOut()) {
      return new Result(found, parser.commits, true, null);
    }
    if (!run.ok() && !capped) {
      String why = WorkingTree.firstLine(run.stderr());
      if (why.contains("does not have any commits")) {
        return new Result(found, 0, false, null);
      }
      return new Result(found, parser.commits, false, "git log failed: " + why);
    }
    return new Result(found, parser.commits, capped || parser.commits >= maxCommits, null);
  }

  /** Follows commit, file and hunk headers to give each added line its place. */
  private static final class Parser {
    private final Detectors detectors;
    private final java.util.function.Predicate<String> entropyHere;
    private final List<Sighting> found;
    int commits;
    private String commit;
    private String path;
    private int next;
    /** Between "diff --git" and the first hunk: "+++ b/x" names the file, not an added line. */
    private boolean header;

    Parser(Detectors detectors, java.util.function.Predicate<String> entropyHere,
        List<Sighting> found) {
      this.detectors = detectors;
      this.entropyHere = entropyHere;
      this.found = found;
    }

    void line(int number, String text) {
      if (!text.isEmpty() && text.charAt(0) == MARK) {
        commit = text.substring(1).trim();
        path = null;
        commits++;
        header = false;
      } else if (text.startsWith("diff --git ")) {
        path = null;
        header = true;
      } else if (header && text.startsWith("+++ ")) {
        String p = text.substring(4);
        if (p.startsWith("\"") && p.endsWith("\"") && p.length() > 1) {
          p = p.substring(1, p.length() - 1);
        }
        path = p.startsWith("b/") ? p.substring(2) : null;
      } else if (text.startsWith("@@ ")) {
        header = false;
        Matcher m = HUNK.matcher(text);
        next = m.find() ? Integer.parseInt(m.group(1)) : 0;
      } else if (!header && path != null && text.startsWith("+")) {
        String content = text.substring(1);
        for (Hit h : detectors.scan(content, path, entropyHere.test(path))) {
          found.add(Sighting.of(h, path, next, commit));
        }
        next++;
      }
    }
  }
}

package dev.secaudit.report;

import dev.secaudit.model.Finding;
import dev.secaudit.model.JsonFault;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.TargetState;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a scan's findings must be among themselves and to its population, checked as {@link
 * ScanReader} reads them: each finding once (no two with one check, target and subject: a report
 * would count it twice, and a reader could take either verdict), and each about a target the scan
 * lists (or the whole policy): a file with "targets": [] and hundreds of findings would say "334
 * findings on 0 targets", a population an auditor cannot trust.
 *
 * <p>A fleet's scan holds hundreds of thousands of findings, so what is kept of each is a 64-bit
 * digest of its key made from its texts' own (cached) hash codes, and not in the heap: {@link
 * RepeatedDigests} holds one run of them and sorts the rest out to a temporary file. A table of
 * every digest in the heap was the largest thing a fleet's report held while the file was read
 * (16.8 MB at 854,000 findings, 33.5 MB past a million).
 *
 * <p>So a finding twice is found when the findings list ends ({@link #requireOnce}), not when its
 * second copy is read: a file with a finding twice and a later finding that is itself refused (a
 * status no scan writes, a time outside the run) is refused for the later one, which was read
 * first. The refusal of a finding twice is what it was: the second copy by its place and line,
 * the first by its place and line, the check, target and subject, exit 2, before anything after
 * the findings list is looked at; of several, the one whose second copy comes first. Two keys may
 * share a digest; a repeated digest is only a suspicion, settled by reading the file again and
 * comparing the keys themselves, so no file is refused for a digest alone.
 */
final class FindingCensus implements AutoCloseable {
  /** The file's findings read again from the first, in order, until {@code each} says stop. */
  interface Again {
    void read(Predicate<Finding> each);
  }

  private final ScanRefusals refusals;
  private final Again again;
  private final Path folder;
  private RepeatedDigests digests;
  // Each target a finding names, numbered as first met (out of the heap: a map of names was
  // ~55 bytes of each of a fleet's targets), and the place of the first finding that names it.
  private TextNumbers named;
  private int[] firstNamedAt = new int[64];
  private String lastNamed;

  FindingCensus(ScanRefusals refusals, Again again) {
    this(refusals, again, null, RepeatedDigests.RUN);
  }

  /** As above, with the temporary files' folder and the digests held in the heap given (a test's). */
  FindingCensus(ScanRefusals refusals, Again again, Path folder, int run) {
    this.refusals = refusals;
    this.again = again;
    this.folder = folder;
    this.digests = new RepeatedDigests(folder, run);
    // The last texts kept: a file whose findings are not listed target by target.
    this.named = new TextNumbers(folder, TextNumbers.MEMORY, ArtifactDigests::hash);
  }

  /** Counts the finding at {@code index} (one index each, in the order the file is read). */
  void add(Finding f, int index) {
    if (digests == null) {
      throw new IllegalStateException("a finding counted after the findings ended");
    }
    // A target's findings are nearly always together: its name is looked up once.
    if (!f.target().equals(lastNamed)) {
      int next = named.size();
      if (named.numberOf(f.target(), next) == next) {
        if (next == firstNamedAt.length) {
          firstNamedAt = Arrays.copyOf(firstNamedAt, next * 2);
        }
        firstNamedAt[next] = index;
      }
      lastNamed = f.target();
    }
    digests.add(digest(f), index);
  }

  /**
   * The findings list has ended: refuses the first finding, in the file's order, whose check,
   * target and subject an earlier one has, naming both. The findings whose digests repeat are
   * read again (none, in a file with no finding twice) and their keys compared exactly, kept as
   * {@link TextNumbers} keeps texts (out of the heap), until the first that was met before.
   */
  void requireOnce() {
    int[] suspects = digests.repeated();
    digests = null;
    if (suspects.length == 0) {
      return;
    }
    // The next finding's place, the next suspect's, then the second copy's and the first's.
    int[] at = {0, 0, -1, -1};
    Finding[] twice = {null};
    try (TextNumbers keys = new TextNumbers(folder, TextNumbers.MEMORY,
        ArtifactDigests::hash)) {
      again.read(f -> {
        int index = at[0]++;
        if (index < suspects[at[1]]) {
          return true;
        }
        int seen = keys.numberOf(key(f), index);
        if (seen != index) {
          twice[0] = f;
          at[2] = index;
          at[3] = seen;
          return false;
        }
        return ++at[1] < suspects.length;
      });
    }
    if (twice[0] != null) {
      Finding f = twice[0];
      String first = FindingReader.at(at[3]);
      throw refusals.refused(FindingReader.at(at[2]), "the same finding as " + first
          + refusals.atLine(first) + " (check " + f.checkId() + ", target " + f.target()
          + (f.subject().isEmpty() ? "" : ", subject " + f.subject()) + "): a scan judges"
          + " each check, target and subject once, so one of them is not this run's");
    }
  }

  /**
   * A finding's check, target and subject as one text that two findings share only when all
   * three are the same: each of the first two by its length, since any of them may hold '|'.
   */
  private static String key(Finding f) {
    return f.checkId().length() + ":" + f.checkId() + "|" + f.target().length() + ":"
        + f.target() + "|" + f.subject();
  }

  /**
   * Refuses the first finding whose target the scan does not list; policy-wide findings ({@link
   * ScanResult#POLICY_TARGET}, or no name, as merge reads them too) belong to no target.
   */
  void requireListed(List<TargetState> targets) {
    // Numbers are given in the order first met: the first not listed is the least unmarked.
    boolean[] listed = new boolean[named.size()];
    for (TargetState t : targets) {
      mark(listed, t.name());
    }
    mark(listed, "");
    mark(listed, ScanResult.POLICY_TARGET);
    int unlisted = 0;
    while (unlisted < listed.length && listed[unlisted]) {
      unlisted++;
    }
    String target = null;
    int first = -1;
    if (unlisted < listed.length) {
      int wanted = unlisted;
      String[] name = {null};
      named.each((n, number) -> {
        if (number == wanted) {
          name[0] = n;
        }
      });
      target = name[0];
      first = firstNamedAt[unlisted];
    }
    if (target != null) {
      throw refusals.refused(FindingReader.at(first) + ".target", JsonFault.quoted(target)
          + " is not"
          + " among the scan's targets (" + (targets.isEmpty() ? "it lists none"
          : "it lists " + targets.size()) + "): a finding of a target outside the population"
          + " is not this run's");
    }
  }

  /**
   * The file is read to its end and its targets checked: what was kept of the findings is let
   * go, since a fleet's report is written after it. No finding can be counted after this.
   */
  void forget() {
    close();
    named.close();
    named = null;
    firstNamedAt = null;
    lastNamed = null;
  }

  /** The temporary file of digests, if any, is let go (a reading stopped early, or ended). */
  @Override
  public void close() {
    if (digests != null) {
      digests.close();
      digests = null;
    }
  }

  private void mark(boolean[] listed, String name) {
    int number = name == null ? -1 : named.find(name);
    if (number >= 0) {
      listed[number] = true;
    }
  }

  /** The key's digest: its three texts' hash codes (kept by each string), mixed to 64 bits. */
  private static long digest(Finding f) {
    long h = f.checkId().hashCode();
    h = h * 0x9E3779B97F4A7C15L + f.target().hashCode();
    h = h * 0x9E3779B97F4A7C15L + f.subject().hashCode();
    // The finaliser of SplitMix64: every bit of the three codes moves every bit of the digest.
    h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
    h ^= h >>> 31;
    return h;
  }
}

package dev.secaudit.report;

import dev.secaudit.model.Finding;
import dev.secaudit.model.JsonFault;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.TargetState;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a scan's findings must be among themselves and to its population, checked as {@link
 * ScanReader} reads them: each finding once (no two with one {@link Finding#key()}: a report
 * would count it twice, and a reader could take either verdict), and each about a target the
 * scan lists (or the whole policy): a file with "targets": [] and hundreds of findings would say
 * "334 findings on 0 targets", a population an auditor cannot trust.
 *
 * <p>A fleet's scan holds hundreds of thousands of findings, so what is kept of each is a 64-bit
 * digest of its key made from its texts' own (cached) hash codes, in an open-addressed table of
 * longs: about 4 MB at 213,500 findings where a set of the keys held some 30 MB. Two keys may
 * share a digest; a repeated digest is only a suspicion, which {@link Suspicion} settles by
 * comparing keys, so no file is refused for a digest alone.
 */
final class FindingCensus {
  /** Settles a repeated digest: the index of the first finding with that key, read again. */
  interface Suspicion {
    int firstWithKey(String key, int before);
  }

  private final ScanRefusals refusals;
  private final Suspicion suspicion;
  // Digests of the keys so far; 0 marks an empty slot (a digest of 0 is stored as 1).
  private long[] slots = new long[1 << 10];
  private int size;
  // Each target a finding names, with the first finding that names it.
  private Map<String, Integer> named = new HashMap<>();

  FindingCensus(ScanRefusals refusals, Suspicion suspicion) {
    this.refusals = refusals;
    this.suspicion = suspicion;
  }

  /** Counts the finding at {@code index}; refuses it when an earlier one has its key. */
  void add(Finding f, int index) {
    if (slots == null) {
      throw new IllegalStateException("a finding counted after the file's end");
    }
    named.putIfAbsent(f.target(), index);
    if (!insert(digest(f))) {
      String key = f.key();
      int first = suspicion.firstWithKey(key, index);
      if (first >= 0 && first < index) {
        throw refusals.refused(FindingReader.at(index), "the same finding as "
            + FindingReader.at(first) + refusals.atLine(FindingReader.at(first)) + " (check " + f.checkId() + ", target " + f.target()
            + (f.subject().isEmpty() ? "" : ", subject " + f.subject()) + "): a scan judges"
            + " each check, target and subject once, so one of them is not this run's");
      }
    }
  }

  /**
   * Refuses the first finding whose target the scan does not list; policy-wide findings ({@link
   * ScanResult#POLICY_TARGET}, or no name, as merge reads them too) belong to no target.
   */
  void requireListed(List<TargetState> targets) {
    Set<String> listed = new HashSet<>();
    for (TargetState t : targets) {
      listed.add(t.name());
    }
    String target = null;
    int first = Integer.MAX_VALUE;
    for (Map.Entry<String, Integer> e : named.entrySet()) {
      if (e.getValue() < first && !listed.contains(e.getKey())
          && !e.getKey().isEmpty() && !e.getKey().equals(ScanResult.POLICY_TARGET)) {
        target = e.getKey();
        first = e.getValue();
      }
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
   * The file is read to its end and its targets checked: what was kept of each finding is let
   * go, since a fleet's report is written after it (the digests were 16.8 MB of the HTML page's
   * live set at 854,000 findings). No finding can be counted after this.
   */
  void forget() {
    slots = null;
    named = null;
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
    return h == 0 ? 1 : h;
  }

  /** Adds the digest; false when it was there already. */
  private boolean insert(long digest) {
    if (size * 2 >= slots.length) {
      long[] old = slots;
      slots = new long[old.length * 2];
      for (long d : old) {
        if (d != 0) {
          place(d);
        }
      }
    }
    if (!place(digest)) {
      return false;
    }
    size++;
    return true;
  }

  private boolean place(long digest) {
    int mask = slots.length - 1;
    for (int i = (int) digest & mask; ; i = (i + 1) & mask) {
      if (slots[i] == 0) {
        slots[i] = digest;
        return true;
      }
      if (slots[i] == digest) {
        return false;
      }
    }
  }
}

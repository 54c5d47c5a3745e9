package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secaudit.model.Finding;
import dev.secaudit.policy.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The census of a file's findings, its digests in runs smaller than the file (so through a
 * temporary file) and in one run (the heap): a finding twice is refused as the first second copy
 * in the file's order, naming the first copy, as a map of every finding's key would find it; keys
 * that only share a digest are read again and never refused.
 */
class FindingCensusTest {
  @TempDir Path dir;

  private static final Finding BASE = ReportFixture.scan().findings().get(0);

  private static Finding finding(String target, String subject) {
    return BASE.toBuilder().target(target).subject(subject).build();
  }

  /** Findings of a few targets, each subject its own: none twice. */
  private static List<Finding> distinct(int count) {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      findings.add(finding("app-" + i % 7, "subject " + i));
    }
    return findings;
  }

  /** What a map of every key finds: "findings[j] … findings[i]" of the first repeat, or null. */
  private static String firstTwice(List<Finding> findings) {
    Map<List<String>, Integer> seen = new HashMap<>();
    for (int j = 0; j < findings.size(); j++) {
      Finding f = findings.get(j);
      Integer i = seen.putIfAbsent(List.of(f.checkId(), f.target(), f.subject()), j);
      if (i != null) {
        return FindingReader.at(j) + ": the same finding as " + FindingReader.at(i) + " (check "
            + f.checkId() + ", target " + f.target() + ", subject " + f.subject() + ")";
      }
    }
    return null;
  }

  /** Counts the findings as the reader does, then ends the list; reads them again on request. */
  private static void census(List<Finding> findings, Path folder, int run) {
    FindingCensus census = new FindingCensus(new ScanRefusals("scan.json", null),
        each -> {
          for (Finding f : findings) {
            if (!each.test(f)) {
              return;
            }
          }
        }, folder, run);
    try (census) {
      for (int i = 0; i < findings.size(); i++) {
        census.add(findings.get(i), i);
      }
      census.requireOnce();
    }
  }

  private void refusedAsAMapFinds(List<Finding> findings) {
    String expected = firstTwice(findings);
    assertThat(expected).isNotNull();
    for (int run : new int[] {RepeatedDigests.RUN, 16, 1}) {
      assertThatThrownBy(() -> census(findings, dir, run)).as("runs of %d", run)
          .isInstanceOf(UsageException.class)
          .hasMessageStartingWith("scan.json: " + expected + ": a scan judges each check,"
              + " target and subject once");
    }
  }

  @Test
  void aFindingTwiceAtTheStartOrNearTheEndOfALargeFileIsRefusedNamingBoth() {
    int count = 40 * 16 + 5;
    List<Finding> atStart = distinct(count);
    atStart.set(1, atStart.get(0));
    refusedAsAMapFinds(atStart);
    List<Finding> nearEnd = distinct(count);
    nearEnd.set(count - 2, nearEnd.get(count - 3));
    refusedAsAMapFinds(nearEnd);
    // The first copy at the start, the second at the end: the runs farthest apart.
    List<Finding> apart = distinct(count);
    apart.set(count - 1, apart.get(0));
    refusedAsAMapFinds(apart);
    // Both: the one whose second copy comes first is named, as when it was found as read.
    List<Finding> both = distinct(count);
    both.set(count - 2, both.get(count - 3));
    both.set(2, both.get(0));
    refusedAsAMapFinds(both);
    // A finding three times, the third copy's first run before the second's in no order.
    List<Finding> thrice = distinct(count);
    thrice.set(300, thrice.get(5));
    thrice.set(20, thrice.get(5));
    refusedAsAMapFinds(thrice);
  }

  @Test
  void manyFindingsTwiceAreRefusedAtTheFirstSecondCopy() {
    Random random = new Random(19);
    for (int round = 0; round < 20; round++) {
      List<Finding> findings = distinct(200 + random.nextInt(800));
      for (int k = 1 + random.nextInt(round % 2 == 0 ? 3 : 300); k > 0; k--) {
        findings.set(random.nextInt(findings.size()), findings.get(random.nextInt(
            findings.size())));
      }
      if (firstTwice(findings) != null) {
        refusedAsAMapFinds(findings);
      }
    }
    // The whole list written twice, as a hand-made merge of two runs would.
    List<Finding> doubled = distinct(500);
    doubled.addAll(distinct(500));
    refusedAsAMapFinds(doubled);
  }

  /**
   * Subjects made of "Aa" and "BB" share their String hash codes, so every one of these findings
   * has one digest: each is read again and compared, none is refused; a real second copy among
   * them still is, at its own place.
   */
  @Test
  void keysThatOnlyShareADigestAreReadAgainAndNotRefused() {
    List<Finding> colliding = new ArrayList<>(distinct(100));
    for (int bits = 0; bits < 256; bits++) {
      StringBuilder subject = new StringBuilder();
      for (int b = 0; b < 8; b++) {
        subject.append((bits >> b & 1) == 0 ? "Aa" : "BB");
      }
      colliding.add(finding("app", subject.toString()));
      colliding.add(finding("app-1", "between " + bits));
    }
    assertThat(colliding.get(100).subject().hashCode())
        .isEqualTo(colliding.get(colliding.size() - 2).subject().hashCode());
    assertThat(firstTwice(colliding)).isNull();
    for (int run : new int[] {RepeatedDigests.RUN, 16, 1}) {
      assertThatCode(() -> census(colliding, dir, run)).doesNotThrowAnyException();
    }
    List<Finding> twice = new ArrayList<>(colliding);
    twice.add(twice.get(300));
    twice.add(twice.get(101));
    refusedAsAMapFinds(twice);
  }

  /** A '|' in a target or subject does not make two findings one, as joined keys would. */
  @Test
  void theKeyIsTheThreeTextsNotTheirJoinedText() {
    List<Finding> findings = List.of(finding("t|u", "v"), finding("t", "u|v"));
    assertThat(findings.get(0).key()).isEqualTo(findings.get(1).key());
    assertThatCode(() -> census(findings, dir, 1)).doesNotThrowAnyException();
  }

  @Test
  void noFindingIsCountedAfterTheList() {
    FindingCensus census = new FindingCensus(new ScanRefusals("scan.json", null), each -> { },
        dir, 4);
    census.add(BASE, 0);
    census.requireOnce();
    assertThatThrownBy(() -> census.add(BASE, 1)).isInstanceOf(IllegalStateException.class);
  }
}

package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan.json whose findings of a target are apart, read again in target order: every finding
 * once, a target's together in the file's order, each with its place in the file; and nothing
 * this walk cannot place is read so.
 */
class FindingRunsTest {
  @TempDir Path dir;

  @Test
  void everyFindingOnceEachTargetTogetherWithItsPlaceInTheFile() throws IOException {
    ScanResult scan = ReportFixture.fleet(25, true);
    for (long seed = 0; seed < 5; seed++) {
      List<Finding> shuffled = new ArrayList<>(scan.findings());
      Collections.shuffle(shuffled, new Random(seed));
      Path file = HtmlGroupsTest.write(dir, scan.withFindings(shuffled));
      List<Finding> inFile = ScanJson.read(file).findings();
      FindingRuns runs = FindingRuns.of(file);
      assertThat(runs).isNotNull();
      List<Finding> regrouped;
      try (ScanReader reader = ScanReader.open(file, runs, true)) {
        regrouped = reader.readAll().findings();
        assertThat(reader.withoutFindings().withFindings(List.of()))
            .isEqualTo(ScanJson.read(file).withFindings(List.of()));
      }
      assertThat(regrouped).hasSameSizeAs(inFile);
      Set<Integer> places = new HashSet<>();
      Set<String> done = new HashSet<>();
      String current = null;
      int previous = -1;
      for (int p = 0; p < regrouped.size(); p++) {
        int place = runs.fileIndex(p);
        assertThat(places.add(place)).isTrue();
        Finding f = regrouped.get(p);
        assertThat(f).isEqualTo(inFile.get(place));
        if (!f.target().equals(current)) {
          assertThat(done.add(f.target())).as("a target's findings together").isTrue();
          current = f.target();
          previous = -1;
        }
        assertThat(place).as("in the file's order").isGreaterThan(previous);
        previous = place;
      }
    }
  }

  @Test
  void whatTheWalkCannotPlaceIsLeftToTheWholeRead() throws IOException {
    ScanResult scan = ReportFixture.fleet(3, true);
    Path grouped = HtmlGroupsTest.write(dir, scan);
    assertThat(FindingRuns.of(grouped)).as("already in target order").isNull();
    String text = Files.readString(HtmlGroupsTest.write(dir, scan.withFindings(
        interleaved(scan.findings()))));
    assertThat(FindingRuns.of(file(text))).isNotNull();
    String target = "\"target\" : \"";
    int at = text.indexOf(target, text.indexOf("\"findings\""));
    assertThat(at).isPositive();
    for (String broken : List.of(
        text.substring(0, at) + "\"target\" : 7, " + text.substring(at),
        text.substring(0, at) + "\"target\" : null, " + text.substring(at),
        text.replaceFirst("\"findings\" : \\[", "\"findings\" : [7,"),
        text.substring(0, text.length() / 2))) {
      assertThat(FindingRuns.of(file(broken))).isNull();
    }
  }

  @Test
  void aFileChangedAfterTheWalkIsRefusedSoTheCallerReadsItWhole() throws IOException {
    ScanResult scan = ReportFixture.fleet(3, true);
    Path file = HtmlGroupsTest.write(dir, scan.withFindings(interleaved(scan.findings())));
    String text = Files.readString(file);
    FindingRuns runs = FindingRuns.of(file);
    assertThat(runs).isNotNull();
    // The same size, every finding one byte later: no run begins where the walk saw it.
    int list = text.indexOf('[', text.indexOf("\"findings\""));
    Files.writeString(file, text.substring(0, list + 1) + " " + text.substring(list + 1,
        text.length() - 1), StandardCharsets.UTF_8);
    assertThatThrownBy(() -> {
      try (ScanReader reader = ScanReader.open(file, runs, true)) {
        reader.readAll();
      }
    }).isInstanceOf(dev.secaudit.policy.UsageException.class).hasMessageContaining("changed");
  }

  private Path file(String text) throws IOException {
    Path file = Files.createTempFile(dir, "scan", ".json");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private static List<Finding> interleaved(List<Finding> all) {
    List<Finding> spread = new ArrayList<>();
    for (int start = 0; start < 5; start++) {
      for (int i = start; i < all.size(); i += 5) {
        spread.add(all.get(i));
      }
    }
    return spread;
  }
}

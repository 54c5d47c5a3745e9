package dev.secaudit.check.retention;

import static dev.secaudit.check.retention.RetentionScan.aged;
import static dev.secaudit.check.retention.RetentionScan.only;
import static dev.secaudit.check.retention.RetentionScan.run;
import static dev.secaudit.check.retention.RetentionScan.settled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Directories on disk with files aged by their modification times. */
class DirectoryRetentionTest {
  @TempDir Path dir;

  @Test
  void filesWithinTheWindowOfAFolderOlderThanItPassAndTheOldestIsNamed() {
    aged(dir.resolve("reports/a.pdf"), Duration.ofDays(12));
    aged(dir.resolve("reports/2026/b.pdf"), Duration.ofDays(3));
    aged(dir.resolve("reports/old.txt"), Duration.ofDays(400)); // not a PDF: not counted
    settled(dir.resolve("reports"), Duration.ofDays(40));
    ScanResult r = run(dir, """
          - {name: pdf-reports, max_age: 30d, source: {directory: {path: reports, glob: "*.pdf"}}}
        """);
    Finding f = only(r);
    assertThat(f.checkId()).isEqualTo("retention.window");
    assertThat(f.target()).isEqualTo("pdf-reports");
    assertThat(f.status()).isEqualTo(Status.PASS);
    assertThat(f.expected()).isEqualTo("nothing older than 30d");
    assertThat(f.observed()).isEqualTo("files older than 30d: none of 2; oldest 12d (a.pdf);"
        + " the folder has been there at least 40d, longer than the window, and holds nothing"
        + " put in it more than 30d ago");
    assertThat(f.subject()).isEqualTo("dir:" + dir.resolve("reports"));
    assertThat(f.mappings()).extracting(Mapping::toString).contains("soc2:C1.2", "soc2:P4.2",
        "soc2:P4.3", "gdpr:5(1)(e)", "iso27001:8.10");
    assertThat(f.policyLine()).isEqualTo(4);
    assertThat(r.targets()).extracting(TargetState::name, TargetState::state)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("pdf-reports",
            TargetState.State.EVALUATED));
    Artifact listing = r.artifacts().get(0);
    assertThat(f.evidence()).containsExactly(listing.id());
    assertThat(listing.content()).contains("2 files match *.pdf")
        .contains("2026-11-08T12:00:00Z  a.pdf")
        .contains("the folder itself: created or last changed 2026-10-11T12:00:00Z");
  }

  @Test
  void aFolderWhoseOldestFileIsUnderTheWindowShowsNoDeletionYet() {
    // founder24: "deleted automatically after at most 30 days" was verified from a folder whose
    // oldest file was 20 days old; nothing in it had reached the age at which it must go.
    aged(dir.resolve("pdf/r1.pdf"), Duration.ofDays(5));
    aged(dir.resolve("pdf/r2.pdf"), Duration.ofDays(20).plusHours(2));
    settled(dir.resolve("pdf"), Duration.ofDays(20).plusHours(2));
    Finding f = only(run(dir, """
          - {name: pdf-reports, max_age: 30d, source: {directory: {path: pdf}}}
        """));
    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.observed()).isEqualTo("files older than 30d: none of 2; oldest 20d 2h (r2.pdf),"
        + " under the 30d window: no deletion observed yet (nothing listed was old enough to be"
        + " deleted)");
    assertThat(f.observedValue()).isEqualTo(new dev.secaudit.model.Value.Duration(
        Duration.ofDays(20).plusHours(2).toSeconds()));

    // The folder itself younger than the window: the same, however old its files look.
    settled(dir.resolve("pdf"), Duration.ofDays(29));
    assertThat(only(run(dir, """
          - {name: pdf-reports, max_age: 30d, source: {directory: {path: pdf}}}
        """)).status()).isEqualTo(Status.WARN);

    // There since before the window, holding nothing that old: what was put in it then is gone.
    settled(dir.resolve("pdf"), Duration.ofDays(31));
    Finding older = only(run(dir, """
          - {name: pdf-reports, max_age: 30d, source: {directory: {path: pdf}}}
        """));
    assertThat(older.status()).isEqualTo(Status.PASS);
    assertThat(older.observed()).endsWith("; the folder has been there at least 31d, longer"
        + " than the window, and holds nothing put in it more than 30d ago");
  }

  @Test
  void filesOlderThanTheWindowFailWithCountAndOldestFirst() {
    aged(dir.resolve("r/keep.pdf"), Duration.ofDays(1));
    aged(dir.resolve("r/x/old.pdf"), Duration.ofDays(45));
    aged(dir.resolve("r/older.pdf"), Duration.ofDays(60).plusHours(5));
    ScanResult r = run(dir, """
          - name: pdf-reports
            max_age: 30d
            maps_to: [soc2:C1.1]
            source: {directory: {path: r, glob: "**/*.pdf"}}
        """);
    Finding f = only(r);
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).isEqualTo(
        "files older than 30d: 2 of 3; oldest 60d 5h (older.pdf), 45d (x/old.pdf)");
    assertThat(f.mappings()).extracting(Mapping::toString).contains("soc2:C1.1", "soc2:C1.2");
  }

  @Test
  void anEmptyDirectoryJudgesNothingAndSaysWhere() throws IOException {
    // An empty folder, or a typo in its glob, shows nothing about how long exports are kept.
    Files.createDirectories(dir.resolve("empty"));
    Finding f = only(run(dir, """
          - {name: exports, max_age: 7d, source: {directory: {path: empty}}}
        """));
    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.observed()).isEqualTo("nothing judged: no file matches * under "
        + dir.resolve("empty"));
    aged(dir.resolve("exports/a.pdf"), Duration.ofDays(1));
    Finding typo = only(run(dir, """
          - {name: exports, max_age: 7d, source: {directory: {path: exports, glob: "*.csv"}}}
        """));
    assertThat(typo.status()).isEqualTo(Status.WARN);
    assertThat(typo.observed()).contains("no file matches *.csv under");
  }

  @Test
  void aMissingDirectoryIsAnErrorAndTheSourceUnreachable() {
    ScanResult r = run(dir, """
          - {name: exports, max_age: 7d, source: {directory: {path: nowhere}}}
        """);
    Finding f = only(r);
    assertThat(f.status()).isEqualTo(Status.ERROR);
    assertThat(f.observed()).isEqualTo("no such directory: " + dir.resolve("nowhere"));
    assertThat(r.targets().get(0).state()).isEqualTo(TargetState.State.UNREACHABLE);
  }

  @Test
  void aSymlinkLoopIsAnErrorNotAHang() throws IOException {
    aged(dir.resolve("r/a/x.pdf"), Duration.ofDays(1));
    Files.createSymbolicLink(dir.resolve("r/a/back"), dir.resolve("r"));
    Finding f = only(run(dir, """
          - {name: exports, max_age: 7d, source: {directory: {path: r}}}
        """));
    assertThat(f.status()).isEqualTo(Status.ERROR);
    assertThat(f.observed()).startsWith("symbolic link loop at a/back");
  }

  @Test
  void theFileCapMakesTheListingIncomplete() {
    for (int i = 0; i < 5; i++) {
      aged(dir.resolve("r/f" + i + ".log"), Duration.ofDays(1 + i));
    }
    settled(dir.resolve("r"), Duration.ofDays(60));
    Finding recent = only(run(dir, """
          - {name: logs, max_age: 30d, source: {directory: {path: r, max_files: 3}}}
        """));
    // What was read is within the window, but the rest is unknown: no PASS.
    assertThat(recent.status()).isEqualTo(Status.ERROR);
    assertThat(recent.observed()).contains("none of 3")
        .endsWith("(incomplete: stopped after 3 files and folders (max_files))");
    // Exactly max_files files and folders below the directory is the whole listing.
    assertThat(only(run(dir, """
          - {name: logs, max_age: 30d, source: {directory: {path: r, max_files: 5}}}
        """)).status()).isEqualTo(Status.PASS);

    aged(dir.resolve("r/f0.log"), Duration.ofDays(90));
    Finding old = only(run(dir, """
          - {name: logs, max_age: 30d, source: {directory: {path: r, max_files: 5}}}
        """));
    assertThat(old.status()).isEqualTo(Status.FAIL);
  }

  @Test
  void aLinkOutOfTheDirectoryIsNotFollowedAndTheListingCannotPass() throws IOException {
    aged(dir.resolve("r/a.pdf"), Duration.ofDays(2));
    Path volume = aged(dir.resolve("volume/old.pdf"), Duration.ofDays(400)).getParent();
    aged(dir.resolve("r/sub/inside.pdf"), Duration.ofDays(3));
    Files.createSymbolicLink(dir.resolve("r/inside-link.pdf"), dir.resolve("r/sub/inside.pdf"));
    Files.createSymbolicLink(dir.resolve("r/hosts"), aged(dir.resolve("etc/hosts"),
        Duration.ofDays(900))); // not a PDF: hides nothing the window is about
    settled(dir.resolve("r"), Duration.ofDays(60));
    Finding fileOnly = only(run(dir, """
          - {name: reports, max_age: 30d, source: {directory: {path: r, glob: "*.pdf"}}}
        """));
    assertThat(fileOnly.status()).isEqualTo(Status.PASS);
    assertThat(fileOnly.observed())
        .startsWith("files older than 30d: none of 3; oldest 3d (inside-link.pdf);");

    Files.createSymbolicLink(dir.resolve("r/archive"), volume);
    Files.createSymbolicLink(dir.resolve("r/sub/old.pdf"), volume.resolve("old.pdf"));
    Finding out = only(run(dir, """
          - {name: reports, max_age: 30d, source: {directory: {path: r, glob: "*.pdf"}}}
        """));
    // The 400-day file behind the links is never read: the listing is incomplete, not a PASS.
    assertThat(out.status()).isEqualTo(Status.ERROR);
    assertThat(out.observed()).startsWith("files older than 30d: none of 3;")
        .contains("symbolic links archive, sub/old.pdf lead")
        .endsWith(" out of the directory, not followed (point path at the folder where the"
            + " files are kept))");

    aged(dir.resolve("r/a.pdf"), Duration.ofDays(45));
    assertThat(only(run(dir, """
          - {name: reports, max_age: 30d, source: {directory: {path: r, glob: "*.pdf"}}}
        """)).status()).isEqualTo(Status.FAIL);
  }

  @Test
  void theDepthCapMakesTheListingIncompleteAndNamesWhereItStopped() {
    StringBuilder deep = new StringBuilder("r");
    for (int i = 0; i < 64; i++) {
      deep.append("/d");
    }
    aged(dir.resolve(deep + "/within.pdf"), Duration.ofDays(1)); // 64 levels down: read
    aged(dir.resolve(deep + "/d/below.pdf"), Duration.ofDays(90)); // 65: never seen
    Finding f = only(run(dir, """
          - {name: reports, max_age: 30d, source: {directory: {path: r}}}
        """));
    assertThat(f.status()).isEqualTo(Status.ERROR);
    assertThat(f.observed()).startsWith("files older than 30d: none of 1; oldest 1d")
        .endsWith("(incomplete: folders more than 64 levels down not entered (depth cap), the"
            + " first " + deep.substring(2) + "/d)");
  }
}

package dev.secaudit.check.retention;

import static dev.secaudit.check.retention.RetentionScan.NOW;
import static dev.secaudit.check.retention.RetentionScan.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * min_age, a floor: "All requests are logged for 30 days" promises the logs exist that long. A
 * logrotate keeping 3 days passed its ceiling and was published as verified (founder24).
 */
class RetentionFloorTest {
  @TempDir Path dir;

  private List<Finding> scan(String logrotate, String rule) throws Exception {
    Files.writeString(dir.resolve("lr.conf"), logrotate);
    return run(dir, "- {name: requests, " + rule + ", source: {logrotate: {path: lr.conf,"
        + " log: /var/log/app/requests.log}}}\n").findings();
  }

  private static Finding of(List<Finding> all, String id) {
    return all.stream().filter(f -> f.checkId().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void threeDaysOfLogsMeetTheCeilingButNotTheFloor() throws Exception {
    List<Finding> f = scan("/var/log/app/requests.log {\n  daily\n  rotate 2\n}\n",
        "max_age: 30d, min_age: 30d");
    assertThat(of(f, "retention.window").status()).isEqualTo(Status.PASS);
    Finding floor = of(f, "retention.floor");
    assertThat(floor.status()).isEqualTo(Status.FAIL);
    assertThat(floor.expected()).isEqualTo("kept at least 30d");
    assertThat(floor.observed()).isEqualTo("kept at least 2d: rotate 2 (lr.conf:3) × daily"
        + " (lr.conf:2): a line written just before a rotation is removed that long after");
  }

  @Test
  void rotateTimesTheIntervalIsTheFloorAndMaxageLowersIt() throws Exception {
    // rotate 30 daily: every line lives at least 30 days, at most 31.
    assertThat(of(scan("/var/log/app/requests.log {\n  daily\n  rotate 30\n}\n",
        "min_age: 30d"), "retention.floor").status()).isEqualTo(Status.PASS);
    // rotate 29 daily keeps a line written just before a rotation 29 days only.
    assertThat(of(scan("/var/log/app/requests.log {\n  daily\n  rotate 29\n}\n",
        "min_age: 30d"), "retention.floor").status()).isEqualTo(Status.FAIL);
    Finding aged = of(scan("/var/log/app/requests.log {\n  daily\n  rotate 90\n  maxage 7\n}\n",
        "min_age: 30d"), "retention.floor");
    assertThat(aged.status()).isEqualTo(Status.FAIL);
    assertThat(aged.observed()).startsWith("kept at least 7d: maxage 7 (lr.conf:4)");
    Finding never = of(scan("/var/log/app/requests.log {\n  daily\n  rotate -1\n}\n",
        "min_age: 1y"), "retention.floor");
    assertThat(never.status()).isEqualTo(Status.PASS);
    assertThat(never.observed()).startsWith("never removed: rotate -1");
  }

  @Test
  void sizeBasedRotationShowsNoTimeFloor() throws Exception {
    Finding f = of(scan("/var/log/app/requests.log {\n  size 100M\n  rotate 5\n}\n",
        "min_age: 30d"), "retention.floor");
    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.observed()).contains("rotated by size").contains("a person decides");
  }

  @Test
  void aFloorAloneJudgesNoCeiling() throws Exception {
    List<Finding> f = scan("/var/log/app/requests.log {\n  daily\n  rotate 400\n}\n",
        "min_age: 1y");
    assertThat(f).extracting(Finding::checkId).containsExactly("retention.floor");
    assertThat(f.get(0).status()).isEqualTo(Status.PASS);
  }

  @Test
  void aFolderShowsAFloorOnlyOnceItsOldestFileIsThatOld() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Path young = Files.writeString(logs.resolve("a.log"), "x");
    Files.setLastModifiedTime(young, FileTime.from(NOW.minus(Duration.ofDays(20))));
    Finding f = run(dir, "- {name: l, min_age: 30d, source: {directory: {path: logs}}}\n")
        .findings().get(0);
    assertThat(f.checkId()).isEqualTo("retention.floor");
    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.observed()).startsWith("oldest 20d").contains("a person decides");
    Path old = Files.writeString(logs.resolve("b.log"), "x");
    Files.setLastModifiedTime(old, FileTime.from(NOW.minus(Duration.ofDays(31))));
    Finding g = run(dir, "- {name: l, min_age: 30d, source: {directory: {path: logs}}}\n")
        .findings().get(0);
    assertThat(g.status()).isEqualTo(Status.PASS);
  }

  @Test
  void aFloorAboveTheCeilingOrNeitherIsAPolicyError() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(dir,
        "- {name: l, min_age: 40d, max_age: 30d, source: {directory: {path: logs}}}\n"))
        .hasMessageContaining("min_age").hasMessageContaining("longer than max_age");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(dir,
        "- {name: l, source: {directory: {path: logs}}}\n"))
        .hasMessageContaining("missing 'max_age' or 'min_age'");
  }
}

package dev.secaudit.probe.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalReadingTest {
  @TempDir Path dir;

  @Test
  void outputIsReadToItsEndButKeptOnlyUpToTheCap() throws IOException {
    Process p = new ProcessBuilder("head", "-c", "100000", "/dev/zero").start();
    ProcessOutput out = ProcessOutput.start(p.getInputStream(), 1000, "test-output");
    out.join(10_000);
    assertThat(out.total()).isEqualTo(100_000);
    assertThat(out.truncated()).isTrue();
    assertThat(out.text()).hasSize(1000);
  }

  @Test
  void killingATreeEndsTheChildrenToo() throws IOException {
    // The shell starts a child and waits for it: killing only the shell would leave the child.
    Process p = new ProcessBuilder("sh", "-c", "sleep 600 & echo started; wait").start();
    ProcessOutput out = ProcessOutput.start(p.getInputStream(), 100, "test-output");
    List<ProcessHandle> children;
    do {
      Thread.onSpinWait();
      children = p.descendants().toList();
    } while (children.isEmpty() && p.isAlive());
    ProcessTree.kill(p, 10_000);
    out.join(10_000);
    assertThat(p.isAlive()).isFalse();
    children.forEach(c -> assertThat(c.onExit()).succeedsWithin(java.time.Duration.ofSeconds(10)));
  }

  @Test
  void aFileIsReadNoFurtherThanOneBytePastTheCap() throws IOException {
    Path f = Files.write(dir.resolve("big"), new byte[5000]);
    assertThat(CappedFile.head(f, 100)).hasSize(101);
    assertThat(CappedFile.firstNul(CappedFile.head(f, 100), 8192)).isZero();
    Path text = Files.writeString(dir.resolve("t"), "abc");
    assertThat(CappedFile.head(text, 100)).hasSize(3);
    assertThat(CappedFile.firstNul("ab\0".getBytes(), 2)).isEqualTo(-1);
  }
}

package dev.secaudit.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetListTest {
  @TempDir Path dir;

  private static List<Target> parse(String text) {
    return TargetList.parse("fleet.txt", text, Set.of());
  }

  @Test
  void oneUrlALineWithCommentsAndBlankLinesAndReadableUniqueNames() {
    List<Target> t = parse("# production fleet\n\nhttps://App.Acme.test\n"
        + "  https://api.acme.test:8443/v1/  \r\nhttp://app.acme.test/\n# end\n"
        + "https://[::1]:9443/\n");
    assertThat(t).extracting(Target::name).containsExactly("app.acme.test",
        "api.acme.test-8443-v1", "app.acme.test-2", "1-9443");
    assertThat(t).extracting(Target::url).containsExactly("https://App.Acme.test",
        "https://api.acme.test:8443/v1/", "http://app.acme.test/", "https://[::1]:9443/");
    assertThat(t.get(0).paths()).isEmpty();
    assertThat(TargetList.parse("f", "https://app.acme.test\n", Set.of("app.acme.test")))
        .extracting(Target::name).containsExactly("app.acme.test-2");
  }

  @Test
  void aBadLineNamesFileLineAndColumn() {
    assertThatThrownBy(() -> parse("https://ok.test\n\n   ftp://files.test/\n"))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("fleet.txt:3:4: 'ftp://files.test/' is not an http:// or"
            + " https:// URL");
    assertThatThrownBy(() -> parse("https://a b.test/\n")).hasMessageStartingWith("fleet.txt:1:1:")
        .hasMessageContaining("is not a URL");
    assertThatThrownBy(() -> parse("app.acme.test\n")).hasMessageContaining("fleet.txt:1:1:");
    assertThatThrownBy(() -> parse("https://ok.test\nhttps://ok.test\n"))
        .hasMessageStartingWith("fleet.txt:2:1:").hasMessageContaining("already on line 1");
    assertThatThrownBy(() -> parse("https://user:s3cret@ok.test/\n"))
        .hasMessageContaining("user:password@").hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> parse("https://ok.test/#top\n")).hasMessageContaining("fragment");
    assertThatThrownBy(() -> parse("# only comments\n\n")).hasMessageContaining("no URL");
  }

  @Test
  void everyBadLineIsNamedOnItsOwnLineAndAFloodIsCut() throws Exception {
    Path f = dir.resolve("fleet.txt");
    Files.writeString(f, "https://ok.test\nftp://x/\n  https://user:s3cret@ok.test/\n"
        + "https://ok.test\nhttps://fine.test\nno-scheme.test\n");
    assertThatThrownBy(() -> TargetList.read(f, Set.of()))
        .isInstanceOf(UsageException.class)
        .hasMessageNotContaining("s3cret")
        .satisfies(e -> assertThat(e.getMessage().split("\n")).satisfiesExactly(
            l -> assertThat(l).startsWith(f + ":2:1: 'ftp://x/'"),
            l -> assertThat(l).startsWith(f + ":3:3: 'ok.test': a URL with user:password@"),
            l -> assertThat(l).startsWith(f + ":4:1: 'https://ok.test' is already on line 1"),
            l -> assertThat(l).startsWith(f + ":6:1: 'no-scheme.test'")));
    StringBuilder flood = new StringBuilder();
    for (int i = 0; i < TargetList.MAX_NAMED + 7; i++) {
      flood.append("ftp://x").append(i).append("/\n");
    }
    assertThatThrownBy(() -> parse(flood.toString()))
        .satisfies(e -> assertThat(e.getMessage().split("\n"))
            .hasSize(TargetList.MAX_NAMED + 1)
            .endsWith("fleet.txt: and 7 more bad lines"));
  }

  @Test
  void aMissingFileIsAUsageError() {
    assertThatThrownBy(() -> TargetList.read(dir.resolve("none.txt"), Set.of()))
        .isInstanceOf(UsageException.class).hasMessageContaining("none.txt");
  }

  @Test
  void readsAFile() throws Exception {
    Path f = dir.resolve("fleet.txt");
    Files.writeString(f, "https://a.test\nhttps://b.test\n");
    assertThat(TargetList.read(f, Set.of())).hasSize(2);
  }
}

package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lifetime written as a bare number is valid and means seconds: validate says so (seeds21). */
class BareSecondsTest {
  @Test
  void aCookieMaxAgeOfThirtyIsNotedAsSecondsAtItsPlace(@TempDir Path dir) throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, """
        version: 1
        name: seconds
        targets:
          - {name: app, url: "https://127.0.0.1:1/"}
        hsts: {min_max_age: 31536000}
        cookies:
          - {name: session, secure: true, max_age: 30}
          - {name: prefs, max_age: 30d}
        """);
    Cli.Result r = Cli.run("validate", policy.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(0);
    List<String> notes = r.out().lines().filter(l -> l.startsWith("  note: ")).toList();
    assertThat(notes).as(r.out()).hasSize(1);
    String note = notes.get(0).substring("  note: ".length());
    String[] at = note.split(":", 4);
    assertThat(at[0]).isEqualTo(policy.toString());
    String line = Files.readAllLines(policy).get(Integer.parseInt(at[1]) - 1);
    assertThat(line.substring(Integer.parseInt(at[2]) - 1)).startsWith("30}");
    assertThat(at[3]).startsWith(" cookies[0].max_age: 30 is read as 30 seconds")
        .contains("write 30d for days");
  }
}

package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The reference docs are generated; this keeps the committed copies from drifting. */
class DocsInSyncTest {
  @Test
  void checksMarkdownIsCurrent() throws Exception {
    Cli.Result r = Cli.run("checks", "--format", "markdown");
    assertThat(r.code()).isZero();
    assertThat(Files.readString(Path.of("docs/checks.md")))
        .as("docs/checks.md is stale: regenerate with 'secaudit checks --format markdown > docs/checks.md'")
        .isEqualTo(r.out());
  }

  @Test
  void policyMarkdownIsCurrent() throws Exception {
    Cli.Result r = Cli.run("schema", "--format", "markdown");
    assertThat(r.code()).isZero();
    assertThat(Files.readString(Path.of("docs/policy.md")))
        .as("docs/policy.md is stale: regenerate with 'secaudit schema --format markdown > docs/policy.md'")
        .isEqualTo(r.out());
  }
}

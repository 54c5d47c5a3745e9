package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every section's validation rule, through {@code validate}: the messages (file, line, column,
 * field, text) are a user-facing contract, so they are compared whole with the text the
 * validator gave before the sections validated themselves.
 */
class SectionValidationTest {
  @TempDir Path dir;

  private Cli.Result validate(String name) throws IOException {
    Path p = dir.resolve(name + ".yaml");
    Files.writeString(p, resource(name + ".yaml"));
    return Cli.run("validate", p.toString());
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = SectionValidationTest.class.getResourceAsStream(
        "/policies/mistakes/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private void assertListsExactly(String name) throws IOException {
    Cli.Result r = validate(name);
    assertThat(r.code()).isEqualTo(2);
    String listed = r.err().replace(dir.resolve(name + ".yaml").toString(), name + ".yaml");
    assertThat(listed.strip()).isEqualTo(resource(name + ".expected.txt").strip());
  }

  @Test
  void everyMistakeOfTheCoreSectionsIsListedWithItsPlaceAndWords() throws IOException {
    assertListsExactly("every-section");
  }

  @Test
  void everyMistakeOfFlowsSubprocessorsAndConfigsIsListedWithItsPlaceAndWords()
      throws IOException {
    assertListsExactly("flows-sources");
  }

  @Test
  void everyMistakeOfHostPortTargetsSniStarttlsConfigsAndSshIsListedWithItsPlaceAndWords()
      throws IOException {
    assertListsExactly("tls-targets-configs");
  }

  @Test
  void everyMistakeOfRetentionSourcesAndSubprocessorsIsListedWithItsPlaceAndWords()
      throws IOException {
    assertListsExactly("retention-subprocessors");
  }

  /** A target left without a name once made the "did you mean" of a wrong reference crash. */
  @Test
  void aNamelessTargetBesideAWrongTargetReferenceIsAMistakeNotACrash() throws IOException {
    Path p = dir.resolve("p.yaml");
    Files.writeString(p, """
        version: 1
        name: acme
        targets:
          - {url: "https://app.acme.test"}
        rate_limits:
          - {name: login, target: ap, request: {method: POST, path: /login}, limit: 5, window: 1m}
        flows:
          - {name: f, target: ap, steps: [{name: s, request: {path: /}}]}
        configs:
          - {name: web, kind: nginx, path: /etc/nginx/nginx.conf, target: ap}
        """);
    Cli.Result r = Cli.run("validate", p.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("targets[0].name: missing 'name' (a short id such as 'app')")
        .contains("rate_limits[0].target: no target is named 'ap'\n")
        .contains("flows[0].target: no target is named 'ap'\n")
        .contains("configs[0].target: no target is named 'ap'\n")
        .doesNotContain("internal error");
  }
}

package dev.secaudit.policy;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckCatalog;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Type mistakes (a word where a number goes, a list where a mapping goes) are all listed in one
 * run, in file order, with the rule problems of the parts that did bind, and nothing twice.
 */
class BindingMistakesTest {
  private final PolicyLoader loader =
      new PolicyLoader(Map.of("API_TOKEN", "s3cr3t-t0ken", "PORT_TEXT", "eighty")::get,
          StandardChecks.catalog().ids());
  private final InlinePolicy inline = new InlinePolicy(loader);

  private List<String> mistakes(String yaml) {
    return List.of(inline.error(yaml).split("\n"));
  }

  @Test
  void fourTypeMistakesInFourSectionsAreListedTogetherInFileOrder() {
    List<String> lines = mistakes("""
        version: 1
        name: acme
        targets: [{name: app, url: "https://a.test"}]
        settings:
          concurrency: many
        hsts: {min_max_age: abc}
        headers: [X-Frame-Options]
        cookies:
          - {name: sid, severity: urgent}
        """);
    assertThat(lines).containsExactly(
        "p.yaml:5:16: settings.concurrency: expected a whole number, got text 'many'",
        "p.yaml:6:21: hsts.min_max_age: expected a duration such as 30d, 24h, 1m, 90s or 500ms,"
            + " got 'abc'",
        "p.yaml:7:10: headers: expected a mapping of keys, got a list",
        "p.yaml:9:27: cookies[0].severity: expected one of info, low, medium, high, critical,"
            + " got text 'urgent'");
  }

  @Test
  void typeMistakesAndRuleProblemsComeTogetherWithoutRepeats() {
    List<String> lines = mistakes("""
        version: 2
        name: acme
        targets:
          - {name: app, url: "https://a.test"}
          - {name: app, url: ["https://b.test"], prot: 8443}
        settings: {timeouts: {connect: soon}}
        frameworks: [soc2, {iso: 27001}, gdprr]
        """);
    assertThat(lines).hasSize(7);
    assertThat(lines.get(0)).startsWith("p.yaml:1:10: version: unsupported version 2");
    assertThat(lines.get(1)).startsWith("p.yaml:5:12: targets[1].name: duplicate target name");
    assertThat(lines.get(2)).isEqualTo("p.yaml:5:22: targets[1].url: expected a text value,"
        + " got a list");
    assertThat(lines.get(3)).startsWith("p.yaml:5:42: targets[1]: unknown key 'prot'");
    assertThat(lines.get(4)).startsWith("p.yaml:6:32: settings.timeouts.connect: expected a"
        + " duration").endsWith("got 'soon'");
    assertThat(lines.get(5)).isEqualTo("p.yaml:7:20: frameworks[1]: expected a text value,"
        + " got a mapping");
    // The broken entry keeps its place, so the next one is still reported at its own position.
    assertThat(lines.get(6)).startsWith("p.yaml:7:34: frameworks[2]: unknown framework 'gdprr'");
    // targets[1].url was taken out as a type mistake; "missing 'url'" would only repeat it.
    assertThat(String.join("\n", lines)).doesNotContain("missing 'url'");
  }

  @Test
  void aWrongShapeForAWholeSectionIsOneMistake() {
    List<String> lines = mistakes("""
        version: "1"
        name: acme
        targets:
          name: app
          url: https://a.test
        claims:
          - {id: x, statement: "We hash passwords", attest: {owner: a@b.test, date: 2026-01-01}}
        """);
    assertThat(lines).containsExactly(
        "p.yaml:1:10: version: expected a whole number, got text '1'",
        "p.yaml:4:3: targets: expected a list, got a mapping");
  }

  @Test
  void unknownKeysInSeveralSectionsAreAllListed() {
    List<String> lines = mistakes("""
        version: 1
        name: acme
        targets: [{name: app, url: "https://a.test", pathz: [/]}]
        hsts: {min_max_agee: 1y}
        settings: {timeout: {connect: 5s}}
        """);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("p.yaml:3:46: targets[0]: unknown key 'pathz'")
        .contains("did you mean 'paths'?");
    assertThat(lines.get(1)).startsWith("p.yaml:4:8: hsts: unknown key 'min_max_agee'")
        .contains("did you mean 'min_max_age'?");
    assertThat(lines.get(2)).startsWith("p.yaml:5:12: settings: unknown key 'timeout'")
        .contains("did you mean 'timeouts'?");
  }

  @Test
  void messagesNeverQuoteAValueFromTheEnvironment() {
    String msg = inline.error("""
        version: 1
        name: acme
        targets:
          - {name: app, url: "${env:API_TOKEN}"}
        settings: {concurrency: "${env:PORT_TEXT}"}
        hsts: {min_max_age: "${env:API_TOKEN}"}
        cookies: [{name: sid, same_site: "${env:PORT_TEXT}"}]
        """);
    assertThat(msg).doesNotContain("s3cr3t-t0ken").doesNotContain("eighty");
    assertThat(msg.split("\n")).hasSize(4);
    assertThat(msg).contains("p.yaml:5:25: settings.concurrency: expected a whole number, got"
            + " '${env:PORT_TEXT}' (its value is not shown)")
        .contains("p.yaml:6:21: hsts.min_max_age: expected a duration")
        .contains("p.yaml:7:34: cookies[0].same_site: expected")
        // A rule that quotes the value it judges gets the secret masked.
        .contains("p.yaml:4:22: targets[0].url:");
  }

  @Test
  void everyUnsetVariableIsListedAndItsValueCausesNoSecondMessage() {
    List<String> lines = mistakes("""
        version: 1
        name: acme
        targets:
          - {name: api, url: "https://api.test", request_headers: {X-Key: "${env:NOPE}"}}
        settings: {concurrency: "${env:CONCURRENCY}"}
        """);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("p.yaml:4:").contains("NOPE is not set");
    assertThat(lines.get(1)).startsWith("p.yaml:5:25: settings.concurrency:")
        .contains("CONCURRENCY is not set");
  }

  @Test
  void validateWithoutTheEnvironmentDoesNotJudgeAPlaceholderAsAMistake() {
    LoadedPolicy p = loader.allowingUnsetVariables().load("p.yaml", """
        version: 1
        name: acme
        targets: [{name: api, url: "https://api.test"}]
        settings: {concurrency: "${env:CONCURRENCY}"}
        """.getBytes(StandardCharsets.UTF_8));
    assertThat(p.unsetVariables()).containsExactly("CONCURRENCY");
    assertThat(p.policy().settings().concurrency()).isEqualTo(32);
  }

  @Test
  void aSlipRepeatedManyTimesStopsAtALimit() {
    StringBuilder y = new StringBuilder("version: 1\nname: acme\ntargets:\n");
    for (int i = 0; i < 80; i++) {
      y.append("  - {name: t").append(i).append(", url: \"https://a.test\", active: maybe}\n");
    }
    List<String> lines = mistakes(y.toString());
    assertThat(lines).hasSize(PolicyBinder.MAX_MISTAKES + 1);
    assertThat(lines.get(0)).startsWith("p.yaml:4:").contains("targets[0].active: expected true"
        + " or false");
    assertThat(lines.get(lines.size() - 1)).contains("stopped after");
  }

  @Test
  void droppedListEntriesDoNotShiftThePositionsOfLaterOnes() {
    List<String> lines = mistakes("""
        version: 1
        name: acme
        targets: [{name: app, url: "https://a.test", paths: [/a, ~, /b, "7", /c, ~]}]
        frameworks: [soc2, {x: 1}, gdpr, {y: 2}, gdprr]
        claims:
          - {id: x, statement: s, maps_to: [nope, "soc2:CC6.1"], attest: {owner: a@b.test, date: 2026-01-01}}
        """);
    assertThat(lines).containsExactly(
        "p.yaml:3:58: targets[0].paths[1]: an empty list entry; remove the '-' or give a value",
        "p.yaml:3:65: targets[0].paths[3]: a path starts with a single '/' (such as /login), got"
            + " '7'",
        "p.yaml:3:74: targets[0].paths[5]: an empty list entry; remove the '-' or give a value",
        "p.yaml:4:20: frameworks[1]: expected a text value, got a mapping",
        "p.yaml:4:34: frameworks[3]: expected a text value, got a mapping",
        "p.yaml:4:42: frameworks[4]: unknown framework 'gdprr' (did you mean 'gdpr'?); known:"
            + " gdpr, iso27001, soc2",
        "p.yaml:6:37: claims[0].maps_to[0]: expected FRAMEWORK:REQUIREMENT such as soc2:CC6.7,"
            + " got 'nope'");
  }

  @Test
  void numbersThatDoNotFitAreMistakesNotGuesses() {
    List<String> lines = mistakes("""
        version: 1
        name: acme
        targets: [{name: app, url: "https://a.test"}]
        settings: {concurrency: 1.5, per_host: 99999999999999999999}
        """);
    assertThat(lines).containsExactly(
        "p.yaml:4:25: settings.concurrency: expected a whole number, got a number '1.5'",
        "p.yaml:4:40: settings.per_host: expected a whole number from -2147483648 to 2147483647,"
            + " got 99999999999999999999");
  }

  @Test
  void theEntryHoldingABadValueIsNotAlsoBlamedForIt() {
    // Without its directory the source names no kind; saying so would repeat the mistake.
    List<String> lines = mistakes("""
        version: 1
        name: acme
        retention: [{name: r, max_age: 30d, source: {directory: [/tmp]}}]
        """);
    assertThat(lines).containsExactly(
        "p.yaml:3:57: retention[0].source.directory: expected a mapping of keys, got a list");
  }

  @Test
  void referencesToAnEntrySetAsideAreNotReportedAsDangling() {
    List<String> lines = mistakes("""
        version: 1
        name: acme
        targets:
          name: api
          url: https://api.test
        rate_limits:
          - {name: login, target: api, request: {method: POST, path: /login}, limit: 10, window: 1m}
          - {name: other, target: apii, request: {method: POST, path: /x}, limit: 10, window: 1m}
        """);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isEqualTo("p.yaml:4:3: targets: expected a list, got a mapping");
    // A reference to a name that is nowhere in the file is still reported.
    assertThat(lines.get(1)).startsWith("p.yaml:8:").contains("'apii'");
  }

  @Test
  void aNumberIsNoSeverityAndAMappingIsNoRequirement() {
    // Jackson's binding took "severity: 0" as the first constant (info), a guess, and crashed
    // (exit 70) on a mapping where a requirement goes.
    List<String> lines = mistakes("""
        version: 1
        name: acme
        targets: [{name: app, url: "https://a.test"}]
        cookies: [{name: sid, severity: 0}]
        claims:
          - {id: x, statement: s, maps_to: [{soc2: CC6.1}], attest: {owner: a@b.test, date: 2026-01-01}}
        """);
    assertThat(lines).containsExactly(
        "p.yaml:4:33: cookies[0].severity: expected one of info, low, medium, high, critical,"
            + " got a number '0'",
        "p.yaml:6:37: claims[0].maps_to[0]: expected FRAMEWORK:REQUIREMENT such as soc2:CC6.7,"
            + " got a mapping");
  }

  @Test
  void aTargetWithoutANameIsNamedEvenWhenAConfigPointsAtTargets() {
    List<String> lines = mistakes("""
        version: 1
        name: acme
        targets: [{url: "https://a.test"}]
        configs: [{name: edge, kind: nginx, path: nginx.conf, target: app}]
        """);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("p.yaml:3:11: targets[0].name: missing 'name'");
    assertThat(lines.get(1)).startsWith("p.yaml:4:63: configs[0].target: no target is named"
        + " 'app'");
  }

  @Test
  void aNumberOrABooleanWhereTextGoesIsTakenAsWritten() {
    LoadedPolicy p = inline.load("""
        version: 1
        name: 2024
        targets: [{name: app, url: "https://a.test", tags: [true, 7]}]
        """);
    assertThat(p.policy().name()).isEqualTo("2024");
    assertThat(p.policy().targets().get(0).tags()).containsExactly("true", "7");
  }
}

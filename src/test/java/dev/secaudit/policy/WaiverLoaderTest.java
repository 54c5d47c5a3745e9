package dev.secaudit.policy;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secaudit.check.CheckCatalog;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaiverLoaderTest {
  private final WaiverLoader loader = new WaiverLoader(StandardChecks.catalog().ids());

  private List<Waiver> load(String yaml) {
    return loader.load("waivers.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsWaiversWithDefaultGlobs() {
    List<Waiver> w = load("""
        - id: W-1
          check: cookie.*
          target: app
          subject: "tracking*"
          justification: vendor widget, fix due Q1
          approver: ciso@acme.test
          expires: 2026-12-31
        - {id: W-2, check: hsts.max_age, justification: migrating, approver: cto@acme.test,
           expires: "2027-01-15"}
        """);
    assertThat(w).hasSize(2);
    assertThat(w.get(0).expires()).isEqualTo(LocalDate.of(2026, 12, 31));
    assertThat(w.get(0).source()).isEqualTo("waivers.yaml:1:3");
    assertThat(w.get(1).target()).isEqualTo("*");
    assertThat(w.get(1).subject()).isEqualTo("*");
    assertThat(w.get(1).covers("hsts.max_age", "api", "")).isTrue();
    assertThat(w.get(0).covers("cookie.secure", "app", "tracking_id")).isTrue();
    assertThat(w.get(0).covers("cookie.secure", "api", "tracking_id")).isFalse();
    assertThat(load("[]")).isEmpty();
  }

  @Test
  void theExampleInDocsCiMdLoads() throws Exception {
    String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs/ci.md"));
    int start = doc.indexOf("```yaml\n", doc.indexOf("## Waivers")) + 8;
    List<Waiver> w = load(doc.substring(start, doc.indexOf("```", start)));
    assertThat(w).extracting(Waiver::id).containsExactly("W-12");
    assertThat(w.get(0).subject()).isEqualTo("_tracking*");
  }

  @Test
  void unknownKeysNameTheLineAndSuggest() {
    assertThatThrownBy(() -> load("""
        - id: W-1
          check: hsts.max_age
          justification: x
          approver: y
          expire: 2026-12-31
        """)).isInstanceOf(UsageException.class)
        .hasMessageContaining("waivers.yaml:5:3")
        .hasMessageContaining("unknown key 'expire'")
        .hasMessageContaining("did you mean 'expires'?");
  }

  @Test
  void listsEveryProblemWithItsPosition() {
    assertThatThrownBy(() -> load("""
        - id: W-1
          check: hsts.max_agee
          justification: x
          approver: y
          expires: 2026-02-30
        - id: W-1
          check: "*"
          expires: 31/12/2026
        """)).isInstanceOf(UsageException.class)
        .hasMessageContaining("waivers.yaml:2:10: waivers[0].check: 'hsts.max_agee' matches no"
            + " check id (did you mean 'hsts.max_age'?)")
        .hasMessageContaining("waivers.yaml:5:12: waivers[0].expires: '2026-02-30' is not a date")
        .hasMessageContaining("waivers.yaml:6:7: waivers[1].id: duplicate id 'W-1' (first at"
            + " line 1)")
        .hasMessageContaining("waivers[1]: missing 'justification'")
        .hasMessageContaining("waivers[1]: missing 'approver'")
        .hasMessageContaining("waivers[1].expires: '31/12/2026' is not a date");
  }

  @Test
  void theFileMustBeAListOfMappings() {
    assertThatThrownBy(() -> load("waivers:\n  - id: W-1\n"))
        .hasMessageContaining("waivers.yaml:1:1: a waiver file is a list of waivers");
    assertThatThrownBy(() -> load("")).hasMessageContaining("the waiver file is empty");
    // Comments only are as empty as nothing: no word of a policy's 'version: 1'.
    assertThatThrownBy(() -> load("# no waivers yet\n\n"))
        .hasMessageStartingWith("waivers.yaml: the waiver file is empty")
        .hasMessageNotContaining("version");
    assertThatThrownBy(() -> load("- id: [W-1]\n")).hasMessageContaining("waivers.yaml:1:7")
        .hasMessageContaining("expected a text value");
    assertThatThrownBy(() -> load("- {id: W-1\n")).hasMessageContaining("not valid YAML");
  }

  @Test
  void typeMistakesInSeveralWaiversAreListedTogetherWithTheRuleProblems() {
    String msg = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class, () -> load("""
        - {id: W-1, check: cookie.*, justification: [a, b], approver: a@b.test, expires: 2026-12-31}
        - {id: W-2, check: hsts.max_agee, justification: x, approver: a@b.test, expires: 2026-13-01}
        - {id: W-3, check: cookie.*, justification: x, approver: a@b.test, expire: 2026-12-31}
        """)).getMessage();
    assertThat(msg.split("\n")).satisfiesExactly(
        l -> assertThat(l).isEqualTo("waivers.yaml:1:45: waivers[0].justification: expected a"
            + " text value, got a list"),
        l -> assertThat(l).startsWith("waivers.yaml:2:20: waivers[1].check: 'hsts.max_agee'"
            + " matches no check id"),
        l -> assertThat(l).startsWith("waivers.yaml:2:82: waivers[1].expires: '2026-13-01' is not"
            + " a date"),
        // The unknown key was set aside; the rule still sees that no expiry date was given.
        l -> assertThat(l).startsWith("waivers.yaml:3:3: waivers[2]: missing 'expires'"),
        l -> assertThat(l).startsWith("waivers.yaml:3:68: waivers[2]: unknown key 'expire'")
            .contains("did you mean 'expires'?"));
  }
}

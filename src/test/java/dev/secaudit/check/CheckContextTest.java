package dev.secaudit.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Location;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.policy.PolicyPointer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builder a check starts from holds its declarations; build() adds what the policy says. */
class CheckContextTest {
  private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");
  private static final String YAML = """
      version: 1
      name: recorded
      targets: [{name: app, url: "https://app.example.test"}]
      hsts:
        min_max_age: 31536000
      checks:
        hsts.include_subdomains: {severity: critical}
      """;

  private static CheckContext context() {
    CheckCatalog catalog = StandardChecks.catalog();
    LoadedPolicy loaded = new PolicyLoader(n -> null, catalog.ids())
        .load("p.yaml", YAML.getBytes(StandardCharsets.UTF_8));
    return new CheckContext(catalog, loaded, loaded.policy().targets().get(0), null, T0);
  }

  @Test
  void aFindingStartsWithItsChecksDeclarationsAndFindsItsRulesLine() {
    CheckContext ctx = context();
    CheckInfo info = ctx.catalog().get("hsts.max_age");
    Finding f = ctx.finding("hsts.max_age").about(Subject.header("Strict-Transport-Security"))
        .status(Status.FAIL).expected("max-age ≥ 31536000 s", new Value.Duration(31_536_000))
        .observed("max-age=86400 (1 day)", new Value.Duration(86_400)).evidence(List.of("app/p"))
        .rule(PolicyPointer.member(PolicyPointer.HSTS, "min_max_age")).build();
    assertThat(f.target()).isEqualTo("app");
    assertThat(f.title()).isEqualTo(info.title());
    assertThat(f.severity()).isEqualTo(info.severity());
    assertThat(f.mappings()).isEqualTo(info.mappings());
    assertThat(f.remediation()).isEqualTo(info.remediation());
    assertThat(f.time()).isEqualTo(T0);
    assertThat(f.policyLine()).isEqualTo(5);
    assertThat(f.subject()).isEqualTo("Strict-Transport-Security");
    assertThat(f.observedValue()).isEqualTo(new Value.Duration(86_400));
  }

  @Test
  void thePolicysSeverityWinsOverTheChecksAndTheFindingsOwn() {
    CheckContext ctx = context();
    assertThat(ctx.finding("hsts.include_subdomains").status(Status.FAIL)
        .severity(Severity.LOW).build().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(ctx.finding("hsts.max_age").status(Status.FAIL).severity(Severity.LOW).build()
        .severity()).isEqualTo(Severity.LOW);
  }

  @Test
  void theShortFormIsTheSameBuilder() {
    CheckContext ctx = context();
    Finding viaShortForm = ctx.finding("hsts.max_age", "Strict-Transport-Security", Status.PASS,
        "e", "o", List.of("app/p"), "/hsts");
    Finding viaBuilder = ctx.finding("hsts.max_age").subject("Strict-Transport-Security")
        .status(Status.PASS).expected("e").observed("o").evidence(List.of("app/p"))
        .rule("/hsts").build();
    assertThat(viaShortForm).isEqualTo(viaBuilder);
    assertThat(viaShortForm.policyLine()).isEqualTo(ctx.loaded().lineOf("/hsts")).isPositive();
  }

  @Test
  void aFindingAboutAFileKeepsTheLineInItsLocationNotItsSubject() {
    Finding f = context().forSource("edge").finding("config.nginx.server_tokens")
        .subject("nginx.conf:4 server app.example").status(Status.PASS).build();
    assertThat(f.target()).isEqualTo("edge");
    assertThat(f.subject()).isEqualTo("nginx.conf server app.example");
    assertThat(f.location()).isEqualTo(new Location("nginx.conf", 4, ""));
  }
}

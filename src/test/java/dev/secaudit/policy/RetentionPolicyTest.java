package dev.secaudit.policy;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckCatalog;
import dev.secaudit.compliance.FrameworkCatalog;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The retention section: a window and exactly one well-formed source per entry. */
class RetentionPolicyTest {
  private final InlinePolicy policy = new InlinePolicy(new PolicyLoader(
      Map.<String, String>of()::get, StandardChecks.catalog().ids(), FrameworkCatalog.requirementIds()));

  @Test
  void everySourceKindLoads() {
    LoadedPolicy p = policy.load("""
        version: 1
        name: acme
        retention:
          - {name: pdf, max_age: 30d, description: PDF reports, maps_to: [soc2:C1.1], source: {directory: {path: /srv/reports, glob: "**/*.pdf"}}}
          - {name: api, max_age: 7d, source: {http: {url: "https://api.example/exports", items: /data, field: /created_at, next: /next}}}
          - {name: db, max_age: 90d, source: {command: {argv: [psql, -At, -c, "select 1"], timeout: 10s}}}
          - {name: bucket, max_age: 30d, source: {lifecycle: {path: lc.json, prefix: reports/}}}
          - {name: logs, max_age: 30d, source: {logrotate: {path: /etc/logrotate.conf, log: /var/log/a.log}}}
          - {name: journal, max_age: 30d, source: {journald: {}}}
        """);
    assertThat(p.policy().sources()).extracting(SourceEntry::name)
        .containsExactly("pdf", "api", "db", "bucket", "logs", "journal");
    assertThat(p.policy().retention().get(5).source().journald().path())
        .isEqualTo("/etc/systemd/journald.conf");
    assertThat(p.policy().retention().get(0).source().directory().maxFiles()).isEqualTo(100_000);
  }

  @Test
  void mistakesNameTheLineAndTheField() {
    String message = policy.error("""
        version: 1
        name: acme
        targets: [{name: app, url: "https://app.example"}]
        retention:
          - {name: app, max_age: 30d, source: {directory: {path: /srv}}}
          - {name: two, max_age: 30d, source: {directory: {path: /srv}, journald: {}}}
          - {name: none, max_age: 0d, source: {}}
          - {name: nowindow, source: {command: {argv: [], timeout: 1h, pattern: "(["}}}
          - {name: web, max_age: 1d, maps_to: [soc2:C9.9], source: {http: {url: "ftp://x", items: data, max_pages: 0}}}
        """);
    assertThat(message)
        .contains("p.yaml:5:").contains("duplicate name 'app'")
        .contains("retention[1].source: give exactly one source, got directory and journald")
        .contains("retention[2].max_age: must be longer than 0")
        .contains("retention[2].source: give one of directory, http, command")
        .contains("retention[3]: missing 'max_age'")
        .contains("missing 'argv'")
        .contains("retention[3].source.command.timeout: must be longer than 0 and at most 10m")
        .contains("retention[3].source.command.pattern: not a valid regular expression")
        .contains("retention[4].maps_to[0]: 'C9.9' is not a soc2 requirement id")
        .contains("retention[4].source.http.url: expected an absolute http:// or https:// URL")
        .contains("retention[4].source.http.items: a JSON Pointer starts with '/'")
        .contains("retention[4].source.http: missing 'field'")
        .contains("retention[4].source.http.max_pages: must be between 1 and 1000, got 0");
  }

  @Test
  void unknownKeysGetADidYouMean() {
    assertThat(policy.error("""
        version: 1
        name: acme
        retention:
          - {name: a, max_age: 30d, source: {directory: {path: /srv, globs: "*.pdf"}}}
        """)).contains("globs").contains("glob");
  }
}

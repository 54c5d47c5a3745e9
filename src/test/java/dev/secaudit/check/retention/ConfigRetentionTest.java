package dev.secaudit.check.retention;

import static dev.secaudit.check.retention.RetentionScan.only;
import static dev.secaudit.check.retention.RetentionScan.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention read from configuration fixtures: bucket lifecycle, logrotate and journald. */
class ConfigRetentionTest {
  @TempDir Path dir;

  private static String fixture(String path) {
    try {
      return Path.of(ConfigRetentionTest.class.getResource("/retention/" + path).toURI())
          + "/";
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<Finding> scan(String yaml) {
    return run(dir, yaml.replace("FIX", fixture(""))).findings();
  }

  @Test
  void aLifecycleRuleCoveringThePrefixWithinTheWindowPasses() {
    List<Finding> f = scan("""
          - {name: reports, max_age: 30d, source: {lifecycle: {path: FIXlifecycle/reports.json, prefix: reports/2026/}}}
          - {name: reports-v, max_age: 30d, source: {lifecycle: {path: FIXlifecycle/reports.json, prefix: reports/, versioned: true}}}
          - {name: reports-strict, max_age: 14d, source: {lifecycle: {path: FIXlifecycle/reports.json, prefix: reports/}}}
        """);
    assertThat(f.get(0).status()).isEqualTo(Status.PASS);
    assertThat(f.get(0).subjectAtLine()).isEqualTo("reports.json rule 'reports-30d'");
    assertThat(f.get(0).expected()).isEqualTo("a rule that deletes it within 30d");
    assertThat(f.get(0).observed()).isEqualTo("kept up to 30d: Expiration.Days 30 in rule"
        + " 'reports-30d'");
    assertThat(f.get(1).status()).isEqualTo(Status.FAIL);
    assertThat(f.get(1).observed()).isEqualTo("kept up to 35d: Expiration.Days 30 in rule"
        + " 'reports-30d' + NoncurrentVersionExpiration.NoncurrentDays 5 in rule"
        + " 'reports-30d'");
    assertThat(f.get(2).status()).isEqualTo(Status.FAIL);
  }

  @Test
  void rulesThatDoNotCoverThePrefixSayWhy() {
    Finding f = only(run(dir, """
          - {name: exports, max_age: 30d, source: {lifecycle: {path: FIXlifecycle/reports.json, prefix: exports/}}}
        """.replace("FIX", fixture(""))));
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).isEqualTo("no rule deletes it: rule 'old-logs': its prefix"
        + " 'logs/' does not cover 'exports/'; rule 'paused-cleanup': Status is 'Disabled',"
        + " not 'Enabled'; rule 'tagged-only': its prefix 'reports/' does not cover"
        + " 'exports/'; rule 'reports-30d': its prefix 'reports/' does not cover 'exports/';"
        + " rule 'archive-transition': covers 'exports/' but has no Expiration.Days (it does"
        + " not delete current objects)");

    Finding tagged = only(run(dir, """
          - {name: r, max_age: 30d, source: {lifecycle: {path: FIXlifecycle/unversioned-gap.json, prefix: exports/a/, versioned: true}}}
        """.replace("FIX", fixture(""))));
    assertThat(tagged.status()).isEqualTo(Status.FAIL);
    assertThat(tagged.observed()).startsWith("no age limit: Expiration.Days 30 in rule"
        + " 'exports' only hides objects behind a delete marker").endsWith("older versions"
        + " are kept forever");
  }

  @Test
  void aBrokenLifecycleDocumentIsAnError() throws Exception {
    Files.writeString(dir.resolve("broken.json"), "{\"Rules\": [");
    Files.writeString(dir.resolve("other.json"), "{\"rules\": []}");
    Files.write(dir.resolve("binary.json"), new byte[] {'{', 0, '}'});
    List<Finding> f = run(dir, """
          - {name: a, max_age: 30d, source: {lifecycle: {path: broken.json}}}
          - {name: b, max_age: 30d, source: {lifecycle: {path: other.json}}}
          - {name: c, max_age: 30d, source: {lifecycle: {path: binary.json}}}
          - {name: d, max_age: 30d, source: {lifecycle: {path: missing.json}}}
        """).findings();
    assertThat(f).extracting(Finding::status).containsOnly(Status.ERROR);
    assertThat(f.get(0).observed()).startsWith("not valid JSON");
    assertThat(f.get(1).observed()).startsWith("no \"Rules\" array");
    assertThat(f.get(2).observed()).endsWith("is binary (it contains NUL bytes); not a"
        + " configuration file");
    assertThat(f.get(3).observed()).isEqualTo("no such file: " + dir.resolve("missing.json"));
  }

  @Test
  void logrotateKeepsRotateTimesTheIntervalPlusTheCurrentFile() {
    List<Finding> f = scan("""
          - {name: app-log, max_age: 30d, source: {logrotate: {path: FIXlogrotate/logrotate.conf, log: /var/log/app/access.log}}}
          - {name: quoted, max_age: 14d, source: {logrotate: {path: FIXlogrotate/logrotate.conf, log: "/var/log/app/special log.txt"}}}
          - {name: audit, max_age: 90d, source: {logrotate: {path: FIXlogrotate/logrotate.conf, log: /var/log/audit/app.log}}}
          - {name: nginx, max_age: 1y, source: {logrotate: {path: FIXlogrotate/logrotate.conf, log: /var/log/nginx/access.log}}}
          - {name: big, max_age: 30d, source: {logrotate: {path: FIXlogrotate/logrotate.conf, log: /var/log/big.log}}}
          - {name: nobody, max_age: 30d, source: {logrotate: {path: FIXlogrotate/logrotate.conf, log: /var/log/other.log}}}
        """);
    assertThat(f.get(0).status()).isEqualTo(Status.PASS);
    assertThat(f.get(0).subjectAtLine()).isEqualTo("logrotate.d/app:1");
    assertThat(f.get(0).observed()).isEqualTo("kept up to 15d: rotate 14 (logrotate.d/app:3)"
        + " × daily (logrotate.d/app:2), plus the current file");
    assertThat(f.get(1).status()).isEqualTo(Status.FAIL);
    assertThat(f.get(2).observed()).isEqualTo("kept up to 97d: maxage 90"
        + " (logrotate.d/app:14) plus one weekly interval; rotate 1000 (logrotate.d/app:13)"
        + " × weekly (logrotate.conf:2), plus the current file");
    assertThat(f.get(2).status()).isEqualTo(Status.FAIL);
    // 52 weekly rotations: the dpkg leftover that says daily/rotate 1 is not read.
    assertThat(f.get(3).observed()).isEqualTo("kept up to 371d: rotate 52"
        + " (logrotate.d/nginx:2) × weekly (logrotate.conf:2), plus the current file");
    assertThat(f.get(3).status()).isEqualTo(Status.FAIL);
    assertThat(f.get(4).status()).isEqualTo(Status.FAIL);
    assertThat(f.get(4).observed()).startsWith("no age limit: rotated by size"
        + " (logrotate.d/sized:3)");
    assertThat(f.get(5).status()).isEqualTo(Status.FAIL);
    assertThat(f.get(5).observed()).isEqualTo("no rule deletes it: no block of 4 file(s)"
        + " read names /var/log/other.log, so logrotate never rotates or removes it");
  }

  @Test
  void logrotateScriptBodiesAreNotKeptAsEvidence() throws Exception {
    Files.writeString(dir.resolve("lr.conf"), """
        /var/log/a.log {
          daily
          rotate 6
          postrotate
            curl -fsS -u backup:s3cr3t-T0ken https://hooks.example/rotated
          endscript
        }
        """);
    dev.secaudit.model.ScanResult r = run(dir, """
          - {name: a, max_age: 30d, source: {logrotate: {path: lr.conf, log: /var/log/a.log}}}
        """);
    assertThat(only(r).status()).isEqualTo(Status.PASS);
    String evidence = r.artifacts().get(0).content();
    assertThat(evidence).contains("rotate 6").contains("postrotate")
        .contains("[1 script line(s) not kept]").contains("endscript")
        .doesNotContain("s3cr3t").doesNotContain("curl");
  }

  @Test
  void anUnclosedLogrotateBlockIsAnError() throws Exception {
    Files.writeString(dir.resolve("lr.conf"), "/var/log/a.log {\n  daily\n");
    Finding f = only(run(dir, """
          - {name: a, max_age: 30d, source: {logrotate: {path: lr.conf, log: /var/log/a.log}}}
        """));
    assertThat(f.status()).isEqualTo(Status.ERROR);
    assertThat(f.observed()).isEqualTo("lr.conf:1: the block is never closed with '}'");
  }

  @Test
  void journaldDropInsOverrideTheMainFileInOrder() {
    ScanResult r = run(dir, """
          - {name: journal, max_age: 30d, source: {journald: {path: FIXjournald/journald.conf}}}
        """.replace("FIX", fixture("")));
    Finding f = only(r);
    assertThat(f.status()).isEqualTo(Status.PASS);
    assertThat(f.subjectAtLine()).isEqualTo("journald.conf.d/10-shorter.conf:2");
    assertThat(f.observed()).isEqualTo("kept up to 14d: MaxRetentionSec=2week");
    assertThat(r.artifacts().get(0).content()).contains("SystemMaxUse=2G")
        .doesNotContain("only *.conf drop-ins count");
  }

  @Test
  void journaldWithoutMaxRetentionSecKeepsBySizeOnly() throws Exception {
    Files.writeString(dir.resolve("journald.conf"), "[Journal]\nSystemMaxUse=1G\n");
    Files.createDirectories(dir.resolve("zero/journald.conf.d"));
    Files.writeString(dir.resolve("zero/journald.conf"), "[Journal]\nMaxRetentionSec=3d\n");
    Files.writeString(dir.resolve("zero/journald.conf.d/off.conf"),
        "[Journal]\nMaxRetentionSec=0\n");
    List<Finding> f = run(dir, """
          - {name: unset, max_age: 30d, source: {journald: {path: journald.conf}}}
          - {name: zero, max_age: 30d, source: {journald: {path: zero/journald.conf}}}
        """).findings();
    assertThat(f.get(0).status()).isEqualTo(Status.FAIL);
    assertThat(f.get(0).observed()).isEqualTo("no age limit: MaxRetentionSec is not set:"
        + " journald removes old entries only to stay within its size limits (SystemMaxUse),"
        + " never by age");
    assertThat(f.get(1).status()).isEqualTo(Status.FAIL);
    assertThat(f.get(1).subjectAtLine()).isEqualTo("journald.conf.d/off.conf:2");
  }
}

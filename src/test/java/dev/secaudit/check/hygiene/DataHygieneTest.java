package dev.secaudit.check.hygiene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.probe.SourceObservation;
import dev.secaudit.probe.hygiene.DataHygieneProbe;
import dev.secaudit.probe.hygiene.DataScan;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real files on disk: valid and checksum-failing card numbers and IBANs (only the valid ones
 * count), a gzip log, a multi-GB sparse file cut at the byte cap, a binary file, a symlink loop
 * and an unreadable file; nothing found is shown unmasked.
 */
class DataHygieneTest {
  static final String PASSWORD = "Tr0ub4dor" + "AndHorse";
  static final String TOKEN = "abc123" + "def456ghi789jkl";

  @TempDir Path dir;

  private final DataHygieneProbe probe = new DataHygieneProbe(DataHygieneProbe.Limits.DEFAULTS,
      Clock.fixed(HygieneFixture.NOW, ZoneOffset.UTC));

  @Test
  void countsOnlyChecksumValidNumbersAndShowsMaskedSamplesWithFileAndLine() throws IOException {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Files.writeString(logs.resolve("app.log"), String.join("\n",
        "2026-11-01T10:00:00Z start",
        "charge card=4111 1111 1111 1111 ok",
        "charge card=4111 1111 1111 1112 declined",   // Luhn fails
        "refund to DE89 3704 0044 0532 0130 00",
        "refund to DE89 3704 0044 0532 0130 01",      // mod-97 fails
        "login jane.doe@example.com",
        "login jane.doe@example.com again",
        "GET /api Authorization: Bearer " + TOKEN,
        "db postgres://app:" + PASSWORD + "@db.internal/app",
        "") + "\n");
    try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(logs.resolve("old.log.gz")))) {
      gz.write("rotated\ncall +44 20 7946 0958\n".getBytes(StandardCharsets.UTF_8));
    }
    Files.writeString(logs.resolve("clean.log"), "nothing here\n");

    LoadedPolicy loaded = HygieneFixture.load(dir, """
        version: 1
        name: acme
        data_hygiene:
          - {name: app-logs, paths: ["logs/*.log", "logs/*.gz"]}
        """);
    List<SourceObservation> seen = probe.observe(loaded);
    List<Finding> findings = HygieneFixture.judge(new DataHygieneCheck(), loaded, seen);

    assertThat(findings).extracting(Finding::checkId, DataHygieneTest::placed, Finding::status)
        .containsExactlyInAnyOrder(
            tuple("data.personal_data", "logs/app.log:2", Status.FAIL),
            tuple("data.personal_data", "logs/app.log:4", Status.FAIL),
            tuple("data.personal_data", "logs/app.log:6", Status.FAIL),
            tuple("data.secrets", "logs/app.log:8", Status.FAIL),
            tuple("data.secrets", "logs/app.log:9", Status.FAIL),
            tuple("data.personal_data", "logs/old.log.gz:2", Status.FAIL));
    assertThat(findings).allMatch(f -> f.target().equals("app-logs"));
    // The subject is the file and the kind of value: a line added above moves no identity.
    assertThat(findings).extracting(Finding::subject).contains("logs/app.log card",
        "logs/app.log email", "logs/old.log.gz phone");
    Finding card = findings.stream().filter(f -> placed(f).equals("logs/app.log:2"))
        .findFirst().orElseThrow();
    assertThat(card.observed()).isEqualTo("card numbers (Luhn valid): 1 found on line 2; samples:"
        + " 4111 **** **** 1111 (line 2)");
    assertThat(card.severity()).isEqualTo(Severity.HIGH);
    assertThat(findings).filteredOn(f -> placed(f).equals("logs/app.log:4")).first()
        .extracting(Finding::observed).isEqualTo("IBANs (mod-97 valid): 1 found on line 4; samples:"
            + " DE89 … 00 (22 chars) (line 4)");
    assertThat(findings).filteredOn(f -> placed(f).equals("logs/app.log:6")).first()
        .extracting(Finding::observed).isEqualTo("email addresses: 2 found on lines 6, 7; samples:"
            + " j***@example.com (line 6)");
    assertThat(findings).filteredOn(f -> placed(f).equals("logs/old.log.gz:2")).first()
        .extracting(Finding::observed).asString().contains("+44 … 58 (12 digits)");

    String everything = findings.toString() + seen.get(0).artifacts();
    assertThat(everything).doesNotContain(PASSWORD).doesNotContain(TOKEN)
        .doesNotContain("jane.doe").doesNotContain("4111 1111 1111 1111")
        .doesNotContain("0532 0130").doesNotContain("7946");
    assertThat(seen.get(0).artifacts().get(0).content()).contains("logs/clean.log: 1 lines");
  }

  /**
   * The two forms issue 21 found missed: an nginx combined-format access log line with the
   * password in the query string, and an application's JSON log of a request body. Masked and
   * placeholder values (Rails' [FILTERED], ****, ${PASSWORD}) are not passwords.
   */
  @Test
  void passwordsInQueryStringsAndJsonFieldsAreFoundAndNeverShown() throws IOException {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Files.writeString(logs.resolve("access.log"), String.join("\n",
        "127.0.0.1 - - [01/Nov/2026:10:00:00 +0000] \"GET /login?user=bob&password=hunter2"
            + " HTTP/1.1\" 200 512 \"-\" \"curl/8.5.0\"",
        "127.0.0.1 - - [01/Nov/2026:10:00:01 +0000] \"GET /login?user=bob&password=%5BFILTERED%5D"
            + " HTTP/1.1\" 200 512 \"-\" \"curl/8.5.0\"",
        "") + "\n");
    Files.writeString(logs.resolve("app.log"), String.join("\n",
        "{\"level\":\"info\",\"msg\":\"signup\",\"body\":{\"email_verified\":true,"
            + "\"password\": \"correct horse battery\"}}",
        "{\"level\":\"info\",\"body\":{\"password\":\"[FILTERED]\",\"new_password\":\"****\"}}",
        "INFO params={'username': 'bob', 'password': 'S3cr3t!'}",
        "config password=${DB_PASSWORD} password_hash=$2b$12$abcdefghijklmnopqrstuv",
        "") + "\n");
    LoadedPolicy loaded = HygieneFixture.load(dir, """
        version: 1
        name: acme
        data_hygiene:
          - {name: app-logs, paths: ["logs/*.log"], look_for: [password]}
        """);
    List<SourceObservation> seen = probe.observe(loaded);
    List<Finding> findings = HygieneFixture.judge(new DataHygieneCheck(), loaded, seen);

    assertThat(findings).extracting(Finding::checkId, DataHygieneTest::placed, Finding::status)
        .containsExactlyInAnyOrder(
            tuple("data.secrets", "logs/access.log:1", Status.FAIL),
            tuple("data.secrets", "logs/app.log:1", Status.FAIL));
    assertThat(findings).filteredOn(f -> placed(f).equals("logs/app.log:1")).first()
        .extracting(Finding::observed).isEqualTo("passwords in query strings or JSON fields: 2"
            + " found on lines 1, 3; samples: \"password\": \"****\" (line 1), 'password':"
            + " '****' (line 3)");
    assertThat(findings).filteredOn(f -> placed(f).equals("logs/access.log:1")).first()
        .extracting(Finding::observed).asString().contains("password=**** (line 1)");
    String everything = findings.toString() + seen.get(0).artifacts();
    assertThat(everything).doesNotContain("hunter2").doesNotContain("correct horse")
        .doesNotContain("S3cr3t");
  }

  @Test
  void aSparseMultiGigabyteFileIsCutAtTheCapQuickly() throws IOException {
    Path big = Files.createDirectories(dir.resolve("exports")).resolve("big.csv");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      byte[] row = "id,email\n1,jo@example.com\n".getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 400; i++) {
        f.write(row);
      }
      f.setLength(6L << 30);
    }
    LoadedPolicy loaded = HygieneFixture.load(dir, """
        version: 1
        name: acme
        data_hygiene:
          - {name: exports, paths: ["exports/*.csv"], max_file_mb: 2, look_for: [email]}
        """);
    long start = System.nanoTime();
    List<SourceObservation> seen = probe.observe(loaded);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    List<Finding> findings = HygieneFixture.judge(new DataHygieneCheck(), loaded, seen);

    assertThat(took).isLessThan(Duration.ofSeconds(10));
    DataScan.DataFile file = ((DataScan) seen.get(0)).files().get(0);
    assertThat(file.truncated()).isTrue();
    assertThat(file.bytes()).isEqualTo(2L << 20);
    assertThat(findings).extracting(DataHygieneTest::placed, Finding::status).containsExactly(
        tuple("exports/big.csv:2", Status.FAIL), tuple("exports/big.csv", Status.WARN));
    assertThat(findings.get(0).observed()).startsWith("email addresses: 400 found on lines 2, 4, 6");
    assertThat(findings.get(1).observed()).contains("only the first 2097152 bytes read");
  }

  @Test
  void binarySymlinkLoopsAndUnreadableFilesAreNotedNeverThrown() throws IOException {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Files.createDirectories(logs.resolve("sub"));
    Files.write(logs.resolve("core.dump"), new byte[] {0x7f, 'E', 'L', 'F', 0, 0, 1});
    Files.writeString(logs.resolve("sub/ok.log"), "fine\n");
    Files.createSymbolicLink(logs.resolve("sub/loop"), logs);
    Files.createSymbolicLink(logs.resolve("gone.log"), dir.resolve("deleted.log"));
    LoadedPolicy loaded = HygieneFixture.load(dir, """
        version: 1
        name: acme
        data_hygiene:
          - {name: app-logs, paths: ["logs/**"]}
          - {name: nothing, paths: ["missing/*.log"]}
        """);
    List<SourceObservation> seen = probe.observe(loaded);
    List<Finding> findings = HygieneFixture.judge(new DataHygieneCheck(), loaded, seen);

    assertThat(findings).extracting(Finding::target, Finding::checkId, DataHygieneTest::placed,
        Finding::status).containsExactly(
            tuple("app-logs", "data.personal_data", "logs/gone.log", Status.ERROR),
            tuple("app-logs", "data.personal_data", "files:" + dir.resolve("logs/**"),
                Status.PASS),
            tuple("app-logs", "data.secrets", "files:" + dir.resolve("logs/**"), Status.PASS),
            tuple("nothing", "data.personal_data", "files:" + dir.resolve("missing/*.log"),
                Status.ERROR),
            tuple("nothing", "data.secrets", "files:" + dir.resolve("missing/*.log"),
                Status.ERROR));
    assertThat(findings.get(0).observed()).isEqualTo("not read: dangling symbolic link");
    assertThat(findings.get(1).observed()).contains("1 file read, 1 binary skipped")
        .contains("symbolic link loop at " + logs.resolve("sub/loop"));
  }

  @Test
  void unknownKindsAndBadCapsAreRejectedWithTheField() {
    String message = org.junit.jupiter.api.Assertions.assertThrows(
        dev.secaudit.policy.UsageException.class, () -> HygieneFixture.load(dir, """
            version: 1
            name: acme
            data_hygiene:
              - {name: logs, paths: ["*.log"], look_for: [emails], max_file_mb: 0}
              - {name: logs}
            """)).getMessage();
    assertThat(message).contains("data_hygiene[0].look_for[0]: unknown kind 'emails'")
        .contains("did you mean 'email'").contains("data_hygiene[0].max_file_mb: must be between")
        .contains("duplicate name 'logs'").contains("missing 'paths'");
  }

  /** Where a finding points (file:line) when it has a location, its subject otherwise. */
  static String placed(Finding f) {
    return f.location() == null ? f.subject() : f.location().at();
  }
}

package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's scan.json is the same before and after a change that should not change behaviour
 * (moves, splits, layer fixes): only what differs from run to run is masked — times, durations,
 * the demo target's ports and certificate, run id, the report folder and hashes over bytes that hold those. The
 * golden file was written from main before the layer work; rewrite it only for a change that is
 * meant to change findings, with {@code -Dsecaudit.golden.write=true}, and say so in the commit.
 */
class DemoGoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/demo-scan.json");

  @TempDir Path dir;

  @Test
  void theDemosScanJsonMatchesTheGolden() throws Exception {
    Path out = demo(dir);
    String scan = normalised(Files.readString(out.resolve("scan.json")), out.toString());
    // Kept for a diff when the comparison fails.
    Files.writeString(Path.of("target", "demo-scan.actual.json"), scan, StandardCharsets.UTF_8);
    if (Boolean.getBoolean("secaudit.golden.write")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, scan, StandardCharsets.UTF_8);
    }
    assertThat(scan).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }

  /** Runs the demo in process, its reports written to a folder under {@code dir}: that folder. */
  static Path demo(Path dir) {
    Path out = dir.resolve("demo");
    Cli.Result run = Cli.run("demo", "-q", "--color", "never", "-o", out.toString());
    assertThat(run.code()).as(run.err()).isZero();
    return out;
  }

  @Test
  void theMaskKeepsWhatFindingsSay() {
    String raw = "\"time\" : \"2026-12-03T07:35:19.728Z\", \"url\" : \"https://127.0.0.1:44595\","
        + " \"summary\" : \"GET / → 200 (2090 ms)\", \"observed\" : \"max-age=86400 (1 day)\","
        + " \"attested\" : \"attested 2026-08-20 by dpo@x.test (105 days ago)\"";
    assertThat(normalised(raw, "/nowhere")).isEqualTo("\"time\" : \"TIME\", \"url\" :"
        + " \"https://127.0.0.1:PORT\", \"summary\" : \"GET / → 200 (N ms)\", \"observed\" :"
        + " \"max-age=86400 (1 day)\", \"attested\" : \"attested 2026-08-20 by dpo@x.test (N days"
        + " ago)\"");
  }

  static String normalised(String json, String folder) {
    String s = json.replace(folder, "DIR");
    s = replace(s, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID");
    s = replace(s, "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z", "TIME");
    s = replace(s, "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT",
        "HTTP-DATE");
    s = replace(s, "(127\\.0\\.0\\.1|localhost|\\[::1\\]):\\d+", "$1:PORT");
    // The demo target makes a new key and certificate each run.
    s = replace(s, "-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\\\n]*-----END CERTIFICATE-----",
        "CERTIFICATE");
    s = replace(s, "\\b[0-9a-f]{64}\\b", "SHA256");
    s = replace(s, "\\b\\d+ ms\\b", "N ms");
    s = replace(s, "millis: \\d+", "millis: N");
    s = replace(s, "\"duration_ms\" : \\d+", "\"duration_ms\" : N");
    // Attestations' ages are counted to today: the golden must hold on any day.
    s = replace(s, "\\b\\d+ days ago\\b", "N days ago");
    return s;
  }

  private static String replace(String s, String regex, String with) {
    return Pattern.compile(regex).matcher(s).replaceAll(with.contains("$")
        ? with : Matcher.quoteReplacement(with));
  }
}

package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values written in another spelling than the docs give (newuser25: accepted without a word): an
 * unambiguous one is read, and validate and scan say how at its file:line:col; a lifetime in
 * milliseconds, which the browser counts in seconds, is refused with what was likely meant.
 */
class LenientValuesTest {
  @TempDir Path dir;

  private static final String LENIENT = """
      version: 1
      name: lenient
      targets:
        - {name: app, url: "http://127.0.0.1:%d/"}
      tls: {min_version: TLSv1.2, forbidden_versions: ["TLS 1.0", "1.1"]}
      cookies:
        - {name: session, secure: true, same_site: lax}
        - {name: prefs, same_site: Strict}
      """;

  @Test
  void anotherSpellingIsReadAndNotedAtItsPlace() throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, LENIENT.formatted(1));
    Cli.Result r = Cli.run("validate", policy.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    List<String> notes = r.out().lines().filter(l -> l.startsWith("  note: "))
        .map(l -> l.substring("  note: ".length())).toList();
    assertThat(notes).as(r.out()).hasSize(3);
    assertNoteAt(policy, notes.get(0), "TLSv1.2", " tls.min_version: read 'TLSv1.2' as TLS 1.2"
        + " (write \"1.2\" to say so)");
    assertNoteAt(policy, notes.get(1), "\"TLS 1.0\"",
        " tls.forbidden_versions[0]: read 'TLS 1.0' as TLS 1.0");
    assertNoteAt(policy, notes.get(2), "lax", " cookies[0].same_site: read 'lax' as Lax");

    // The scan reads them so too, and says so before it probes.
    HttpServer server = LoopbackPages.start((path, headers) -> {});
    try {
      Files.writeString(policy, LENIENT.formatted(server.getAddress().getPort()));
      Cli.Result scan = Cli.run(Map.of(), null, "scan", "-p", policy.toString(), "--color",
          "never");
      assertThat(scan.err()).as(scan.err()).contains("secaudit: note: " + policy + ":5:")
          .contains("tls.min_version: read 'TLSv1.2' as TLS 1.2")
          .contains("cookies[0].same_site: read 'lax' as Lax");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aLifetimeInMillisecondsIsRefusedWithWhatWasMeant() throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, """
        version: 1
        name: ms
        targets:
          - {name: app, url: "https://127.0.0.1:1/"}
        hsts: {min_max_age: 31536000ms}
        cookies:
          - {name: session, max_age: 3600ms}
        """);
    Cli.Result r = Cli.run("validate", policy.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.USAGE.code);
    assertThat(r.err()).contains(policy + ":5:").contains("hsts.min_max_age: '31536000ms' is"
        + " 31536s, and HSTS max-age counts seconds, not milliseconds; did you mean 31536000"
        + " (365d)?");
    assertThat(r.err()).contains(policy + ":7:").contains("cookies[0].max_age: '3600ms' is 3600"
        + "ms").contains("did you mean 3600 (1h)?");
  }

  private static void assertNoteAt(Path policy, String note, String value, String says)
      throws Exception {
    String[] at = note.split(":", 4);
    assertThat(at[0]).isEqualTo(policy.toString());
    String line = Files.readAllLines(policy).get(Integer.parseInt(at[1]) - 1);
    assertThat(line.substring(Integer.parseInt(at[2]) - 1)).startsWith(value);
    assertThat(at[3]).startsWith(says);
  }
}

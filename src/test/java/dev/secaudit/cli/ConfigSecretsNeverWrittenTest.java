package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.SecretForms;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cookie an nginx config sets with add_header, and a credential it sends upstream, are as
 * secret as a cookie seen live (a blind review found such a cookie's value in clear in scan.json
 * and report.html whenever no probe had seen the cookie live). The config is read without any
 * target: nothing live can teach the redactor the values.
 */
class ConfigSecretsNeverWrittenTest {
  @TempDir Path dir;

  @Test
  void valuesAConfigSetsReachNoOutput() throws Exception {
    String cookie = "PORTALSESSv9z3w1Q";
    String bearer = "upstreamTok3nZ8qW";
    Path conf = Files.writeString(dir.resolve("nginx.conf"), """
        http {
          server {
            listen 443 ssl;
            server_name portal.example;
            add_header Set-Cookie "SESSID=%s; Path=/; Secure; SameSite=None" always;
            add_header X-Frame-Options DENY always;
            location /api/ {
              proxy_set_header Authorization "Bearer %s";
              proxy_pass http://127.0.0.1:8450;
            }
          }
        }
        """.formatted(cookie, bearer));
    Path policy = Files.writeString(dir.resolve("policy.yaml"), """
        version: 1
        name: portal
        headers:
          X-Frame-Options: {required: true, value: DENY}
        configs:
          - {name: portal-nginx, kind: nginx, path: %s}
        """.formatted(conf));
    Path out = dir.resolve("out");
    Path evidence = dir.resolve("evidence");
    Cli.Result r = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(), "--evidence",
        evidence.toString(), "-v", "--color", "never");
    assertThat(r.code()).as(r.err()).isIn(0, 1);
    String scanJson = Files.readString(out.resolve("scan.json"));
    // The excerpt still shows the directive, its cookie's name and attributes.
    assertThat(scanJson).contains("add_header Set-Cookie").contains("SESSID=[REDACTED]")
        .contains("SameSite=None");
    List<Path> written = new ArrayList<>();
    for (Path root : List.of(out, evidence)) {
      try (Stream<Path> files = Files.walk(root)) {
        files.filter(Files::isRegularFile).forEach(written::add);
      }
    }
    assertThat(written).extracting(p -> p.getFileName().toString())
        .contains("scan.json", "report.html", "findings.csv", "junit.xml", "results.sarif");
    for (String secret : List.of(cookie, bearer)) {
      for (Path f : written) {
        String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertThat(SecretForms.foundIn(bytes, secret)).as("%s in %s", secret, f).isEmpty();
      }
      assertThat(SecretForms.foundIn(r.out() + r.err(), secret)).isEmpty();
    }
  }
}

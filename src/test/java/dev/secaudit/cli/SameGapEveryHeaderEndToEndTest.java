package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.probe.config.LoopbackNginx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real nginx serves every security header from its http block on the pages a scan reads, and
 * the scan reads the same nginx.conf as a file. In one config a location with an add_header of
 * its own drops them all (nginx inherits none of the http block's then), as the demo's /account
 * does. The gap is the same for every header, so every header's question gets the same answer:
 * before, Referrer-Policy and X-Content-Type-Options were Yes from the pages that sent them while
 * HSTS, CSP and framing went to a person (auditor21 M1). Without the gap all are Yes.
 */
class SameGapEveryHeaderEndToEndTest {
  private static final String REASON = "secaudit review reason";
  private static final List<String> QUESTIONS = List.of(
      "Is HSTS enabled?",
      "Is a Referrer-Policy header set?",
      "Is X-Content-Type-Options set?",
      "Is a Content-Security-Policy header set?",
      "Do you protect against clickjacking?");

  private static final String HEADERS = """
      add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
      add_header X-Content-Type-Options nosniff always;
      add_header Content-Security-Policy "default-src 'self'; frame-ancestors 'none'" always;
      add_header X-Frame-Options DENY always;
      add_header Referrer-Policy strict-origin-when-cross-origin always;
      """;

  @Test
  void aLocationThatDropsTheHeadersLeavesEveryHeadersQuestionToAPerson(@TempDir Path dir)
      throws Exception {
    Assumptions.assumeTrue(LoopbackNginx.available(), "nginx is not installed");
    Map<String, String> gap = scanAndAnswer(dir.resolve("gap"),
        "location /account { add_header Cache-Control no-store always; return 200 \"account\"; }");
    assertThat(gap).hasSize(QUESTIONS.size()).allSatisfy((q, answer) -> assertThat(answer)
        .as(q).isEmpty());
    Map<String, String> why = Cli.column(dir.resolve("gap"), REASON);
    // The reason names the block that drops them (the location's add_header, file:line) and
    // where the header was seen, which is what a person weighs.
    int line = Files.readAllLines(dir.resolve("gap/nginx.conf")).indexOf(Files.readAllLines(
        dir.resolve("gap/nginx.conf")).stream().filter(l -> l.contains("location /account"))
        .findFirst().orElseThrow()) + 1;
    assertThat(why).allSatisfy((q, reason) -> assertThat(reason).as(q)
        .contains("config.nginx.headers on edge").contains("nginx.conf:" + line + " (location)")
        .contains("in place there"));

    Map<String, String> kept = scanAndAnswer(dir.resolve("kept"),
        "location /account { return 200 \"account\"; }");
    assertThat(kept).hasSize(QUESTIONS.size()).allSatisfy((q, answer) -> assertThat(answer)
        .as(q).isEqualTo("Yes"));
  }

  /**
   * Serves {@code account} beside / and /login with nginx on loopback, scans the site and its
   * config, and answers {@link #QUESTIONS}.
   */
  private static Map<String, String> scanAndAnswer(Path dir, String account) throws Exception {
    Files.createDirectories(dir);
    int port = LoopbackNginx.freePort();
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, "events {}\nhttp {\n" + LoopbackNginx.tempPaths(dir)
        + "server_tokens off;\n" + HEADERS + "server {\n  listen 127.0.0.1:" + port + " ssl;\n  "
        + LoopbackNginx.certificate(dir) + "\n  server_name 127.0.0.1;\n  default_type text/html;\n"
        + "  location / { return 200 \"<html><body>home</body></html>\"; }\n  " + account
        + "\n}\n}\n");
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, """
        version: 1
        name: acme
        targets:
          - {name: site, url: "https://127.0.0.1:%d", paths: [/, /login]}
        tls: {certificate: {ca_file: "%s"}}
        hsts: {required: true}
        csp: {required: true}
        framing: {required: true}
        headers:
          X-Content-Type-Options: {value: nosniff}
          Referrer-Policy: {value_one_of: [strict-origin-when-cross-origin, no-referrer]}
        configs:
          - {name: edge, kind: nginx, path: nginx.conf, target: site}
        """.formatted(port, dir.resolve("loopback-cert.pem")));
    try (LoopbackNginx nginx = LoopbackNginx.start(dir, conf, port)) {
      Path out = dir.resolve("out");
      Cli.Result scan = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(),
          "--color", "never");
      assertThat(scan.code()).as(scan.err()).isIn(0, 1);
      return Cli.answer(dir, policy, out.resolve("scan.json"), QUESTIONS);
    }
  }
}

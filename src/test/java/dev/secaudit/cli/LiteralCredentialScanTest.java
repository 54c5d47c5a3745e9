package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.secaudit.model.Artifact;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token pasted into the policy as written (a blind review's step: it reached the evidence
 * bundle's copy of the policy in clear). The scan still sends it, validate and scan note it, and
 * no file written nor line printed holds it in any form, while the manifest still names the
 * file the scan read by its own hash and the bundle verifies.
 */
class LiteralCredentialScanTest {
  static final String TOKEN = "sk_live_Q7w9ZtX2pLm4Vb8Nc1Rd";
  static final String FORM_PASSWORD = "Hunter2-correct-horse";

  @TempDir Path dir;
  private HttpServer server;
  private final List<String> authorizations = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      synchronized (authorizations) {
        String a = ex.getRequestHeaders().getFirst("Authorization");
        if (a != null) {
          authorizations.add(a);
        }
      }
      byte[] body = "<html><body>ok</body></html>".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Path policy(String authorization) throws Exception {
    return Files.writeString(dir.resolve("policy.yaml"), """
        version: 1
        name: literal
        targets:
          - name: api
            url: "http://127.0.0.1:%d/"
            request_headers:
              Authorization: "%s"
        flows:
          - name: login
            target: api
            steps:
              - name: sign-in
                request: {method: POST, path: /login, form: {user: me, password: %s}}
        extends: [owasp-headers]
        """.formatted(server.getAddress().getPort(), authorization, FORM_PASSWORD));
  }

  @Test
  void aTokenWrittenInThePolicyIsSentButWrittenNowhere() throws Exception {
    Path policy = policy("Bearer " + TOKEN);
    Cli.Result v = Cli.run("validate", policy.toString());
    assertThat(v.code()).as(v.out() + v.err()).isZero();
    assertThat(v.out()).contains("policy.yaml:7:22: targets[0].request_headers.Authorization: a"
        + " credential written in the file; use ${env:NAME}")
        .contains("flows[0].steps[0].request.form.password: a credential written in the file");

    Path out = dir.resolve("out");
    Path evidence = dir.resolve("evidence");
    Cli.Result r = Cli.run(Map.of(), null, "scan", "-p", policy.toString(), "--active", "-o",
        out.toString(), "--evidence", evidence.toString(), "--format",
        "html,json,csv,sarif,junit", "--color", "never");
    assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1, 3);
    assertThat(r.err()).contains("targets[0].request_headers.Authorization: a credential");
    synchronized (authorizations) {
      assertThat(authorizations).contains("Bearer " + TOKEN);
    }

    List<String> forms = forms(TOKEN);
    forms.addAll(forms(FORM_PASSWORD));
    List<Path> files;
    try (Stream<Path> s = Stream.concat(Files.walk(out), Files.walk(evidence))) {
      files = s.filter(Files::isRegularFile).toList();
    }
    assertThat(files).hasSizeGreaterThan(5);
    for (Path f : files) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      for (String form : forms) {
        assertThat(text).as(f + " holds " + form).doesNotContain(form);
      }
    }
    for (String form : forms) {
      assertThat(r.out() + r.err()).doesNotContain(form);
    }

    JsonNode manifest = new ObjectMapper().readTree(evidence.resolve("manifest.json").toFile());
    String original = Artifact.sha256(Files.readAllBytes(policy));
    JsonNode scan = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    assertThat(scan.at("/run/policy_sha256").asText()).isEqualTo(original);
    assertThat(manifest.at("/policy/sha256").asText()).isEqualTo(original);
    assertThat(manifest.at("/policy/masked").asText())
        .contains("credentials written in the policy file are replaced by [REDACTED]");
    Path copy = evidence.resolve(manifest.at("/policy/path").asText());
    String copied = Files.readString(copy);
    assertThat(copied).contains("Authorization: \"Bearer [REDACTED]\"")
        // Quoted: unquoted, [REDACTED] would read as a list, and the copy would not say what the
        // file said.
        .contains("password: \"[REDACTED]\"");
    // The masked copy is still a policy that says what the file said, with values masked.
    Cli.Result copyValid = Cli.run("validate", "-p", copy.toString());
    assertThat(copyValid.code()).as(copyValid.out() + copyValid.err()).isZero();
    for (JsonNode e : manifest.get("files")) {
      if (e.get("path").asText().equals(manifest.at("/policy/path").asText())) {
        assertThat(e.get("sha256").asText()).isEqualTo(Artifact.sha256(Files.readAllBytes(copy)));
      }
    }
    Cli.Result verified = Cli.run("evidence", "verify", evidence.toString());
    // 4: intact but unsigned; a changed or contradicting file would be 1.
    assertThat(verified.code()).as(verified.out() + verified.err())
        .isEqualTo(ExitCode.INTEGRITY_ONLY.code);
    assertThat(verified.out()).contains(manifest.get("files").size()
        + " files match the manifest");
    // The effective policy is masked as the copy is: it is the copy merged over its profiles.
    assertThat(manifest.at("/policy/effective/masked").asText()).contains("[REDACTED]");
    assertThat(Files.readString(evidence.resolve(manifest.at("/policy/effective/path").asText())))
        .contains("\"Authorization\" : \"Bearer [REDACTED]\"")
        .contains("\"password\" : \"[REDACTED]\"").contains("\"X-Content-Type-Options\"");
  }

  @Test
  void aPolicyWithItsCredentialsFromTheEnvironmentIsCopiedAsWritten() throws Exception {
    Path policy = policy("Bearer ${env:API_TOKEN}").getParent().resolve("env.yaml");
    Files.writeString(policy, Files.readString(dir.resolve("policy.yaml"))
        .replace(FORM_PASSWORD, "\"${env:PW}\""));
    Path evidence = dir.resolve("evidence");
    Cli.Result r = Cli.run(Map.of("API_TOKEN", TOKEN, "PW", FORM_PASSWORD), null, "scan", "-p",
        policy.toString(), "-o", dir.resolve("out").toString(), "--evidence",
        evidence.toString(), "--color", "never");
    assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1, 3);
    assertThat(r.err()).doesNotContain("a credential written in the file");
    assertThat(Files.readAllBytes(evidence.resolve("policy/env.yaml")))
        .isEqualTo(Files.readAllBytes(policy));
    assertThat(Files.readString(evidence.resolve("manifest.json"))).doesNotContain("masked");
  }

  @Test
  void aShellStyleVariableIsNotedWithTheReferenceMeant() throws Exception {
    Path policy = policy("Bearer $API_TOKEN");
    Cli.Result v = Cli.run(Map.of("API_TOKEN", TOKEN), null, "validate", policy.toString());
    assertThat(v.code()).as(v.out() + v.err()).isZero();
    assertThat(v.out()).contains("targets[0].request_headers.Authorization: '$API_TOKEN' is"
        + " sent as written").contains("did you mean ${env:API_TOKEN}?")
        .doesNotContain("Authorization: a credential");
    Files.writeString(policy, Files.readString(policy).replace("$API_TOKEN", "${API_TOKEN}"));
    v = Cli.run(Map.of("API_TOKEN", TOKEN), null, "validate", policy.toString());
    assertThat(v.out()).contains("did you mean ${env:API_TOKEN}?");
  }

  /** The value, its base64 (alone and in a Basic-style pair), percent-encoding, hex, head. */
  private static List<String> forms(String secret) {
    List<String> out = new ArrayList<>();
    byte[] b = secret.getBytes(StandardCharsets.UTF_8);
    out.add(secret);
    out.add(Base64.getEncoder().encodeToString(b).replace("=", ""));
    out.add(Base64.getEncoder().encodeToString(("Bearer " + secret)
        .getBytes(StandardCharsets.UTF_8)).replace("=", ""));
    out.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
    out.add(HexFormat.of().formatHex(b));
    out.add(secret.substring(0, 8));
    return out;
  }
}

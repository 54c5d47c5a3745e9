package dev.secaudit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.secaudit.model.SecretForms;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets that break a body when inserted raw (quote, backslash, & = + % /, a newline, letters
 * beyond ASCII) reach a loopback server as the author wrote them: in a JSON body, a form body, a
 * rate limit's body, and a flow's captured token in both; and no form of them is written.
 */
class EnvInBodyScanTest {
  private static final String PW = "pw\"1\\2&3=4+5%6/7\n8\u00e9\u20ac\ud83d\ude00";
  private static final String USER = "u&ser=+%\"\\/";
  /** The token the server hands out: as hostile to a body as the password. */
  private static final String TOKEN = "tok\"en\\&=+%/\n\u00e9-77aa";

  @TempDir Path dir;
  private WireMockServer server;

  @BeforeEach
  void start() throws Exception {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    server.stubFor(post(urlEqualTo("/login")).willReturn(
        okJson("{\"token\":" + new ObjectMapper().writeValueAsString(TOKEN) + "}")));
    server.stubFor(post(urlEqualTo("/form")).willReturn(aResponse().withStatus(204)));
    server.stubFor(post(urlEqualTo("/json")).willReturn(aResponse().withStatus(204)));
    server.stubFor(post(urlEqualTo("/rl")).willReturn(aResponse().withStatus(429)
        .withHeader("Retry-After", "30")));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private Path policy(String loginBody) throws Exception {
    return Files.writeString(dir.resolve("policy.yaml"), """
        version: 1
        name: bodies
        targets:
          - {name: api, url: "http://127.0.0.1:%d"}
        flows:
          - name: login
            target: api
            steps:
              - name: sign-in
                request: {method: POST, path: /login, body: '%s'}
                capture: [{name: token, json: /token}]
              - name: form
                request: {method: POST, path: /form, body: 'user=${env:USER}&pw=${env:PW}&t={{token}}'}
              - name: json
                request: {method: POST, path: /json, headers: {Content-Type: application/json; charset=utf-8},
                          body: '["{{token}}", "${env:PW}", {"n": ${env:N}}]'}
        rate_limits:
          - name: rl
            target: api
            limit: 3
            window: 1m
            request: {method: POST, path: /rl, body: 'user=${env:USER}&pw=${env:PW}'}
        """.formatted(server.port(), loginBody));
  }

  private static Map<String, String> env() {
    return Map.of("PW", PW, "USER", USER, "N", "7");
  }

  private String received(String path) {
    List<LoggedRequest> got = server.findAll(postRequestedFor(urlEqualTo(path)));
    assertThat(got).as(path).isNotEmpty();
    return got.get(0).getBodyAsString();
  }

  @Test
  void everyBodyReachesTheServerAsWrittenAndNoSecretIsWritten() throws Exception {
    Path out = dir.resolve("out");
    Path evidence = dir.resolve("evidence");
    Cli.Result r = Cli.run(env(), null, "scan", "-p",
        policy("{\"user\": \"${env:USER}\", \"password\": \"${env:PW}\"}").toString(),
        "--active", "-o", out.toString(), "--evidence", evidence.toString(), "--color", "never",
        "--debug");
    assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1);

    ObjectMapper json = new ObjectMapper();
    var login = json.readTree(received("/login"));
    assertThat(login.get("user").asText()).isEqualTo(USER);
    assertThat(login.get("password").asText()).isEqualTo(PW);
    assertThat(SecretForms.formFields(received("/form"))).containsExactly(Map.entry("user", USER),
        Map.entry("pw", PW), Map.entry("t", TOKEN));
    var array = json.readTree(received("/json"));
    assertThat(array.get(0).asText()).isEqualTo(TOKEN);
    assertThat(array.get(1).asText()).isEqualTo(PW);
    assertThat(array.get(2).get("n").asInt()).isEqualTo(7);
    assertThat(SecretForms.formFields(received("/rl"))).containsExactly(Map.entry("user", USER),
        Map.entry("pw", PW));

    try (Stream<Path> files = Stream.concat(Files.walk(out), Files.walk(evidence))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
        for (String secret : List.of(PW, USER, TOKEN)) {
          assertThat(SecretForms.foundIn(text, secret)).as("%s", f).isEmpty();
        }
      }
    }
    for (String secret : List.of(PW, USER, TOKEN)) {
      assertThat(SecretForms.foundIn(r.out() + r.err(), secret)).isEmpty();
    }
  }

  @Test
  void aValueThatCannotBePlacedStopsTheScanAtItsLineBeforeAnythingIsSent() throws Exception {
    Cli.Result r = Cli.run(env(), null, "scan", "-p",
        policy("{\"password\": ${env:PW}}").toString(), "--active", "-o",
        dir.resolve("out").toString(), "--color", "never");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(r.err()).contains("policy.yaml:10:")
        .contains("flows[0].steps[0].request.body")
        .contains("${env:PW} cannot be placed in this body")
        .contains("outside a JSON string literal");
    assertThat(SecretForms.foundIn(r.out() + r.err(), PW)).isEmpty();
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @Test
  void aCaptureThatCannotBePlacedStopsTheFlowWithItsReason() throws Exception {
    // The token is a string, so it cannot stand outside the JSON string literal.
    Path p = Files.writeString(dir.resolve("policy.yaml"), Files.readString(
        policy("{\"password\": \"${env:PW}\"}")).replace("'[\"{{token}}\", ", "'[{{token}}, "));
    Path out = dir.resolve("out");
    Cli.Result r = Cli.run(env(), null, "scan", "-p", p.toString(), "--active", "-o",
        out.toString(), "-f", "json", "--color", "never");
    assertThat(r.code()).as(r.out() + r.err()).isIn(1, 3);
    String scan = Files.readString(out.resolve("scan.json"));
    assertThat(scan).contains("step 'json': not sent: the captured value 'token' cannot be"
        + " placed in the body");
    assertThat(server.findAll(postRequestedFor(urlEqualTo("/json")))).isEmpty();
    for (String secret : List.of(PW, USER, TOKEN)) {
      assertThat(SecretForms.foundIn(scan + r.out() + r.err(), secret)).isEmpty();
    }
  }
}

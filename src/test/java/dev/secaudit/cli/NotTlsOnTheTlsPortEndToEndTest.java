package dev.secaudit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target whose https port answers plain HTTP (a server block without {@code ssl}, a plain
 * app server behind the wrong port) is named for that in the target's state and in every
 * finding it leaves unjudged, not in JSSE's words ("Unsupported or unrecognized SSL message"),
 * which a CI review found on eleven ERRORs alike.
 */
class NotTlsOnTheTlsPortEndToEndTest {

  @Test
  void aPlainHttpServerOnTheHttpsPortIsNamedAsSuch(@TempDir Path dir) throws Exception {
    // WireMock's Jetty, plain HTTP: it answers a ClientHello as a bad request, as any web
    // server does.
    WireMockServer plain = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    plain.start();
    try {
      plain.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("plain")));
      Path policy = dir.resolve("policy.yaml");
      Files.writeString(policy, """
          version: 1
          name: not-tls
          targets:
            - {name: app, url: "https://127.0.0.1:%d"}
          tls: {min_version: "1.2"}
          hsts: {min_max_age: 1y}
          settings:
            timeouts: {connect: 2s, read: 2s, total: 4s, target: 20s}
          """.formatted(plain.port()));
      Cli.Result r = Cli.run("scan", "-p", policy.toString(), "-o",
          dir.resolve("out").toString(), "-f", "json,csv", "--color", "never");
      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
      JsonNode json = new ObjectMapper().readTree(dir.resolve("out/scan.json").toFile());
      String where = "127.0.0.1:" + plain.port();
      String named = "the server answered plain HTTP (not TLS) on " + where + ": 'HTTP/1.1 400 ";
      JsonNode state = json.get("targets").get(0);
      assertThat(state.get("state").asText()).isEqualTo("UNREACHABLE");
      assertThat(state.get("reason").asText()).contains(named);
      List<String> errors = new ArrayList<>();
      for (JsonNode f : json.get("findings")) {
        String observed = f.get("observed").asText();
        assertThat(observed).as(f.get("check_id").asText())
            .doesNotContain("Unsupported or unrecognized SSL message");
        if (f.get("status").asText().equals("ERROR")
            && !f.get("check_id").asText().equals("tls.protocols")) {
          errors.add(f.get("check_id").asText() + ": " + observed);
        }
      }
      // Each check that could not run still says so, in the same words.
      assertThat(errors).as(r.out()).hasSizeGreaterThanOrEqualTo(4)
          .allMatch(e -> e.contains(named), "names the plain HTTP answer");
      assertThat(errors).anyMatch(e -> e.startsWith("hsts.header: "))
          .anyMatch(e -> e.startsWith("tls.certificate.trusted: "));
      assertThat(Files.readString(dir.resolve("out/findings.csv"))).contains(named)
          .doesNotContain("Unsupported or unrecognized");
    } finally {
      plain.stop();
    }
  }
}

package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.probe.tls.JsseServerAccess;
import dev.secaudit.probe.tls.SmtpServer;
import dev.secaudit.probe.tls.TestPki;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One scan over an SMTP STARTTLS target, an IPv6 host:port target and a target whose STARTTLS is
 * refused: TLS checks run on each, no HTTP check does, and the refusal is an ERROR with its reason.
 */
class TlsTargetsEndToEndTest {
  @Test
  void smtpStartTlsAndIpv6TargetsGetTheTlsChecksOnly(@TempDir Path dir) throws Exception {
    InetAddress v6 = InetAddress.getByName("::1");
    Assumptions.assumeTrue(v6 instanceof Inet6Address, "no IPv6 loopback");
    Instant now = Instant.now();
    TestPki pki = new TestPki("Mail E2E", now);
    Files.createDirectories(dir.resolve("certs"));
    pki.writeRoot(dir.resolve("certs/root.pem"));
    TestPki.Issued mail = pki.issue(TestPki.Spec.good(now).names(List.of("mx.e2e.test"),
        List.of()));
    TestPki.Issued local = pki.issue(TestPki.Spec.good(now));
    try (SmtpServer smtp = new SmtpServer(mail.serverContext(), SmtpServer.Mode.GOOD, "TLSv1.2",
            "TLSv1.3");
        SmtpServer refusing = new SmtpServer(mail.serverContext(), SmtpServer.Mode.REFUSE);
        AutoCloseable ipv6 = JsseServerAccess.startOn(v6, local.serverContext(), "TLSv1.2",
            "TLSv1.3")) {
      Path policy = dir.resolve("policy.yaml");
      Files.writeString(policy, """
          version: 1
          name: tls-targets
          targets:
            - {name: mx, url: "127.0.0.1:%d", starttls: smtp, sni: mx.e2e.test}
            - {name: v6, url: "[::1]:%d"}
            - {name: broken, url: "127.0.0.1:%d", starttls: smtp}
          tls:
            certificate: {ca_file: certs/root.pem}
          hsts: {}
          headers:
            X-Content-Type-Options: {required: true}
          """.formatted(smtp.port(), JsseServerAccess.port(ipv6), refusing.port()));
      Path out = dir.resolve("out");
      Cli.Result r = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(), "-f", "json",
          "--color", "never", "--fail-on", "high");
      JsonNode json = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
      Map<String, String> verdicts = new TreeMap<>();
      List<String> checkIds = new ArrayList<>();
      json.get("findings").forEach(f -> {
        verdicts.put(f.get("target").asText() + " " + f.get("check_id").asText() + " "
            + f.get("subject").asText(), f.get("status").asText());
        checkIds.add(f.get("check_id").asText());
      });
      assertThat(checkIds).as("no HTTP check on a host:port target").allMatch(
          id -> id.startsWith("tls."));
      String mx = "certificate of 127.0.0.1:" + smtp.port();
      String six = "certificate of [::1]:" + JsseServerAccess.port(ipv6);
      assertThat(verdicts)
          .containsEntry("mx tls.protocols TLS 1.0", "PASS")
          .containsEntry("mx tls.protocols TLS 1.2", "PASS")
          .containsEntry("mx tls.certificate.trusted " + mx, "PASS")
          .containsEntry("mx tls.certificate.hostname " + mx, "PASS")
          .containsEntry("v6 tls.protocols TLS 1.3", "PASS")
          .containsEntry("v6 tls.certificate.trusted " + six, "PASS")
          .containsEntry("v6 tls.certificate.hostname " + six, "PASS")
          .containsEntry("broken tls.certificate.trusted certificate of 127.0.0.1:"
              + refusing.port(), "ERROR");
      JsonNode states = json.get("targets");
      Map<String, String> state = new TreeMap<>();
      states.forEach(t -> state.put(t.get("name").asText(), t.get("state").asText()));
      assertThat(state).containsEntry("mx", "EVALUATED").containsEntry("v6", "EVALUATED")
          .containsEntry("broken", "UNREACHABLE");
      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
      assertThat(out.resolve("scan.json")).content().contains("STARTTLS was refused: 454 4.7.0");
    }
  }
}

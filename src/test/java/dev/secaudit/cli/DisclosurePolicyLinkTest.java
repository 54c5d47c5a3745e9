package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Do you have a vulnerability disclosure policy?" against a real loopback site: Yes only when
 * security.txt's Policy: link answers; a contact alone, or a link that answers 404, is left to a
 * person with what is missing named (coA:A33, where a Contact line answered Yes).
 */
class DisclosurePolicyLinkTest {
  private static final String QUESTION = "Do you have a vulnerability disclosure policy?";

  @TempDir Path dir;
  private HttpServer server;
  private final List<String> asked = new ArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** A site whose security.txt has {@code policyLine} (or none) and a policy page at /vdp. */
  private int serve(String policyLine, boolean policyPage) throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      synchronized (asked) {
        asked.add(path);
      }
      int port = server.getAddress().getPort();
      String body;
      int status = 200;
      String type = "text/html";
      if (path.equals("/.well-known/security.txt")) {
        type = "text/plain; charset=utf-8";
        body = "Contact: mailto:security@acme.test\nExpires: 2099-01-01T00:00:00Z\n"
            + (policyLine == null ? "" : policyLine.replace("PORT", String.valueOf(port)) + "\n");
      } else if (path.equals("/vdp") && policyPage) {
        body = "<html><body>Our vulnerability disclosure policy</body></html>";
      } else if (path.equals("/")) {
        body = "<html><body>home</body></html>";
      } else {
        status = 404;
        body = "not found";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", type);
      ex.sendResponseHeaders(status, bytes.length);
      ex.getResponseBody().write(bytes);
      ex.close();
    });
    server.start();
    return server.getAddress().getPort();
  }

  private record Outcome(JsonNode policyFinding, String answer, String reason) {}

  private Outcome scanAndAnswer(int port) throws Exception {
    Path policy = Files.writeString(dir.resolve("p.yaml"), """
        version: 1
        name: acme
        targets:
          - {name: app, url: "http://127.0.0.1:%d/"}
        security_txt: {required: true}
        """.formatted(port));
    Path out = dir.resolve("out");
    Cli.Result scan = Cli.run(Map.of(), null, "scan", "-p", policy.toString(), "-o",
        out.toString(), "--color", "never");
    // Served over plain HTTP, the file itself fails security_txt.present: the gate fails.
    assertThat(scan.code()).as(scan.out() + scan.err()).isIn(0, 1);
    JsonNode findings = new ObjectMapper().readTree(out.resolve("scan.json").toFile())
        .get("findings");
    List<JsonNode> policyFindings = new ArrayList<>();
    findings.forEach(f -> {
      if (f.get("check_id").asText().equals("security_txt.policy")) {
        policyFindings.add(f);
      }
    });
    assertThat(policyFindings).hasSize(1);
    Path sheet = Files.writeString(dir.resolve("q.csv"), "ID,Question\nA33," + QUESTION + "\n");
    Path answered = dir.resolve("a.csv");
    Cli.Result answer = Cli.run(Map.of(), null, "answer", sheet.toString(), "--policy",
        policy.toString(), "--scan", out.resolve("scan.json").toString(), "-o",
        answered.toString());
    assertThat(answer.code()).as(answer.out() + answer.err()).isZero();
    try (Reader r = Files.newBufferedReader(answered, StandardCharsets.UTF_8)) {
      CSVRecord row = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
          .parse(r).getRecords().get(0);
      return new Outcome(policyFindings.get(0), row.get("secaudit answer"),
          row.get("secaudit review reason"));
    }
  }

  @Test
  void aPolicyLinkThatAnswersIsADisclosurePolicy() throws Exception {
    Outcome o = scanAndAnswer(serve("Policy: http://127.0.0.1:PORT/vdp", true));
    assertThat(o.policyFinding().get("status").asText()).isEqualTo("PASS");
    assertThat(o.policyFinding().get("observed").asText()).contains("/vdp (line 3) answered 200");
    assertThat(asked).contains("/vdp");
    assertThat(o.answer()).isEqualTo("Yes");
  }

  @Test
  void aContactAloneIsNoPolicy() throws Exception {
    Outcome o = scanAndAnswer(serve(null, true));
    assertThat(o.policyFinding().get("status").asText()).isEqualTo("INFO");
    assertThat(asked).doesNotContain("/vdp");
    assertThat(o.answer()).isEmpty();
    assertThat(o.reason()).contains("no Policy field: the file names a contact"
        + " (mailto:security@acme.test) but links no disclosure policy");
  }

  @Test
  void aPolicyLinkThatAnswers404IsLeftToAPerson() throws Exception {
    Outcome o = scanAndAnswer(serve("Policy: http://127.0.0.1:PORT/vdp", false));
    assertThat(o.policyFinding().get("status").asText()).isEqualTo("WARN");
    assertThat(o.answer()).isEmpty();
    assertThat(o.reason()).contains("/vdp (line 3) answered HTTP 404");
  }

  @Test
  void aPolicyOnAHostTheScanDoesNotContactIsNotFetched() throws Exception {
    // RFC 5737's documentation range: never routed, and never asked, since it is no target.
    Outcome o = scanAndAnswer(serve("Policy: http://192.0.2.7/vdp", true));
    assertThat(o.policyFinding().get("status").asText()).isEqualTo("INFO");
    assertThat(o.answer()).isEmpty();
    assertThat(o.reason()).contains("not fetched: its host 192.0.2.7 is not one of the policy's"
        + " targets");
  }

  @Test
  void aClaimThatStatesADisclosurePolicyIsNotVerifiedByAContactAlone() throws Exception {
    // realapp26: the claim below was verified, published and answered Yes beside security.txt's
    // INFO "no Policy field": its contact passed, and the part it states of a policy judged
    // nothing. Its checks are one glob over a passing check and the unjudged one, as the
    // review's security_txt.* was (an entry that judged nothing at all already kept a claim from
    // PASS); it leaves out security_txt.present, which fails over plain HTTP, so the claim's
    // checks all pass and only the unjudged part can stop it.
    int port = serve(null, true);
    Path policy = Files.writeString(dir.resolve("claim.yaml"), """
        version: 1
        name: acme
        targets:
          - {name: app, url: "http://127.0.0.1:%d/"}
        security_txt: {required: true}
        claims:
          - id: disclosure
            statement: "We publish a security.txt with our security contact and disclosure policy."
            checks: ["security_txt.*c*"]
        """.formatted(port));
    Path out = dir.resolve("claim-out");
    Cli.Result scan = Cli.run(Map.of(), null, "scan", "-p", policy.toString(), "-o",
        out.toString(), "--color", "never");
    assertThat(scan.code()).as(scan.out() + scan.err()).isIn(0, 1);
    JsonNode verified = null;
    for (JsonNode f : new ObjectMapper().readTree(out.resolve("scan.json").toFile())
        .get("findings")) {
      if (f.get("check_id").asText().equals("claim.verified")) {
        verified = f;
      }
      if (f.get("check_id").asText().equals("security_txt.contact")) {
        assertThat(f.get("status").asText()).isEqualTo("PASS");
      }
    }
    assertThat(verified).isNotNull();
    assertThat(verified.get("status").asText()).as(verified.toString()).isEqualTo("WARN");
    assertThat(verified.get("observed").asText()).contains("security_txt.policy")
        .contains("judged");
    Path sheet = Files.writeString(dir.resolve("q2.csv"), "ID,Question\nO3,"
        + "Do you publish a vulnerability disclosure policy?\n");
    Path answered = dir.resolve("a2.csv");
    Cli.Result answer = Cli.run(Map.of(), null, "answer", sheet.toString(), "--policy",
        policy.toString(), "--scan", out.resolve("scan.json").toString(), "-o",
        answered.toString());
    assertThat(answer.code()).as(answer.out() + answer.err()).isZero();
    try (Reader r = Files.newBufferedReader(answered, StandardCharsets.UTF_8)) {
      CSVRecord row = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
          .parse(r).getRecords().get(0);
      assertThat(row.get("secaudit answer")).isNotEqualTo("Yes");
    }
  }
}

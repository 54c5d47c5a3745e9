package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * What CI reads from a scan says no more than the scan observed: an incomplete scan is no
 * successful SARIF run, and JUnit hides no FAIL or ERROR. Against a closed loopback port and the
 * real demo. (Baselines of another scope: {@link CiGatesTest}.)
 */
class CiReportsEndToEndTest {
  @TempDir Path dir;

  @Test
  void anIncompleteScanIsNoSuccessfulSarifRun() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Path p = dir.resolve("down.yaml");
    Files.writeString(p, "version: 1\nname: down\nsettings: {timeouts: {connect: 2s, read: 2s,"
        + " total: 5s}}\ntargets:\n  - {name: api, url: \"https://127.0.0.1:" + closed
        + "\"}\ntls: {min_version: \"1.2\"}\nhsts: {min_max_age: 31536000}\n");
    // Counts read as English wherever they are printed.
    assertThat(Cli.run("validate", p.toString()).out()).contains("(down: 1 target, 0 claims)");
    Path out = dir.resolve("out");
    Cli.Result r = Cli.run("scan", "-p", p.toString(), "--color", "never", "-o", out.toString(),
        "--format", "json,sarif");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.INCOMPLETE.code);
    assertThat(r.out()).containsPattern("summary: \\d+ findings on 1 target:");
    JsonNode json = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    int errors = json.at("/summary/by_status/ERROR").asInt();
    assertThat(errors).isPositive();
    JsonNode sarif = new ObjectMapper().readTree(out.resolve("results.sarif").toFile());
    JsonNode invocation = sarif.at("/runs/0/invocations/0");
    assertThat(invocation.get("executionSuccessful").asBoolean()).isFalse();
    assertThat(invocation.get("toolExecutionNotifications")).hasSize(errors)
        .allSatisfy(n -> {
          assertThat(n.get("level").asText()).isEqualTo("error");
          assertThat(n.at("/message/text").asText()).startsWith("[api https://127.0.0.1:" + closed)
              .containsIgnoringCase("refused");
        });
  }

  @Test
  void theDemosJUnitCountsAreItsScanJsonCounts() throws Exception {
    Path out = dir.resolve("demo");
    Cli.Result r = Cli.run("demo", "-o", out.toString(), "--color", "never");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document junit = f.newDocumentBuilder().parse(out.resolve("junit.xml").toFile());
    String fails = json.at("/summary/by_status/FAIL").asText();
    String errors = json.at("/summary/by_status/ERROR").asText();
    // The demo's target no longer errors (its TLS probes read a close as a refusal): the mixed
    // FAIL and ERROR case of one check is JUnitReportTest's; here the counts must agree.
    assertThat(Integer.parseInt(fails)).as("the demo has failures to show").isPositive();
    assertThat(junit.getDocumentElement().getAttribute("failures")).isEqualTo(fails);
    assertThat(junit.getDocumentElement().getAttribute("errors")).isEqualTo(errors);
    assertThat(junit.getElementsByTagName("failure").getLength())
        .isEqualTo(Integer.parseInt(fails));
    assertThat(junit.getElementsByTagName("error").getLength())
        .isEqualTo(Integer.parseInt(errors));
  }
  /**
   * A check's title is what passing looks like; beside a failure every format says it was not
   * met (a reviewer read "A claim's own checks all passed" as a FAIL's title in Fix first).
   */
  @Test
  void aFailureIsNeverTitledWithItsPassingStatement() throws Exception {
    Path out = dir.resolve("demo");
    Cli.Result r = Cli.run("demo", "-o", out.toString(), "--color", "never");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    java.util.Set<String> failedTitles = new java.util.TreeSet<>();
    json.get("findings").forEach(x -> {
      if (x.get("status").asText().equals("FAIL")) {
        failedTitles.add(x.get("title").asText());
      }
    });
    assertThat(failedTitles).isNotEmpty();

    JsonNode sarif = new ObjectMapper().readTree(out.resolve("results.sarif").toFile());
    // "review" results are attestations a person vouches for: their title is what they say.
    sarif.at("/runs/0/results").forEach(res -> {
      if (res.get("kind").asText().equals("fail")) {
        assertThat(res.at("/message/text").asText()).matches("(?s).*(Not met|Not fully met"
            + "|Could not be checked): .*");
      }
    });
    org.jsoup.nodes.Document html = org.jsoup.Jsoup.parse(out.resolve("report.html").toFile(),
        "UTF-8");
    assertThat(html.select("#fix-first ol.fix > li").eachText()).isNotEmpty()
        .allMatch(li -> li.contains("Not met: ") || li.contains("Could not be checked: "));
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document junit = f.newDocumentBuilder().parse(out.resolve("junit.xml").toFile());
    for (int i = 0; i < junit.getElementsByTagName("failure").getLength(); i++) {
      assertThat(junit.getElementsByTagName("failure").item(i).getTextContent())
          .contains("Not met: ");
    }
    List<String> csv = Files.readAllLines(out.resolve("findings.csv"));
    assertThat(csv.stream().filter(l -> l.contains(",fail,"))).isNotEmpty()
        .allMatch(l -> l.contains("Not met: "));
  }
}

package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "New" against a baseline means a new problem: a failure that now passes is a fix, counted
 * resolved and never new, in the console, scan.json, the HTML and the gate; the one regression
 * of a run is its own fix-first entry with a NEW badge, not folded into the same failure on hosts
 * that had it all along.
 */
class NewProblemsTest {
  @TempDir Path dir;
  private HttpServer server;
  /** Whether /fixed and /regressed answer with the header (before: only /regressed does). */
  private final AtomicBoolean after = new AtomicBoolean();

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aFixIsResolvedNotNewAndTheRegressionStandsOut() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      boolean sets = path.startsWith("/fixed") ? after.get()
          : path.startsWith("/regressed") && !after.get();
      if (sets) {
        ex.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
      }
      byte[] body = "<html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "version: 1\nname: new-problems\n"
        + "settings: {timeouts: {connect: 2s, read: 2s, total: 5s}}\n"
        + "headers:\n  X-Content-Type-Options: {required: true, value: nosniff, severity: high}\n"
        + "targets:\n"
        + "  - {name: known1, url: \"" + base + "/known1\"}\n"
        + "  - {name: known2, url: \"" + base + "/known2\"}\n"
        + "  - {name: fixed, url: \"" + base + "/fixed\"}\n"
        + "  - {name: regressed, url: \"" + base + "/regressed\"}\n");
    Cli.Result first = Cli.run("scan", "-p", policy.toString(), "-o",
        dir.resolve("run1").toString(), "--color", "never");
    assertThat(first.code()).as(first.err()).isEqualTo(ExitCode.FAILED.code);

    after.set(true);
    Path run2 = dir.resolve("run2");
    Cli.Result second = Cli.run("scan", "-p", policy.toString(), "-o", run2.toString(),
        "--color", "never", "--baseline", dir.resolve("run1/scan.json").toString());
    assertThat(second.code()).as(second.err()).isEqualTo(ExitCode.FAILED.code);

    JsonNode scan = new ObjectMapper().readTree(run2.resolve("scan.json").toFile());
    assertThat(scan.at("/baseline/new_count").asInt()).isEqualTo(1);
    assertThat(scan.at("/baseline/resolved")).hasSize(1);
    assertThat(scan.at("/baseline/resolved/0/target").asText()).isEqualTo("fixed");
    String newOnes = "";
    for (JsonNode f : scan.get("findings")) {
      if (f.get("check_id").asText().equals("header.rule")) {
        String state = f.get("baseline").asText();
        assertThat(state).as(f.toString()).isEqualTo(switch (f.get("target").asText()) {
          case "fixed" -> "RESOLVED";
          case "regressed" -> "NEW";
          default -> "UNCHANGED";
        });
      }
      if (f.get("baseline").asText().equals("NEW")) {
        newOnes += f.get("target").asText() + " ";
      }
    }
    assertThat(newOnes).isEqualTo("regressed ");
    assertThat(second.out()).contains("baseline: 1 new, ");
    assertThat(second.out()).containsPattern("FAIL +high +regressed: .*X-Content-Type-Options"
        + ".* \\(new\\)");

    // --fail-on-new agrees: the one new failure fails the gate.
    Cli.Result gated = Cli.run("scan", "-p", policy.toString(), "--color", "never",
        "--baseline", dir.resolve("run1/scan.json").toString(), "--fail-on-new");
    assertThat(gated.code()).as(gated.out()).isEqualTo(ExitCode.FAILED.code);

    Document html = Jsoup.parse(run2.resolve("report.html").toFile(), "UTF-8");
    assertThat(html.select("#baseline").text()).contains("1 new, ").contains("1 resolved");
    Element fresh = null;
    for (Element li : html.select("#fix-first li")) {
      if (li.select(".bl-new").size() == 1) {
        assertThat(fresh).as("one NEW fix").isNull();
        fresh = li;
      }
    }
    assertThat(fresh).as(html.select("#fix-first").outerHtml()).isNotNull();
    assertThat(fresh.text()).contains("NEW").contains("on regressed")
        .doesNotContain("more target");
    assertThat(html.select("#fix-first li").first()).isEqualTo(fresh);
  }
}

package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's HTML report in a real browser (Debian's headless Chromium, installed by .ci/run):
 * at 1366×768 the gate, the grade, the counts and the five findings to fix first are on the first
 * screen; the page's own script runs under the page's own CSP; a filter narrows the table.
 * Skipped, saying so, where /usr/bin/chromium is absent.
 */
class DemoReportInBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final int WIDTH = 1366;
  private static final int HEIGHT = 768;

  @TempDir static Path dir;
  private static Path report;

  @BeforeAll
  static void runTheDemo() {
    assumeTrue(Files.isExecutable(CHROMIUM), "needs Debian's chromium at " + CHROMIUM
        + " (apt-get install chromium; .ci/run installs it): the report is not checked in a"
        + " browser here");
    Cli.Result r = Cli.run("demo", "-o", dir.resolve("demo").toString(), "-q", "--color",
        "never");
    assertThat(r.code()).as(r.err()).isZero();
    report = dir.resolve("demo/report.html");
    assertThat(report).exists();
  }

  /**
   * Measures, in the page as Chromium lays it out, where the first screen's parts are. The probe
   * is added to a copy of the report with its hash in the copy's CSP, as the page's own script is.
   */
  private static final String PROBE = """
      (function () {
        var out = {height: window.innerHeight, width: window.innerWidth, boxes: {}};
        ["gate", "grade", "counts", "fix-first"].forEach(function (id) {
          var r = document.getElementById(id).getBoundingClientRect();
          out.boxes[id] = {top: r.top, bottom: r.bottom, left: r.left, right: r.right};
        });
        out.fix = Array.prototype.map.call(document.querySelectorAll("#fix-first ol.fix > li"),
          function (li) { var r = li.getBoundingClientRect();
            return {bottom: r.bottom, text: li.textContent}; });
        out.scrollHeight = document.documentElement.scrollHeight;
        var select = document.getElementById("filter-status");
        select.value = "FAIL";
        select.dispatchEvent(new Event("change"));
        out.filtered = Array.prototype.map.call(
          document.querySelectorAll("#findings-table tbody > tr"),
          function (tr) { return tr.dataset.status; });
        out.count = document.getElementById("filter-count").textContent;
        var pre = document.createElement("pre");
        pre.id = "probe";
        pre.textContent = JSON.stringify(out);
        document.body.appendChild(pre);
      })();
      """;

  @Test
  void theVerdictAndTheFindingsToFixFirstAreOnTheFirstScreen() throws Exception {
    Document probed = dumpDom(withScript(PROBE, "probed.html"), "");
    JsonNode m = new ObjectMapper().readTree(probed.getElementById("probe").text());
    // The fold: a 1366x768 window's viewport, less what the browser itself takes (625 px in
    // Debian's headless Chromium, about what a laptop's browser leaves too).
    int fold = m.get("height").asInt();
    assertThat(fold).isBetween(600, HEIGHT);
    for (String id : List.of("gate", "grade", "counts", "fix-first")) {
      JsonNode box = m.at("/boxes/" + id);
      assertThat(box.get("top").asDouble()).as(id).isGreaterThanOrEqualTo(0);
      assertThat(box.get("right").asDouble()).as(id).isLessThanOrEqualTo(WIDTH);
    }
    assertThat(m.at("/boxes/gate/bottom").asDouble()).isLessThan(fold);
    assertThat(m.at("/boxes/counts/bottom").asDouble()).isLessThan(fold);
    // All five findings to fix first, each with its remediation, above the fold.
    assertThat(m.get("fix")).hasSize(5);
    for (JsonNode li : m.get("fix")) {
      assertThat(li.get("bottom").asDouble()).isLessThanOrEqualTo(fold);
      assertThat(li.get("text").asText()).contains("Fix: ");
    }
    // The page goes on below: the first screen is a summary of it, not all of it.
    assertThat(m.get("scrollHeight").asInt()).isGreaterThan(fold);

    // The demo fails its gate (fail-on low); the first screen says so and why.
    Element gate = probed.getElementById("gate");
    assertThat(gate.text()).contains("Gate failed").contains("at or above low");

    // The status filter leaves only failures in the table.
    List<String> statuses = new ArrayList<>();
    m.get("filtered").forEach(s -> statuses.add(s.asText()));
    assertThat(statuses).isNotEmpty().containsOnly("FAIL");
    // The MANUAL findings the table leaves out are counted too, so the numbers add up to the
    // counts card's total.
    long manual = probed.select("#manual details tbody > tr").size();
    assertThat(manual).isPositive();
    assertThat(m.get("count").asText()).matches(statuses.size() + " of \\d+ findings match"
        + " \\(and " + manual + " MANUAL, listed under Manual and attested\\)");
  }

  @Test
  void thePagesOwnScriptRunsUnderItsOwnCspAndTakesAFilterFromTheAddress() throws Exception {
    Document plain = dumpDom(report, "");
    assertThat(plain.selectFirst("html").hasClass("js")).as("the inline script ran").isTrue();
    assertThat(plain.getElementById("filters").hasAttr("hidden")).isFalse();

    Document filtered = dumpDom(report, "?severity=HIGH&status=FAIL");
    List<Element> rows = filtered.select("#findings-table tbody > tr");
    assertThat(rows).isNotEmpty().allSatisfy(tr -> {
      assertThat(tr.attr("data-status")).isEqualTo("FAIL");
      assertThat(tr.attr("data-severity")).isEqualTo("HIGH");
    });
    assertThat(rows.size()).isLessThan(plain.select("#findings-table tbody > tr").size());
  }

  @Test
  void aScreenshotOfTheFirstScreenIsTaken() throws Exception {
    Path png = dir.resolve("first-screen.png");
    chromium("--screenshot=" + png, report.toUri().toString());
    byte[] bytes = Files.readAllBytes(png);
    // A PNG of the window's size (IHDR width and height, big-endian, at bytes 16 and 20).
    assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    assertThat(java.nio.ByteBuffer.wrap(bytes, 16, 8).getInt()).isEqualTo(WIDTH);
    assertThat(java.nio.ByteBuffer.wrap(bytes, 20, 4).getInt()).isEqualTo(HEIGHT);
  }

  /**
   * At 390 px (a phone; in an iframe that wide, as Chromium's window is at least 500 px wide) the
   * counts matrix needs no sideways scroll and no requirement of the compliance tables reaches
   * past the screen (reports25 LOW 12: both did).
   */
  @Test
  void theCountsAndTheComplianceTablesFitAPhone() throws Exception {
    String probe = """
        (function () {
          var w = window.innerWidth, m = document.querySelector("#counts table.matrix");
          var past = Array.prototype.filter.call(document.querySelectorAll(
              "#counts *, #compliance table.reqs tr, #compliance table.reqs td"),
            function (e) { return e.getBoundingClientRect().right > w + 1; }).length;
          parent.postMessage(JSON.stringify({width: w, matrixScroll: m.scrollWidth,
            matrixBox: m.clientWidth, past: past,
            rows: document.querySelectorAll("#compliance table.reqs tbody > tr").length,
            page: document.documentElement.scrollWidth}), "*");
        })();
        """;
    Path copy = withScript(probe, "phone.html");
    Path frame = dir.resolve("demo/frame.html");
    Files.writeString(frame, "<!doctype html><html><body style=\"margin:0\"><pre id=\"out\">"
        + "</pre><iframe src=\"" + copy.getFileName() + "\" width=\"390\" height=\"844\""
        + " style=\"border:0\"></iframe><script>window.addEventListener(\"message\","
        + " function (e) { document.getElementById(\"out\").textContent = e.data; });"
        + "</script></body></html>");
    Document dom = Jsoup.parse(chromium("--virtual-time-budget=5000", "--dump-dom",
        frame.toUri().toString()));
    JsonNode m = new ObjectMapper().readTree(dom.getElementById("out").text());
    assertThat(m.get("width").asInt()).isEqualTo(390);
    assertThat(m.get("rows").asInt()).isPositive();
    assertThat(m.get("matrixScroll").asInt()).isLessThanOrEqualTo(m.get("matrixBox").asInt());
    assertThat(m.get("past").asInt()).isZero();
    assertThat(m.get("page").asInt()).isLessThanOrEqualTo(390);
  }

  /**
   * Printed, the compliance tables are compact: one requirement a few lines, those without
   * evidence one line each in two columns, at most one page per 20 requirements listed (the
   * demo's took 68 pages of 143, reports25 MEDIUM 9). Measured as the pages the report loses
   * without its compliance section.
   */
  @Test
  void theComplianceTablesPrintCompactly() throws Exception {
    Document page = Jsoup.parse(report.toFile(), "UTF-8");
    int requirements = page.select("#compliance table.reqs tbody > tr").size();
    assertThat(requirements).isPositive();
    int all = printedPages(report);
    page.getElementById("compliance").remove();
    Path without = dir.resolve("demo/without-compliance.html");
    Files.writeString(without, page.outerHtml());
    int compliance = all - printedPages(without);
    assertThat(compliance).as("pages of %d requirements", requirements)
        .isPositive().isLessThanOrEqualTo(requirements / 20);
  }

  private static int printedPages(Path html) throws Exception {
    Path pdf = dir.resolve(html.getFileName() + ".pdf");
    chromium("--print-to-pdf=" + pdf, "--no-pdf-header-footer", html.toUri().toString());
    String bytes = new String(Files.readAllBytes(pdf), StandardCharsets.ISO_8859_1);
    return (int) java.util.regex.Pattern.compile("/Type\\s*/Page[^s]").matcher(bytes)
        .results().count();
  }

  /** A copy of the report with {@code script} at the end of its body and its hash in the CSP. */
  private static Path withScript(String script, String name) throws Exception {
    String html = Files.readString(report);
    String hash = "'sha256-" + Base64.getEncoder().encodeToString(MessageDigest
        .getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8))) + "'";
    // Added in front of the page's own source: the meta tag's quotes are written as &#39;, whose
    // ';' a pattern over the value would take for the end of the directive.
    int csp = html.indexOf("script-src ");
    assertThat(csp).isPositive();
    csp += "script-src ".length();
    html = html.substring(0, csp) + hash + " " + html.substring(csp);
    int end = html.lastIndexOf("</body>");
    html = html.substring(0, end) + "<script>" + script + "</script>\n" + html.substring(end);
    Path copy = dir.resolve("demo/" + name);
    Files.writeString(copy, html);
    return copy;
  }

  private static Document dumpDom(Path page, String query) throws Exception {
    String dom = chromium("--dump-dom", page.toUri() + query);
    return Jsoup.parse(dom);
  }

  /** Runs headless Chromium on a loopback-free file: URL, with no network features. */
  private static String chromium(String... args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(dir, "profile");
    List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless",
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=" + WIDTH + "," + HEIGHT));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "chromium", ".out");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 120 s: " + cmd);
    }
    assertThat(p.exitValue()).as("chromium exit code for " + cmd).isZero();
    return Files.readString(out);
  }
}

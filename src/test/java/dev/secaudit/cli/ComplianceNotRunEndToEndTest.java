package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.demo.DemoTarget;
import dev.secaudit.model.Mapping;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy that runs only the TLS and HSTS checks, scanned against the demo target: every
 * requirement row whose catalogue checks did not all run names the ones that did not, in the
 * scan's report, in {@code report --from scan.json}, and in the period report over its history.
 */
class ComplianceNotRunEndToEndTest {
  static final Mapping CC67 = new Mapping("soc2", "CC6.7");
  @TempDir static Path dir;
  static DemoTarget target;
  static Path out;
  static Path history;
  static JsonNode scan;

  @BeforeAll
  static void scanAFewChecks() throws Exception {
    target = DemoTarget.start();
    Files.writeString(dir.resolve("demo-ca.pem"), target.certificatePem());
    Path policy = dir.resolve("partial.yaml");
    Files.writeString(policy, "version: 1\nname: partial\nframeworks: [soc2]\ntargets:\n"
        + "  - {name: app, url: \"" + target.httpsUrl() + "\"}\n"
        + "tls: {min_version: \"1.2\", certificate: {ca_file: demo-ca.pem}}\n"
        + "hsts: {min_max_age: 31536000}\n");
    out = dir.resolve("out");
    history = dir.resolve("history.jsonl");
    Cli.Result r = Cli.run("scan", "-p", policy.toString(), "-q", "--color", "never", "-o",
        out.toString(), "--history", history.toString());
    assertThat(r.code()).as(r.out() + r.err()).isIn(ExitCode.PASSED.code, ExitCode.FAILED.code);
    scan = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
  }

  @AfterAll
  static void stop() {
    target.close();
  }

  /** The catalogue's checks of {@code m} that gave no finding but SKIPPED ones in the scan. */
  static List<String> notRun(Mapping m, boolean skippedRan) {
    Set<String> ran = new LinkedHashSet<>();
    for (JsonNode f : scan.get("findings")) {
      boolean mapped = false;
      for (JsonNode x : f.get("mappings")) {
        mapped |= Mapping.parse(x.asText()).equals(m);
      }
      if (mapped && (skippedRan || !f.get("status").asText().equals("SKIPPED"))) {
        ran.add(f.get("check_id").asText());
      }
    }
    List<String> out = new ArrayList<>();
    for (String c : Wiring.checkDescriptions().checksByRequirement().getOrDefault(m, List.of())) {
      if (!ran.contains(c)) {
        out.add(c);
      }
    }
    return out;
  }

  @Test
  void aRequirementRowNamesItsMappedChecksThatDidNotRun() throws Exception {
    List<String> missing = notRun(CC67, false);
    int mapped = Wiring.checkDescriptions().checksByRequirement().get(CC67).size();
    assertThat(missing).as("the policy leaves some CC6.7 checks out").isNotEmpty()
        .hasSizeLessThan(mapped).contains("hsts.preload").doesNotContain("hsts.max_age");
    Document page = Jsoup.parse(out.resolve("report.html").toFile(), "UTF-8");
    Element row = page.getElementById("r-soc2-CC6.7");
    assertThat(row).isNotNull();
    assertThat(row.select(".not-run").text()).isEqualTo("Only " + (mapped - missing.size())
        + " of the " + mapped + " checks mapped to it ran in this scan; not run: "
        + String.join(", ", missing));

    // Every row agrees with the catalogue: a row names exactly the mapped checks that did not run.
    for (Element r : page.select("#compliance tr[id^=r-soc2-]")) {
      Mapping m = new Mapping("soc2", r.selectFirst("code").text());
      List<String> its = notRun(m, false);
      String said = r.select(".not-run").text();
      assertThat(said).as(m.toString()).isEqualTo(its.isEmpty() ? ""
          : said.substring(0, said.indexOf("; not run: ") + 11) + String.join(", ", its));
    }

    Path again = dir.resolve("again.html");
    Cli.Result rr = Cli.run("report", "--from", out.resolve("scan.json").toString(), "--format",
        "html", "-o", again.toString());
    assertThat(rr.code()).as(rr.err()).isEqualTo(ExitCode.FAILED.code);
    assertThat(Jsoup.parse(again.toFile(), "UTF-8").getElementById("compliance").outerHtml())
        .isEqualTo(page.getElementById("compliance").outerHtml());
  }

  @Test
  void thePeriodNamesTheMappedChecksNoRunRan() throws Exception {
    String day = scan.at("/run/started").asText().substring(0, 10);
    Path period = dir.resolve("period");
    Cli.Result r = Cli.run("period", "--history", history.toString(), "--from", day, "--to",
        day, "-o", period.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    CSVRecord cc67 = null;
    try (Reader in = Files.newBufferedReader(period.resolve(PeriodCommand.CONTROLS_CSV),
        StandardCharsets.UTF_8);
        CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
            .parse(in)) {
      for (CSVRecord rec : p) {
        if (rec.get("id").equals("soc2:CC6.7")) {
          cc67 = rec;
        }
      }
    }
    assertThat(cc67).isNotNull();
    List<String> missing = notRun(CC67, true);
    assertThat(missing).isNotEmpty();
    assertThat(cc67.get("mapped_checks_not_run")).isEqualTo(String.join(" ", missing));
    String said = "Not run in the period: " + missing.size() + " of the "
        + (cc67.get("maps").split(" ").length + missing.size()) + " checks mapped to it: "
        + String.join(", ", missing);
    Document page = Jsoup.parse(period.resolve(PeriodCommand.HTML).toFile(), "UTF-8");
    assertThat(page.select(".not-run").eachText()).contains(said);
  }
}

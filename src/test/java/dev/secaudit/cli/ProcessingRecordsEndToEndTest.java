package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The records of processing through the CLI: a repository on disk shows two declared vendors in
 * use; scan.json carries the table, report.html renders it, processing.csv lists it, and
 * `report --from scan.json` renders the same table without the policy.
 */
class ProcessingRecordsEndToEndTest {
  @TempDir Path dir;

  @Test
  void scanJsonHtmlAndCsvCarryTheRecords() throws Exception {
    Files.createDirectories(dir.resolve("app"));
    Files.writeString(dir.resolve("app/package.json"),
        "{\n  \"dependencies\": {\n    \"stripe\": \"1\",\n    \"@sentry/node\": \"8\"\n  }\n}\n");
    Files.writeString(dir.resolve("app/requirements.txt"), "=cmd|calc\nboto3\n");
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, """
        version: 1
        name: acme
        subprocessors:
          declared:
            - name: Stripe
              purpose: payments
              data_categories: [email, billing address]
              location: USA
              transfer_mechanism: EU-US DPF
              dpa: https://stripe.com/legal/dpa
              certifications: [PCI DSS Level 1]
            - {name: Amazon Web Services, purpose: "=HYPERLINK(\\"x\\")", location: EU, dpa: true}
            - {name: Mailgun, purpose: email, dpa: false}
        repositories:
          - {name: app-repo, path: app}
        """);
    Path out = dir.resolve("out");
    Cli.Result r = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(), "--color",
        "never");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.FAILED.code);

    JsonNode json = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    assertThat(json.get("schema").asText()).isEqualTo(dev.secaudit.model.ScanResult.SCHEMA);
    JsonNode stripe = json.at("/processing/0");
    assertThat(stripe.get("vendor").asText()).isEqualTo("Stripe");
    assertThat(stripe.get("data_categories").toString()).isEqualTo("[\"email\",\"billing address\"]");
    assertThat(stripe.get("dpa").asText()).isEqualTo("https://stripe.com/legal/dpa");
    assertThat(stripe.get("where_seen").toString()).isEqualTo("[\"app-repo: package.json:3\"]");
    assertThat(json.at("/processing/1/where_seen").toString())
        .isEqualTo("[\"app-repo: requirements.txt:2\"]");
    assertThat(json.at("/processing/2/where_seen").size()).isZero();

    List<List<String>> html = table(Jsoup.parse(out.resolve("report.html").toFile(), "UTF-8"));
    assertThat(html).containsExactly(
        List.of("Stripe PCI DSS Level 1", "payments", "email, billing address", "USA",
            "EU-US DPF", "https://stripe.com/legal/dpa", "app-repo: package.json:3"),
        List.of("Amazon Web Services", "=HYPERLINK(\"x\")", "", "EU", "", "yes",
            "app-repo: requirements.txt:2"),
        List.of("Mailgun", "email", "", "", "", "no", "not seen by this scan"));

    try (Reader in = Files.newBufferedReader(out.resolve("processing.csv"),
        StandardCharsets.UTF_8)) {
      List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
          .get().parse(in).getRecords();
      assertThat(rows).extracting(row -> row.get("vendor"), row -> row.get("purpose"),
              row -> row.get("where_seen"), row -> row.get("dpa"))
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("Stripe", "payments",
                  "app-repo: package.json:3", "https://stripe.com/legal/dpa"),
              org.assertj.core.groups.Tuple.tuple("Amazon Web Services",
                  "'=HYPERLINK(\"x\")", "app-repo: requirements.txt:2", "yes"),
              org.assertj.core.groups.Tuple.tuple("Mailgun", "email", "", "no"));
      assertThat(rows.get(0).get("run_id")).isEqualTo(json.at("/run/id").asText());
    }

    Path again = dir.resolve("again.html");
    Cli.Result re = Cli.run("report", "--from", out.resolve("scan.json").toString(), "-o",
        again.toString(), "-f", "html");
    assertThat(re.code()).as(re.out() + re.err()).isEqualTo(ExitCode.FAILED.code);
    assertThat(table(Jsoup.parse(again.toFile(), "UTF-8"))).isEqualTo(html);
    Cli.Result csv = Cli.run("report", "--from", out.resolve("scan.json").toString(), "-f",
        "processing");
    assertThat(csv.code()).as(csv.err()).isEqualTo(ExitCode.FAILED.code);
    assertThat(csv.out()).isEqualTo(Files.readString(out.resolve("processing.csv")));
  }

  private static List<List<String>> table(Document doc) {
    Element section = doc.getElementById("processing");
    assertThat(section).isNotNull();
    assertThat(doc.select("nav a[href=#processing]")).hasSize(1);
    return section.select("tbody tr").stream()
        .map(tr -> tr.select("td").stream().map(Element::text).toList()).toList();
  }
}

package dev.secaudit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * reports25 M7: a finding says when what it judged was observed, not when the checks judged; the
 * CSV writes its times with their zone; a redirect hop answered from an earlier request says so
 * and keeps the time that answer was received; a JUnit case is timed by its observations, never
 * a made-up 0. One real scan of an HTTPS site and the plain port in front of it (WireMock on
 * loopback), on a clock that moves a second each time it is read, so that no two observations
 * share a time; every output is read back with its own reader.
 */
class ObservationTimesEndToEndTest {
  @TempDir static Path dir;
  private static WireMockServer secure;
  private static WireMockServer plain;
  private static Path out;
  private static Path evidence;
  private static JsonNode scan;
  private static Map<String, JsonNode> artifacts;

  /** A second later each time it is read: deterministic, and no two readings alike. */
  static final class TickingClock extends Clock {
    private final AtomicLong seconds = new AtomicLong(
        Instant.parse("2026-03-01T10:00:00Z").getEpochSecond());

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochSecond(seconds.getAndIncrement());
    }
  }

  @BeforeAll
  static void scanOnce() throws Exception {
    secure = new WireMockServer(options().bindAddress("127.0.0.1").httpDisabled(true)
        .dynamicHttpsPort());
    secure.start();
    secure.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html").withHeader("X-Frame-Options", "DENY")
        .withBody("<html><body>home</body></html>")));
    plain = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    plain.start();
    plain.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(301)
        .withHeader("Location", "https://127.0.0.1:" + secure.httpsPort() + "/")));
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "version: 1\nname: times\n"
        + "settings: {timeouts: {connect: 5s, read: 20s, total: 60s}}\n"
        + "targets:\n  - {name: site, url: \"https://127.0.0.1:" + secure.httpsPort() + "/\","
        + " http_url: \"http://127.0.0.1:" + plain.port() + "/\"}\n"
        + "https: {redirect: true, max_redirects: 3}\n"
        + "headers:\n  X-Frame-Options: {value_one_of: [DENY]}\n"
        + "  Content-Security-Policy: {required: true}\n"
        + "claims:\n  - {id: passwords.hashing, statement: \"bcrypt, cost 12\","
        + " attest: {owner: cto@acme.test, date: 2026-02-20}}\n");
    out = dir.resolve("out");
    evidence = dir.resolve("evidence");
    Cli.Result r = Cli.run(Map.of(), null, new TickingClock(), "scan", "-p", policy.toString(),
        "-o", out.toString(), "--evidence", evidence.toString(), "--color", "never", "-q");
    assertThat(r.code()).as(r.out() + r.err()).isIn(ExitCode.PASSED.code, ExitCode.FAILED.code);
    scan = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    artifacts = new HashMap<>();
    scan.get("artifacts").forEach(a -> artifacts.put(a.get("id").asText(), a));
  }

  @AfterAll
  static void stop() {
    secure.stop();
    plain.stop();
  }

  private static Instant time(JsonNode node) {
    return Instant.parse(node.get("time").asText());
  }

  @Test
  void everyFindingIsDatedByTheLatestObservationItCitesAndNotAllAlike() {
    Set<Instant> times = new HashSet<>();
    int dated = 0;
    for (JsonNode f : scan.get("findings")) {
      Instant latest = null;
      for (JsonNode id : f.get("evidence")) {
        JsonNode a = artifacts.get(id.asText());
        if (a != null && (latest == null || time(a).isAfter(latest))) {
          latest = time(a);
        }
      }
      if (latest != null) {
        assertThat(time(f)).as(f.toString()).isEqualTo(latest);
        dated++;
      } else {
        // Citing no observation (the attestation): the instant the checks judged, after every
        // observation of the run.
        artifacts.values().forEach(a -> assertThat(time(f)).isAfter(time(a)));
      }
      times.add(time(f));
    }
    assertThat(dated).isGreaterThanOrEqualTo(4);
    assertThat(times).as("the page's findings and the redirect's are seen at different times")
        .hasSizeGreaterThan(2);
    JsonNode redirect = finding("https.redirect", "http://127.0.0.1:" + plain.port() + "/");
    assertThat(redirect.get("evidence").get(0).asText()).isEqualTo("site/http");
    assertThat(time(redirect)).isEqualTo(time(artifacts.get("site/http")));
    assertThat(time(finding("header.rule", "X-Frame-Options")))
        .isEqualTo(time(artifacts.get("site/page")))
        .isBefore(time(redirect));
    // The walk and the answer it landed on (reused, so earlier): dated by the later, the walk.
    JsonNode chain = finding("https.redirect_chain", "http://127.0.0.1:" + plain.port() + "/");
    assertThat(chain.get("evidence")).extracting(JsonNode::asText)
        .containsExactly("site/http", "site/http-hop1");
    assertThat(time(chain)).isEqualTo(time(redirect));
  }

  @Test
  void aReusedHopSaysSoAndKeepsWhenItsAnswerWasReceived() {
    JsonNode hop = artifacts.get("site/http-hop1");
    JsonNode page = artifacts.get("site/page");
    JsonNode walk = artifacts.get("site/http");
    assertThat(hop.get("reused_from").asText()).isEqualTo("site/page");
    assertThat(page.has("reused_from")).isFalse();
    assertThat(walk.has("reused_from")).isFalse();
    // Before the request that led to it, as it really was: and says why.
    assertThat(time(hop)).isEqualTo(time(page)).isBefore(time(walk));
    assertThat(hop.get("duration_ms").asLong()).isEqualTo(page.get("duration_ms").asLong());
    assertThat(hop.get("summary").asText()).contains("not sent again: the answer recorded as"
        + " site/page at " + page.get("time").asText());
    assertThat(hop.get("content").asText()).startsWith("# reused: this request was not sent"
        + " again").endsWith(page.get("content").asText());
    assertThat(plain.getAllServeEvents()).hasSize(1);
    assertThat(secure.getAllServeEvents()).hasSize(1);
  }

  @Test
  void theCsvTimesStateTheirZoneAndAreTheFindingsTimes() throws Exception {
    Map<String, Instant> byKey = new HashMap<>();
    for (JsonNode f : scan.get("findings")) {
      byKey.put(f.get("check_id").asText() + "|" + f.get("subject").asText(), time(f));
    }
    try (CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
        .parse(Files.newBufferedReader(out.resolve("findings.csv")))) {
      List<CSVRecord> rows = p.getRecords();
      assertThat(rows).hasSize(byKey.size());
      for (CSVRecord row : rows) {
        String cell = row.get("checked_at");
        assertThat(cell).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(OffsetDateTime.parse(cell).toInstant())
            .isEqualTo(byKey.get(row.get("check_id") + "|" + row.get("subject")));
      }
    }
    try (CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
        .parse(Files.newBufferedReader(out.resolve("run.csv")))) {
      CSVRecord run = p.getRecords().get(0);
      assertThat(OffsetDateTime.parse(run.get("run_started")).toInstant())
          .isEqualTo(Instant.parse(scan.at("/run/started").asText()));
      assertThat(run.get("run_finished")).endsWith("Z");
    }
  }

  @Test
  void aJUnitCaseIsTimedByItsObservationsOrNotAtAll() throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Path junit = out.resolve("junit.xml");
    javax.xml.validation.SchemaFactory.newInstance(javax.xml.XMLConstants.W3C_XML_SCHEMA_NS_URI)
        .newSchema(getClass().getResource("/junit/ant-junit-strict.xsd")).newValidator()
        .validate(new javax.xml.transform.stream.StreamSource(junit.toFile()));
    Document doc = factory.newDocumentBuilder().parse(junit.toFile());
    NodeList cases = doc.getElementsByTagName("testcase");
    int timed = 0;
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      assertThat(c.getAttribute("time")).isNotEqualTo("0");
      long walk = artifacts.get("site/http").get("duration_ms").asLong();
      long page = artifacts.get("site/page").get("duration_ms").asLong();
      String plainUrl = " [http://127.0.0.1:" + plain.port() + "/]";
      if (c.getAttribute("name").equals("https.redirect" + plainUrl)) {
        assertThat(new BigDecimal(c.getAttribute("time")))
            .isEqualByComparingTo(BigDecimal.valueOf(walk, 3));
        timed++;
      }
      if (c.getAttribute("name").equals("https.redirect_chain" + plainUrl)) {
        // The walk and its last hop, which is the page's answer reused: each observation once.
        assertThat(new BigDecimal(c.getAttribute("time")))
            .isEqualByComparingTo(BigDecimal.valueOf(walk + page, 3));
        timed++;
      }
      if (c.getAttribute("name").startsWith("claim.")) {
        assertThat(c.hasAttribute("time")).as("an attestation took no observing").isFalse();
      }
    }
    assertThat(timed).isEqualTo(2);
    Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
    Element started = (Element) suite.getElementsByTagName("property").item(0);
    assertThat(started.getAttribute("name")).isEqualTo("run_started");
    assertThat(started.getAttribute("value")).isEqualTo(scan.at("/run/started").asText());
    assertThat(suite.getAttribute("timestamp") + "Z").isEqualTo(Instant.parse(
        scan.at("/run/started").asText()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
        .toString());
  }

  @Test
  void theManifestDatesEachArtifactAsScanJsonDoesAndVerifyHoldsThemTogether() throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode manifest = json.readTree(evidence.resolve("manifest.json").toFile());
    int entries = 0;
    for (JsonNode e : manifest.get("files")) {
      if (e.get("artifact").isNull()) {
        assertThat(e.has("observed")).isFalse();
        continue;
      }
      JsonNode a = artifacts.get(e.get("artifact").asText());
      assertThat(Instant.parse(e.get("observed").asText())).isEqualTo(time(a));
      assertThat(e.get("duration_ms").asLong()).isEqualTo(a.get("duration_ms").asLong());
      assertThat(e.path("reused_from").asText(null)).isEqualTo(a.path("reused_from").asText(null));
      entries++;
    }
    assertThat(entries).isEqualTo(artifacts.size());
    assertThat(Cli.run("evidence", "verify", evidence.toString()).code())
        .isEqualTo(ExitCode.INTEGRITY_ONLY.code);

    // The manifest's date of one artifact moved: the bundle no longer says one time.
    Path copy = dir.resolve("evidence-moved");
    EvidenceEndToEndTest.copyTree(evidence, copy);
    ObjectNode moved = (ObjectNode) json.readTree(copy.resolve("manifest.json").toFile());
    for (JsonNode e : moved.get("files")) {
      if ("site/page".equals(e.path("artifact").asText())) {
        ((ObjectNode) e).put("observed", "2026-03-01T09:00:00Z");
      }
    }
    Files.writeString(copy.resolve("manifest.json"), json.writeValueAsString(moved));
    Cli.Result v = Cli.run("evidence", "verify", copy.toString());
    assertThat(v.code()).isEqualTo(ExitCode.FAILED.code);
    assertThat(v.out()).contains("artifact site/page is dated 2026-03-01T09:00:00Z in the"
        + " manifest and " + artifacts.get("site/page").get("time").asText() + " in scan.json");
  }

  @Test
  void reRenderedFromScanJsonTheTimesAreTheSameBytes() throws Exception {
    Path again = dir.resolve("again");
    Files.createDirectories(again);
    for (String[] format : new String[][] {{"csv", "findings.csv"}, {"junit", "junit.xml"},
        {"json", "scan.json"}}) {
      Cli.Result r = Cli.run("report", "--from", out.resolve("scan.json").toString(), "-o",
          again.resolve(format[1]).toString(), "-f", format[0]);
      assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1);
      assertThat(again.resolve(format[1])).as(format[1])
          .hasSameTextualContentAs(out.resolve(format[1]));
    }
  }

  private static JsonNode finding(String check, String subject) {
    for (JsonNode f : scan.get("findings")) {
      if (f.get("check_id").asText().equals(check) && f.get("subject").asText().equals(subject)) {
        return f;
      }
    }
    List<String> keys = new java.util.ArrayList<>();
    scan.get("findings").forEach(f -> keys.add(f.get("check_id").asText() + " ["
        + f.get("subject").asText() + "] " + f.get("evidence")));
    throw new AssertionError("no finding " + check + " [" + subject + "] among " + keys);
  }
}

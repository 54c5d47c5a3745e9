package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What a CI server reads from junit.xml is the gate's verdict (ci20 F2, F5, F6), and 'report
 * --from' exits with the gate it re-renders (F1): against a real HTTP server on loopback whose
 * headers change between runs, with the real header checks.
 */
class JUnitFollowsTheGateTest {
  @TempDir Path dir;
  private HttpServer server;
  private final AtomicReference<Map<String, String>> headers = new AtomicReference<>(Map.of());

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      headers.get().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Path policy() throws IOException {
    Path p = dir.resolve("policy.yaml");
    Files.writeString(p, "version: 1\nname: junit-gate\nsettings: {timeouts: {connect: 2s,"
        + " read: 2s, total: 5s}}\ntargets:\n  - {name: app, url: \"http://127.0.0.1:"
        + server.getAddress().getPort() + "/\"}\nheaders:\n"
        + "  X-Frame-Options: {value_one_of: [DENY], severity: high}\n"
        + "  X-Content-Type-Options: {value: nosniff, severity: low}\n"
        + "  X-Extra: {severity: low}\n"
        + "  X-Powered-By: {required: false, severity: high}\n");
    return p;
  }

  private static Document junit(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(file.toFile());
  }

  /** Each case by its name, with the one verdict element it holds ("" when it passes). */
  private static Map<String, Element> cases(Document doc) {
    Map<String, Element> byName = new LinkedHashMap<>();
    NodeList cases = doc.getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      assertThat(byName.put(c.getAttribute("name"), c)).as("one case per name").isNull();
    }
    return byName;
  }

  private static String verdict(Element c) {
    for (String tag : new String[] {"failure", "error", "skipped"}) {
      if (c.getElementsByTagName(tag).getLength() > 0) {
        return tag + ": " + ((Element) c.getElementsByTagName(tag).item(0))
            .getAttribute("message");
      }
    }
    return "";
  }

  /** The root's counts are the elements written, and the gate's failures. */
  private static void countsAgree(Document doc, int gateFailures) {
    Element root = doc.getDocumentElement();
    assertThat(root.getAttribute("tests"))
        .isEqualTo(String.valueOf(doc.getElementsByTagName("testcase").getLength()));
    assertThat(root.getAttribute("failures")).isEqualTo(String.valueOf(gateFailures))
        .isEqualTo(String.valueOf(doc.getElementsByTagName("failure").getLength()));
    assertThat(root.getAttribute("skipped"))
        .isEqualTo(String.valueOf(doc.getElementsByTagName("skipped").getLength()));
  }

  @Test
  void junitIsValidAgainstAStrictReadingOfTheAntSchema() throws Exception {
    // ci23 L5: the strict Ant/Jenkins schema wants hostname, package, id and <properties> on
    // every suite (and both outputs, and a zoneless timestamp to the second).
    int closed = dev.secaudit.probe.config.LoopbackNginx.freePort();
    Path p = policy();
    Files.writeString(p, Files.readString(p).replace("targets:\n", "targets:\n  - {name: down,"
        + " url: \"http://127.0.0.1:" + closed + "/\"}\n"));
    Path w = dir.resolve("waivers.yaml");
    Files.writeString(w, "- {id: W-EXTRA, check: header.rule, subject: X-Extra, justification:"
        + " not shipped yet, approver: ciso@acme.test, expires: 2099-01-01}\n");
    headers.set(Map.of("X-Content-Type-Options", "sniff-away"));
    Path out = dir.resolve("strict");
    Cli.Result r = Cli.run("scan", "--color", "never", "-p", p.toString(), "--waivers",
        w.toString(), "--fail-on", "high", "-o", out.toString(), "-f", "junit");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.FAILED.code);
    javax.xml.validation.Schema schema = javax.xml.validation.SchemaFactory.newInstance(
        javax.xml.XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(
            getClass().getResource("/junit/ant-junit-strict.xsd"));
    schema.newValidator().validate(new javax.xml.transform.stream.StreamSource(
        out.resolve("junit.xml").toFile()));
    Document doc = junit(out.resolve("junit.xml"));
    NodeList suites = doc.getElementsByTagName("testsuite");
    assertThat(suites.getLength()).isEqualTo(2);
    for (int i = 0; i < suites.getLength(); i++) {
      Element suite = (Element) suites.item(i);
      assertThat(suite.getAttribute("id")).isEqualTo(String.valueOf(i));
      // The target's name, never the runner's: nothing private in an uploaded report.
      assertThat(suite.getAttribute("hostname")).isEqualTo(suite.getAttribute("name"));
      assertThat(suite.getAttribute("package")).isEqualTo("junit-gate");
    }
    String xml = Files.readString(out.resolve("junit.xml"));
    assertThat(xml).contains("<error").contains("<failure").contains("<skipped")
        .doesNotContain(java.net.InetAddress.getLocalHost().getHostName() + "\"");
  }

  @Test
  void junitFailsWhatTheGateFailsAndReportFromExitsWithTheGate() throws Exception {
    Path p = policy();
    Path w = dir.resolve("waivers.yaml");
    Files.writeString(w, "- {id: W-EXTRA, check: header.rule, subject: X-Extra, justification:"
        + " not shipped yet, approver: ciso@acme.test, expires: 2099-01-01}\n");
    // Run 1: every header missing. The gate at high counts X-Frame-Options only.
    headers.set(Map.of());
    Path first = dir.resolve("first");
    Cli.Result r1 = Cli.run("scan", "--color", "never", "-p", p.toString(), "--waivers",
        w.toString(), "--fail-on", "high", "-o", first.toString(), "-f", "json,junit");
    assertThat(r1.code()).as(r1.out() + r1.err()).isEqualTo(ExitCode.FAILED.code);
    Document d1 = junit(first.resolve("junit.xml"));
    countsAgree(d1, 1);
    Map<String, Element> c1 = cases(d1);
    assertThat(verdict(c1.get("header.rule [X-Frame-Options]"))).startsWith("failure: high: ")
        .doesNotContain("NEW");
    assertThat(verdict(c1.get("header.rule [X-Content-Type-Options]")))
        .startsWith("skipped: FAIL below the gate (--fail-on high): low: ");
    // A waived finding is its own skipped case naming its waiver, though other subjects pass.
    assertThat(verdict(c1.get("header.rule [X-Extra]")))
        .startsWith("skipped: waived by W-EXTRA until 2099-01-01");
    assertThat(verdict(c1.get("header.rule [X-Powered-By]"))).isEmpty();

    // report --from exits with the recorded gate, after writing; --no-gate only renders.
    String saved = first.resolve("scan.json").toString();
    for (String format : new String[] {"console", "json", "junit", "sarif", "html", "csv"}) {
      Path again = dir.resolve("again." + format);
      Cli.Result rr = Cli.run("report", "--from", saved, "-f", format, "-o", again.toString());
      assertThat(rr.code()).as(format + rr.err()).isEqualTo(ExitCode.FAILED.code);
      assertThat(rr.out()).isEqualTo("wrote " + again + "\n");
      assertThat(again).isNotEmptyFile();
    }
    Path junitAgain = dir.resolve("again.junit");
    assertThat(Files.readAllBytes(junitAgain))
        .isEqualTo(Files.readAllBytes(first.resolve("junit.xml")));
    Cli.Result render = Cli.run("report", "--from", saved, "-f", "junit", "--no-gate");
    assertThat(render.code()).as(render.err()).isZero();
    assertThat(render.out()).contains("<testsuites");

    // Run 2: two headers fixed, X-Powered-By now sent (new), against run 1 with --fail-on-new.
    headers.set(Map.of("X-Content-Type-Options", "nosniff", "X-Powered-By", "PHP/8.1",
        "X-Extra", "1"));
    Path second = dir.resolve("second");
    Cli.Result r2 = Cli.run("scan", "--color", "never", "-p", p.toString(), "--waivers",
        w.toString(), "--baseline", saved, "--fail-on-new", "-o", second.toString(), "-f",
        "json,junit");
    assertThat(r2.code()).as(r2.out() + r2.err()).isEqualTo(ExitCode.FAILED.code);
    Document d2 = junit(second.resolve("junit.xml"));
    countsAgree(d2, 1);
    Map<String, Element> c2 = cases(d2);
    assertThat(verdict(c2.get("header.rule [X-Powered-By]"))).startsWith("failure: NEW high: ");
    assertThat(verdict(c2.get("header.rule [X-Frame-Options]")))
        .startsWith("skipped: FAIL known in the baseline (--fail-on-new): high: ");
    // The same names in both runs: a fixed failure reads as fixed, not removed and added.
    assertThat(c2.keySet()).isEqualTo(c1.keySet());
    assertThat(verdict(c2.get("header.rule [X-Content-Type-Options]"))).isEmpty();

    // Run 3: all fixed but X-Frame-Options, known: the gate passes, so nothing fails in JUnit.
    headers.set(Map.of("X-Content-Type-Options", "nosniff", "X-Extra", "1"));
    Path third = dir.resolve("third");
    Cli.Result r3 = Cli.run("scan", "--color", "never", "-p", p.toString(), "--baseline", saved,
        "--fail-on-new", "-o", third.toString(), "-f", "json,junit");
    assertThat(r3.code()).as(r3.out() + r3.err()).isEqualTo(ExitCode.PASSED.code);
    Document d3 = junit(third.resolve("junit.xml"));
    countsAgree(d3, 0);
    assertThat(cases(d3).keySet()).isEqualTo(c1.keySet());
    Cli.Result passed = Cli.run("report", "--from", third.resolve("scan.json").toString(), "-f",
        "json", "-o", dir.resolve("third.json").toString());
    assertThat(passed.code()).as(passed.err()).isEqualTo(ExitCode.PASSED.code);
  }

  /**
   * One waiver of every check passes every failure: validate, scan and its last screen say so,
   * in one sentence, whatever glob spells "every check" (ci21: only "*" was told).
   */
  @Test
  void aBlanketWaiverIsNamedWhereverItSilencesTheGate() throws Exception {
    Path p = policy();
    // "check subject": a subject of wildcards alone silences as much as '*' (ci23 H2).
    for (String glob : List.of("*", "*.*", "**", "?*", "* ?*", "?* *?*")) {
      Path w = dir.resolve("blanket.yaml");
      String[] globs = glob.split(" ");
      Files.writeString(w, "- {id: W-ALL, check: \"" + globs[0] + "\", "
          + (globs.length > 1 ? "subject: \"" + globs[1] + "\", " : "") + "justification: later,"
          + " approver: a, expires: 2099-12-31}\n- {id: W-ONE, check: header.rule, subject:"
          + " X-Extra, justification: j, approver: a, expires: 2099-12-31}\n- {id: W-TLS,"
          + " check: \"tls.*\", justification: j, approver: a, expires: 2099-12-31}\n");
      String sentence = "blanket waiver W-ALL (" + w + ":1:3) accepts every check on every"
          + " target until 2099-12-31: every failure there passes the gate; name the checks it"
          + " accepts";
      Cli.Result v = Cli.run("validate", p.toString(), "--waivers", w.toString());
      assertThat(v.code()).as(v.err()).isZero();
      assertThat(v.err()).as(glob).contains("secaudit: warning: " + sentence + "\n")
          .doesNotContain("blanket waiver W-ONE").doesNotContain("blanket waiver W-TLS");
      headers.set(Map.of());
      Cli.Result r = Cli.run("scan", "--color", "never", "-p", p.toString(), "--waivers",
          w.toString());
      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.PASSED.code);
      assertThat(r.err()).as(glob).contains("secaudit: warning: " + sentence
          + " (it waived 3 findings)").doesNotContain("blanket waiver W-TLS");
      // On the last screen, above the gate line (wrapped at 80 columns like the summary).
      String out = r.out().replace("\n  ", " ");
      assertThat(out.substring(out.lastIndexOf("blanket waiver"))).as(glob)
          .startsWith(sentence + " (it waived 3 findings)\n").contains("\ngate: passed");
    }
  }
}

package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.Severity;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** JUnit XML parsed back with the JDK's own XML parser, as a CI server would read it. */
class JUnitReportTest {

  static Document parse(ScanResult scan) throws Exception {
    GateVerdict.Tally tally = new GateVerdict.Tally(Severity.LOW, false, true);
    scan.findings().forEach(tally::add);
    StringWriter w = new StringWriter();
    new JUnitReport().render(scan, tally.verdict(scan.targets()), w);
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(
        w.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Each finding is a case of its own, named by its key, so a check that both fails and errs on
   * one target hides neither, and (the gate at low) the counts are the scan's FAIL and ERROR
   * counts.
   */
  @Test
  void everyFailAndErrorIsACaseAndTheCountsAreTheScans() throws Exception {
    ScanResult scan = ReportFixture.scan();
    List<Finding> findings = new ArrayList<>(scan.findings());
    findings.add(ReportFixture.finding("header.rule", "app", "X-One", Status.FAIL, "sent",
        "missing one"));
    findings.add(ReportFixture.finding("header.rule", "app", "X-Two", Status.ERROR, "sent",
        "read timed out"));
    findings.add(ReportFixture.finding("header.rule", "app", "X-Three", Status.PASS, "sent",
        "sent"));
    scan = scan.withFindings(findings);
    Document doc = parse(scan);
    Element root = doc.getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("testsuites");
    long fails = scan.findings().stream().filter(f -> f.status() == Status.FAIL).count();
    long errors = scan.findings().stream().filter(f -> f.status() == Status.ERROR).count();
    assertThat(root.getAttribute("failures")).isEqualTo(String.valueOf(fails));
    assertThat(root.getAttribute("errors")).isEqualTo(String.valueOf(errors));
    assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo((int) fails);
    assertThat(doc.getElementsByTagName("error").getLength()).isEqualTo((int) errors);
    NodeList cases = doc.getElementsByTagName("testcase");
    assertThat(root.getAttribute("tests")).isEqualTo(String.valueOf(cases.getLength()));

    Map<String, Element> byName = new LinkedHashMap<>();
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      byName.put(c.getAttribute("classname") + "|" + c.getAttribute("name"), c);
    }
    for (Finding f : scan.findings()) {
      if (f.status() == Status.FAIL || f.status() == Status.ERROR) {
        Element c = byName.get(f.target() + "|" + f.checkId()
            + (f.subject().isEmpty() ? "" : " [" + f.subject() + "]"));
        assertThat(c).as(f.key()).isNotNull();
        Element verdict = (Element) c.getElementsByTagName(
            f.status() == Status.FAIL ? "failure" : "error").item(0);
        // Hostile observed values arrive intact as text, never as markup.
        assertThat(verdict.getAttribute("message")).contains(f.observed());
        assertThat(verdict.getTextContent()).contains("expected: " + f.expected())
            .contains("observed: " + f.observed());
      }
      if (f.status() == Status.WAIVED) {
        Element c = byName.get(f.target() + "|" + f.checkId()
            + (f.subject().isEmpty() ? "" : " [" + f.subject() + "]"));
        assertThat(((Element) c.getElementsByTagName("skipped").item(0)).getAttribute("message"))
            .contains("W-7").contains("ciso@acme.test");
      }
    }
    assertThat(byName.get("app|header.rule [X-Two]").getElementsByTagName("error").item(0)
        .getTextContent()).contains("read timed out");
    // The subject that passed is its own case, named as it would be if it failed.
    Element rest = byName.get("app|header.rule [X-Three]");
    assertThat(rest.getChildNodes().getLength()).isZero();
    assertThat(root.getAttribute("tests")).isEqualTo(String.valueOf(scan.findings().size()));
    NodeList suites = doc.getElementsByTagName("testsuite");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < suites.getLength(); i++) {
      names.add(((Element) suites.item(i)).getAttribute("name"));
    }
    assertThat(names).startsWith("app", "api", "legacy", "staging");
  }

  @Test
  void controlCharactersAHostileServerSendsStillMakeWellFormedXml() throws Exception {
    ScanResult scan = ReportFixture.scan();
    List<Finding> findings = new ArrayList<>(scan.findings());
    findings.add(ReportFixture.finding("header.rule", "hostile", "X-\u0000Evil", Status.FAIL,
        "absent", "\u001b[31mred\u0007 ]]> </testcase> \uD800 &amp;"));
    Document doc = parse(scan.withFindings(findings));
    NodeList failures = doc.getElementsByTagName("failure");
    Element last = (Element) failures.item(failures.getLength() - 1);
    assertThat(last.getAttribute("message")).contains("]]> </testcase>").contains("&amp;")
        .contains("\\u001B[31mred\\u0007");
  }
}

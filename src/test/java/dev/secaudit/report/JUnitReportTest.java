package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** JUnit XML parsed back with the JDK's own XML parser, as a CI server would read it. */
class JUnitReportTest {

  static Document parse(ScanResult scan) throws Exception {
    StringWriter w = new StringWriter();
    new JUnitReport().render(scan, w);
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(
        w.toString().getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void oneTestcasePerFindingWithStatusesMapped() throws Exception {
    ScanResult scan = ReportFixture.scan();
    Document doc = parse(scan);
    Element root = doc.getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("testsuites");
    NodeList cases = doc.getElementsByTagName("testcase");
    assertThat(cases.getLength()).isEqualTo(scan.findings().size());
    assertThat(root.getAttribute("tests")).isEqualTo(String.valueOf(scan.findings().size()));
    long fails = scan.findings().stream().filter(f -> f.status() == Status.FAIL).count();
    long errors = scan.findings().stream().filter(f -> f.status() == Status.ERROR).count();
    long skipped = scan.findings().stream().filter(f -> f.status() == Status.SKIPPED
        || f.status() == Status.WAIVED || f.status() == Status.MANUAL).count();
    assertThat(root.getAttribute("failures")).isEqualTo(String.valueOf(fails));
    assertThat(root.getAttribute("errors")).isEqualTo(String.valueOf(errors));
    assertThat(root.getAttribute("skipped")).isEqualTo(String.valueOf(skipped));
    assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo((int) fails);
    assertThat(doc.getElementsByTagName("error").getLength()).isEqualTo((int) errors);
    assertThat(doc.getElementsByTagName("skipped").getLength()).isEqualTo((int) skipped);

    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      Finding f = scan.findings().get(i);
      assertThat(c.getAttribute("classname")).isEqualTo(f.target());
      assertThat(c.getAttribute("name")).startsWith(f.checkId());
      if (f.status() == Status.FAIL) {
        Element failure = (Element) c.getElementsByTagName("failure").item(0);
        // Hostile observed values arrive intact as text, never as markup.
        assertThat(failure.getAttribute("message")).contains(f.observed());
        assertThat(failure.getTextContent()).contains("expected: " + f.expected());
      }
      if (f.status() == Status.WAIVED) {
        assertThat(((Element) c.getElementsByTagName("skipped").item(0)).getAttribute("message"))
            .contains("W-7").contains("ciso@acme.test");
      }
    }
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
    findings.add(ReportFixture.finding("header.rule", "app", "X-\u0000Evil", Status.FAIL,
        "absent", "\u001b[31mred\u0007 ]]> </testcase> \uD800 &amp;"));
    Document doc = parse(scan.withFindings(findings));
    NodeList failures = doc.getElementsByTagName("failure");
    Element last = (Element) failures.item(failures.getLength() - 1);
    assertThat(last.getAttribute("message")).contains("]]> </testcase>").contains("&amp;")
        .contains("\\u001B[31mred\\u0007");
  }
}

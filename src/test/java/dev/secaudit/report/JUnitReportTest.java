package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
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
    StringWriter w = new StringWriter();
    new JUnitReport().render(scan, w);
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(
        w.toString().getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void oneTestcasePerCheckAndTargetWithTheMostUrgentVerdictOfItsSubjects() throws Exception {
    ScanResult scan = ReportFixture.scan();
    List<Finding> findings = new ArrayList<>(scan.findings());
    // Two subjects of one check on one target: one case, failing, with both expectations.
    findings.add(ReportFixture.finding("header.rule", "app", "X-One", Status.FAIL, "sent",
        "missing one"));
    findings.add(ReportFixture.finding("header.rule", "app", "X-Two", Status.FAIL, "sent",
        "missing two"));
    findings.add(ReportFixture.finding("header.rule", "app", "X-Three", Status.PASS, "sent",
        "sent"));
    scan = scan.withFindings(findings);
    Map<String, List<Finding>> byCase = new LinkedHashMap<>();
    for (Finding f : scan.findings()) {
      byCase.computeIfAbsent(f.target() + "|" + f.checkId(), k -> new ArrayList<>()).add(f);
    }
    Document doc = parse(scan);
    Element root = doc.getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("testsuites");
    NodeList cases = doc.getElementsByTagName("testcase");
    assertThat(cases.getLength()).isEqualTo(byCase.size()).isLessThan(scan.findings().size());
    assertThat(root.getAttribute("tests")).isEqualTo(String.valueOf(byCase.size()));
    long fails = byCase.values().stream()
        .filter(c -> c.stream().anyMatch(f -> f.status() == Status.FAIL)).count();
    assertThat(root.getAttribute("failures")).isEqualTo(String.valueOf(fails));
    assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo((int) fails);

    Map<String, Element> byName = new LinkedHashMap<>();
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      byName.put(c.getAttribute("classname") + "|" + c.getAttribute("name"), c);
    }
    assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(byCase.keySet());
    for (Map.Entry<String, List<Finding>> e : byCase.entrySet()) {
      Element c = byName.get(e.getKey());
      List<Finding> failing = e.getValue().stream().filter(f -> f.status() == Status.FAIL)
          .toList();
      if (!failing.isEmpty()) {
        Element failure = (Element) c.getElementsByTagName("failure").item(0);
        // Hostile observed values arrive intact as text, never as markup.
        assertThat(failure.getAttribute("message")).contains(failing.get(0).observed());
        for (Finding f : failing) {
          assertThat(failure.getTextContent()).contains("expected: " + f.expected())
              .contains("observed: " + f.observed());
        }
      }
      if (e.getValue().stream().allMatch(f -> f.status() == Status.WAIVED)) {
        assertThat(((Element) c.getElementsByTagName("skipped").item(0)).getAttribute("message"))
            .contains("W-7").contains("ciso@acme.test");
      }
    }
    Element headers = byName.get("app|header.rule");
    assertThat(headers.getElementsByTagName("failure").item(0).getTextContent())
        .contains("[X-One]").contains("missing one").contains("[X-Two]").contains("missing two")
        .doesNotContain("X-Three");
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

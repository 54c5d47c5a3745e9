package dev.secaudit.report;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML, the test-report format every CI server reads (GitLab {@code artifacts:reports:junit},
 * Jenkins, Azure Pipelines): one test suite per target, one test case per check × target ×
 * subject with classname = target. FAIL is a {@code <failure>}, ERROR an {@code <error>}; SKIPPED,
 * WAIVED and MANUAL are {@code <skipped>} with the reason; PASS, INFO and WARN pass (a WARN does
 * not fail the gate, so it is told in {@code <system-out>}).
 */
public final class JUnitReport {

  public void render(ScanResult scanned, Writer out) throws IOException {
    ScanResult scan = PrintableText.of(scanned);
    Map<String, List<Finding>> suites = new LinkedHashMap<>();
    for (TargetState t : scan.targets()) {
      suites.put(t.name(), new ArrayList<>());
    }
    for (Finding f : scan.findings()) {
      suites.computeIfAbsent(f.target(), k -> new ArrayList<>()).add(f);
    }
    try {
      XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      x.writeStartDocument("UTF-8", "1.0");
      x.writeCharacters("\n");
      x.writeStartElement("testsuites");
      x.writeAttribute("name", "secaudit " + text(scan.run() == null ? "" : scan.run().policyName()));
      counts(x, scan.findings());
      x.writeCharacters("\n");
      for (Map.Entry<String, List<Finding>> suite : suites.entrySet()) {
        x.writeCharacters("  ");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", text(suite.getKey()));
        counts(x, suite.getValue());
        if (scan.run() != null && scan.run().started() != null) {
          // JUnit's timestamp has no zone; the scan's times are UTC.
          x.writeAttribute("timestamp", scan.run().started().toString().replace("Z", ""));
        }
        x.writeCharacters("\n");
        for (Finding f : suite.getValue()) {
          testcase(x, f);
        }
        x.writeCharacters("  ");
        x.writeEndElement();
        x.writeCharacters("\n");
      }
      x.writeEndElement();
      x.writeCharacters("\n");
      x.writeEndDocument();
      x.flush();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
    }
  }

  private static void counts(XMLStreamWriter x, List<Finding> findings) throws XMLStreamException {
    int failures = 0;
    int errors = 0;
    int skipped = 0;
    for (Finding f : findings) {
      switch (f.status()) {
        case FAIL -> failures++;
        case ERROR -> errors++;
        case SKIPPED, WAIVED, MANUAL -> skipped++;
        default -> { }
      }
    }
    x.writeAttribute("tests", String.valueOf(findings.size()));
    x.writeAttribute("failures", String.valueOf(failures));
    x.writeAttribute("errors", String.valueOf(errors));
    x.writeAttribute("skipped", String.valueOf(skipped));
    x.writeAttribute("time", "0");
  }

  private static void testcase(XMLStreamWriter x, Finding f) throws XMLStreamException {
    x.writeCharacters("    ");
    x.writeStartElement("testcase");
    x.writeAttribute("classname", text(f.target()));
    x.writeAttribute("name", text(name(f)));
    x.writeAttribute("time", "0");
    String detail = detail(f);
    switch (f.status()) {
      case FAIL -> child(x, "failure", f.severity().label() + ": " + f.observed(), f.severity()
          .label(), detail);
      case ERROR -> child(x, "error", f.observed(), "ERROR", detail);
      case SKIPPED -> child(x, "skipped", f.observed(), null, null);
      case MANUAL -> child(x, "skipped", "needs manual review: " + f.observed(), null, null);
      case WAIVED -> child(x, "skipped", waived(f), null, null);
      case WARN -> {
        x.writeStartElement("system-out");
        x.writeCharacters(text("WARN " + detail));
        x.writeEndElement();
      }
      default -> { }
    }
    x.writeEndElement();
    x.writeCharacters("\n");
  }

  private static void child(XMLStreamWriter x, String element, String message, String type,
      String body) throws XMLStreamException {
    x.writeStartElement(element);
    x.writeAttribute("message", text(message));
    if (type != null) {
      x.writeAttribute("type", text(type));
    }
    if (body != null) {
      x.writeCharacters(text(body));
    }
    x.writeEndElement();
  }

  static String name(Finding f) {
    return f.checkId() + (f.subject().isEmpty() ? "" : " [" + f.subject() + "]");
  }

  private static String waived(Finding f) {
    Finding.Waiver w = f.waiver();
    return w == null ? "waived" : "waived by " + w.id() + " (approved by " + w.approver()
        + ", expires " + w.expires() + "): " + w.justification();
  }

  private static String detail(Finding f) {
    StringBuilder sb = new StringBuilder();
    sb.append(f.title()).append('\n');
    sb.append("expected: ").append(f.expected()).append('\n');
    sb.append("observed: ").append(f.observed()).append('\n');
    if (!f.remediation().isEmpty()) {
      sb.append("fix: ").append(f.remediation()).append('\n');
    }
    if (f.policyLine() > 0) {
      sb.append("policy line: ").append(f.policyLine()).append('\n');
    }
    if (!f.evidence().isEmpty()) {
      sb.append("evidence: ").append(String.join(", ", f.evidence())).append('\n');
    }
    return sb.toString();
  }

  /**
   * Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF),
   * which a hostile server can put in a header, become U+FFFD; the stream writer escapes the rest.
   */
  static String text(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
          || (c >= 0xE000 && c <= 0xFFFD)) {
        sb.append(c);
      } else {
        sb.append('\uFFFD');
      }
    }
    return sb.toString();
  }
}

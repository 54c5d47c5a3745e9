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
 * Jenkins, Azure Pipelines): one test suite per target. Every FAIL and every ERROR finding is a
 * test case of its own (classname = target, name = check id and, when it has one, its subject in
 * brackets: {@code tls.ciphers [TLS_RSA_WITH_AES_128_CBC_SHA]}), with a {@code <failure>} or an
 * {@code <error>} giving expected and observed, so the suites' failures and errors are the scan's
 * FAIL and ERROR counts and no finding is hidden behind another of its check. The other findings
 * of a check on a target share one case named by the check id, so a CI server's test history
 * follows a check however many cookies or headers it judged: SKIPPED, WAIVED and MANUAL only make
 * a {@code <skipped>} with the reasons; otherwise it passes, and a WARN (which never fails the
 * gate) is told in {@code <system-out>}. A target no one scanned holds one {@code <error>} case
 * saying so, never an empty suite that a CI server shows as clean.
 */
public final class JUnitReport {

  public void render(ScanResult scanned, Writer out) throws IOException {
    renderPrintable(PrintableText.of(scanned), out);
  }

  /** The same, for a scan already through {@link PrintableText#of(ScanResult)}. */
  void renderPrintable(ScanResult scan, Writer out) throws IOException {
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
      List<List<Finding>> all = new ArrayList<>();
      suites.values().forEach(findings -> all.addAll(cases(findings)));
      // A target no one scanned is one errored case: an empty suite reads as a clean target.
      Map<String, TargetState> missed = new LinkedHashMap<>();
      TargetState.notScannedTargets(scan.targets()).forEach(t -> missed.putIfAbsent(t.name(), t));
      // The root counts test cases, as every CI server reads them.
      x.writeAttribute("tests", String.valueOf(all.size() + missed.size()));
      counts(x, all, missed.size());
      x.writeCharacters("\n");
      for (Map.Entry<String, List<Finding>> suite : suites.entrySet()) {
        List<List<Finding>> cases = cases(suite.getValue());
        x.writeCharacters("  ");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", text(suite.getKey()));
        TargetState notScanned = missed.get(suite.getKey());
        int extra = notScanned == null ? 0 : 1;
        x.writeAttribute("tests", String.valueOf(cases.size() + extra));
        counts(x, cases, extra);
        if (scan.run() != null && scan.run().started() != null) {
          // JUnit's timestamp has no zone; the scan's times are UTC.
          x.writeAttribute("timestamp", scan.run().started().toString().replace("Z", ""));
        }
        x.writeCharacters("\n");
        if (notScanned != null) {
          notScanned(x, notScanned);
        }
        for (List<Finding> c : cases) {
          testcase(x, c);
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

  /**
   * A target's findings as test cases, in the order their checks first appear: each FAIL and
   * ERROR alone, then the check's other findings together.
   */
  private static List<List<Finding>> cases(List<Finding> findings) {
    Map<String, List<Finding>> byCheck = new LinkedHashMap<>();
    for (Finding f : findings) {
      byCheck.computeIfAbsent(f.checkId(), k -> new ArrayList<>()).add(f);
    }
    List<List<Finding>> cases = new ArrayList<>();
    for (List<Finding> check : byCheck.values()) {
      List<Finding> rest = new ArrayList<>();
      for (Finding f : check) {
        if (alone(f)) {
          cases.add(List.of(f));
        } else {
          rest.add(f);
        }
      }
      if (!rest.isEmpty()) {
        cases.add(rest);
      }
    }
    return cases;
  }

  /** A finding that fails or errs is a case of its own, so every one of them is counted. */
  private static boolean alone(Finding f) {
    return f.status() == Status.FAIL || f.status() == Status.ERROR;
  }

  /** The verdict of one test case: its FAIL or ERROR, else the most urgent of the rest. */
  private static Status outcome(List<Finding> c) {
    if (c.size() == 1 && alone(c.get(0))) {
      return c.get(0).status();
    }
    boolean onlySkipped = c.stream().allMatch(f -> f.status() == Status.SKIPPED
        || f.status() == Status.WAIVED || f.status() == Status.MANUAL);
    return onlySkipped ? Status.SKIPPED : has(c, Status.WARN) ? Status.WARN : Status.PASS;
  }

  private static boolean has(List<Finding> c, Status s) {
    return c.stream().anyMatch(f -> f.status() == s);
  }

  private static void counts(XMLStreamWriter x, List<List<Finding>> cases, int notScanned)
      throws XMLStreamException {
    int failures = 0;
    int errors = notScanned;
    int skipped = 0;
    for (List<Finding> c : cases) {
      switch (outcome(c)) {
        case FAIL -> failures++;
        case ERROR -> errors++;
        case SKIPPED -> skipped++;
        default -> { }
      }
    }
    x.writeAttribute("failures", String.valueOf(failures));
    x.writeAttribute("errors", String.valueOf(errors));
    x.writeAttribute("skipped", String.valueOf(skipped));
    x.writeAttribute("time", "0");
  }

  private static void notScanned(XMLStreamWriter x, TargetState t) throws XMLStreamException {
    x.writeCharacters("    ");
    x.writeStartElement("testcase");
    x.writeAttribute("classname", text(t.name()));
    x.writeAttribute("name", "target not scanned");
    x.writeAttribute("time", "0");
    child(x, "error", t.whyNotScanned(), "NOT_SCANNED", "nothing was observed on "
        + text(t.name()) + " in this run: it neither passed nor failed any check\n");
    x.writeEndElement();
    x.writeCharacters("\n");
  }

  private static void testcase(XMLStreamWriter x, List<Finding> c) throws XMLStreamException {
    Finding first = c.get(0);
    Status outcome = outcome(c);
    x.writeCharacters("    ");
    x.writeStartElement("testcase");
    x.writeAttribute("classname", text(first.target()));
    x.writeAttribute("name", text(first.checkId() + (alone(first) && !first.subject().isEmpty()
        ? " [" + first.subject() + "]" : "")));
    x.writeAttribute("time", "0");
    switch (outcome) {
      case FAIL -> child(x, "failure", first.severity().label() + ": " + summary(first),
          first.severity().label(), detail(first));
      case ERROR -> child(x, "error", summary(first), "ERROR", detail(first));
      case SKIPPED -> child(x, "skipped", String.join("; ", c.stream().map(f -> subject(f)
          + switch (f.status()) {
            case MANUAL -> "needs manual review: " + f.observed();
            case WAIVED -> waived(f);
            default -> f.observed();
          }).toList()), null, null);
      default -> { }
    }
    List<Finding> told = c.stream().filter(f -> f.status() == Status.WARN).toList();
    if (!told.isEmpty() && outcome != Status.SKIPPED) {
      x.writeStartElement("system-out");
      x.writeCharacters(text(told.stream().map(f -> "WARN " + detail(f))
          .reduce("", String::concat)));
      x.writeEndElement();
    }
    x.writeEndElement();
    x.writeCharacters("\n");
  }

  /** "[Server] observed (expected: …)". */
  private static String summary(Finding f) {
    return subject(f) + f.observed() + (f.expected().isEmpty() ? ""
        : " (expected: " + f.expected() + ")");
  }

  private static String subject(Finding f) {
    return f.subject().isEmpty() ? "" : "[" + f.subject() + "] ";
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

  private static String waived(Finding f) {
    Finding.Waiver w = f.waiver();
    return w == null ? "waived" : "waived by " + w.id() + " (approved by " + w.approver()
        + ", expires " + w.expires() + "): " + w.justification();
  }

  private static String detail(Finding f) {
    StringBuilder sb = new StringBuilder();
    sb.append(subject(f)).append(f.headline()).append('\n');
    if (f.location() != null) {
      sb.append("at: ").append(f.location().at()).append('\n');
    }
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

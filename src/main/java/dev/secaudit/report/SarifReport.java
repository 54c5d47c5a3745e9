package dev.secaudit.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.CheckDescription;
import dev.secaudit.model.CheckDescriptions;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * SARIF 2.1.0 (OASIS), the format GitHub code scanning and IDE viewers read. Rules come from the
 * check catalog (rule id = check id, help = remediation and reference). A result is located at
 * what was judged when that is a file (the nginx.conf directive, the sshd_config line, the log
 * line), with the policy rule that states the claim as a related location; a finding about a live
 * target is located at that policy rule, the "source" a reviewer can change, with the target's URL
 * in the message and the properties. {@code partialFingerprints} hash the finding's identity
 * (check, target, subject: never a line), so an alert survives edits elsewhere in the file.
 *
 * <p>Only verdicts that need a look become results: FAIL and WARN (kind fail), WAIVED (kind fail,
 * suppressed with the waiver's justification), ERROR (kind open: could not be judged) and MANUAL
 * (kind review). PASS, INFO and SKIPPED stay in scan.json.
 */
public final class SarifReport {
  static final String SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
  /** Versioned so that a later change of the key's form does not reopen every alert. */
  static final String FINGERPRINT = "secauditFindingKey/v1";

  // The caller owns the writer: Jackson only flushes it.
  private final ObjectMapper json = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).build();
  private final CheckDescriptions checks;

  /** With the check catalogue's descriptions, which the rules are written from. */
  public SarifReport(CheckDescriptions checks) {
    this.checks = checks;
  }

  public void render(ScanResult scanned, Writer out) throws IOException {
    renderPrintable(PrintableText.of(scanned), out);
  }

  /** The same, for a scan already through {@link PrintableText#of(ScanResult)}. */
  void renderPrintable(ScanResult scan, Writer out) throws IOException {
    ObjectNode log = json.createObjectNode();
    log.put("$schema", SCHEMA_URI);
    log.put("version", "2.1.0");
    ObjectNode run = log.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "secaudit");
    if (scan.run() != null && scan.run().toolVersion() != null) {
      driver.put("version", scan.run().toolVersion());
      driver.put("semanticVersion", scan.run().toolVersion());
    }

    Map<String, Finding> reported = new TreeMap<>();
    for (Finding f : scan.findings()) {
      if (reportable(f.status())) {
        reported.putIfAbsent(f.checkId(), f);
      }
    }
    ArrayNode rules = driver.putArray("rules");
    Map<String, Integer> ruleIndex = new TreeMap<>();
    for (Finding example : reported.values()) {
      ruleIndex.put(example.checkId(), ruleIndex.size());
      rule(rules.addObject(), example);
    }

    String policyUri = scan.run() == null ? null : uri(scan.run().policyFile());
    boolean relative = policyUri != null && !policyUri.contains(":")
        || scan.findings().stream().anyMatch(f -> reportable(f.status()) && f.location() != null
            && !f.location().path().isEmpty() && !uri(f.location().path()).contains(":"));
    if (relative) {
      run.putObject("originalUriBaseIds").putObject("%SRCROOT%").putObject("description")
          .put("text", "The folder secaudit was run from; relative paths start there.");
    }

    Map<String, String> urls = new TreeMap<>();
    scan.targets().forEach(t -> urls.putIfAbsent(t.name(), t.url()));
    ArrayNode results = run.putArray("results");
    for (Finding f : scan.findings()) {
      if (reportable(f.status())) {
        result(results.addObject(), f, ruleIndex.get(f.checkId()), policyUri,
            urls.get(f.target()));
      }
    }

    if (scan.run() != null) {
      ObjectNode inv = run.putArray("invocations").addObject();
      inv.put("executionSuccessful", true);
      if (scan.run().started() != null) {
        inv.put("startTimeUtc", scan.run().started().toString());
      }
      if (scan.run().finished() != null) {
        inv.put("endTimeUtc", scan.run().finished().toString());
      }
      String guid = scan.run().id() == null ? null : uuidOrNull(scan.run().id());
      if (guid != null) {
        run.putObject("automationDetails").put("guid", guid);
      }
    }
    run.put("columnKind", "unicodeCodePoints");
    json.writeValue(out, log);
    out.write('\n');
  }

  private void rule(ObjectNode r, Finding example) {
    CheckDescription info = checks.find(example.checkId());
    String title = info != null ? info.title() : example.title();
    String remediation = info != null ? info.remediation() : example.remediation();
    String reference = info != null ? info.reference() : "";
    Severity sev = info != null ? info.severity() : example.severity();
    r.put("id", example.checkId());
    r.put("name", ruleName(example.checkId()));
    r.putObject("shortDescription").put("text", title);
    r.putObject("fullDescription").put("text", title + " (secaudit check " + example.checkId()
        + ")");
    String help = (remediation.isEmpty() ? "" : "Fix: " + remediation)
        + (reference.isEmpty() ? "" : (remediation.isEmpty() ? "" : "\n") + "Reference: "
            + reference);
    ObjectNode h = r.putObject("help");
    h.put("text", help.isEmpty() ? title : help);
    h.put("markdown", "**" + title + "**\n\n" + (remediation.isEmpty() ? "" : remediation + "\n\n")
        + (reference.isEmpty() ? "" : "Reference: " + reference + "\n\n")
        + "See `secaudit checks` or docs/checks.md for `" + example.checkId() + "`.");
    r.putObject("defaultConfiguration").put("level", level(sev));
    ObjectNode props = r.putObject("properties");
    props.put("security-severity", securitySeverity(sev));
    ArrayNode tags = props.putArray("tags");
    tags.add("security");
    for (Mapping m : info != null ? info.mappings() : example.mappings()) {
      tags.add(m.toString());
    }
  }

  private void result(ObjectNode r, Finding f, int ruleIndex, String policyUri,
      String url) {
    r.put("ruleId", f.checkId());
    r.put("ruleIndex", ruleIndex);
    switch (f.status()) {
      case FAIL, WAIVED -> {
        r.put("kind", "fail");
        r.put("level", level(f.severity()));
      }
      case WARN -> {
        r.put("kind", "fail");
        r.put("level", "warning");
      }
      case ERROR -> {
        r.put("kind", "open");
        r.put("level", "none");
      }
      default -> {
        r.put("kind", "review");
        r.put("level", "none");
      }
    }
    StringBuilder msg = new StringBuilder();
    boolean inFile = f.location() != null && !f.location().path().isEmpty();
    boolean live = url != null && url.contains("://");
    msg.append('[').append(f.target()).append(live ? " " + url : "").append(']');
    if (!f.subject().isEmpty()) {
      msg.append(' ').append(f.subject()).append(':');
    }
    msg.append(' ').append(f.title()).append(": ").append(f.observed().isEmpty() ? f.status().name()
        : f.observed());
    if (!f.expected().isEmpty()) {
      msg.append(" (expected: ").append(f.expected()).append(')');
    }
    r.putObject("message").put("text", msg.toString());
    ArrayNode locations = r.putArray("locations");
    ObjectNode loc = locations.addObject();
    if (inFile) {
      physical(loc, uri(f.location().path()), f.location().line());
      if (policyUri != null) {
        ObjectNode rule = r.putArray("relatedLocations").addObject();
        rule.put("id", 1);
        physical(rule, policyUri, f.policyLine());
        rule.putObject("message").put("text", "the policy rule that states the claim");
      }
    } else if (policyUri != null) {
      physical(loc, policyUri, f.policyLine());
    }
    // What was judged, by its own name and kind where the finding says (the header, the
    // directive, the vendor); the fully qualified name stays the finding's identity.
    ObjectNode logical = loc.putArray("logicalLocations").addObject();
    Subject about = f.about();
    logical.put("name", about != null && !about.name().isEmpty() ? about.name()
        : f.subject().isEmpty() ? f.target() : f.subject());
    // A page's subject starts with its path: "demo" and "/api/me" are "demo/api/me", not
    // "demo//api/me".
    logical.put("fullyQualifiedName", f.target() + (f.subject().isEmpty() ? ""
        : f.subject().startsWith("/") ? f.subject() : "/" + f.subject()));
    logical.put("kind", about != null ? about.kind().name().toLowerCase(Locale.ROOT) : "resource");
    r.putObject("partialFingerprints").put(FINGERPRINT, Artifact.sha256(f.key()));
    if (f.baseline() == Finding.BaselineState.NEW) {
      r.put("baselineState", "new");
    } else if (f.baseline() == Finding.BaselineState.UNCHANGED) {
      r.put("baselineState", "unchanged");
    }
    if (f.status() == Status.WAIVED) {
      ObjectNode s = r.putArray("suppressions").addObject();
      s.put("kind", "external");
      s.put("status", "accepted");
      Finding.Waiver w = f.waiver();
      if (w != null) {
        s.put("justification", w.justification() + " (waiver " + w.id() + ", approved by "
            + w.approver() + ", expires " + w.expires() + ")");
      }
    }
    ObjectNode props = r.putObject("properties");
    props.put("target", f.target());
    if (url != null && !url.isEmpty()) {
      props.put("url", url);
    }
    if (f.location() != null) {
      props.put("file", f.location().file());
      props.put("line", f.location().line());
    }
    props.put("subject", f.subject());
    if (about != null) {
      ObjectNode a = props.putObject("about");
      a.put("kind", about.kind().name());
      a.put("name", about.name());
    }
    // The values as scan.json writes them, for a reader that compares rather than reads.
    if (f.expectedValue() != null) {
      props.set("expected_value", json.valueToTree(f.expectedValue()));
    }
    if (f.observedValue() != null) {
      props.set("observed_value", json.valueToTree(f.observedValue()));
    }
    props.put("status", f.status().name());
    props.put("severity", f.severity().label());
    props.put("security-severity", securitySeverity(f.severity()));
    ArrayNode tags = props.putArray("tags");
    tags.add("security");
    f.mappings().forEach(m -> tags.add(m.toString()));
    if (!f.evidence().isEmpty()) {
      ArrayNode ev = props.putArray("evidence");
      f.evidence().forEach(ev::add);
    }
  }

  /** A physical location: a file (relative to %SRCROOT%, or a file: URI) and a line if known. */
  private static void physical(ObjectNode loc, String uri, int line) {
    ObjectNode phys = loc.putObject("physicalLocation");
    ObjectNode art = phys.putObject("artifactLocation");
    art.put("uri", uri);
    if (!uri.contains(":")) {
      art.put("uriBaseId", "%SRCROOT%");
    }
    if (line > 0) {
      phys.putObject("region").put("startLine", line);
    }
  }

  static boolean reportable(Status s) {
    return s == Status.FAIL || s == Status.WARN || s == Status.ERROR || s == Status.WAIVED
        || s == Status.MANUAL;
  }

  static String level(Severity s) {
    return switch (s) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW, INFO -> "note";
    };
  }

  /**
   * GitHub ranks code-scanning alerts by this number: over 9.0 critical, 7.0 to 8.9 high, 4.0 to
   * 6.9 medium, 0.1 to 3.9 low.
   */
  static String securitySeverity(Severity s) {
    return switch (s) {
      case CRITICAL -> "9.5";
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      case LOW -> "3.0";
      case INFO -> "0.0";
    };
  }

  /** "cookie.http_only" → "CookieHttpOnly": SARIF rule names are identifiers for viewers. */
  static String ruleName(String checkId) {
    StringBuilder sb = new StringBuilder();
    boolean up = true;
    for (char c : checkId.toCharArray()) {
      if (Character.isLetterOrDigit(c)) {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = false;
      } else {
        up = true;
      }
    }
    return sb.toString();
  }

  /**
   * The policy file as a URI reference: a relative path stays relative (to %SRCROOT%, which is
   * what code scanning resolves against the repository), an absolute one becomes a file: URI.
   */
  static String uri(String policyFile) {
    if (policyFile == null || policyFile.isBlank()) {
      return null;
    }
    String p = policyFile.replace('\\', '/');
    if (p.startsWith("/") || p.matches("[A-Za-z]:/.*")) {
      return java.nio.file.Path.of(policyFile).toUri().toString();
    }
    if (p.startsWith("./")) {
      p = p.substring(2);
    }
    StringBuilder sb = new StringBuilder();
    for (byte b : p.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~/".indexOf(c) >= 0)) {
        sb.append((char) c);
      } else {
        sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return URI.create(sb.toString()).toString();
  }

  private static String uuidOrNull(String id) {
    return id.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
        ? id.toLowerCase(Locale.ROOT) : null;
  }
}

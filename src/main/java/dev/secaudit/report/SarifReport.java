package dev.secaudit.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.CheckDescription;
import dev.secaudit.model.CheckDescriptions;
import dev.secaudit.model.ContractJson;
import dev.secaudit.model.Finding;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.ScanJsonWriter;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import dev.secaudit.model.Subject;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 *
 * <p>A FAIL that fails the gate is level error whatever its severity: a CI reader who sees only
 * "note" would take the red build for noise. Other FAILs take their level from the severity
 * (high and critical error, medium warning, low note); WARN is warning. SARIF 2.1.0 allows no
 * other level than none for a result whose kind is not fail, so an ERROR (kind open) says it could
 * not judge through the invocation instead: {@code executionSuccessful} is false and a
 * {@code toolExecutionNotifications} entry of level error names the target and what happened.
 *
 * <p>With a baseline, the baseline's open problems on a target this run did not observe (down, or
 * its shard missing) are written again, marked {@code carried}: code scanning would otherwise
 * close them as fixed (see {@link #carried}).
 */
public final class SarifReport {
  static final String SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
  /** Versioned so that a later change of the key's form does not reopen every alert. */
  static final String FINGERPRINT = "secauditFindingKey/v1";

  private final CheckDescriptions checks;
  private final SourceRoot root;

  /** With the check catalogue's descriptions, which the rules are written from. */
  public SarifReport(CheckDescriptions checks) {
    this(checks, SourceRoot.AS_GIVEN);
  }

  SarifReport(CheckDescriptions checks, SourceRoot root) {
    this.checks = checks;
    this.root = root;
  }

  public void render(ScanResult scanned, GateVerdict gate, Writer out) throws IOException {
    renderPrintable(PrintableText.of(scanned), gate, out);
  }

  /**
   * The same, for a scan already through {@link PrintableText#of(ScanResult)}. Written token by
   * token (the caller owns the writer; the generator only flushes it): a tree of the log built
   * with databind cost a scan that asks for SARIF ~400 classes of Jackson's.
   */
  void renderPrintable(ScanResult scan, GateVerdict gate, Writer out) throws IOException {
    try (JsonGenerator g = ContractJson.generator(out)) {
      log(scan, gate, g);
    }
    out.write('\n');
  }

  private void log(ScanResult scan, GateVerdict gate, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("$schema", SCHEMA_URI);
    g.writeStringField("version", "2.1.0");
    g.writeArrayFieldStart("runs");
    g.writeStartObject();
    g.writeObjectFieldStart("tool");
    g.writeObjectFieldStart("driver");
    g.writeStringField("name", "secaudit");
    if (scan.run() != null && scan.run().toolVersion() != null) {
      g.writeStringField("version", scan.run().toolVersion());
      g.writeStringField("semanticVersion", scan.run().toolVersion());
    }

    Map<String, Finding> reported = new TreeMap<>();
    for (Finding f : scan.findings()) {
      if (reportable(f.status())) {
        reported.putIfAbsent(ruleId(f), f);
      }
    }
    List<Finding> carried = carried(scan);
    carried.forEach(f -> reported.putIfAbsent(ruleId(f), f));
    g.writeArrayFieldStart("rules");
    Map<String, Integer> ruleIndex = new TreeMap<>();
    for (Map.Entry<String, Finding> e : reported.entrySet()) {
      ruleIndex.put(e.getKey(), ruleIndex.size());
      rule(g, e.getKey(), e.getValue());
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();

    String policyUri = scan.run() == null ? null : uri(scan.run().policyFile(), root);
    boolean relative = policyUri != null && !policyUri.contains(":")
        || scan.findings().stream().anyMatch(f -> reportable(f.status()) && f.location() != null
            && !f.location().path().isEmpty() && !uri(f.location().path(), root).contains(":"));
    if (relative) {
      g.writeObjectFieldStart("originalUriBaseIds");
      g.writeObjectFieldStart("%SRCROOT%");
      text(g, "description", root.description());
      g.writeEndObject();
      g.writeEndObject();
    }

    Map<String, String> urls = new TreeMap<>();
    scan.targets().forEach(t -> urls.putIfAbsent(t.name(), t.url()));
    g.writeArrayFieldStart("results");
    java.util.Set<String> carriedKeys = new java.util.HashSet<>();
    carried.forEach(f -> carriedKeys.add(f.key()));
    for (Finding f : scan.findings()) {
      // An ERROR where the baseline failed: the carried failure keeps the alert (the ERROR is a
      // notification below); two results with one fingerprint would be one alert of two kinds.
      if (reportable(f.status())
          && !(f.status() == Status.ERROR && carriedKeys.contains(f.key()))) {
        result(g, f, gate.fails(f), ruleIndex.get(ruleId(f)), policyUri,
            urls.get(f.target()), null);
      }
    }
    String baselineRun = scan.baseline() == null ? null : scan.baseline().runId();
    for (Finding f : carried) {
      result(g, f, false, ruleIndex.get(ruleId(f)), policyUri, urls.get(f.target()),
          baselineRun == null ? "" : baselineRun);
    }
    g.writeEndArray();

    if (scan.run() != null) {
      g.writeArrayFieldStart("invocations");
      g.writeStartObject();
      List<Finding> errors = scan.findings().stream()
          .filter(f -> f.status() == Status.ERROR).toList();
      // A target no one scanned (a merge missing its shard) has no results at all: without a
      // notification the log reads as a clean run of it.
      List<TargetState> missed = TargetState.notScannedTargets(scan.targets());
      g.writeBooleanField("executionSuccessful", errors.isEmpty() && missed.isEmpty());
      if (!errors.isEmpty() || !missed.isEmpty()) {
        g.writeArrayFieldStart("toolExecutionNotifications");
        for (Finding f : errors) {
          notification(g, f, ruleIndex.get(ruleId(f)), urls.get(f.target()));
        }
        for (TargetState t : missed) {
          g.writeStartObject();
          g.writeStringField("level", "error");
          boolean live = t.url() != null && t.url().contains("://");
          text(g, "message", "[" + t.name() + (live ? " " + t.url() : "") + "] "
              + t.whyNotScanned() + ": nothing was observed on it, so none of its alerts is"
              + " open or fixed by this run");
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      if (scan.run().started() != null) {
        g.writeStringField("startTimeUtc", scan.run().started().toString());
      }
      if (scan.run().finished() != null) {
        g.writeStringField("endTimeUtc", scan.run().finished().toString());
      }
      g.writeEndObject();
      g.writeEndArray();
      String guid = scan.run().id() == null ? null : uuidOrNull(scan.run().id());
      // GitHub code scanning tells analyses apart by the id up to its last '/': one category a
      // policy, so two policies' uploads never close each other's alerts.
      String policy = scan.run().policyName();
      String id = policy == null || policy.isBlank() || scan.run().id() == null ? null
          : "secaudit/" + policy.strip().replace('/', '-') + "/" + scan.run().id();
      if (guid != null || id != null) {
        g.writeObjectFieldStart("automationDetails");
        if (id != null) {
          g.writeStringField("id", id);
        }
        if (guid != null) {
          g.writeStringField("guid", guid);
        }
        g.writeEndObject();
      }
    }
    g.writeStringField("columnKind", "unicodeCodePoints");
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
  }

  /**
   * {@code "name" : {"text" : text}}: SARIF's message and description objects. A plain-text
   * message may embed links ("[text](uri)" or "[text](3)" pointing at a location), and a viewer
   * renders them: text a server or a forged scan.json wrote must never become one, so "](" is
   * written "] (" — still readable, no longer a link.
   */
  private static void text(JsonGenerator g, String name, String text) throws IOException {
    g.writeObjectFieldStart(name);
    g.writeStringField("text", text.replace("](", "] ("));
    g.writeEndObject();
  }

  private static void strings(JsonGenerator g, String name, List<String> texts)
      throws IOException {
    g.writeArrayFieldStart(name);
    for (String t : texts) {
      g.writeString(t);
    }
    g.writeEndArray();
  }

  private static List<String> tags(List<Mapping> mappings) {
    List<String> tags = new ArrayList<>(mappings.size() + 1);
    tags.add("security");
    mappings.forEach(m -> tags.add(m.toString()));
    return tags;
  }

  /**
   * The rule a finding is a result of: its check, or "check@severity" when the policy gave it
   * another severity than the catalogue's. GitHub ranks an alert by its rule's
   * security-severity, not the result's (reports25 MEDIUM 6: a medium cookie.secure showed as
   * High), so each severity of a check has a rule of its own. It depends on the finding alone,
   * never on what else the run found, so an alert keeps its rule from run to run; one at the
   * catalogue's severity keeps the check id it had before.
   */
  String ruleId(Finding f) {
    CheckDescription info = checks.find(f.checkId());
    return info == null || info.severity() == f.severity() ? f.checkId()
        : f.checkId() + "@" + f.severity().label();
  }

  private void rule(JsonGenerator g, String id, Finding example) throws IOException {
    CheckDescription info = checks.find(example.checkId());
    String title = info != null ? info.title() : example.title();
    String remediation = info != null ? info.remediation() : example.remediation();
    String reference = info != null ? info.reference() : "";
    // The severity its results carry (ruleId): the catalogue's only when the policy kept it.
    Severity sev = example.severity();
    g.writeStartObject();
    g.writeStringField("id", id);
    g.writeStringField("name", ruleName(id));
    text(g, "shortDescription", title);
    text(g, "fullDescription", title + " (secaudit check " + example.checkId() + ")");
    String help = (remediation.isEmpty() ? "" : "Fix: " + remediation)
        + (reference.isEmpty() ? "" : (remediation.isEmpty() ? "" : "\n") + "Reference: "
            + reference);
    g.writeObjectFieldStart("help");
    g.writeStringField("text", help.isEmpty() ? title : help);
    // A rule this secaudit does not hold takes its words from the scan.json, which may be forged:
    // they go in code spans, where a viewer renders no link, image or markup.
    g.writeStringField("markdown", (info != null ? "**" + title + "**\n\n"
        + (remediation.isEmpty() ? "" : remediation + "\n\n")
        + (reference.isEmpty() ? "" : "Reference: " + reference + "\n\n")
        : "**Not a check of this secaudit; as the scan names it:** " + codeSpan(title) + "\n\n"
        + (remediation.isEmpty() ? "" : "Fix, as the scan says: " + codeSpan(remediation)
            + "\n\n"))
        + "See `secaudit checks` or docs/checks.md for " + codeSpan(example.checkId()) + ".");
    g.writeEndObject();
    g.writeObjectFieldStart("defaultConfiguration");
    g.writeStringField("level", level(sev));
    g.writeEndObject();
    g.writeObjectFieldStart("properties");
    g.writeStringField("security-severity", securitySeverity(sev));
    strings(g, "tags", tags(info != null ? info.mappings() : example.mappings()));
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * {@code text} as a Markdown code span, whose content is never read as markup: fenced by one
   * backtick more than its longest run of them, padded when it starts or ends with one, its line
   * breaks made spaces (a span is one line).
   */
  static String codeSpan(String text) {
    String oneLine = text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    int longest = 0;
    for (int i = 0, run = 0; i < oneLine.length(); i++) {
      run = oneLine.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(longest + 1);
    String pad = oneLine.startsWith("`") || oneLine.endsWith("`") ? " " : "";
    return fence + pad + oneLine + pad + fence;
  }

  /** Why the run could not judge one finding: the target, the check and what happened. */
  private void notification(JsonGenerator g, Finding f, int ruleIndex, String url)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("level", "error");
    text(g, "message", message(f, url));
    g.writeObjectFieldStart("associatedRule");
    g.writeStringField("id", ruleId(f));
    g.writeNumberField("index", ruleIndex);
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * "[target url] subject: title: observed (expected: …)", as results and notifications say,
   * paths inside the checkout relative to it ({@link SourceRoot#relativeText}).
   */
  private String message(Finding f, String url) {
    StringBuilder msg = new StringBuilder();
    boolean live = url != null && url.contains("://");
    msg.append('[').append(f.target()).append(live ? " " + url : "").append(']');
    if (!f.subject().isEmpty()) {
      msg.append(' ').append(f.subject()).append(':');
    }
    msg.append(' ').append(f.headline()).append(": ").append(f.observed().isEmpty() ? f.status().name()
        : f.observed());
    if (!f.expected().isEmpty()) {
      msg.append(" (expected: ").append(f.expected()).append(')');
    }
    return root.relativeText(msg.toString());
  }

  /**
   * The baseline's open problems on targets in scope that this run did not observe. Code scanning
   * closes as fixed every alert of the same tool and category that the latest upload lacks; an
   * upload that simply left them out would report ~60 fixes on a target that was only down. They
   * are written again as the baseline observed them, marked carried, with that observation's
   * time, so the alert stays open until a run judges it.
   */
  private static List<Finding> carried(ScanResult scan) {
    if (scan.baseline() == null) {
      return List.of();
    }
    java.util.Set<String> present = new java.util.HashSet<>();
    scan.findings().stream().filter(f -> reportable(f.status()) && f.status() != Status.ERROR)
        .forEach(f -> present.add(f.key()));
    java.util.Set<String> inScope = new java.util.HashSet<>();
    scan.targets().forEach(t -> inScope.add(t.name()));
    List<Finding> out = new ArrayList<>();
    for (Finding f : scan.baseline().notScanned()) {
      if (inScope.contains(f.target()) && reportable(f.status()) && present.add(f.key())) {
        out.add(f);
      }
    }
    return out;
  }

  /** One result; {@code carriedFrom} is the baseline's run id for a carried one, else null. */
  private void result(JsonGenerator g, Finding f, boolean failsGate, int ruleIndex,
      String policyUri, String url, String carriedFrom) throws IOException {
    g.writeStartObject();
    g.writeStringField("ruleId", ruleId(f));
    g.writeNumberField("ruleIndex", ruleIndex);
    switch (f.status()) {
      case FAIL, WAIVED -> {
        g.writeStringField("kind", "fail");
        g.writeStringField("level", failsGate ? "error" : level(f.severity()));
      }
      case WARN -> {
        g.writeStringField("kind", "fail");
        g.writeStringField("level", "warning");
      }
      case ERROR -> {
        g.writeStringField("kind", "open");
        g.writeStringField("level", "none");
      }
      default -> {
        g.writeStringField("kind", "review");
        g.writeStringField("level", "none");
      }
    }
    boolean inFile = f.location() != null && !f.location().path().isEmpty();
    text(g, "message", carriedFrom == null ? message(f, url)
        : "not scanned in this run, carried from the baseline as observed "
            + (f.time() == null ? "there" : "at " + f.time()) + ": " + message(f, url));
    g.writeArrayFieldStart("locations");
    g.writeStartObject();
    if (inFile) {
      physical(g, uri(f.location().path(), root), f.location().line());
    } else if (policyUri != null) {
      physical(g, policyUri, f.policyLine());
    }
    // What was judged, by its own name and kind where the finding says (the header, the
    // directive, the vendor); the fully qualified name stays the finding's identity.
    Subject about = f.about();
    g.writeArrayFieldStart("logicalLocations");
    g.writeStartObject();
    g.writeStringField("name", root.relativeText(about != null && !about.name().isEmpty()
        ? about.name() : f.subject().isEmpty() ? f.target() : f.subject()));
    // A page's subject starts with its path: "demo" and "/api/me" are "demo/api/me", not
    // "demo//api/me".
    g.writeStringField("fullyQualifiedName", root.relativeText(f.target()
        + (f.subject().isEmpty() ? "" : f.subject().startsWith("/") ? f.subject()
        : "/" + f.subject())));
    g.writeStringField("kind",
        about != null ? about.kind().name().toLowerCase(Locale.ROOT) : "resource");
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
    if (inFile && policyUri != null) {
      g.writeArrayFieldStart("relatedLocations");
      g.writeStartObject();
      g.writeNumberField("id", 1);
      physical(g, policyUri, f.policyLine());
      text(g, "message", "the policy rule that states the claim");
      g.writeEndObject();
      g.writeEndArray();
    }
    g.writeObjectFieldStart("partialFingerprints");
    g.writeStringField(FINGERPRINT, Artifact.sha256(f.key()));
    g.writeEndObject();
    if (f.baseline() == Finding.BaselineState.NEW) {
      g.writeStringField("baselineState", "new");
    } else if (f.baseline() == Finding.BaselineState.UNCHANGED || carriedFrom != null) {
      g.writeStringField("baselineState", "unchanged");
    }
    if (f.status() == Status.WAIVED) {
      g.writeArrayFieldStart("suppressions");
      g.writeStartObject();
      g.writeStringField("kind", "external");
      g.writeStringField("status", "accepted");
      Finding.Waiver w = f.waiver();
      if (w != null) {
        g.writeStringField("justification", w.justification() + " (waiver " + w.id()
            + ", approved by " + w.approver() + ", expires " + w.expires() + ")");
      }
      g.writeEndObject();
      g.writeEndArray();
    }
    g.writeObjectFieldStart("properties");
    // The check by its own id, for a reader that groups by check across severities.
    g.writeStringField("check", f.checkId());
    g.writeStringField("target", f.target());
    if (carriedFrom != null) {
      g.writeBooleanField("carried", true);
      if (!carriedFrom.isEmpty()) {
        g.writeStringField("carried_from_run", carriedFrom);
      }
      if (f.time() != null) {
        g.writeStringField("observed_at", f.time().toString());
      }
    }
    if (url != null && !url.isEmpty()) {
      g.writeStringField("url", root.relativeText(url));
    }
    if (f.location() != null) {
      g.writeStringField("file", root.relativeText(f.location().file()));
      g.writeNumberField("line", f.location().line());
    }
    g.writeStringField("subject", root.relativeText(f.subject()));
    if (about != null) {
      g.writeObjectFieldStart("about");
      g.writeStringField("kind", about.kind().name());
      g.writeStringField("name", root.relativeText(about.name()));
      g.writeEndObject();
    }
    // The values as scan.json writes them, for a reader that compares rather than reads.
    if (f.expectedValue() != null) {
      g.writeFieldName("expected_value");
      ScanJsonWriter.write(f.expectedValue(), g);
    }
    if (f.observedValue() != null) {
      g.writeFieldName("observed_value");
      ScanJsonWriter.write(f.observedValue(), g);
    }
    g.writeStringField("status", f.status().name());
    g.writeStringField("severity", f.severity().label());
    g.writeStringField("security-severity", securitySeverity(f.severity()));
    strings(g, "tags", tags(f.mappings()));
    if (!f.evidence().isEmpty()) {
      strings(g, "evidence", f.evidence());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /** A physical location: a file (relative to %SRCROOT%, or a file: URI) and a line if known. */
  private static void physical(JsonGenerator g, String uri, int line) throws IOException {
    g.writeObjectFieldStart("physicalLocation");
    g.writeObjectFieldStart("artifactLocation");
    g.writeStringField("uri", uri);
    if (!uri.contains(":")) {
      g.writeStringField("uriBaseId", "%SRCROOT%");
    }
    g.writeEndObject();
    if (line > 0) {
      g.writeObjectFieldStart("region");
      g.writeNumberField("startLine", line);
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /**
   * The statuses written as results. PASS and NOT_APPLICABLE are not: GitHub code scanning opens
   * an alert for every result whatever its {@code kind} (a {@code notApplicable} result would be
   * an alert that nothing was wrong), and the run's other formats carry them.
   */
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
    return uri(policyFile, SourceRoot.AS_GIVEN);
  }

  static String uri(String policyFile, SourceRoot root) {
    String p = root.place(policyFile);
    if (p == null) {
      return null;
    }
    if (p.startsWith("/") || p.matches("[A-Za-z]:/.*")) {
      // Outside the checkout: code scanning cannot place it, a file: URI at least names it.
      return java.nio.file.Path.of(p).toUri().toString();
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

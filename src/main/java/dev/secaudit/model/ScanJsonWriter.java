package dev.secaudit.model;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link ScanResult} in its JSON form (docs/scan-json.md) with Jackson's streaming
 * generator: the one place that says which fields scan.json has, under which names and in which
 * order. A scan is written on every run, and binding it with databind cost a short run ~600
 * classes and most of its JSON time (Jackson introspects every record type on first use); the
 * generator needs a few dozen. The bytes are those the contract's mapper wrote ({@link
 * ContractJson}: snake_case names in record order, ISO-8601 UTC times, nulls written, map keys
 * sorted, two-space indentation), so files diff cleanly against older ones.
 *
 * <p>A component added to a record of the scan must be added here too: ScanJsonWriterTest
 * compares these bytes with what databind writes from the records, so one left out fails it.
 */
public final class ScanJsonWriter {
  private final JsonGenerator out;

  private ScanJsonWriter(JsonGenerator out) {
    this.out = out;
  }

  /**
   * The scan, with its {@code summary} after {@code run} when {@code summary} is not null; the
   * generator is left open and unflushed.
   */
  public static void write(ScanResult scan, ScanSummary summary, JsonGenerator out)
      throws IOException {
    new ScanJsonWriter(out).scan(scan, summary);
  }

  /** One typed value ({@link Finding#expectedValue()}), as scan.json holds it; null as null. */
  public static void write(Value value, JsonGenerator out) throws IOException {
    new ScanJsonWriter(out).value(value);
  }

  private void scan(ScanResult s, ScanSummary summary) throws IOException {
    out.writeStartObject();
    out.writeStringField("schema", s.schema());
    out.writeFieldName("run");
    run(s.run());
    if (summary != null) {
      out.writeFieldName("summary");
      summary(summary);
    }
    out.writeFieldName("targets");
    list(s.targets(), this::target);
    out.writeFieldName("findings");
    list(s.findings(), this::finding);
    out.writeFieldName("artifacts");
    list(s.artifacts(), this::artifact);
    out.writeFieldName("claims");
    list(s.claims(), this::claim);
    out.writeFieldName("waivers");
    list(s.waivers(), this::waiver);
    out.writeFieldName("baseline");
    baseline(s.baseline());
    out.writeFieldName("processing");
    list(s.processing(), this::processing);
    out.writeEndObject();
  }

  private void run(RunInfo r) throws IOException {
    if (r == null) {
      out.writeNull();
      return;
    }
    out.writeStartObject();
    out.writeStringField("id", r.id());
    out.writeStringField("tool", r.tool());
    out.writeStringField("tool_version", r.toolVersion());
    time("started", r.started());
    time("finished", r.finished());
    out.writeStringField("policy_file", r.policyFile());
    out.writeStringField("policy_name", r.policyName());
    out.writeStringField("policy_sha256", r.policySha256());
    out.writeFieldName("command_line");
    strings(r.commandLine());
    out.writeStringField("fail_on", r.failOn());
    out.writeFieldName("frameworks");
    strings(r.frameworks());
    out.writeFieldName("shard");
    if (r.shard() == null) {
      out.writeNull();
    } else {
      out.writeStartObject();
      out.writeNumberField("index", r.shard().index());
      out.writeNumberField("count", r.shard().count());
      out.writeEndObject();
    }
    out.writeFieldName("parameters");
    if (r.parameters() == null) {
      out.writeNull();
    } else {
      out.writeStartObject();
      for (Map.Entry<String, String> e : new TreeMap<>(r.parameters()).entrySet()) {
        out.writeStringField(e.getKey(), e.getValue());
      }
      out.writeEndObject();
    }
    out.writeEndObject();
  }

  private void summary(ScanSummary s) throws IOException {
    out.writeStartObject();
    out.writeNumberField("findings", s.findings());
    out.writeFieldName("by_status");
    counts(s.byStatus());
    out.writeFieldName("by_severity");
    counts(s.bySeverity());
    out.writeFieldName("by_status_and_severity");
    out.writeStartObject();
    for (Map.Entry<Status, Map<Severity, Integer>> e : byKey(s.byStatusAndSeverity())) {
      out.writeFieldName(e.getKey().name());
      counts(e.getValue());
    }
    out.writeEndObject();
    out.writeFieldName("gate");
    ScanSummary.GateSummary g = s.gate();
    if (g == null) {
      out.writeNull();
    } else {
      out.writeStartObject();
      enumField("outcome", g.outcome());
      enumField("fail_on", g.failOn());
      out.writeBooleanField("only_new", g.onlyNew());
      out.writeNumberField("failing", g.failing());
      out.writeNumberField("errors", g.errors());
      out.writeNumberField("unreachable", g.unreachable());
      out.writeStringField("reason", g.reason());
      out.writeEndObject();
    }
    out.writeFieldName("grade");
    ScanSummary.GradeSummary grade = s.grade();
    if (grade == null) {
      out.writeNull();
    } else {
      out.writeStartObject();
      out.writeStringField("letter", grade.letter());
      out.writeStringField("label", grade.label());
      out.writeBooleanField("incomplete", grade.incomplete());
      out.writeFieldName("reasons");
      strings(grade.reasons());
      out.writeEndObject();
    }
    out.writeEndObject();
  }

  /** Counts by an enumeration, in its order (how the mapper sorted enumeration keys). */
  private <K extends Enum<K>> void counts(Map<K, Integer> counts) throws IOException {
    out.writeStartObject();
    for (Map.Entry<K, Integer> e : byKey(counts)) {
      out.writeFieldName(e.getKey().name());
      if (e.getValue() == null) {
        out.writeNull();
      } else {
        out.writeNumber(e.getValue());
      }
    }
    out.writeEndObject();
  }

  private static <K extends Enum<K>, V> Iterable<Map.Entry<K, V>> byKey(Map<K, V> map) {
    return new TreeMap<>(map).entrySet();
  }

  private void target(TargetState t) throws IOException {
    out.writeStartObject();
    out.writeStringField("name", t.name());
    out.writeStringField("url", t.url());
    enumField("state", t.state());
    out.writeStringField("reason", t.reason());
    out.writeEndObject();
  }

  private void finding(Finding f) throws IOException {
    out.writeStartObject();
    out.writeStringField("check_id", f.checkId());
    out.writeStringField("target", f.target());
    out.writeStringField("subject", f.subject());
    enumField("status", f.status());
    enumField("severity", f.severity());
    out.writeStringField("title", f.title());
    out.writeStringField("expected", f.expected());
    out.writeStringField("observed", f.observed());
    out.writeFieldName("evidence");
    strings(f.evidence());
    time("time", f.time());
    out.writeFieldName("mappings");
    mappings(f.mappings());
    out.writeStringField("remediation", f.remediation());
    out.writeStringField("policy_pointer", f.policyPointer());
    out.writeNumberField("policy_line", f.policyLine());
    out.writeFieldName("waiver");
    Finding.Waiver w = f.waiver();
    if (w == null) {
      out.writeNull();
    } else {
      out.writeStartObject();
      out.writeStringField("id", w.id());
      out.writeStringField("justification", w.justification());
      out.writeStringField("approver", w.approver());
      out.writeStringField("expires", w.expires());
      out.writeStringField("waived_status",
          w.waivedStatus() == null ? null : w.waivedStatus().name());
      out.writeEndObject();
    }
    enumField("baseline", f.baseline());
    out.writeFieldName("location");
    Location at = f.location();
    if (at == null) {
      out.writeNull();
    } else {
      out.writeStartObject();
      out.writeStringField("file", at.file());
      out.writeNumberField("line", at.line());
      out.writeStringField("path", at.path());
      out.writeEndObject();
    }
    // The three typed fields came with secaudit.scan/1.3 and are left out when absent.
    if (f.about() != null) {
      out.writeFieldName("about");
      out.writeStartObject();
      enumField("kind", f.about().kind());
      out.writeStringField("name", f.about().name());
      out.writeEndObject();
    }
    if (f.expectedValue() != null) {
      out.writeFieldName("expected_value");
      value(f.expectedValue());
    }
    if (f.observedValue() != null) {
      out.writeFieldName("observed_value");
      value(f.observedValue());
    }
    out.writeEndObject();
  }

  /** A value's {@code kind} first, then its fields: the names {@link Value}'s type info gives. */
  private void value(Value v) throws IOException {
    if (v == null) {
      out.writeNull();
      return;
    }
    out.writeStartObject();
    if (v instanceof Value.Text t) {
      out.writeStringField("kind", "text");
      out.writeStringField("text", t.text());
    } else if (v instanceof Value.Duration d) {
      out.writeStringField("kind", "duration");
      out.writeNumberField("seconds", d.seconds());
    } else if (v instanceof Value.Count c) {
      out.writeStringField("kind", "count");
      out.writeNumberField("count", c.count());
      out.writeFieldName("of");
      if (c.of() == null) {
        out.writeNull();
      } else {
        out.writeNumber(c.of());
      }
    } else if (v instanceof Value.Items i) {
      out.writeStringField("kind", "list");
      out.writeFieldName("items");
      list(i.items(), this::value);
    } else if (v instanceof Value.Header h) {
      out.writeStringField("kind", "header");
      out.writeStringField("name", h.name());
      out.writeStringField("value", h.value());
    } else if (v instanceof Value.Setting s) {
      out.writeStringField("kind", "setting");
      out.writeStringField("name", s.name());
      out.writeStringField("value", s.value());
    } else if (v instanceof Value.Presence p) {
      out.writeStringField("kind", "presence");
      out.writeStringField("name", p.name());
      out.writeBooleanField("present", p.present());
    } else if (v instanceof Value.Cookie c) {
      // Never the cookie's value: only its name, where it was set and its attributes.
      out.writeStringField("kind", "cookie");
      out.writeStringField("name", c.name());
      out.writeStringField("url", c.url());
      out.writeBooleanField("secure", c.secure());
      out.writeBooleanField("http_only", c.httpOnly());
      out.writeStringField("same_site", c.sameSite());
      out.writeStringField("domain", c.domain());
      out.writeStringField("path", c.path());
      out.writeBooleanField("max_age", c.maxAge());
      out.writeBooleanField("expires", c.expires());
      out.writeStringField("prefix", c.prefix());
      out.writeBooleanField("partitioned", c.partitioned());
    } else {
      throw new IllegalStateException("a kind of value scan.json does not name: " + v);
    }
    out.writeEndObject();
  }

  private void artifact(Artifact a) throws IOException {
    out.writeStartObject();
    out.writeStringField("id", a.id());
    out.writeStringField("target", a.target());
    out.writeStringField("kind", a.kind() == null ? null : a.kind().label());
    time("time", a.time());
    out.writeStringField("summary", a.summary());
    out.writeStringField("content", a.content());
    out.writeStringField("sha256", a.sha256());
    if (a.durationMs() != null) {
      out.writeNumberField("duration_ms", a.durationMs());
    }
    if (a.reusedFrom() != null) {
      out.writeStringField("reused_from", a.reusedFrom());
    }
    out.writeEndObject();
  }

  private void claim(ScanResult.ClaimRecord c) throws IOException {
    out.writeStartObject();
    out.writeStringField("id", c.id());
    out.writeStringField("statement", c.statement());
    out.writeStringField("category", c.category());
    out.writeFieldName("checks");
    strings(c.checks());
    out.writeFieldName("mappings");
    mappings(c.mappings());
    out.writeStringField("owner", c.owner());
    out.writeStringField("date", c.date());
    out.writeFieldName("evidence");
    strings(c.evidence());
    out.writeEndObject();
  }

  private void waiver(ScanResult.WaiverRecord w) throws IOException {
    out.writeStartObject();
    out.writeStringField("id", w.id());
    out.writeStringField("check", w.check());
    out.writeStringField("target", w.target());
    out.writeStringField("subject", w.subject());
    out.writeStringField("justification", w.justification());
    out.writeStringField("approver", w.approver());
    out.writeStringField("expires", w.expires());
    enumField("state", w.state());
    out.writeNumberField("matched", w.matched());
    out.writeStringField("source", w.source());
    out.writeNumberField("covered", w.covered());
    if (w.blanket()) {
      out.writeBooleanField("blanket", true);
    }
    if (!w.beyondBaseline().isEmpty()) {
      out.writeArrayFieldStart("beyond_baseline");
      for (ScanResult.Reach r : w.beyondBaseline()) {
        out.writeStartObject();
        out.writeStringField("target", r.target());
        out.writeStringField("check", r.check());
        out.writeStringField("subject", r.subject());
        out.writeBooleanField("accepted", r.accepted());
        out.writeEndObject();
      }
      out.writeEndArray();
    }
    out.writeEndObject();
  }

  private void baseline(ScanResult.Baseline b) throws IOException {
    if (b == null) {
      out.writeNull();
      return;
    }
    out.writeStartObject();
    out.writeStringField("file", b.file());
    out.writeStringField("run_id", b.runId());
    time("started", b.started());
    out.writeNumberField("new_count", b.newCount());
    out.writeNumberField("unchanged_count", b.unchangedCount());
    out.writeFieldName("resolved");
    list(b.resolved(), this::finding);
    out.writeFieldName("not_scanned");
    list(b.notScanned(), this::finding);
    out.writeFieldName("notes");
    strings(b.notes());
    out.writeEndObject();
  }

  private void processing(ProcessingRecord p) throws IOException {
    out.writeStartObject();
    out.writeStringField("vendor", p.vendor());
    out.writeStringField("purpose", p.purpose());
    out.writeFieldName("data_categories");
    strings(p.dataCategories());
    out.writeStringField("location", p.location());
    out.writeStringField("transfer_mechanism", p.transferMechanism());
    out.writeStringField("dpa", p.dpa());
    out.writeFieldName("certifications");
    strings(p.certifications());
    out.writeFieldName("where_seen");
    strings(p.whereSeen());
    out.writeEndObject();
  }

  private void mappings(List<Mapping> mappings) throws IOException {
    list(mappings, m -> out.writeString(m.toString()));
  }

  private void strings(List<String> texts) throws IOException {
    list(texts, out::writeString);
  }

  private void time(String name, Instant t) throws IOException {
    out.writeStringField(name, t == null ? null : t.toString());
  }

  private void enumField(String name, Enum<?> e) throws IOException {
    out.writeStringField(name, e == null ? null : e.name());
  }

  private interface Element<T> {
    void write(T item) throws IOException;
  }

  private <T> void list(List<T> items, Element<T> element) throws IOException {
    if (items == null) {
      out.writeNull();
      return;
    }
    out.writeStartArray();
    for (T item : items) {
      if (item == null) {
        out.writeNull();
      } else {
        element.write(item);
      }
    }
    out.writeEndArray();
  }
}

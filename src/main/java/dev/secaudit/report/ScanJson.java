package dev.secaudit.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.annotation.JsonAppend;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import dev.secaudit.model.ContractJson;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.ScanSummary;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import dev.secaudit.policy.InputFile;
import dev.secaudit.policy.UsageException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JSON form of a ScanResult: the public, versioned contract (docs/scan-json.md). Field names
 * are snake_case, times ISO-8601 UTC, and the output is byte-for-byte the same for the same
 * result, so scans diff cleanly.
 */
public final class ScanJson {
  private ScanJson() {}

  /** The mapper of the JSON contract, shared with the evidence manifest. */
  public static ObjectMapper mapper() {
    return ContractJson.mapper();
  }

  /** Writes the scan without a summary (a part of a scan, a fixture); readers do not need one. */
  public static void write(ScanResult result, Writer out) throws IOException {
    mapper().writeValue(new NonClosingWriter(out), result);
    out.write('\n');
  }

  /**
   * Writes the scan as a run leaves it: with its {@code summary} (counts, gate, grade) after
   * {@code run}, derived here from the findings and the gate the command exits on.
   */
  public static void write(ScanResult result, GateVerdict gate, Writer out) throws IOException {
    summarising().writer().withAttribute(SUMMARY, ScanSummary.of(result, gate))
        .writeValue(new NonClosingWriter(out), result);
    out.write('\n');
  }

  public static String toJson(ScanResult result) {
    try {
      return mapper().writeValueAsString(result) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** As {@link #write(ScanResult, GateVerdict, Writer)}, as a string. */
  public static String toJson(ScanResult result, GateVerdict gate) {
    StringWriter out = new StringWriter();
    try {
      write(result, gate, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static final String SUMMARY = "summary";

  /**
   * The contract's mapper with a {@code summary} written from the writer's attribute of that
   * name, placed after {@code run} so that a person or {@code head} meets the verdict before
   * the findings. The summary is not part of {@link ScanResult}: it is derived, and a derived
   * value kept in the record would go stale as waivers and baselines change the findings.
   */
  private static ObjectMapper summarising() {
    ObjectMapper m = mapper();
    m.addMixIn(ScanResult.class, WithSummary.class);
    m.registerModule(new SimpleModule().setSerializerModifier(new SummaryAfterRun()));
    return m;
  }

  @JsonAppend(attrs = @JsonAppend.Attr(value = SUMMARY, include = JsonInclude.Include.NON_NULL))
  private abstract static class WithSummary {}

  private static final class SummaryAfterRun extends BeanSerializerModifier {
    @Override
    public List<BeanPropertyWriter> orderProperties(SerializationConfig config,
        BeanDescription bean, List<BeanPropertyWriter> properties) {
      if (bean.getBeanClass() != ScanResult.class) {
        return properties;
      }
      List<BeanPropertyWriter> ordered = new ArrayList<>(properties);
      BeanPropertyWriter summary = null;
      for (BeanPropertyWriter p : ordered) {
        if (p.getName().equals(SUMMARY)) {
          summary = p;
        }
      }
      if (summary != null) {
        ordered.remove(summary);
        int run = 0;
        while (run < ordered.size() && !ordered.get(run).getName().equals("run")) {
          run++;
        }
        ordered.add(Math.min(run + 1, ordered.size()), summary);
      }
      return ordered;
    }
  }

  /** The largest scan.json read: a fleet of thousands of targets stays far below it. */
  public static final long MAX_BYTES = 64L * 1024 * 1024;

  /** Reads a scan written by this or an older version with the same major schema. */
  public static ScanResult read(Path file) {
    return read(file.toString(), InputFile.read(file, "scan.json", MAX_BYTES,
        "Write one with 'secaudit scan -o DIR'"));
  }

  /** Reads a scan from its bytes; {@code file} names it in messages. */
  public static ScanResult read(String file, byte[] bytes) {
    try {
      JsonNode tree = mapper().readTree(bytes);
      if (tree == null || !tree.isObject()) {
        throw new UsageException(file + ": not a secaudit scan (expected a JSON object)");
      }
      String schema = tree.path("schema").asText("");
      String major = ScanResult.SCHEMA.substring(0, ScanResult.SCHEMA.indexOf('/') + 1)
          + ScanResult.SCHEMA.substring(ScanResult.SCHEMA.indexOf('/') + 1).split("\\.")[0];
      if (!schema.equals(major) && !schema.startsWith(major + ".")) {
        throw new UsageException(file + ": schema '" + schema + "' is not one this secaudit reads ("
            + ScanResult.SCHEMA + "); re-run the scan or use the matching secaudit version");
      }
      requireShape(file, tree);
      return mapper().treeToValue(tree, ScanResult.class);
    } catch (JsonProcessingException e) {
      throw new UsageException(file + ":" + (e.getLocation() == null ? "" : e.getLocation().getLineNr()
          + ":" + e.getLocation().getColumnNr()) + ": not a valid scan JSON: "
          + e.getOriginalMessage() + pathOf(e));
    } catch (IOException e) {
      throw new UsageException(file + ": cannot read: " + e.getMessage());
    }
  }

  /** " (at findings[2].time)" for a value Jackson could not bind, or an empty string. */
  private static String pathOf(JsonProcessingException e) {
    if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException m)
        || m.getPath().isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (var ref : m.getPath()) {
      if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      } else if (ref.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
      }
    }
    return " (at " + sb + ")";
  }

  /**
   * The fields every scan secaudit writes has and every reader of one relies on: a scan without
   * them (hand-made, cut, or forged) is refused by name here, not met as a null in a renderer.
   */
  private static void requireShape(String file, JsonNode tree) {
    JsonNode run = require(file, tree.get("run"), "run", JsonNode::isObject, "an object");
    for (String field : List.of("id", "tool", "tool_version", "policy_name")) {
      require(file, run.get(field), "run." + field, JsonNode::isTextual, "text");
    }
    for (String field : List.of("started", "finished")) {
      require(file, run.get(field), "run." + field, JsonNode::isTextual, "an ISO-8601 time");
    }
    JsonNode findings = require(file, tree.get("findings"), "findings", JsonNode::isArray,
        "a list (empty when nothing was checked)");
    for (int i = 0; i < findings.size(); i++) {
      String at = "findings[" + i + "]";
      JsonNode f = require(file, findings.get(i), at, JsonNode::isObject, "an object");
      for (String field : List.of("check_id", "target", "title")) {
        require(file, f.get(field), at + "." + field, JsonNode::isTextual, "text");
      }
      require(file, f.get("time"), at + ".time", JsonNode::isTextual, "an ISO-8601 time");
      requireName(file, f.get("status"), at + ".status", Status.class);
      requireName(file, f.get("severity"), at + ".severity", Severity.class);
    }
    JsonNode targets = tree.get("targets");
    if (targets != null && !targets.isNull()) {
      require(file, targets, "targets", JsonNode::isArray, "a list");
      for (int i = 0; i < targets.size(); i++) {
        String at = "targets[" + i + "]";
        JsonNode t = require(file, targets.get(i), at, JsonNode::isObject, "an object");
        require(file, t.get("name"), at + ".name", JsonNode::isTextual, "text");
        requireName(file, t.get("state"), at + ".state", TargetState.State.class);
      }
    }
  }

  private static JsonNode require(String file, JsonNode value, String path,
      java.util.function.Predicate<JsonNode> ok, String expected) {
    if (value == null || value.isNull()) {
      throw new UsageException(file + ": " + path + ": missing; a scan written by 'secaudit"
          + " scan' always has it (a cut or hand-edited file?); re-run the scan");
    }
    if (!ok.test(value)) {
      throw new UsageException(file + ": " + path + ": expected " + expected + ", got "
          + value.getNodeType().name().toLowerCase(Locale.ROOT) + "; re-run the scan");
    }
    return value;
  }

  private static <E extends Enum<E>> void requireName(String file, JsonNode value, String path,
      Class<E> type) {
    String name = require(file, value, path, JsonNode::isTextual, "text").asText();
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return;
      }
      names.add(e.name());
    }
    throw new UsageException(file + ": " + path + ": '" + name + "' is not one of "
        + String.join(", ", names) + "; re-run the scan");
  }

  /** Jackson closes the writer it is given; the caller owns it. */
  private static final class NonClosingWriter extends java.io.FilterWriter {
    NonClosingWriter(Writer out) {
      super(out);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}

package dev.secaudit.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
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
    mapper().writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, result);
    out.write('\n');
  }

  /**
   * Writes the scan as a run leaves it: with its {@code summary} (counts, gate, grade) after
   * {@code run}, derived here from the findings and the gate the command exits on.
   */
  public static void write(ScanResult result, GateVerdict gate, Writer out) throws IOException {
    summarising().writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
        .withAttribute(SUMMARY, ScanSummary.of(result, gate)).writeValue(out, result);
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

  /**
   * The largest scan.json read. It is read as a stream ({@link ScanReader}), so the cap guards
   * against a wrong path (a disk image, a log), not memory: a million findings stay below it.
   */
  public static final long MAX_BYTES = 2L * 1024 * 1024 * 1024;

  /** Reads a scan written by this or an older version with the same major schema. */
  public static ScanResult read(Path file) {
    try (ScanReader scan = ScanReader.open(file)) {
      return scan.readAll();
    }
  }

  /** Reads a scan from its bytes; {@code file} names it in messages. */
  public static ScanResult read(String file, byte[] bytes) {
    try (ScanReader scan = ScanReader.of(file, bytes)) {
      return scan.readAll();
    }
  }
}

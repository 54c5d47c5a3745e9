package dev.secaudit.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.model.ContractJson;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.ScanJsonWriter;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.ScanSummary;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;

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
    write(result, (ScanSummary) null, out);
  }

  /**
   * Writes the scan as a run leaves it: with its {@code summary} (counts, gate, grade) after
   * {@code run}, derived here from the findings and the gate the command exits on. The summary
   * is not part of {@link ScanResult}: it is derived, and a derived value kept in the record
   * would go stale as waivers and baselines change the findings.
   */
  public static void write(ScanResult result, GateVerdict gate, Writer out) throws IOException {
    write(result, ScanSummary.of(result, gate), out);
  }

  private static void write(ScanResult result, ScanSummary summary, Writer out)
      throws IOException {
    try (JsonGenerator json = ContractJson.generator(out)) {
      ScanJsonWriter.write(result, summary, json);
    }
    out.write('\n');
  }

  public static String toJson(ScanResult result) {
    return toJson(result, (ScanSummary) null);
  }

  /** As {@link #write(ScanResult, GateVerdict, Writer)}, as a string. */
  public static String toJson(ScanResult result, GateVerdict gate) {
    return toJson(result, ScanSummary.of(result, gate));
  }

  private static String toJson(ScanResult result, ScanSummary summary) {
    StringWriter out = new StringWriter();
    try {
      write(result, summary, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
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
